#!/usr/bin/env bash
# Drives the Windows snipcheck.exe under wine through the commands that need no rustc:
# --help, init, list, hint, reset and next in a fresh course, and `check` without a rustc,
# which must fail with a clear message and exit code 2. Then, with a stand-in rustc.exe
# that only answers snipcheck's toolchain questions (rustc-stand-in.c), `grade` must refuse
# to run unconfined in one line, and run with --allow-unconfined after one notice.
# Usage: walkthrough.sh EXE DIR STAND_IN_DIR (the directory holding the stand-in rustc.exe)
set -euo pipefail
exe=$1
stand_in=$3
fixtures="$(cd "$(dirname "$0")/../.." && pwd)/fixtures/grade"
cd "$2"
export WINEDEBUG=-all

fail() {
    echo "walk-through: $*" >&2
    exit 1
}
# `snip ARGS...`: snipcheck.exe's stdout and stderr, with the carriage returns of the
# Windows console dropped; a non-zero exit fails the walk-through.
snip() {
    wine "$exe" "$@" 2>&1 | tr -d '\r'
    [ "${PIPESTATUS[0]}" = 0 ] || fail "snipcheck $* exited ${PIPESTATUS[0]}"
}
expect() {
    local what=$1 text=$2
    grep -qF -- "$what" <<<"$text" || fail "expected \"$what\" in:"$'\n'"$text"
    echo "ok: $what"
}

out=$(snip --help)
expect "Usage: snipcheck.exe <COMMAND>" "$out"

out=$(snip init course)
expect "created course with" "$out"
[ -f course/exercises/00_basics/println_is_a_macro/main.rs ] || fail "init wrote no exercises"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' course/rust-project.json ||
    fail "rust-project.json is not JSON"
echo "ok: rust-project.json parses"
cd course

out=$(snip list)
expect "> pending  println_is_a_macro" "$out"

out=$(snip hint)
# An exercise id, the same on every platform.
expect "println! is a macro, not a function (00_basics/println_is_a_macro)" "$out"

snippet=exercises/00_basics/println_is_a_macro/main.rs
shipped=$(cat "$snippet")
printf '// my attempt\r\n' >>"$snippet"
out=$(snip reset --yes println_is_a_macro)
expect "exercises\\00_basics\\println_is_a_macro\\main.rs" "$out"
[ "$(cat "$snippet")" = "$shipped" ] || fail "reset did not restore $snippet"
echo "ok: reset restored the shipped snippet"

out=$(snip next)
expect "Next: [2/" "$out"
expect "edit: exercises\\00_basics\\assign_without_let\\main.rs" "$out"
out=$(snip list)
expect "> pending  assign_without_let" "$out"

# No rustc.exe here: a clear error and exit code 2, nothing left in the temp dir.
set +e
out=$(wine "$exe" check exercises/00_basics/println_is_a_macro 2>&1 | tr -d '\r')
code=${PIPESTATUS[0]}
set -e
[ "$code" = 2 ] || fail "check without rustc exited $code, not 2:"$'\n'"$out"
expect "rustc" "$out"

# grade, with the stand-in compiler found on the Windows PATH.
export WINEPATH
WINEPATH=$(winepath -w "$stand_in")
cd "$fixtures"
set +e
out=$(wine "$exe" grade --exercises exercises --submission submissions/perfect 2>&1 | tr -d '\r')
code=${PIPESTATUS[0]}
set -e
[ "$code" = 2 ] || fail "grade without --allow-unconfined exited $code, not 2:"$'\n'"$out"
[ "$(wc -l <<<"$out")" = 1 ] || fail "grade's refusal is not one line:"$'\n'"$out"
expect "error: grade runs untrusted submissions, and Windows cannot confine them" "$out"
set +e
out=$(wine "$exe" grade --allow-unconfined --exercises exercises --submission submissions/perfect 2>&1 | tr -d '\r')
set -e
[ "$(grep -c "weaker confinement" <<<"$out")" = 1 ] || fail "not one notice:"$'\n'"$out"
expect "warning: weaker confinement: Windows has no Landlock or namespaces" "$out"
expect "perfect (submissions\\perfect)" "$out"

# Every temp dir of those compiles is gone.
temp=$(winepath -u "$(wine cmd /c echo %TEMP% | tr -d '\r')")
left=$(find "$temp" -maxdepth 1 -name 'snipcheck-*' 2>/dev/null | wc -l)
[ "$left" = 0 ] || fail "$left temp dirs left in $temp"
echo "ok: no temp dir left in $temp"
echo "walk-through passed"
