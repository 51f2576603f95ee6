#!/usr/bin/env python3
"""Time from saving a file to the verdict on screen in `snipcheck learn` (SPEC §9: rustc's
time plus under 50 ms), against the same rustc command lines run bare.

A course is made with `snipcheck init` in a temp dir; `snipcheck learn` runs with a
pseudo-terminal as stdin and its stdout in a pipe. The script saves the first exercise's
snippet, alternating its fixed and its broken version, and measures from the write until
the new screen has been printed completely (its key line). The baseline runs the rustc
command line snipcheck uses (and, for the fixed version, the built program) in a temp dir.

    python3 scripts/learn_latency.py [--rounds 20] [--bin target/release/snipcheck]
"""

import argparse
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time

EXERCISE = "01_ownership/assign_twice_to_immutable"
KEY_LINE = b" \xc2\xb7 h hint \xc2\xb7 l list"  # " · h hint · l list", ends every screen


def read_until(fd, needle, start, buffer, timeout=60.0):
    """Reads from fd into buffer until needle appears after offset start."""
    deadline = time.perf_counter() + timeout
    while buffer.find(needle, start) < 0:
        left = deadline - time.perf_counter()
        if left <= 0:
            sys.exit(f"timed out waiting for {needle!r}; output:\n{buffer.decode(errors='replace')}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                sys.exit("snipcheck learn ended early:\n" + buffer.decode(errors="replace"))
            buffer.extend(chunk)
    return time.perf_counter()


class Learner:
    """`snipcheck learn` on a course, behind a pseudo-terminal."""

    def __init__(self, binary, course):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen([binary, "learn"], cwd=course, stdin=slave,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        os.close(slave)
        self.out = self.proc.stdout.fileno()
        self.buffer = bytearray()
        self.snippet = os.path.join(course, "exercises", EXERCISE, "main.rs")
        read_until(self.out, KEY_LINE, 0, self.buffer)

    def save(self, text, verdict):
        """Writes the snippet; returns ms until the next screen is printed in full."""
        start_at = len(self.buffer)
        t0 = time.perf_counter()
        with open(self.snippet, "w") as f:
            f.write(text)
        t1 = read_until(self.out, KEY_LINE, start_at, self.buffer)
        if self.buffer.find(verdict, start_at) < 0:
            sys.exit(f"expected {verdict!r} on the screen:\n"
                     + self.buffer[start_at:].decode(errors="replace"))
        return (t1 - t0) * 1000

    def quit(self):
        os.write(self.master, b"q")
        self.proc.wait(timeout=10)
        os.close(self.master)


def bare(rustc, text):
    """ms for the rustc command line snipcheck runs, plus the program when it builds."""
    name = EXERCISE.split("/")[1]
    with tempfile.TemporaryDirectory(prefix="snipcheck-bare-") as tmp:
        with open(os.path.join(tmp, "main.rs"), "w") as f:
            f.write(text)
        t0 = time.perf_counter()
        build = subprocess.run(
            [rustc, "--edition", "2021", "--crate-type", "bin", "--crate-name", name,
             "--error-format=json", "--json=diagnostic-rendered-ansi",
             "--emit=dep-info=snipcheck-deps.d,link=snippet-program", "main.rs"],
            cwd=tmp, capture_output=True)
        if build.returncode == 0:
            subprocess.run(["./snippet-program"], cwd=tmp, capture_output=True, check=True)
        return (time.perf_counter() - t0) * 1000


def measure(binary, rustc, course, rounds):
    """Interleaves saves in `learn` with bare runs, so both see the same machine load."""
    shipped = os.path.join(course, ".snipcheck", "shipped", EXERCISE)
    versions = {
        "broken": (open(os.path.join(shipped, "main.rs")).read(), b"Not solved yet."),
        "fixed": (open(os.path.join(shipped, "solution.rs")).read(), b"Solved!"),
    }
    learn = {kind: [] for kind in versions}
    baseline = {kind: [] for kind in versions}
    learner = Learner(binary, course)
    for _ in range(rounds):
        for kind in ("fixed", "broken"):
            text, verdict = versions[kind]
            time.sleep(0.2)  # let the previous save settle, as a person would
            learn[kind].append(learner.save(text, verdict))
            baseline[kind].append(bare(rustc, text))
    learner.quit()
    return learn, baseline


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="saves of each version")
    parser.add_argument("--bin", default="target/release/snipcheck", help="snipcheck binary")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.path.abspath(os.path.join(root, args.bin) if not os.path.isabs(args.bin) else args.bin)
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release"], cwd=root, check=True)
    sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True,
                             text=True, check=True).stdout.strip()
    rustc = os.path.join(sysroot, "bin", "rustc")
    with tempfile.TemporaryDirectory(prefix="snipcheck-latency-") as tmp:
        course = os.path.join(tmp, "course")
        subprocess.run([binary, "init", course], check=True, capture_output=True)
        learn, bare_times = measure(binary, rustc, course, args.rounds)
    print(f"{EXERCISE}, {args.rounds} saves of each version, {os.cpu_count()} cores, median (min-max) ms")
    print(f"{'version':<8} {'save to verdict':>22} {'bare rustc (+ run)':>22} {'overhead':>9}")
    for kind in ("broken", "fixed"):
        l, b = learn[kind], bare_times[kind]
        print(f"{kind:<8} {statistics.median(l):>8.1f} ({min(l):5.1f}-{max(l):5.1f})"
              f"   {statistics.median(b):>8.1f} ({min(b):5.1f}-{max(b):5.1f})"
              f"   {statistics.median(l) - statistics.median(b):>7.1f}")


if __name__ == "__main__":
    main()
