#!/usr/bin/env python3
"""What a trybuild batch tells equals what each case prints alone, on real suites.

    python3 scripts/trybuild_batched.py [--dir DIR] [--snipcheck PATH] [PACKAGE...]

For each package of DIR (default target/trybuild-corpus/pkgs, as trybuild_corpus.sh
prepares them): `snipcheck check` twice, each with a result cache of its own, batched
(`--jobs 2`) and with `--no-batch`. The cache records where each result came from; every
result a batch gave is compared with the same check's result alone, diagnostic for
diagnostic with rustc's rendered text (rustc's closing summaries aside: they belong to the
batch, and trybuild leaves them out). Prints per package the cases, those a batch told,
those that differ (must be none) and the verdicts that differ (must be none); exits 1
when anything differs.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile


def run(snipcheck, root, cache, extra):
    """The JSON report of a check of `root` with the cache at `cache`."""
    env = {k: v for k, v in __import__("os").environ.items() if k != "SNIPCHECK_NO_CACHE"}
    env["SNIPCHECK_CACHE_DIR"] = str(cache)
    out = subprocess.run(
        [snipcheck, "check", "--format", "json", *extra],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )
    return json.loads(out.stdout)


def cached(cache):
    """key -> (origin, diagnostics that point into a file) of every cached result."""
    found = {}
    for path in pathlib.Path(cache).rglob("*.json"):
        try:
            entry = json.loads(path.read_text())
        except (ValueError, OSError):
            continue
        if not isinstance(entry, dict) or "origin" not in entry:
            continue
        compiled = entry["recorded"].get("Compiled", {}).get("compiled", {})
        placed = [d for d in compiled.get("diagnostics", []) if d.get("file") is not None]
        found[entry["key"]] = (entry["origin"], placed)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", default="target/trybuild-corpus/pkgs")
    parser.add_argument("--snipcheck", default="target/release/snipcheck")
    parser.add_argument("packages", nargs="*")
    args = parser.parse_args()
    snipcheck = str(pathlib.Path(args.snipcheck).resolve())
    root = pathlib.Path(args.dir)
    packages = args.packages or sorted(
        p.name for p in root.iterdir() if (p / "tests").is_dir()
    )
    if not packages:
        print(f"no package in {root} (run scripts/trybuild_corpus.sh first)", file=sys.stderr)
        return 2
    bad = 0
    totals = [0, 0, 0, 0]
    print(f"{'package':26} {'cases':>5} {'told':>5} {'differ':>6} {'verdicts differ':>15}")
    for name in packages:
        with tempfile.TemporaryDirectory() as tmp:
            batched_cache, alone_cache = pathlib.Path(tmp, "batched"), pathlib.Path(tmp, "alone")
            batched = run(snipcheck, root / name, batched_cache, ["--jobs", "2"])
            alone = run(snipcheck, root / name, alone_cache, ["--no-batch"])
            by_batch, by_alone = cached(batched_cache), cached(alone_cache)
        told = {k: v for k, v in by_batch.items() if v[0] == "Rendered"}
        differ = [k for k, (_, diags) in told.items() if by_alone.get(k, (None, None))[1] != diags]
        verdicts = lambda doc: {e["path"]: e["status"] for e in doc["exercises"]}
        va, vb = verdicts(batched), verdicts(alone)
        verdict_diffs = sorted(p for p in set(va) | set(vb) if va.get(p) != vb.get(p))
        row = [len(va), len(told), len(differ), len(verdict_diffs)]
        totals = [a + b for a, b in zip(totals, row)]
        print(f"{name:26} {row[0]:5} {row[1]:5} {row[2]:6} {row[3]:15}")
        for path in verdict_diffs:
            print(f"    verdict: {path}: batched {va.get(path)}, alone {vb.get(path)}")
        bad += len(differ) + len(verdict_diffs)
    print(f"{'all':26} {totals[0]:5} {totals[1]:5} {totals[2]:6} {totals[3]:15}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
