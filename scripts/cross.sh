#!/usr/bin/env bash
# Cross-checks snipcheck for macOS and Windows on a Linux machine (README, "Platforms"):
# lints (clippy) the crate and its unit tests for four foreign targets with std built from
# source, runs the unit tests for Windows under wine, and walks the Windows snipcheck.exe
# through the commands that need no rustc (scripts/cross/walkthrough.sh). Installs what it needs from Debian
# (when missing): rustc-web, cargo-web and rust-web-clippy (Rust 1.96), rust-web-src (std's
# source), the MinGW-w64 linker and wine.
#
# Cross builds go to their own target dir (SNIPCHECK_CROSS_TARGET, default
# ~/.cache/snipcheck/cross-target), kept between runs: the first check of a target builds
# std and every dependency (about 2-4 minutes on 2 cores), later ones take seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

targets=(x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc x86_64-pc-windows-gnu)
windows=x86_64-pc-windows-gnu

step() { printf '\n== %s\n' "$*"; }
took() { echo "-- $1: $(($(date +%s) - $2)) s"; }

install_missing() {
    local missing=()
    [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] || missing+=(rustc-web cargo-web)
    [ -x /usr/bin/cargo-clippy ] || missing+=(rust-web-clippy)
    [ -d /usr/lib/rustlib/src/rust/library ] || missing+=(rust-web-src)
    command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
    command -v wine >/dev/null || missing+=(wine)
    if [ ${#missing[@]} -gt 0 ]; then
        step "installing ${missing[*]}"
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
    fi
}

# Debian's toolchain, whose library source build-std compiles; rustup's stays untouched.
export PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${SNIPCHECK_CROSS_TARGET:-$HOME/.cache/snipcheck/cross-target}"
export WINEDEBUG=-all WINEPREFIX="${WINEPREFIX:-$HOME/.cache/snipcheck/wine}"
cargo=(/usr/bin/cargo)
# std built from source for each target; freshness by content, not modification time, since
# every CI run is a fresh clone sharing this target dir, whose files' times say nothing.
build_std=(-Zbuild-std=std,panic_abort -Zchecksum-freshness)
# `CheckError` holds paths (`InputError`, `DepsError`), which are larger on Windows: there
# alone it crosses clippy's 128-byte threshold for a large `Err`.
windows_lints=(-A clippy::result_large_err)
runner=(--config "target.$windows.runner=\"wine\"")

# `cargo ARGS...`, failing on any warning (RUSTFLAGS would rebuild std with -D warnings).
cargo_quiet() {
    local log
    log=$(mktemp)
    local code
    set +e
    "${cargo[@]}" "$@" 2>&1 | tee "$log"
    code=${PIPESTATUS[0]}
    set -e
    if [ "$code" = 0 ] && grep -q '^warning' "$log"; then
        echo "cross.sh: warnings in cargo $*" >&2
        code=1
    fi
    rm -f "$log"
    return "$code"
}

check_target() {
    local target=$1 start
    start=$(date +%s)
    step "cargo clippy --target $target (the binary, then its unit tests)"
    # blake3's C and assembly need a compiler for the target; its `pure` feature avoids them
    # (there is none here for darwin or msvc).
    case $target in
        *darwin* | *msvc*) export CARGO_FEATURE_PURE=1 ;;
        *) unset CARGO_FEATURE_PURE ;;
    esac
    local lints=(-- -D warnings)
    case $target in *windows*) lints+=("${windows_lints[@]}") ;; esac
    cargo_quiet clippy "${build_std[@]}" --locked --target "$target" "${lints[@]}"
    cargo_quiet clippy "${build_std[@]}" --locked --target "$target" --bin snipcheck \
        --profile test "${lints[@]}"
    unset CARGO_FEATURE_PURE
    took "clippy $target" "$start"
}

# Rust's std (1.78+) takes random bytes from ProcessPrng in bcryptprimitives.dll, which
# wine 8.0 lacks: a stand-in forwarding to RtlGenRandom goes into the prefix's system32.
prepare_wine() {
    step "wine prefix $WINEPREFIX"
    local system32="$WINEPREFIX/drive_c/windows/system32"
    if [ ! -d "$system32" ]; then
        wineboot -i >/dev/null 2>&1 || true
        wineserver -w || true
    fi
    if [ ! -f "$system32/bcryptprimitives.dll" ]; then
        x86_64-w64-mingw32-gcc -O2 -shared -Wl,--kill-at -o "$system32/bcryptprimitives.dll" \
            scripts/cross/bcryptprimitives.c -ladvapi32
    fi
}

windows_tests() {
    local start
    start=$(date +%s)
    step "unit tests for $windows under wine"
    cargo_quiet test "${build_std[@]}" --locked --target "$windows" "${runner[@]}" --bin snipcheck
    took "Windows unit tests" "$start"
}

# The Windows snipcheck.exe, driven through the commands that need no rustc.
windows_walkthrough() {
    local start exe course
    start=$(date +%s)
    step "snipcheck.exe under wine: --help, init, list, hint, reset, next, check, grade"
    cargo_quiet build "${build_std[@]}" --locked --target "$windows"
    exe="$CARGO_TARGET_DIR/$windows/debug/snipcheck.exe"
    stand_in="$CARGO_TARGET_DIR/stand-in"
    mkdir -p "$stand_in"
    x86_64-w64-mingw32-gcc -O2 -o "$stand_in/rustc.exe" scripts/cross/rustc-stand-in.c
    course=$(mktemp -d)
    bash scripts/cross/walkthrough.sh "$exe" "$course" "$stand_in"
    rm -rf "$course"
    took "walk-through" "$start"
}

all=$(date +%s)
install_missing
for target in "${targets[@]}"; do
    check_target "$target"
done
prepare_wine
windows_tests
windows_walkthrough
took "cross.sh" "$all"
