#!/usr/bin/env python3
"""Helper of scripts/bench.sh and scripts/bench_grade.sh (run those, see their --help).

`bench`        generates the exercise copies and the command plan, times `snipcheck check`
               against the plan ("the floor") in interleaved rounds and prints the table.
`floor`        runs a saved plan once (used under strace to verify the floor).
`grade-floor`  runs, once, what a bare grader runs for a class whose every student submits
               every exercise's solution.rs, and prints the wall seconds (see grade_units).

What the floor does per check, mirroring src/engine/job.rs, src/compile/rustc.rs, src/model/source.rs and
src/sandbox (SPEC §3, §5), and nothing else (no parsing, matching or report):
  * create a fresh temp dir and write the exercise's .rs files into it (solution.rs left
    out; for the solution check, solution.rs under the snippet's file name; hidden tests as
    snipcheck_hidden_tests.rs plus the module line appended to the snippet);
  * run the same rustc command line in it, with the same cleared environment, stdin
    closed, stdout/stderr captured:
      --edition E --crate-type T --crate-name NAME --error-format=json
      --json=diagnostic-rendered-ansi [--test] --emit=dep-info=snipcheck-deps.d,OUT
      [rustc-args] FILE          OUT = metadata=NAME.rmeta | link=snippet-program
  * compile-fail: metadata first, and a full build when that gave no error;
  * run-* / test-*: a full (or --test) build, then ./snippet-program when it built;
  * remove the temp dir.
When strace is available, `bench` checks this claim: it traces the execve calls of
snipcheck and of the floor on one copy of every catalog exercise and compares them.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from pathlib import Path

EXERCISE_FILE = "exercise.toml"
SOLUTION_FILE = "solution.rs"
PROGRAM = "snippet-program"
DEP_INFO = "snipcheck-deps.d"
HIDDEN_TESTS = "snipcheck_hidden_tests.rs"
HIDDEN_MODULE = "snipcheck_hidden_tests"
# src/sandbox KEPT_ENV: the only variables rustc and the program see; rustc also gets
# RUST_BACKTRACE=0 (src/compile/rustc.rs Toolchain::command) and TMPDIR=its temp dir
# (src/compile/rustc.rs compile: the linker's files stay in the temp dir).
KEPT_ENV = ["PATH", "HOME", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN", "CARGO_HOME"]
RUSTC_EXTRA_ENV = {"RUST_BACKTRACE": "0"}
NOBODY_UID = 65534
HARNESS_ARGS = ["--color", "never", "--test-threads", "1"]

TARGET_RATIO = 1.10
TARGET_BATCHED = 0.33
TARGET_CACHED = 0.02
TARGET_SOLO = 1.05
TARGET_OVERHEAD_MS = 5.0
RSS_POLL_SECONDS = 0.01
# Other load (cores) above which a measurement is called noisy.
NOISY_CORES = 0.15


def log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# Catalog and copies


def catalog(repo: Path) -> tuple[list[Path], list[Path]]:
    """exercises/*/*/ directories holding an exercise.toml, sorted: (std-only ones, the
    others). The floor cannot reproduce the crates snipcheck prebuilds and passes with
    --extern, nor the driver that runs each hidden test in a process of its own
    (scripts/bench_grade.sh measures those runs), so exercises with dependencies or hidden
    tests are left out of this benchmark."""
    dirs = sorted((p.parent for p in (repo / "exercises").glob(f"*/*/{EXERCISE_FILE}")), key=lambda p: p.parts)
    plain, others = [], []
    for d in dirs:
        with open(d / EXERCISE_FILE, "rb") as f:
            meta = tomllib.load(f)
        hidden = any(meta.get(t, {}).get("tests") for t in ("expect", "solution"))
        (others if meta.get("dependencies") or hidden else plain).append(d)
    return plain, others


def crate_name(name: str) -> str:
    """src/compile/rustc.rs crate_name."""
    out = "".join(c if (c.isascii() and c.isalnum()) else "_" for c in name)
    if not (out[:1].isascii() and out[:1].isalpha()):
        out = "snippet_" + out
    return out


def compile_only(copy: Path) -> None:
    """The copy's [solution] becomes `compile-pass` (its solution.rs is then a compile-only
    check): the corpus of issue "cache and batching" is compile-fail + compile-pass snippets."""
    toml = copy / EXERCISE_FILE
    text = toml.read_text()
    head = text.split("[solution]", 1)[0].rstrip("\n")
    toml.write_text(head + '\n\n[solution]\noutcome = "compile-pass"\n')


def as_doctest_2015(copy: Path) -> None:
    """The copy as rustdoc would compile a doctest of an old crate: edition 2015 and
    `#![allow(unused)]` (on the first line of the snippet and the solution, so no line
    moves); compile-only, like the compile corpus."""
    compile_only(copy)
    toml = copy / EXERCISE_FILE
    text = toml.read_text()
    if "edition" not in text:
        toml.write_text('edition = "2015"\n' + text)
    if "warning" in text:
        return  # the exercise expects a lint that `allow(unused)` would silence
    for name in ("main.rs", SOLUTION_FILE):
        src = copy / name
        if src.is_file():
            src.write_text("#![allow(unused)] " + src.read_text())


def make_copies(sources: list[Path], dest: Path, count: int) -> list[Path]:
    """`count` copies, cycling through the catalog, each with a unique directory name."""
    copies = []
    for i in range(count):
        src = sources[i % len(sources)]
        # The group dir is kept so the tree looks like a catalog; `_cNNNN` keeps the name
        # unique across the tree and still a valid crate name after sanitising.
        target = dest / src.parent.name / f"{src.name}_c{i:04d}"
        shutil.copytree(src, target, symlinks=True)
        copies.append(target)
    return copies


def collect_sources(exdir: Path, excluded: set[str]) -> list[str]:
    """src/model/source.rs collect: every .rs below the exercise except solution.rs and hidden
    tests, skipping hidden dirs, target/ and nested exercises; relative paths, sorted."""
    files = []
    for root, dirnames, filenames in os.walk(exdir):
        rootp = Path(root)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and d != "target" and not (rootp / d / EXERCISE_FILE).exists()
        )
        for f in filenames:
            rel = str((rootp / f).relative_to(exdir))
            if rel.endswith(".rs") and rel != SOLUTION_FILE and rel not in excluded:
                files.append(rel)
    return sorted(files)


# ---------------------------------------------------------------------------------------
# The plan: one unit per check, in snipcheck's order (sorted dirs; snippet, then solution)


def rustc_args(meta: dict, name: str, file: str, emit: str) -> list[str]:
    """src/compile/rustc.rs CompileSpec::args, without the program name. emit: metadata|link|test."""
    crate = crate_name(name)
    args = [
        "--edition", str(meta.get("edition", "2021")),
        "--crate-type", str(meta.get("crate-type", "bin")),
        "--crate-name", crate,
        "--error-format=json",
        "--json=diagnostic-rendered-ansi",
    ]  # fmt: skip
    if emit == "test":
        args.append("--test")
    out = f"metadata={crate}.rmeta" if emit == "metadata" else f"link={PROGRAM}"
    args.append(f"--emit=dep-info={DEP_INFO},{out}")
    args += [str(a) for a in meta.get("rustc-args", [])]
    args.append(file)
    return args


def make_unit(exdir: Path, meta: dict, exp: dict, solution: bool) -> dict:
    file = str(meta.get("file", "main.rs"))
    outcome = str(exp.get("outcome", "compile-pass"))
    hidden = {str(t.get("tests")) for t in (meta.get("expect", {}), meta.get("solution", {})) if t.get("tests")}
    files = []  # [source path, path in the temp dir, text appended]
    for rel in collect_sources(exdir, hidden):
        src = exdir / SOLUTION_FILE if (solution and rel == file) else exdir / rel
        files.append([str(src), rel, ""])
    if exp.get("tests"):
        files.append([str(exdir / str(exp["tests"])), HIDDEN_TESTS, ""])
        for f in files:
            if f[1] == file:
                f[2] = f'\n#[cfg(test)]\n#[path = "{HIDDEN_TESTS}"]\nmod {HIDDEN_MODULE};\n'
    name = exdir.name
    steps: list[list[str]]  # the first compile, then (when it built) the second step
    if outcome == "compile-pass":
        kind, first, then = "metadata", rustc_args(meta, name, file, "metadata"), None
    elif outcome == "compile-fail":
        # SPEC §3: metadata, and a full build when that produced no error.
        kind, first, then = "retry", rustc_args(meta, name, file, "metadata"), rustc_args(meta, name, file, "link")
    elif outcome in ("run-pass", "run-fail"):
        kind, first, then = "run", rustc_args(meta, name, file, "link"), [f"./{PROGRAM}"]
    elif outcome in ("test-pass", "test-fail"):
        kind, first, then = "run", rustc_args(meta, name, file, "test"), [f"./{PROGRAM}", *HARNESS_ARGS]
    else:
        sys.exit(f"bench: {exdir}: unknown outcome {outcome!r}")
    return {
        "exercise": str(exdir),
        "target": SOLUTION_FILE if solution else file,
        "outcome": outcome,
        "files": files,
        "kind": kind,
        "compile": first,
        "then": then,
    }


def make_plan(copies: list[Path]) -> list[dict]:
    units = []
    for exdir in sorted(copies, key=lambda p: p.parts):
        with open(exdir / EXERCISE_FILE, "rb") as f:
            meta = tomllib.load(f)
        units.append(make_unit(exdir, meta, meta.get("expect", {}), solution=False))
        if (exdir / SOLUTION_FILE).is_file():
            # Without [solution] the default is outcome = "compile-pass" (SPEC §2.1).
            units.append(make_unit(exdir, meta, meta.get("solution", {}), solution=True))
    return units


def shell_line(u: dict, rustc: str) -> str:
    """The unit as one `sh -c` script: the shell floor, and a readable command list."""
    q = shlex.quote
    steps = ["set -e", 'd=$(mktemp -d "${BENCH_FLOOR_TMP:-/tmp}/floor-XXXXXX")']
    for sub in sorted({os.path.dirname(rel) for _, rel, _ in u["files"]} - {""}):
        steps.append(f'mkdir -p "$d"/{q(sub)}')
    for src, rel, extra in u["files"]:
        steps.append(f'cp {q(src)} "$d"/{q(rel)}')
        if extra:
            steps.append(f'printf %s {q(extra)} >>"$d"/{q(rel)}')
    steps.append('cd "$d"')
    env = " ".join(f"{k}={q(v)}" for k, v in RUSTC_EXTRA_ENV.items()) + ' TMPDIR="$d"'
    compile_ = f"{env} {shlex.join([rustc, *u['compile']])} >/dev/null 2>&1"
    if u["kind"] == "retry":
        steps.append(f"if {compile_}; then {env} {shlex.join([rustc, *u['then']])} >/dev/null 2>&1 || :; fi")
    elif u["kind"] == "run":
        steps.append(f"if {compile_}; then {shlex.join(u['then'])} </dev/null >/dev/null 2>&1 || :; fi")
    else:
        steps.append(f"{compile_} || :")
    steps += ["cd /", 'rm -rf "$d"']
    return "; ".join(steps)


# ---------------------------------------------------------------------------------------
# The floor


def clean_env() -> dict[str, str]:
    return {k: os.environ[k] for k in KEPT_ENV if k in os.environ}


def floor_unit(u: dict, rustc: str, tmp: str) -> bool:
    """Runs one check's commands; true when the outcome is the one its expectation names
    (a floor that silently did less work than snipcheck would show up)."""
    env = clean_env()
    d = tempfile.mkdtemp(prefix="floor-", dir=tmp)
    rustc_env = {**env, **RUSTC_EXTRA_ENV, "TMPDIR": d}
    try:
        for src, rel, extra in u["files"]:
            to = os.path.join(d, rel)
            if os.sep in rel:
                os.makedirs(os.path.dirname(to), exist_ok=True)
            if extra:
                with open(src, encoding="utf-8") as f:
                    text = f.read()
                with open(to, "w", encoding="utf-8") as f:
                    f.write(text + extra)
            else:
                shutil.copyfile(src, to)
        io = dict(cwd=d, stdin=subprocess.DEVNULL, capture_output=True)
        r = subprocess.run([rustc, *u["compile"]], env=rustc_env, **io)
        program = None
        if r.returncode == 0 and u["kind"] == "retry":
            r = subprocess.run([rustc, *u["then"]], env=rustc_env, **io)
        elif r.returncode == 0 and u["kind"] == "run":
            program = subprocess.run(u["then"], env=env, **io).returncode
        elif r.returncode == 0 and u["kind"] == "tests":
            # Each hidden test alone; the check passes when every one does.
            codes = [subprocess.run(test, env=env, **io).returncode for test in u["then"]]
            program = max(codes, default=0)
        if r.returncode not in (0, 1):
            raise RuntimeError(f"rustc exited {r.returncode} in {u['exercise']}: {r.stderr[-2000:]!r}")
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return {
        "compile-fail": r.returncode == 1,
        "compile-pass": r.returncode == 0,
        "run-pass": program == 0,
        "test-pass": program == 0,
        "run-fail": program not in (None, 0),
        "test-fail": program not in (None, 0),
    }[u["outcome"]]


def run_floor(units: list[dict], rustc: str, jobs: int, tmp: str) -> tuple[float, float, int]:
    """The python floor: a pool of `jobs` threads. (wall s, cpu s, checks off-outcome)"""
    cpu0 = cpu_times()
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        agreed = [f.result() for f in [pool.submit(floor_unit, u, rustc, tmp) for u in units]]
    wall = time.perf_counter() - start
    missed = [u for u, ok in zip(units, agreed) if not ok]
    if missed:
        u = missed[0]
        log(f"warning: in the floor, {len(missed)} checks did not reach their expected outcome, "
            f"e.g. {u['exercise']} ({u['target']}, {u['outcome']})")
    return wall, cpu_times() - cpu0, len(missed)


def run_floor_shell(commands: Path, jobs: int, tmp: str) -> tuple[float, float]:
    """The shell floor: `xargs -P jobs -n 1 sh -c LINE`."""
    env = clean_env()
    env["BENCH_FLOOR_TMP"] = tmp
    cmd = ["xargs", "-d", "\n", "-P", str(jobs), "-n", "1", "sh", "-c"]
    with open(commands, "rb") as stdin:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=stdin, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"bench: the shell floor failed (xargs exit {p.returncode})")
    return wall, usage.ru_utime + usage.ru_stime


def cpu_times() -> float:
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def processes_of(uid: int) -> int:
    """Processes (threads included, as RLIMIT_NPROC counts them) owned by `uid`."""
    n = 0
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else []:
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    n += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                pass
    return n


def busy_seconds() -> float | None:
    """CPU seconds the whole machine was busy (or stolen by the hypervisor) since boot."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------
# snipcheck


def vm_hwm_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def run_snipcheck(cmd: list[str], env: dict) -> tuple[float, float, int | None, int, int]:
    """One timed run, stdout to /dev/null: (wall s, cpu s incl. children, own peak RSS KiB
    or None, exit code, peak RSS KiB incl. children)."""
    peak: list[int] = []
    done = threading.Event()
    with open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=devnull, stderr=subprocess.PIPE)

    def poll() -> None:
        while not done.is_set():
            v = vm_hwm_kib(p.pid)
            if v is not None:
                peak.append(v)
            done.wait(RSS_POLL_SECONDS)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    stderr = p.stderr.read()  # type: ignore[union-attr]
    # Wait for the exit without reaping, so the poller never reads a reused pid.
    os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
    wall = time.perf_counter() - start
    done.set()
    poller.join()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stderr.close()  # type: ignore[union-attr]
    if stderr.strip():
        log("snipcheck said on stderr: " + stderr.decode(errors="replace").strip()[-1500:])
    # wait4's ru_maxrss is the max over snipcheck AND its reaped children (rustc).
    return wall, usage.ru_utime + usage.ru_stime, max(peak, default=None), p.returncode, usage.ru_maxrss


# ---------------------------------------------------------------------------------------
# Verification with strace: do snipcheck and the floor exec the same things?

_STR = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _unescape(s: str) -> str:
    raw = re.sub(
        r"\\([0-7]{1,3}|x[0-9a-fA-F]{2}|.)",
        lambda m: (
            chr(int(m.group(1), 8)) if m.group(1)[0] in "01234567"
            else chr(int(m.group(1)[1:], 16)) if m.group(1)[0] == "x"
            else {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "f": "\f"}.get(m.group(1), m.group(1))
        ),
        s,
    )  # fmt: skip
    return raw.encode("latin-1", errors="replace").decode("utf-8", errors="replace")


def _parse_list(text: str, pos: int) -> tuple[list[str], int]:
    """A strace `["a", "b"]` list starting at text[pos] == '['."""
    assert text[pos] == "["
    items, pos = [], pos + 1
    while pos < len(text) and text[pos] != "]":
        m = _STR.match(text, pos)
        if not m:
            break
        items.append(_unescape(m.group(1)))
        pos = m.end()
        while pos < len(text) and text[pos] in ", ":
            pos += 1
    return items, pos + 1


def traced_checks(trace: Path) -> collections.Counter:
    """Per working directory that a child chdir'd into before exec (i.e. per check's temp
    dir), the sequence of (argv, env) it exec'd; returned as a multiset. A process forked
    after the chdir and before any exec (a confined program's reaper and the program) works
    in the same directory; what an exec'd program forks (rustc's linker) is not followed.
    A TMPDIR naming that directory reads as TMPDIR=$DIR."""
    lines = trace.read_text(errors="replace").splitlines()
    chdirs: dict[str, str] = {}
    forks: dict[str, tuple[str, int]] = {}  # child -> (parent, line of the fork's return)
    first_exec: dict[str, int] = {}
    fork_re = re.compile(r"(?:<\.\.\. )?(?:clone3?|fork|vfork)\b.*= (\d+)(?: /\* (\d+) in strace's PID NS \*/)?$")
    for n, line in enumerate(lines):
        pid, _, rest = line.partition(" ")
        rest = rest.strip()
        forked = fork_re.match(rest)
        if forked:
            forks[forked.group(2) or forked.group(1)] = (pid, n)
        elif rest.startswith("chdir(") and pid not in chdirs:
            # The call line may end in `<unfinished ...>`; a failed chdir aborts the spawn.
            m = _STR.match(rest, len("chdir("))
            if m:
                chdirs[pid] = _unescape(m.group(1))
        elif (rest.startswith("execve(") or rest.startswith("<... execve resumed>")) and rest.endswith("= 0"):
            first_exec.setdefault(pid, n)

    def cwd_of(pid: str) -> str | None:
        seen = set()
        while pid not in chdirs and pid in forks and pid not in seen:
            seen.add(pid)
            parent, at = forks[pid]
            if first_exec.get(parent, len(lines)) < at:
                return None  # forked by a program that had exec'd (rustc's linker)
            pid = parent
        return chdirs.get(pid)

    pending: dict[str, tuple] = {}
    per_dir: dict[str, list] = collections.defaultdict(list)
    for line in lines:
        pid, _, rest = line.partition(" ")
        rest = rest.lstrip()
        here = cwd_of(pid) if (rest.startswith("execve(") or rest.startswith("<... execve resumed>")) else None
        if rest.startswith("execve(") and here is not None:
            m = _STR.match(rest, len("execve("))
            if not m:
                continue
            pos = rest.index("[", m.end())
            argv, pos = _parse_list(rest, pos)
            envp: list[str] = []
            nxt = rest.find("[", pos)
            if nxt != -1:
                envp, _ = _parse_list(rest, nxt)
            envp = ["TMPDIR=$DIR" if e == f"TMPDIR={here}" else e for e in envp]
            entry = (tuple(argv), tuple(sorted(envp)))
            if "<unfinished ...>" in rest:
                pending[pid] = entry
            elif re.search(r"= 0$", rest.rstrip()):
                per_dir[here].append(entry)
        elif rest.startswith("<... execve resumed>") and pid in pending and here is not None:
            entry = pending.pop(pid)
            if re.search(r"= 0$", rest.rstrip()):
                per_dir[here].append(entry)
    return collections.Counter(tuple(seq) for seq in per_dir.values())


def describe(seq: tuple) -> str:
    def one(argv: tuple, env: tuple) -> str:
        names = ",".join(e.split("=", 1)[0] for e in env)
        return f"[env {names}] {shlex.join(argv)}"

    return " ; then ".join(one(*e) for e in seq)


def verify_with_strace(
    strace: str, snip_cmd: list[str], snip_env: dict, sample: list[Path], units: list[dict],
    rustc: str, jobs: int, work: Path, tmp: str,
) -> tuple[bool, str]:  # fmt: skip
    """Traces snipcheck and the floor on `sample`; (identical?, one-line summary)."""
    trace_args = [strace, "-f", "-qq", "-v", "-s", "1000000", "-e", "trace=execve,chdir,clone,clone3,fork,vfork", "-e", "signal=none"]
    # A confined program's reaper forks it inside a PID namespace: report the pids fork
    # returns as strace sees them (strace 5.19 and newer).
    if subprocess.run([strace, "--decode-pids=pidns", "-o", "/dev/null", "true"], capture_output=True).returncode == 0:
        trace_args.insert(1, "--decode-pids=pidns")
    snip_trace, floor_trace = work / "snipcheck.trace", work / "floor.trace"
    r = subprocess.run(
        [*trace_args, "-o", str(snip_trace), *snip_cmd[:-1], *map(str, sample)],
        env=snip_env, stdin=subprocess.DEVNULL, capture_output=True,
    )  # fmt: skip
    if r.returncode != 0:
        return False, f"snipcheck under strace exited {r.returncode}: {r.stderr.decode(errors='replace')[-500:]}"
    sample_set = {str(p) for p in sample}
    plan_file = work / "sample-plan.json"
    plan_file.write_text(json.dumps([u for u in units if u["exercise"] in sample_set]))
    r = subprocess.run(
        [*trace_args, "-o", str(floor_trace), sys.executable, __file__, "floor",
         "--plan", str(plan_file), "--rustc", rustc, "--jobs", str(jobs), "--tmp", tmp],
        stdin=subprocess.DEVNULL, capture_output=True,
    )  # fmt: skip
    if r.returncode != 0:
        return False, f"the floor under strace exited {r.returncode}: {r.stderr.decode(errors='replace')[-500:]}"
    snip, floor = traced_checks(snip_trace), traced_checks(floor_trace)
    n_snip, n_floor = sum(snip.values()), sum(floor.values())
    execs = sum(len(s) * n for s, n in snip.items())
    if snip == floor:
        return True, f"identical execve argv+env in all {n_snip} checks ({execs} execs) on {len(sample)} exercises"
    only_snip, only_floor = snip - floor, floor - snip
    lines = [f"snipcheck ran {n_snip} check dirs ({execs} execs), the floor {n_floor} "
             f"({sum(len(s) * n for s, n in floor.items())} execs) on {len(sample)} exercises; differences:"]
    for label, diff in (("only snipcheck", only_snip), ("only the floor", only_floor)):
        for seq, n in list(diff.items())[:3]:
            lines.append(f"    {label} (x{n}): {describe(seq)[:600]}")
        if len(diff) > 3:
            lines.append(f"    {label}: ... {len(diff) - 3} more")
    return False, "\n".join(lines)


# ---------------------------------------------------------------------------------------


HIDDEN_TEST = re.compile(r"#\[test\]((?:\s*#\[[^\]]*\])*)\s*(?:pub\s+)?fn\s+(\w+)")


def hidden_test_names(tests: Path) -> list[str]:
    """The `#[test]` functions of a hidden test file, `#[ignore]`d ones left out."""
    return [name for attrs, name in HIDDEN_TEST.findall(tests.read_text()) if "ignore" not in attrs]


def grade_units(exercises: Path, students: int) -> list[dict]:
    """What a bare grader runs, without snipcheck, for each of `students` submitting every
    exercise's solution.rs: each submission checked alone against [solution] as `grade`
    checks it (src/engine/job.rs Target::Submission): the same rustc command line, with
    `-F unsafe_code` unless the exercise allows unsafe code, in a fresh temp dir; then the
    program, or each hidden test in a process of its own by its libtest name
    (`./snippet-program --exact snipcheck_hidden_tests::NAME`, without snipcheck's driver
    or nonce)."""
    units = []
    for exdir in sorted((p.parent for p in exercises.glob(f"*/*/{EXERCISE_FILE}")), key=lambda p: p.parts):
        with open(exdir / EXERCISE_FILE, "rb") as f:
            meta = tomllib.load(f)
        exp = meta.get("solution", {})
        u = make_unit(exdir, meta, exp, solution=True)
        if not meta.get("allow-unsafe"):
            for args in (u["compile"], u["then"] if u["kind"] == "retry" else None):
                if args:
                    args[-1:-1] = ["-F", "unsafe_code"]
        if exp.get("tests"):
            run = [f"./{PROGRAM}", "--color", "never", "--test-threads", "1", "--nocapture", "--exact"]
            u["kind"] = "tests"
            u["then"] = [[*run, f"{HIDDEN_MODULE}::{name}"] for name in hidden_test_names(exdir / str(exp["tests"]))]
        units += [dict(u) for _ in range(students)]
    return units


def cmd_grade_floor(a: argparse.Namespace) -> int:
    units = grade_units(Path(a.exercises), a.students)
    tmp = tempfile.mkdtemp(prefix="grade-floor-")
    try:
        wall, _cpu, missed = run_floor(units, a.rustc, a.jobs, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    runs = sum(len(u["then"]) if u["kind"] == "tests" else u["kind"] == "run" for u in units)
    log(f"grade floor: {len(units)} submissions, {runs} program runs and hidden tests, {missed} off their outcome")
    print(f"{wall:.3f}")
    return 0


def cmd_floor(a: argparse.Namespace) -> int:
    units = json.loads(Path(a.plan).read_text())
    run_floor(units, a.rustc, a.jobs, a.tmp)  # outcome misses are logged; the traces judge
    return 0


def cmd_bench(a: argparse.Namespace) -> int:
    work: Path = a.work
    copies_dir, tmp = work / "exercises", work / "tmp"
    tmp.mkdir(parents=True)

    # --- before timing: copies, command plan, compilers, snipcheck command line
    sources, with_deps = catalog(a.repo)
    if with_deps:
        log(f"left out {len(with_deps)} catalog exercises with [dependencies] or hidden tests (the "
            f"floor has no prebuilt crates and no per-test driver): {', '.join(d.name for d in with_deps)}")
    if not sources:
        log(f"no std-only exercises under {a.repo / 'exercises'}")
        return 2
    copies = make_copies(sources, copies_dir, a.count)
    if a.corpus == "compile":
        for copy in copies:
            compile_only(copy)
    elif a.corpus == "2015":
        for copy in copies:
            as_doctest_2015(copy)
    units = make_plan(copies)
    sysroot = subprocess.run(["rustc", "--print", "sysroot"], check=True, capture_output=True, text=True).stdout.strip()
    direct = os.path.join(sysroot, "bin", "rustc")
    if not os.access(direct, os.X_OK):
        log(f"{direct} is not executable")
        return 2
    proxy = shutil.which("rustc") or "rustc"
    (work / "plan.json").write_text(json.dumps(units, indent=1))
    lists = {}
    for label, rustc in (("direct", direct), ("proxy", proxy)):
        lists[label] = work / f"floor-{label}.commands"
        lists[label].write_text("".join(shell_line(u, rustc) + "\n" for u in units))

    help_text = subprocess.run([a.snipcheck, "check", "--help"], capture_output=True, text=True).stdout
    base = [a.snipcheck, "check", "--jobs", str(a.jobs), "--color", "never"]
    has_no_cache = "--no-cache" in help_text
    has_no_batch = "--no-batch" in help_text
    if has_no_cache:
        base.append("--no-cache")
    cmd = [*base, *a.snipcheck_arg, str(copies_dir)]
    # Keep any cache away from the user's, in case --no-cache does not cover everything.
    snip_env = dict(os.environ, TMPDIR=str(tmp), SNIPCHECK_CACHE_DIR=str(work / "cache"))

    rows: list[tuple[str, object]] = [("snipcheck", lambda: run_snipcheck(cmd, snip_env))]
    # A fully cached rerun: the same tree, results from a cache filled once before timing.
    cached_env = dict(snip_env, SNIPCHECK_CACHE_DIR=str(work / "warm-cache"))
    cmd_cached = [c for c in cmd if c != "--no-cache"]
    if has_no_cache:
        rows.append(("snipcheck, cached rerun", lambda: run_snipcheck(cmd_cached, cached_env)))
    # The same commands one rustc per snippet, when snipcheck can batch: the like-for-like
    # overhead measurement.
    cmd_solo = None
    if has_no_batch and "--no-batch" not in a.snipcheck_arg:
        cmd_solo = [*base, "--no-batch", *a.snipcheck_arg, str(copies_dir)]
        rows.append(("snipcheck --no-batch", lambda: run_snipcheck(cmd_solo, snip_env)))
    runners = ["python", "shell"] if a.floor_runner == "both" else [a.floor_runner]
    for runner in runners:
        suffix = "" if a.floor_runner != "both" else f", {runner}"
        for label, rustc, lst in (("direct rustc", direct, lists["direct"]), ("rustup proxy", proxy, lists["proxy"])):
            if a.no_proxy and label == "rustup proxy":
                continue
            key = f"floor ({label}{suffix})"
            if runner == "python":
                rows.append((key, lambda rustc=rustc: run_floor(units, rustc, a.jobs, str(tmp))[:2]))
            else:
                rows.append((key, lambda lst=lst: run_floor_shell(lst, a.jobs, str(tmp))))

    n_run = sum(1 for u in units if u["kind"] == "run")
    n_retry = sum(1 for u in units if u["kind"] == "retry")
    log(f"{a.count} copies of {len(sources)} std-only catalog exercises: {len(units)} checks "
        f"({n_run} build+run, {n_retry} compile-fail: metadata then maybe a full build, "
        f"{len(units) - n_run - n_retry} metadata only); jobs {a.jobs}, rounds {a.rounds}")
    log(f"snipcheck: {shlex.join(cmd)}" + ("" if has_no_cache else "   (no --no-cache: `check --help` does not list it)"))
    log(f"floor: {direct} (direct), {proxy} (rustup proxy); command list in {lists['direct'].name} (--keep to see it)")

    # --- is the floor what snipcheck runs? (untimed)
    strace = shutil.which("strace")
    if a.no_verify:
        verified, summary = None, "skipped (--no-verify)"
    elif not strace:
        verified, summary = None, "not verified (strace not found)"
    else:
        sample = copies[: len(sources)]
        log(f"verifying the floor against snipcheck's own execve calls (strace, {len(sample)} exercises)...")
        verified, summary = verify_with_strace(
            strace, cmd_solo or cmd, snip_env, sample, units, direct, a.jobs, work, str(tmp)
        )
        log(("floor verified: " if verified else "warning: floor NOT verified: ") + summary)
        if cmd_solo:
            _, s2 = verify_with_strace(strace, cmd, snip_env, sample, units, direct, a.jobs, work, str(tmp))
            log("default (batching) snipcheck vs floor: " + s2.splitlines()[0].removesuffix("; differences:"))

    # Warm-up, untimed: page cache for std's metadata, the binaries and the copies, and the
    # cache that the cached-rerun row reads.
    subprocess.run([a.snipcheck, "--version"], capture_output=True)
    if has_no_cache:
        subprocess.run(cmd_cached, env=cached_env, capture_output=True)
    for rustc in dict.fromkeys([direct, proxy]):
        for u in units[: 2 * a.jobs]:
            floor_unit(u, rustc, str(tmp))

    # --- timed, interleaved rounds; the order rotates each round to spread drift
    walls: dict[str, list[float]] = {k: [] for k, _ in rows}
    cpus: dict[str, list[float]] = {k: [] for k, _ in rows}
    foreign: dict[str, list[float]] = {k: [] for k, _ in rows}
    rss_own: list[int] = []
    rss_tree: list[int] = []
    for r in range(a.rounds):
        order = rows[r % len(rows):] + rows[: r % len(rows)]
        for key, fn in order:
            busy0 = busy_seconds()
            if key.startswith("snipcheck"):
                wall, cpu, own, code, tree = fn()  # type: ignore[operator]
                if code != 0:
                    nobody_then = processes_of(NOBODY_UID)
                    log(f"FAILED: `{key}` exited {code} (expected 0) in round {r + 1}; its failures:")
                    again = subprocess.run([*(cmd_solo if 'no-batch' in key else cmd)[:-1], "--quiet", str(copies_dir)],
                                           env=snip_env, capture_output=True, text=True)
                    sys.stderr.write(again.stdout[-6000:] + again.stderr[-2000:])
                    log(f"(that rerun exited {again.returncode}"
                        + ("; the failure did not repeat: flaky)" if again.returncode == 0 else ")"))
                    nobody = max(nobody_then, processes_of(NOBODY_UID))
                    if nobody:
                        log(f"note: {nobody} processes of uid {NOBODY_UID} (nobody) exist right now; snipcheck runs "
                            "programs as nobody under RLIMIT_NPROC, which counts them all: another snipcheck "
                            "(e.g. a test running a fork bomb) makes program spawns fail with EAGAIN")
                    return 1
                if own is not None:
                    rss_own.append(own)
                rss_tree.append(tree)
                leaked = [p.name for p in tmp.iterdir() if p.name.startswith("snipcheck")]
                if leaked:
                    log(f"warning: snipcheck left {len(leaked)} temp dirs behind, e.g. {leaked[0]}")
            else:
                wall, cpu = fn()  # type: ignore[operator]
            busy1 = busy_seconds()
            walls[key].append(wall)
            cpus[key].append(cpu)
            note = ""
            if busy0 is not None and busy1 is not None:
                # CPU the machine spent on anything but this measurement, in cores.
                foreign[key].append(max(0.0, (busy1 - busy0 - cpu) / wall))
                note = f"   other load {foreign[key][-1]:.2f} cores"
            log(f"round {r + 1}/{a.rounds}: {key:<26} {wall:8.3f} s{note}")

    # --- report. Rounds in which other processes took more than NOISY_CORES are left out
    # of a row's median when the row has at least one quiet round.
    used: dict[str, list[int]] = {}
    for key, _ in rows:
        quiet = [i for i, f in enumerate(foreign[key]) if f <= NOISY_CORES]
        used[key] = quiet or list(range(len(walls[key])))
    med = {k: statistics.median(walls[k][i] for i in used[k]) for k in walls}
    cpu_med = {k: statistics.median(cpus[k][i] for i in used[k]) for k in cpus}
    rustc_version = subprocess.run([direct, "-V"], capture_output=True, text=True).stdout.strip()
    snip = med["snipcheck"]
    main_floor = next(k for k, _ in rows if k.startswith("floor (direct rustc"))
    ratio = snip / med[main_floor]
    overhead_ms = (snip - med[main_floor]) / a.count * 1000
    all_quiet = all(len(used[k]) == len(walls[k]) for k in walls)
    some_noisy_only = [k for k in walls if not any(f <= NOISY_CORES for f in foreign[k]) and foreign[k]]

    print()
    print("snipcheck benchmark (SPEC §9)")
    print(f"  count {a.count} exercises ({len(units)} checks)   jobs {a.jobs}   rounds {a.rounds}   {rustc_version}")
    print()
    print(f"  {'':<28} {'median s':>9} {'min s':>8} {'max s':>8} {'cpu s':>7} {'other':>6} {'rounds':>6} {'snipcheck/row':>13}")
    for key, _ in rows:
        other = f"{statistics.median(foreign[key]):6.2f}" if foreign[key] else f"{'?':>6}"
        r_ = "" if key == "snipcheck" else f"{snip / med[key]:.3f}"
        n_used = f"{len(used[key])}/{len(walls[key])}"
        print(f"  {key:<28} {med[key]:9.3f} {min(walls[key]):8.3f} {max(walls[key]):8.3f} "
              f"{cpu_med[key]:7.2f} {other} {n_used:>6} {r_:>13}")
    print("  (median and cpu s over the rounds used; min/max over all rounds; cpu s: user+sys of")
    print("   the run and all its children; other: median CPU the rest of the machine used")
    print(f"   meanwhile, hypervisor steal included, in cores; rounds: those with other <= {NOISY_CORES}")
    print("   are used when there is one)")
    print()
    print(f"  snipcheck / floor(direct rustc)    {ratio:.3f}   (ratio of the minimums: "
          f"{min(walls['snipcheck']) / min(walls[main_floor]):.3f})")
    for key, _ in rows:
        if key.startswith("floor (rustup proxy"):
            print(f"  snipcheck / floor(rustup proxy)    {snip / med[key]:.3f}")
    print(f"  runner overhead per exercise       {overhead_ms:+.1f} ms   (snipcheck - floor(direct)) / {a.count}")
    if "snipcheck --no-batch" in med:
        solo = med["snipcheck --no-batch"]
        print(f"  same, with --no-batch              {solo / med[main_floor]:.3f}   "
              f"{(solo - med[main_floor]) / a.count * 1000:+.1f} ms per exercise   (ratio of the minimums: "
              f"{min(walls['snipcheck --no-batch']) / min(walls[main_floor]):.3f})")
    if rss_own:
        print(f"  peak RSS of snipcheck itself       {max(rss_own) / 1024:.1f} MiB   (VmHWM of its own process, polled "
              f"every {RSS_POLL_SECONDS * 1000:.0f} ms; rustc children excluded, with them: {max(rss_tree) / 1024:.0f} MiB)")
    else:
        print(f"  peak RSS of snipcheck              {max(rss_tree) / 1024:.1f} MiB   (INCLUDES its rustc children: "
              "/proc/<pid>/status not readable, this is wait4's ru_maxrss)")
    print(f"  floor = snipcheck's commands?      {'yes, ' if verified else ('NO, ' if verified is False else '')}"
          f"{summary.splitlines()[0]}")
    print()
    print(f"  target snipcheck / floor(direct) <= {TARGET_RATIO:.2f}: {'MET' if ratio <= TARGET_RATIO else 'NOT MET'}")
    print(f"  target overhead < {TARGET_OVERHEAD_MS:.0f} ms per exercise:     "
          f"{'MET' if overhead_ms < TARGET_OVERHEAD_MS else 'NOT MET'}")
    # The cache and batching targets, each against the floor (direct rustc).
    floor = med[main_floor]
    for key, label, target in (
        ("snipcheck", "batched, cold (--no-cache)", TARGET_BATCHED),
        ("snipcheck, cached rerun", "fully cached rerun", TARGET_CACHED),
        ("snipcheck --no-batch", "--no-batch --no-cache", TARGET_SOLO),
    ):
        if key in med:
            r = med[key] / floor
            print(f"  target {label:<27} <= {target:.2f} x floor: {r:.3f}  {'MET' if r <= target else 'NOT MET'}")
    if some_noisy_only:
        print(f"  warning: every round of {', '.join(some_noisy_only)} ran while other processes were busy:")
        print("  the ratios are unreliable; rerun on a quiet machine or with more --rounds")
    elif not all_quiet:
        print("  note: some rounds ran while other processes were busy and were left out of the medians")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("bench")
    b.add_argument("--repo", required=True, type=Path)
    b.add_argument("--snipcheck", required=True)
    b.add_argument("--work", required=True, type=Path, help="empty scratch dir (the caller removes it)")
    b.add_argument("--count", type=int, default=200)
    b.add_argument("--jobs", type=int, default=2)
    b.add_argument("--rounds", type=int, default=3)
    b.add_argument("--floor-runner", choices=["python", "shell", "both"], default="python")
    b.add_argument("--no-proxy", action="store_true")
    b.add_argument("--corpus", choices=["catalog", "compile", "2015"], default="catalog")
    b.add_argument("--no-verify", action="store_true")
    b.add_argument("--snipcheck-arg", action="append", default=[])
    f = sub.add_parser("floor")
    f.add_argument("--plan", required=True)
    f.add_argument("--rustc", required=True)
    f.add_argument("--jobs", type=int, required=True)
    f.add_argument("--tmp", required=True)
    g = sub.add_parser("grade-floor")
    g.add_argument("--exercises", required=True, help="the class's exercises (each with solution.rs)")
    g.add_argument("--students", type=int, required=True)
    g.add_argument("--rustc", required=True)
    g.add_argument("--jobs", type=int, required=True)
    a = ap.parse_args()
    commands = {"bench": cmd_bench, "floor": cmd_floor, "grade-floor": cmd_grade_floor}
    try:
        return commands[a.command](a)
    except KeyboardInterrupt:
        log("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
