#!/usr/bin/env python3
"""Agreement of snipcheck's verdicts with ui_test's on annotated UI tests.

    python3 scripts/annotation_agree.py SNIPCHECK_JSON PEER_JSONL [--out FILE]

SNIPCHECK_JSON is `snipcheck check --format json DIR`'s report, PEER_JSONL the output of
scripts/ui_test_peer (one `{"path", "verdict", "why"}` a line). A file's snipcheck verdict is
the worst of its revisions' (`a.rs#rev` entries): fail, else pass, else skip; snipcheck's
`error` (rustc crashed, an annotation it refuses) counts as fail, as the peer has no other word
for it.

Files are split by what their annotations are, read as compiletest reads them:
  ERROR/WARN only - every annotation is ERROR or WARN (a message, a code, or nothing), or the
                    file has none: both tools mean the same by them;
  other           - a NOTE, HELP, SUGGESTION or RAW annotation, or one without a known kind:
                    span labels, children and unchecked kinds, where compiletest, ui_test and
                    snipcheck each read differently.
  comments      - ui_test reads one of its plain comments as a command and refuses it
                  ("compiletest-rs style comment", "looks suspiciously like a test suite
                  command"): compiletest, whose file it is, reads a comment, so the file's
                  directives do not mean the same to both. Told by ui_test's own reason.
A file either side skips is listed, not compared. Prints the agreement of each group and every
disagreement with both verdicts (and the peer's reason); --out writes the same as JSON.
"""
import argparse
import json
import pathlib
import re
import sys

ANNOTATION = re.compile(r"//(?:\[[\w\-,]+\])?~(?:\?|\||[v^]*)\s*([A-Za-z_]*)")
# ui_test's own words when it reads a plain comment as a command.
COMMENT_READ_AS_COMMAND = ("compiletest-rs style comment",
                           "looks suspiciously like a test suite command")
MAIN_KINDS = {"ERROR", "error", "WARN", "WARNING", "warn", "warning"}


def group(path):
    """'main' when every annotation is ERROR or WARN, else 'other' (with the kinds seen)."""
    kinds = set()
    for line in pathlib.Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        m = ANNOTATION.search(line)
        if m:
            kinds.add(m.group(1) or "(none)")
    others = sorted(k for k in kinds if k not in MAIN_KINDS)
    return ("main", []) if not others else ("other", others)


def snipcheck_verdicts(report):
    """File path -> pass|fail|skip, and the statuses behind it."""
    by_file = {}
    for exercise in report.get("exercises", []):
        path = exercise["path"].split("#", 1)[0]
        by_file.setdefault(path, []).append(exercise["status"])
    verdicts = {}
    for path, statuses in by_file.items():
        if any(s in ("fail", "error") for s in statuses):
            verdicts[path] = "fail"
        elif any(s == "pass" for s in statuses):
            verdicts[path] = "pass"
        else:
            verdicts[path] = "skip"
    return verdicts, by_file


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snipcheck_json")
    parser.add_argument("peer_jsonl")
    parser.add_argument("--out")
    args = parser.parse_args()
    report = json.loads(pathlib.Path(args.snipcheck_json).read_text())
    snip, statuses = snipcheck_verdicts(report)
    peer = {}
    for line in pathlib.Path(args.peer_jsonl).read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            peer[row["path"]] = row
    result = {"main": {"agree": [], "disagree": []}, "other": {"agree": [], "disagree": []},
              "comments": {"agree": [], "disagree": []},
              "not_compared": [], "only_one_side": []}
    for path in sorted(set(snip) | set(peer)):
        if path not in snip or path not in peer:
            result["only_one_side"].append({"path": path, "snipcheck": snip.get(path),
                                            "ui_test": peer.get(path, {}).get("verdict")})
            continue
        s, p = snip[path], peer[path]["verdict"]
        kind, others = group(path)
        row = {"path": path, "snipcheck": s, "snipcheck_statuses": statuses[path], "ui_test": p,
               "ui_test_why": peer[path]["why"], "kinds": others}
        if "skip" in (s, p):
            result["not_compared"].append(row)
        elif any(c in peer[path]["why"] for c in COMMENT_READ_AS_COMMAND):
            result["comments"]["agree" if s == p else "disagree"].append(row)
        else:
            result[kind]["agree" if s == p else "disagree"].append(row)
    print_result(result)
    if args.out:
        pathlib.Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    return 0


def print_result(result):
    for name, title in (("main", "ERROR/WARN-only files"), ("other", "other files (NOTE/HELP/...)"),
                        ("comments", "files where ui_test reads a plain comment as a command")):
        agree, disagree = len(result[name]["agree"]), len(result[name]["disagree"])
        total = agree + disagree
        share = f"{100 * agree / total:.1f}%" if total else "-"
        print(f"{title}: {agree} / {total} agree ({share})")
        for row in result[name]["disagree"]:
            why = row["ui_test_why"][:200]
            print(f"    {row['path']}: snipcheck {row['snipcheck']} {row['snipcheck_statuses']}, "
                  f"ui_test {row['ui_test']}{' - ' + why if why else ''}")
    skipped = result["not_compared"]
    print(f"not compared (skipped by a side): {len(skipped)}")
    for row in skipped:
        print(f"    {row['path']}: snipcheck {row['snipcheck']}, ui_test {row['ui_test']}")
    for row in result["only_one_side"]:
        print(f"    only one side: {row}")


if __name__ == "__main__":
    sys.exit(main())
