#!/usr/bin/env python3
"""What a batch tells equals what each case prints alone, on real suites.

    python3 scripts/trybuild_batched.py [--dir DIR] [--snipcheck PATH] [PACKAGE...]
    python3 scripts/trybuild_batched.py --tree DIR [--snipcheck PATH]

For each package of DIR (default target/trybuild-corpus/pkgs, as trybuild_corpus.sh
prepares them): `snipcheck check` twice, each with a result cache of its own, batched
(`--jobs 2`) and with `--no-batch`. The cache records where each result came from; every
result a batch gave is compared with the same check's result alone, diagnostic for
diagnostic with rustc's rendered text (rustc's closing summaries aside: they belong to the
batch, and trybuild leaves them out). With --tree, DIR is checked as one tree instead
(annotated files, such as fixtures/rustc-ui), `snipcheck check DIR` from the current
directory; annotations are judged by each diagnostic's level, code and line (and words
only where a batch passes), so there a told result must equal the result alone in those
(every diagnostic, child and span label), and a difference in the text is counted apart.
Prints per package the cases, those a batch told,
those that differ (must be none) and the verdicts that differ (must be none); exits 1
when anything differs.
"""
import argparse
import collections
import json
import pathlib
import re
import subprocess
import sys
import tempfile


def run(snipcheck, root, cache, extra, tree=False):
    """The JSON report of a check of `root` (from inside it, or of the tree `root` from
    here) with the cache at `cache`."""
    env = {k: v for k, v in __import__("os").environ.items() if k != "SNIPCHECK_NO_CACHE"}
    env["SNIPCHECK_CACHE_DIR"] = str(cache)
    out = subprocess.run(
        [snipcheck, "check", "--format", "json", *extra, *([str(root)] if tree else [])],
        cwd=None if tree else root, env=env, capture_output=True, text=True, check=False,
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


# A lint's note that rustc prints once per run, with the lint's first diagnostic: a told
# result may lack it (it is then told loose, and judged only where no note is asked for).
ON_BY_DEFAULT = re.compile(r"^`#\[(warn|deny|forbid)\([\w:]+\)\]` on by default$")


def structure(diagnostics):
    """The multiset of (level, code, line) of diagnostics, their children and span labels;
    a child with no place in a file counts for nothing in annotations, and is left out, and
    so is a lint's "on by default" note, printed once per run."""
    found = collections.Counter()
    def walk(ds, top=True):
        for d in ds:
            if not top and (d.get("line") is None or ON_BY_DEFAULT.match(d["message"])):
                continue
            found[(d["level"], d.get("code"), d.get("line"))] += 1
            for label in d.get("labels", []):
                found[("label", None, label["line"])] += 1
            walk(d.get("children", []), False)
    walk(diagnostics)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", default="target/trybuild-corpus/pkgs")
    parser.add_argument("--snipcheck", default="target/release/snipcheck")
    parser.add_argument("--tree", help="one tree of annotated files to check, not packages")
    parser.add_argument("packages", nargs="*")
    args = parser.parse_args()
    snipcheck = str(pathlib.Path(args.snipcheck).resolve())
    root = pathlib.Path(args.tree or args.dir)
    packages = [""] if args.tree else args.packages or sorted(
        p.name for p in root.iterdir() if (p / "tests").is_dir()
    )
    if not packages:
        print(f"no package in {root} (run scripts/trybuild_corpus.sh first)", file=sys.stderr)
        return 2
    bad = 0
    totals = [0, 0, 0, 0, 0]
    head = "differ" if not args.tree else "lines differ"
    print(f"{'package':26} {'cases':>5} {'told':>5} {head:>12} {'text differs':>12} {'verdicts differ':>15}")
    tree = bool(args.tree)
    for name in packages:
        with tempfile.TemporaryDirectory() as tmp:
            batched_cache, alone_cache = pathlib.Path(tmp, "batched"), pathlib.Path(tmp, "alone")
            batched = run(snipcheck, root / name, batched_cache, ["--jobs", "2"], tree)
            alone = run(snipcheck, root / name, alone_cache, ["--no-batch"], tree)
            by_batch, by_alone = cached(batched_cache), cached(alone_cache)
        told = {k: v for k, v in by_batch.items() if v[0] == "Rendered"}
        alone_of = lambda k: by_alone.get(k, (None, None))[1]
        texts = [k for k, (_, diags) in told.items() if alone_of(k) != diags]
        differ = texts if not tree else [
            k for k, (_, diags) in told.items()
            if alone_of(k) is None or structure(alone_of(k)) != structure(diags)
        ]
        verdicts = lambda doc: {e["path"]: e["status"] for e in doc["exercises"]}
        va, vb = verdicts(batched), verdicts(alone)
        verdict_diffs = sorted(p for p in set(va) | set(vb) if va.get(p) != vb.get(p))
        row = [len(va), len(told), len(differ), len(texts), len(verdict_diffs)]
        totals = [a + b for a, b in zip(totals, row)]
        print(f"{name or root.name:26} {row[0]:5} {row[1]:5} {row[2]:12} {row[3]:12} {row[4]:15}")
        name_of = lambda key: told[key][1][0]["file"] if told[key][1] else key
        for key in sorted(differ):
            print(f"    differs: {name_of(key)}")
        for key in sorted(set(texts) - set(differ)):
            print(f"    text only: {name_of(key)}")
        for path in verdict_diffs:
            print(f"    verdict: {path}: batched {va.get(path)}, alone {vb.get(path)}")
        bad += len(differ) + len(verdict_diffs)
    print(f"{'all':26} {totals[0]:5} {totals[1]:5} {totals[2]:12} {totals[3]:12} {totals[4]:15}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
