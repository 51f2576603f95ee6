#!/usr/bin/env bash
# How many of a corpus's .stderr snapshots a toolchain breaks: trybuild's verdicts on the
# default (stable) toolchain and on nightly, package by package, side by side.
#
#   bash scripts/trybuild_drift.sh [--dir DIR] [--results DIR] [--toolchains "+stable +nightly"] [PACKAGE...]
#
# For each package of DIR (default target/trybuild-corpus/pkgs, laid out by
# trybuild_corpus.sh; default: every package there) and each toolchain (default: the
# rustup default toolchain, then +nightly), runs scripts/trybuild_verdicts.sh, one run at
# a time, writing RESULTS/TOOLCHAIN/PACKAGE.jsonl, .log and .time.json (RESULTS default
# target/trybuild-corpus/results/verdicts; TOOLCHAIN is `default` for the rustup default).
# Prints, and writes to RESULTS/drift.txt, per package: the cases, then per toolchain the
# failing cases (a mismatched or missing snapshot, or any other failure) by detail, and
# the cases whose verdict differs between the first two toolchains.
# Exit status: 0 when every run gave a verdict for every case, 1 otherwise.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
scripts="$(dirname "$self")"

dir=target/trybuild-corpus/pkgs
results=target/trybuild-corpus/results/verdicts
toolchains=("" +nightly)
packages=()
while [ $# -gt 0 ]; do
    case "$1" in
        --dir) [ $# -ge 2 ] || { echo "--dir needs a value" >&2; exit 2; }; dir=$2; shift 2 ;;
        --dir=*) dir=${1#*=}; shift ;;
        --results) [ $# -ge 2 ] || { echo "--results needs a value" >&2; exit 2; }; results=$2; shift 2 ;;
        --results=*) results=${1#*=}; shift ;;
        --toolchains) [ $# -ge 2 ] || { echo "--toolchains needs a value" >&2; exit 2; }; read -r -a toolchains <<< "$2"; shift 2 ;;
        --toolchains=*) read -r -a toolchains <<< "${1#*=}"; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown argument $1 (--help tells the options)" >&2; exit 2 ;;
        *) packages+=("$1"); shift ;;
    esac
done
if [ ${#packages[@]} -eq 0 ]; then
    for p in "$dir"/*/tests/compiletest.rs; do
        [ -f "$p" ] && packages+=("$(basename "$(dirname "$(dirname "$p")")")")
    done
fi
[ ${#packages[@]} -gt 0 ] || { echo "no package in $dir (run scripts/trybuild_corpus.sh first)" >&2; exit 2; }

status=0
labels=()
for tc in "${toolchains[@]}"; do
    label=${tc#+}
    label=${label:-default}
    labels+=("$label")
    echo "== toolchain $label: $(rustc ${tc:+"$tc"} --version)"
    for pkg in "${packages[@]}"; do
        bash "$scripts/trybuild_verdicts.sh" "$dir" "$pkg" ${tc:+--toolchain "$tc"} \
            --out "$results/$label/$pkg.jsonl" || status=1
    done
done

python3 - "$results" "${labels[*]}" "${packages[@]}" <<'EOF' | tee "$results/drift.txt"
import json, os, sys
from collections import Counter

results, labels, packages = sys.argv[1], sys.argv[2].split(), sys.argv[3:]

def load(label, pkg):
    path = os.path.join(results, label, pkg + ".jsonl")
    if not os.path.exists(path):
        return {}
    return {r["path"]: r for r in map(json.loads, open(path)) if r}

def timing(label, pkg):
    try:
        t = json.load(open(os.path.join(results, label, pkg + ".time.json")))
        return t["wall_s"], t["rustc"], t["trybuild"]
    except OSError:
        return None, "?", "?"

print("trybuild .stderr snapshots failing per toolchain (verdict fail = mismatch, wip, or other)")
for label in labels:
    _, rustc, _ = timing(label, packages[0])
    print(f"  {label}: {rustc}")
print()
head = f"{'package':<26} {'cases':>5}  " + "  ".join(f"{l + ' fail':>13}" for l in labels)
if len(labels) >= 2:
    head += f"  changed({labels[0]}->{labels[1]})"
print(head)
totals = Counter()
changes = []
for pkg in packages:
    runs = [load(l, pkg) for l in labels]
    cases = sorted(set().union(*runs))
    cells = []
    for label, run in zip(labels, runs):
        fails = sum(1 for r in run.values() if r["verdict"] == "fail")
        totals[label] += fails
        cells.append(f"{fails:>4}/{len(run):<3}")
    line = f"{pkg:<26} {len(cases):>5}  " + "  ".join(f"{c:>13}" for c in cells)
    if len(labels) >= 2:
        changed = [p for p in cases
                   if runs[0].get(p, {}).get("verdict") != runs[1].get(p, {}).get("verdict")]
        changes += [(pkg, p, runs[0].get(p), runs[1].get(p)) for p in changed]
        line += f"  {len(changed):>3}"
    totals["cases"] += len(cases)
    print(line)
print(f"{'total':<26} {totals['cases']:>5}  " + "  ".join(f"{totals[l]:>8}" + " " * 5 for l in labels))
print()
for label in labels:
    details = Counter()
    for pkg in packages:
        details.update(r["detail"].split(":")[0] for r in load(label, pkg).values())
    print(f"{label} details: " + ", ".join(f"{k} {v}" for k, v in sorted(details.items())))
    walls = [(pkg, timing(label, pkg)) for pkg in packages]
    print(f"{label} trybuild wall s (cargo test; one run; a first run on a toolchain also builds the dependencies of trybuild's project): "
          + ", ".join(f"{pkg} {t[0]}" for pkg, t in walls))
if changes:
    print(f"\ncases whose verdict differs ({labels[0]} -> {labels[1]}):")
    for pkg, path, a, b in changes:
        fmt = lambda r: f"{r['verdict']} ({r['detail']})" if r else "-"
        print(f"  {pkg} {path}: {fmt(a)} -> {fmt(b)}")
EOF
exit "$status"
