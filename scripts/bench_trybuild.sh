#!/usr/bin/env bash
# Benchmark of snipcheck against trybuild itself on real trybuild suites (the packages of
# trybuild_corpus.sh), package by package, in interleaved rounds.
#
#   bash scripts/bench_trybuild.sh [--dir DIR] [--rounds R] [--snipcheck PATH] [--jobs J]
#                                  [--toolchain +T] [--results DIR] [--snipcheck-arg A]... [PACKAGE...]
#
# Per package (default: every package of DIR, target/trybuild-corpus/pkgs by default):
#   1. warm-up, untimed: trybuild once (scripts/trybuild_verdicts.sh, which first runs
#      `cargo test --no-run --test compiletest`), so that the dependencies of trybuild's
#      own project under target/tests/trybuild are built and no round pays for them; and
#      snipcheck once, which also tells whether snipcheck can run the suite at all;
#   2. R rounds (default 3), the order alternating (trybuild first in odd rounds) since
#      this machine's speed drifts over minutes:
#        trybuild:  scripts/trybuild_verdicts.sh DIR PKG: the wall time of
#                   `cargo test --test compiletest -- --include-ignored --test-threads=1
#                   --color never` (cargo's freshness check included, the test binary
#                   prebuilt), TERM=dumb, TRYBUILD unset; trybuild's `cargo check` of the
#                   cases runs with cargo's default parallelism (all cores);
#        snipcheck: `snipcheck check --no-cache --format json --jobs J` (default J=2, the
#                   cores of this machine), run from the package root, stdout kept.
#      When the warm-up snipcheck run does not print a JSON report with exercises (the
#      trybuild mode is not there yet), it prints "snipcheck: not available" and times
#      trybuild alone.
#   3. prints per package the medians (and every round), the ratio snipcheck/trybuild of
#      the medians, and the geometric mean of the ratios over the packages; writes
#      RESULTS/bench.json and, per package, the last round's trybuild verdicts
#      (PKG.jsonl) and snipcheck report (PKG.snipcheck.json), ready for
#      scripts/trybuild_agree.py. RESULTS defaults to target/trybuild-corpus/results/bench.
# --snipcheck PATH: default target/release/snipcheck (not rebuilt here; copied
# first so that a concurrent build cannot swap it between rounds).
# Exit status: 0 when the benchmark ran (whatever the figures), 1 when a trybuild run gave
# no verdict for a case, 2 on a usage error.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
scripts="$(dirname "$self")"

dir=target/trybuild-corpus/pkgs
rounds=3
snipcheck_src=target/release/snipcheck
jobs=2
toolchain=""
results=target/trybuild-corpus/results/bench
snipcheck_args=()
packages=()
need() { [ "$2" -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
    case "$1" in
        --dir) need "$1" $#; dir=$2; shift 2 ;;
        --rounds) need "$1" $#; rounds=$2; shift 2 ;;
        --snipcheck) need "$1" $#; snipcheck_src=$2; shift 2 ;;
        --jobs) need "$1" $#; jobs=$2; shift 2 ;;
        --toolchain) need "$1" $#; toolchain=$2; shift 2 ;;
        --results) need "$1" $#; results=$2; shift 2 ;;
        --snipcheck-arg) need "$1" $#; snipcheck_args+=("$2"); shift 2 ;;
        --*=*) echo "write $1 as two words (--option value)" >&2; exit 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown argument $1 (--help tells the options)" >&2; exit 2 ;;
        *) packages+=("$1"); shift ;;
    esac
done
for pair in "rounds:$rounds" "jobs:$jobs"; do
    case "${pair#*:}" in ''|*[!0-9]*|0*) echo "--${pair%%:*} must be a positive integer" >&2; exit 2 ;; esac
done
case "$toolchain" in ''|+?*) ;; *) echo "--toolchain takes +NAME, not '$toolchain'" >&2; exit 2 ;; esac
if [ ${#packages[@]} -eq 0 ]; then
    for p in "$dir"/*/tests/compiletest.rs; do
        [ -f "$p" ] && packages+=("$(basename "$(dirname "$(dirname "$p")")")")
    done
fi
[ ${#packages[@]} -gt 0 ] || { echo "no package in $dir (run scripts/trybuild_corpus.sh first)" >&2; exit 2; }
dir="$(cd "$dir" && pwd)"
mkdir -p "$results"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
snipcheck=""
if [ -x "$snipcheck_src" ]; then
    snipcheck="$work/snipcheck"
    cp "$snipcheck_src" "$snipcheck"
fi

now() { date +%s.%N; }
status=0
verdicts_args=()
[ -z "$toolchain" ] || verdicts_args+=(--toolchain "$toolchain")
snipcheck_cmd=(check --no-cache --format json --jobs "$jobs")
[ -z "$toolchain" ] || snipcheck_cmd+=(--toolchain "${toolchain#+}")
snipcheck_cmd+=("${snipcheck_args[@]}")

# Appends trybuild's wall time for PKG to $work/PKG.trybuild; keeps its verdicts.
time_trybuild() {
    local pkg=$1 out=$2
    bash "$scripts/trybuild_verdicts.sh" "$dir" "$pkg" "${verdicts_args[@]}" --quiet --out "$out" || status=1
    python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); print(t["wall_s"], t["libtest_s"])' \
        "${out%.jsonl}.time.json" >> "$work/$pkg.trybuild"
}

# Runs snipcheck in PKG; appends its wall time to $work/PKG.snipcheck; 0 when it printed a
# JSON report with exercises.
run_snipcheck() {
    local pkg=$1 out=$2 start end rc=0
    start=$(now)
    (cd "$dir/$pkg" && TERM=dumb NO_COLOR=1 "$snipcheck" "${snipcheck_cmd[@]}") > "$out" 2> "$out.stderr" || rc=$?
    end=$(now)
    echo "$end - $start" | bc >> "$work/$pkg.snipcheck"
    python3 -c '
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
    sys.exit(0 if isinstance(doc, dict) and doc.get("exercises") else 1)
except Exception:
    sys.exit(1)' "$out" || { echo "exit $rc: $(head -c 300 "$out.stderr")"; return 1; }
}

echo "trybuild: $(cd "$dir" && rustc ${toolchain:+"$toolchain"} --version); cargo's default jobs ($(nproc) cores)"
echo "snipcheck: ${snipcheck_src} --jobs $jobs --no-cache"
available=()
for pkg in "${packages[@]}"; do
    [ -d "$dir/$pkg" ] || { echo "no package $pkg in $dir" >&2; exit 2; }
    : > "$work/$pkg.trybuild"
    : > "$work/$pkg.snipcheck"
    echo "== $pkg: warm-up (trybuild once, snipcheck once; untimed) ..."
    time_trybuild "$pkg" "$work/warm.jsonl"
    : > "$work/$pkg.trybuild"
    ok=""
    if [ -z "$snipcheck" ]; then
        echo "   snipcheck: not available ($snipcheck_src is not an executable)"
    elif why=$(run_snipcheck "$pkg" "$work/warm.snipcheck.json"); then
        ok=1
    else
        echo "   snipcheck: not available ($why)"
    fi
    : > "$work/$pkg.snipcheck"
    available+=("$ok")
    for round in $(seq 1 "$rounds"); do
        echo "   round $round of $rounds ..."
        if [ $((round % 2)) = 1 ]; then
            time_trybuild "$pkg" "$results/$pkg.jsonl"
            [ -z "$ok" ] || run_snipcheck "$pkg" "$results/$pkg.snipcheck.json" >/dev/null || true
        else
            [ -z "$ok" ] || run_snipcheck "$pkg" "$results/$pkg.snipcheck.json" >/dev/null || true
            time_trybuild "$pkg" "$results/$pkg.jsonl"
        fi
    done
done

python3 - "$work" "$results" "$rounds" "$jobs" "${#packages[@]}" "${packages[@]}" "${available[@]/#/x}" <<'EOF'
import json, math, statistics, sys

work, results, rounds, jobs, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
packages = sys.argv[6:6 + n]
available = [a == "x1" for a in sys.argv[6 + n:6 + 2 * n]]
fmt = lambda ts: ", ".join(f"{t:.2f}" for t in ts)
rows, ratios, report = [], [], {"rounds": rounds, "snipcheck_jobs": int(jobs), "packages": {}}
width = max(len(p) for p in packages)
print()
print(f"{'package':<{width}}  {'trybuild':>9}  {'snipcheck':>9}  {'ratio':>6}  (medians, s; rounds)")
for pkg, ok in zip(packages, available):
    tb = [tuple(map(lambda x: float(x) if x != "None" else math.nan, l.split())) for l in open(f"{work}/{pkg}.trybuild")]
    walls = [w for w, _ in tb]
    libtest = [l for _, l in tb]
    sc = [float(l) for l in open(f"{work}/{pkg}.snipcheck")] if ok else []
    t = statistics.median(walls)
    entry = {"trybuild_wall_s": walls, "trybuild_libtest_s": libtest, "trybuild_median_s": t}
    if sc:
        s = statistics.median(sc)
        ratio = s / t
        ratios.append(ratio)
        entry.update(snipcheck_s=sc, snipcheck_median_s=s, ratio=ratio)
        print(f"{pkg:<{width}}  {t:9.2f}  {s:9.2f}  {ratio:6.3f}  (trybuild {fmt(walls)}; snipcheck {fmt(sc)};"
              f" ratio of the minimums {min(sc) / min(walls):.3f})")
    else:
        entry["snipcheck"] = "not available"
        print(f"{pkg:<{width}}  {t:9.2f}  {'-':>9}  {'-':>6}  (trybuild {fmt(walls)}; libtest {fmt(libtest)}; snipcheck: not available)")
    report["packages"][pkg] = entry
if ratios:
    g = math.exp(sum(map(math.log, ratios)) / len(ratios))
    report["geomean_ratio"] = g
    print(f"geometric mean of snipcheck/trybuild over {len(ratios)} package(s): {g:.3f}")
else:
    print("geometric mean of snipcheck/trybuild: - (snipcheck: not available)")
g_tb = math.exp(sum(math.log(e["trybuild_median_s"]) for e in report["packages"].values()) / len(packages))
print(f"geometric mean of trybuild's medians: {g_tb:.2f} s")
with open(f"{results}/bench.json", "w") as f:
    json.dump(report, f, indent=1)
    f.write("\n")
EOF
exit "$status"
