#!/usr/bin/env python3
"""No false passes on changed annotations, on real UI tests.

    python3 scripts/annotation_mutants.py [--dir DIR] [--snipcheck PATH] [--jobs J]

On a copy of DIR (default fixtures/rustc-ui): `snipcheck check` once; every file that passes
(all its revisions) is then changed in one way per round and the copy checked again:
  line  - one annotation points one line further up: `//~` becomes `//~^`, `//~^` `//~^^`
          (`//~v` gains a `v`); an annotation that no `//~|` follows is preferred, so that
          one annotation moves alone;
  code  - one error code in an annotation changed to another (`E0382` -> `E0381`);
  word  - one word of an annotation's message changed in its last letter.
The first annotation of the file that the change applies to is changed; a file with none is
left as it is. A changed file that still passes is a false pass. Prints, per change, the files
changed and the false passes; exits 1 when there is any.
"""
import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ANNOTATION = re.compile(r"//(?:\[[\w\-,]+\])?~(\?|\||[v^]*)")
KINDS = re.compile(r"\s*(ERROR|WARN|WARNING|NOTE|HELP|error|warn|warning|note|help)\b:?")
CODE = re.compile(r"E(\d{4})")
WORD = re.compile(r"[A-Za-z]{3,}")


def annotations(lines):
    """(line index, match) of every annotation with a known kind, `//~?` aside."""
    found = []
    for i, line in enumerate(lines):
        m = ANNOTATION.search(line)
        if m and m.group(1) != "?" and KINDS.match(line, m.end()):
            found.append((i, m))
    return found


def followed(lines, i):
    """Whether the next line holds a `//~|` that follows the annotation on line i."""
    if i + 1 >= len(lines):
        return False
    m = ANNOTATION.search(lines[i + 1])
    return bool(m and m.group(1) == "|")


def mutate_line(lines):
    candidates = [(i, m) for i, m in annotations(lines) if m.group(1) != "|"]
    alone = [(i, m) for i, m in candidates if not followed(lines, i)]
    for i, m in alone or candidates:
        adjust = m.group(1)
        new = adjust + ("v" if adjust.startswith("v") else "^")
        lines[i] = lines[i][: m.start(1)] + new + lines[i][m.end(1):]
        return True
    return False


def mutate_code(lines):
    for i, m in annotations(lines):
        c = CODE.search(lines[i], m.end())
        if c:
            other = "0381" if c.group(1) != "0381" else "0382"
            lines[i] = lines[i][: c.start(1)] + other + lines[i][c.end(1):]
            return True
    return False


def mutate_word(lines):
    for i, m in annotations(lines):
        k = KINDS.match(lines[i], m.end())
        for w in WORD.finditer(lines[i], k.end()):
            if CODE.fullmatch(w.group(0)):
                continue
            word = w.group(0)
            changed = word[:-1] + ("x" if word[-1] != "x" else "y")
            lines[i] = lines[i][: w.start()] + changed + lines[i][w.end():]
            return True
    return False


MUTATIONS = {"line": mutate_line, "code": mutate_code, "word": mutate_word}


def check(snipcheck, root, jobs):
    """File (relative to root) -> whether every check of it passed."""
    out = subprocess.run(
        [snipcheck, "check", "--no-cache", "--jobs", str(jobs), "--format", "json", "."],
        cwd=root, capture_output=True, text=True, check=False,
    )
    doc = json.loads(out.stdout)
    verdict = {}
    for e in doc["exercises"]:
        path = e["path"].split("#", 1)[0]
        path = path[2:] if path.startswith("./") else path
        verdict[path] = verdict.get(path, True) and e["status"] == "pass"
    return verdict


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="fixtures/rustc-ui")
    parser.add_argument("--snipcheck", default="target/release/snipcheck")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    snipcheck = str(pathlib.Path(args.snipcheck).resolve())
    false_passes = 0
    with tempfile.TemporaryDirectory() as work:
        root = pathlib.Path(work) / "tests"
        shutil.copytree(args.dir, root)
        passing = sorted(p for p, ok in check(snipcheck, root, args.jobs).items() if ok)
        print(f"{len(passing)} files pass unchanged")
        original = {p: (root / p).read_text() for p in passing}
        for kind, mutate in MUTATIONS.items():
            changed = []
            for path, text in original.items():
                lines = text.split("\n")
                if mutate(lines):
                    (root / path).write_text("\n".join(lines))
                    changed.append(path)
            verdict = check(snipcheck, root, args.jobs)
            still = [p for p in changed if verdict.get(p)]
            false_passes += len(still)
            print(f"{kind:5} changed {len(changed):4}  false passes {len(still)}")
            for path in still:
                print(f"    {path}")
            for path, text in original.items():
                (root / path).write_text(text)
    print(f"false passes: {false_passes}")
    return 1 if false_passes else 0


if __name__ == "__main__":
    sys.exit(main())
