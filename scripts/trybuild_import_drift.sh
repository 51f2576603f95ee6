#!/usr/bin/env bash
# Do imported expectations survive a Rust release where .stderr snapshots do not?
#
#   bash scripts/trybuild_import_drift.sh [--dir DIR] [--snipcheck PATH] [--next TOOLCHAIN] [PACKAGE...]
#
# For each package of DIR (default target/trybuild-corpus/pkgs, as trybuild_corpus.sh
# prepares them), on a fresh copy:
#   1. `snipcheck bless` with the default toolchain: every .stderr now holds this
#      toolchain's output, so every case passes on it;
#   2. `snipcheck import trybuild`: NAME.expect.toml beside each compile-fail case;
#   3. with the next toolchain (default `nightly`), `snipcheck check` twice: on a copy
#      without the imported files (the .stderr decides) and on the copy with them.
# Prints per package how many cases fail each way on the next toolchain.
# --shipped: skip step 1 and check with the default toolchain: the snapshots as the
# authors made them (often on a nightly of their day), against this toolchain.
set -euo pipefail
dir=target/trybuild-corpus/pkgs
snipcheck=target/release/snipcheck
next=nightly
shipped=0
packages=()
while [ $# -gt 0 ]; do
    case "$1" in
        --dir) dir=$2; shift 2 ;;
        --snipcheck) snipcheck=$2; shift 2 ;;
        --next) next=$2; shift 2 ;;
        --shipped) shipped=1; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) packages+=("$1"); shift ;;
    esac
done
snipcheck=$(realpath "$snipcheck")
[ ${#packages[@]} -gt 0 ] || mapfile -t packages < <(ls "$dir")
toolchain=(--toolchain "$next")
[ "$shipped" = 0 ] || toolchain=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for e in d["exercises"] if e["status"]=="fail"), len(d["exercises"]))' "$1"; }
if [ "$shipped" = 1 ]; then next=$(rustc --version | cut -d' ' -f2); fi
printf '%-26s %8s %18s %22s\n' package cases "stderr fail ($next)" "imported fail ($next)"
for p in "${packages[@]}"; do
    cp -r "$dir/$p" "$work/$p-imported"
    if [ "$shipped" = 0 ]; then
        (cd "$work/$p-imported" && "$snipcheck" bless --no-cache >/dev/null 2>&1 || true)
    fi
    (cd "$work/$p-imported" && "$snipcheck" import trybuild >/dev/null 2>&1)
    cp -r "$work/$p-imported" "$work/$p-stderr"
    find "$work/$p-stderr/tests" -name '*.expect.toml' -delete
    (cd "$work/$p-stderr" && "$snipcheck" check --no-cache "${toolchain[@]}" --format json --output "$work/$p-stderr.json" >/dev/null 2>&1 || true)
    (cd "$work/$p-imported" && "$snipcheck" check --no-cache "${toolchain[@]}" --format json --output "$work/$p-imported.json" >/dev/null 2>&1 || true)
    read -r s_fail cases < <(failed "$work/$p-stderr.json")
    read -r i_fail _ < <(failed "$work/$p-imported.json")
    printf '%-26s %8s %18s %22s\n' "$p" "$cases" "$s_fail" "$i_fail"
done
