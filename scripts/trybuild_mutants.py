#!/usr/bin/env python3
"""No false passes on changed .stderr files, on real trybuild suites.

    python3 scripts/trybuild_mutants.py [--dir DIR] [--snipcheck PATH] [PACKAGE...]

For each package of DIR (default target/trybuild-corpus/pkgs, as trybuild_corpus.sh
prepares them), on a fresh copy: `snipcheck bless`, so that every case passes; then three
rounds, each changing every .stderr in one way and checking the package again:
  line  - the first `--> FILE:LINE:COL` line number plus one;
  code  - the first error code `E0xxx` changed to another code;
  word  - one letter of the first error message changed.
A case that still passes after its .stderr was changed is a false pass. Prints per package
and mutation the cases changed and the false passes; exits 1 when there is any.
"""
import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile


def mutate(text, kind):
    """The text changed in one way, or None when it has nothing to change."""
    if kind == "line":
        m = re.search(r"--> ([^\n:]+):(\d+):(\d+)", text)
        if not m:
            return None
        return text[: m.start(2)] + str(int(m.group(2)) + 1) + text[m.end(2):]
    if kind == "code":
        m = re.search(r"error\[E(\d{4})\]", text)
        if not m:
            return None
        other = "0599" if m.group(1) != "0599" else "0277"
        return text[: m.start(1)] + other + text[m.end(1):]
    m = re.search(r"^error(?:\[E\d{4}\])?: .*?([a-z]{3,})", text, re.M)
    if not m:
        return None
    word = m.group(1)
    changed = word[:-1] + ("x" if word[-1] != "x" else "y")
    return text[: m.start(1)] + changed + text[m.end(1):]


def check(snipcheck, root):
    out = subprocess.run(
        [snipcheck, "check", "--format", "json"],
        cwd=root, capture_output=True, text=True, check=False,
    )
    doc = json.loads(out.stdout)
    return {e["path"]: e["status"] for e in doc["exercises"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="target/trybuild-corpus/pkgs")
    parser.add_argument("--snipcheck", default="target/release/snipcheck")
    parser.add_argument("packages", nargs="*")
    args = parser.parse_args()
    snipcheck = str(pathlib.Path(args.snipcheck).resolve())
    source = pathlib.Path(args.dir)
    packages = args.packages or sorted(p.name for p in source.iterdir())
    false_passes = 0
    with tempfile.TemporaryDirectory() as work:
        for package in packages:
            root = pathlib.Path(work) / package
            shutil.copytree(source / package, root, symlinks=True,
                            ignore=shutil.ignore_patterns("target"))
            subprocess.run([snipcheck, "bless"], cwd=root, capture_output=True, check=False)
            blessed = {p: p.read_text() for p in root.glob("tests/**/*.stderr")}
            for kind in ("line", "code", "word"):
                changed = set()
                for path, text in blessed.items():
                    new = mutate(text, kind)
                    path.write_text(new if new is not None else text)
                    if new is not None:
                        changed.add(str(path.relative_to(root).with_suffix(".rs")))
                statuses = check(snipcheck, root)
                passing = sorted(c for c in changed if statuses.get(c) == "pass")
                false_passes += len(passing)
                print(f"{package:26} {kind:5} changed {len(changed):3}  false passes {len(passing)}")
                for case in passing:
                    print(f"    {case}")
            for path, text in blessed.items():
                path.write_text(text)
    print(f"false passes: {false_passes}")
    return 1 if false_passes else 0


if __name__ == "__main__":
    sys.exit(main())
