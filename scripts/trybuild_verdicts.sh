#!/usr/bin/env bash
# Runs a package's trybuild suite as its authors do and writes trybuild's verdict on every
# case as JSON lines, with the wall time of the run.
#
#   bash scripts/trybuild_verdicts.sh DIR PACKAGE [--toolchain +nightly] [--out FILE] [--test NAME] [--quiet]
#
# DIR/PACKAGE is a package laid out by trybuild_corpus.sh (PACKAGE: NAME-VERSION, or NAME
# when one version of it is in DIR).
#
# The run, from the package root, with TRYBUILD unset (trybuild's default: a missing
# .stderr is written to wip/ and the case fails) and colour off everywhere:
#     TERM=dumb NO_COLOR=1 CARGO_TERM_COLOR=never \
#     cargo [+T] test --test compiletest -- --include-ignored --test-threads=1 --color never
# trybuild prints through termcolor's ColorChoice::Auto on stderr, which colours whenever
# TERM is set and is not `dumb` and NO_COLOR is unset (it does not look for a terminal);
# TERM=dumb also turns off the word diff inside mismatch reports. Escape sequences are
# stripped before parsing all the same. --include-ignored, not --ignored: the suites are
# `#[rustversion::attr(not(nightly), ignore)]`, so on nightly --ignored would run nothing.
# --test-threads=1 keeps two trybuild tests of one binary from interleaving their lines
# (these packages have one). Before it, untimed: `cargo [+T] test --no-run --test
# compiletest`, so the time is the test binary's run (cargo's freshness check included):
# trybuild's own `cargo check` of the cases, and, on the first run per toolchain, of the
# dependencies of its project under target/tests/trybuild. wip/ in the package is
# removed first.
#
# Every case line of trybuild (src/message.rs: `test PATH [should pass|should fail to
# compile] ... WORD`) becomes
#     {"package", "toolchain", "path", "expected", "verdict": "pass"|"fail", "detail"}
# detail: ok | mismatch (a .stderr that differs) | wip (no .stderr: trybuild wrote
# wip/NAME.stderr and fails) | should-not-have-compiled | failed-to-build (a pass case)
# | run-failed | run-failed-no-output | error: MESSAGE (e.g. a missing file). A case of
# tests/compiletest.rs (scripts/trybuild_cases.py) with no line gets verdict "fail",
# detail "no-verdict: REASON" (trybuild did not run, or failed before the cases), and the
# exit status is 1.
#
# --out FILE: the JSON lines go to FILE (else stdout); FILE's stem gets .log (cargo's
# stdout then stderr, as printed) and .time.json (wall_s: the timed command; libtest_s:
# libtest's `finished in`; versions; verdict counts). A summary goes to stderr.
# Exit status: 0 when every case has a verdict (whatever it is), 1 otherwise, 2 on a
# usage error.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
scripts="$(dirname "$self")"

usage_error() { echo "trybuild_verdicts: $*" >&2; echo "(--help tells the usage)" >&2; exit 2; }

toolchain=""
out=""
test_name=compiletest
quiet=""
positional=()
while [ $# -gt 0 ]; do
    case "$1" in
        --toolchain) [ $# -ge 2 ] || usage_error "--toolchain needs a value"; toolchain=$2; shift 2 ;;
        --toolchain=*) toolchain=${1#*=}; shift ;;
        --out) [ $# -ge 2 ] || usage_error "--out needs a value"; out=$2; shift 2 ;;
        --out=*) out=${1#*=}; shift ;;
        --test) [ $# -ge 2 ] || usage_error "--test needs a value"; test_name=$2; shift 2 ;;
        --test=*) test_name=${1#*=}; shift ;;
        --quiet) quiet=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) usage_error "unknown argument $1" ;;
        *) positional+=("$1"); shift ;;
    esac
done
[ ${#positional[@]} -eq 2 ] || usage_error "needs DIR and PACKAGE"
dir=${positional[0]}
package=${positional[1]}
case "$toolchain" in ''|+?*) ;; *) usage_error "--toolchain takes +NAME, not '$toolchain'" ;; esac

pkgdir="$dir/$package"
if [ ! -d "$pkgdir" ]; then
    matches=("$dir/$package"-[0-9]*)
    if [ ${#matches[@]} -ne 1 ] || [ ! -d "${matches[0]}" ]; then usage_error "no package $package in $dir"; fi
    pkgdir=${matches[0]}
fi
pkgdir="$(cd "$pkgdir" && pwd)"
pkg=$(basename "$pkgdir")
[ -f "$pkgdir/tests/$test_name.rs" ] || usage_error "$pkgdir has no tests/$test_name.rs"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "$out" ]; then
    mkdir -p "$(dirname "$out")"
    stem=${out%.jsonl}
    log="$stem.log"
    timefile="$stem.time.json"
else
    log="$work/run.log"
    timefile="$work/time.json"
fi

say() { [ -n "$quiet" ] || echo "$@" >&2; }

python3 "$scripts/trybuild_cases.py" "$pkgdir" --test "$test_name" > "$work/cases.jsonl"
rustc_version=$(cd "$pkgdir" && rustc ${toolchain:+"$toolchain"} --version)
cargo_cmd=(cargo)
[ -z "$toolchain" ] || cargo_cmd+=("$toolchain")

# Colour off for libtest, cargo, rustc and trybuild; TRYBUILD unset (wip, not overwrite).
run_env=(env -u TRYBUILD TERM=dumb NO_COLOR=1 CARGO_TERM_COLOR=never)

say "$pkg: prebuilding (${cargo_cmd[*]} test --no-run --test $test_name; $rustc_version) ..."
if ! (cd "$pkgdir" && "${run_env[@]}" "${cargo_cmd[@]}" test --no-run --test "$test_name" --quiet) > "$work/prebuild.log" 2>&1; then
    cat "$work/prebuild.log" >&2
    echo "trybuild_verdicts: $pkg: the test binary did not build" >&2
    exit 1
fi

rm -rf -- "$pkgdir/wip"
say "$pkg: ${cargo_cmd[*]} test --test $test_name -- --include-ignored --test-threads=1 --color never ..."
start=$(date +%s.%N)
status=0
(cd "$pkgdir" && "${run_env[@]}" "${cargo_cmd[@]}" test --test "$test_name" -- --include-ignored --test-threads=1 --color never) \
    > "$work/stdout" 2> "$work/stderr" || status=$?
end=$(date +%s.%N)
wall=$(echo "$end - $start" | bc)
{ echo "### cargo test exit status $status, wall ${wall} s"; echo "### stdout"; cat "$work/stdout"; echo "### stderr"; cat "$work/stderr"; } > "$log"

trybuild_version=$(awk '/^name = "trybuild"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$pkgdir/Cargo.lock" 2>/dev/null || true)

verdict_status=0
python3 - "$work" "$pkg" "$toolchain" "$rustc_version" "${trybuild_version:-?}" "$wall" "$status" "$timefile" "${out:-$work/out.jsonl}" "$quiet" <<'EOF' || verdict_status=$?
import json, re, sys
from collections import Counter

work, pkg, toolchain, rustc, trybuild, wall, status, timefile, out, quiet = sys.argv[1:]
ansi = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
case_re = re.compile(r"^test (.+?)( \[should pass\]| \[should fail to compile\])? \.\.\. (\S+)\s*$")
DOTTED = "\u2508" * 60  # trybuild's snippet fence
WORDS = {"ok", "error", "mismatch", "wip"}

def lines(name):
    with open(f"{work}/{name}", encoding="utf-8", errors="replace") as f:
        return [ansi.sub("", l.rstrip("\n")) for l in f]

stderr, stdout = lines("stderr"), lines("stdout")
listed = [json.loads(l) for l in open(f"{work}/cases.jsonl")]
expected_of = {c["path"]: c["expected"] for c in listed}

found = []  # [path, word, detail]
inside = False
for i, line in enumerate(stderr):
    if line.strip() == DOTTED:
        inside = not inside
        continue
    if inside:
        continue
    m = case_re.match(line)
    if not m or m.group(3) not in WORDS:
        continue
    path, word = m.group(1), m.group(3)
    detail = word
    if word == "error":
        following = next((l for l in stderr[i + 1:] if l.strip()), "")
        if following.startswith("Expected test case to fail to compile, but it succeeded"):
            detail = "should-not-have-compiled"
        elif following.startswith("Test case failed at runtime"):
            detail = "run-failed"
        elif following.startswith("Execution of the test case was unsuccessful but there was no output"):
            detail = "run-failed-no-output"
        elif following.strip() == DOTTED:
            detail = "failed-to-build"
        else:
            detail = "error: " + following.strip()
    found.append([path, word, detail])

# Why trybuild gave no case line, when it gave none.
libtest = next((m.group(2) for l in stdout for m in [re.match(r"^test (\S+) \.\.\. (\S+)", l)] if m), None)
reason = None
errors = [l for l in stderr if l.startswith("ERROR: ")]
if errors:
    reason = errors[0]
elif any("There are no trybuild tests enabled yet." in l for l in stderr):
    reason = "trybuild: no tests enabled"
elif libtest is None:
    reason = f"the test did not run (cargo test exit status {status})"
elif libtest == "ignored":
    reason = "the trybuild test was ignored"
else:
    reason = "trybuild printed no line for this case"

toolchain_name = toolchain.lstrip("+") or "default"
records, seen = [], set()
for path, word, detail in found:
    seen.add(path)
    records.append({
        "package": pkg, "toolchain": toolchain_name, "path": path,
        "expected": expected_of.get(path, "?"),
        "verdict": "pass" if word == "ok" else "fail", "detail": detail,
    })
missing = [c for c in listed if c["path"] not in seen]
for c in missing:
    records.append({
        "package": pkg, "toolchain": toolchain_name, "path": c["path"], "expected": c["expected"],
        "verdict": "fail", "detail": "no-verdict: " + reason,
    })
unlisted = [r["path"] for r in records if r["path"] not in expected_of]

with open(out, "w") as f:
    for r in records:
        f.write(json.dumps(r) + "\n")

finished = None
for l in stdout:
    m = re.search(r"finished in ([0-9.]+)s", l)
    if m:
        finished = float(m.group(1))
details = Counter(r["detail"].split(":")[0] for r in records)
verdicts = Counter(r["verdict"] for r in records)
summary = {
    "package": pkg, "toolchain": toolchain_name, "rustc": rustc, "trybuild": trybuild,
    "command": "cargo test --test compiletest -- --include-ignored --test-threads=1 --color never",
    "wall_s": round(float(wall), 3), "libtest_s": finished, "cargo_exit": int(status),
    "libtest": libtest, "cases": len(records), "listed": len(listed),
    "verdicts": dict(verdicts), "details": dict(details),
}
with open(timefile, "w") as f:
    json.dump(summary, f)
    f.write("\n")
if not quiet:
    counts = ", ".join(f"{k} {v}" for k, v in sorted(details.items()))
    print(f"{pkg} [{toolchain_name}: {rustc}; trybuild {trybuild}]: {len(records)} cases: "
          f"pass {verdicts['pass']}, fail {verdicts['fail']} ({counts}); "
          f"wall {float(wall):.2f} s (libtest: {finished} s)", file=sys.stderr)
    if missing:
        print(f"  {len(missing)} case(s) without a verdict line: {reason}", file=sys.stderr)
    if unlisted:
        print(f"  {len(unlisted)} case line(s) not found by trybuild_cases.py: {unlisted[:5]}", file=sys.stderr)
sys.exit(1 if missing else 0)
EOF
[ -n "$out" ] || cat "$work/out.jsonl"
exit "$verdict_status"
