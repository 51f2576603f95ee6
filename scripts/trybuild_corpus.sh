#!/usr/bin/env bash
# Lays out a corpus of real trybuild suites: crates.io packages whose tests/compiletest.rs
# calls trybuild, each as a standalone cargo workspace with its dependencies prebuilt, so
# that trybuild_verdicts.sh and bench_trybuild.sh time only the trybuild run itself.
#
#   bash scripts/trybuild_corpus.sh [--dir DIR] [--keep] [--fresh-lock] [--toolchain +T]... [PACKAGE...]
#
# PACKAGE is NAME-VERSION (anyhow-1.0.105), NAME@VERSION, or NAME (the highest version
# unpacked in cargo's registry sources). Default: anyhow-1.0.105 quote-1.0.47
# serde_json-1.0.154 thiserror-2.0.21 pin-project-lite-0.2.18.
#
# For each package:
#   1. copies ~/.cargo/registry/src/index.crates.io-*/NAME-VERSION to DIR/NAME-VERSION
#      (a fresh copy each time: an old copy is removed first, unless --keep, which keeps
#      an existing copy and its target/ as they are). A package not unpacked there is
#      fetched first by `cargo fetch` of a throwaway project that depends on it (=VERSION);
#   2. makes it a standalone workspace: an empty `[workspace]` table is appended to the
#      packaged (normalized) Cargo.toml when it has none;
#   3. when a test target uses trybuild but the packaged Cargo.toml lacks the
#      dev-dependency (crates.io drops git dev-dependencies on publish: pin-project-lite
#      names a git fork of trybuild), adds `trybuild = "1"` from crates.io and says so;
#   4. keeps the lockfile shipped in the package (trybuild copies it into the project it
#      builds the cases in, so its pins are the authors'); `cargo fetch` adds what is
#      missing. --fresh-lock: `cargo generate-lockfile` instead (newest versions).
#      When the registry reached here is older than the package (a locked version or a
#      requirement it cannot meet), the locked crate is re-resolved (`cargo update -p`),
#      or, failing that, the package's own requirement lowered to the newest version
#      there is; each is printed as PATCHED;
#   5. prebuilds dependencies and dev-dependencies: `cargo test --no-run --test
#      compiletest`, once per toolchain (--toolchain +nightly, repeatable; default: the
#      rustup default toolchain only); the first trybuild run still builds trybuild's own
#      project under target/tests/trybuild (bench_trybuild.sh warms it once);
#   6. prints the case count: files matched by the compile_fail/pass globs of
#      tests/compiletest.rs, expanded as trybuild does (scripts/trybuild_cases.py).
# Builds run one after the other. Exit status: 0 when every package was laid out.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
scripts="$(dirname "$self")"

dir=target/trybuild-corpus/pkgs
keep=""
fresh_lock=""
toolchains=()
packages=()
while [ $# -gt 0 ]; do
    case "$1" in
        --dir) [ $# -ge 2 ] || { echo "--dir needs a value" >&2; exit 2; }; dir=$2; shift 2 ;;
        --dir=*) dir=${1#*=}; shift ;;
        --keep) keep=1; shift ;;
        --fresh-lock) fresh_lock=1; shift ;;
        --toolchain) [ $# -ge 2 ] || { echo "--toolchain needs a value" >&2; exit 2; }; toolchains+=("$2"); shift 2 ;;
        --toolchain=*) toolchains+=("${1#*=}"); shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown argument $1 (--help tells the options)" >&2; exit 2 ;;
        *) packages+=("$1"); shift ;;
    esac
done
[ ${#packages[@]} -gt 0 ] || packages=(anyhow-1.0.105 quote-1.0.47 serde_json-1.0.154 thiserror-2.0.21 pin-project-lite-0.2.18)
[ ${#toolchains[@]} -gt 0 ] || toolchains=("")
for tc in "${toolchains[@]}"; do
    case "$tc" in ''|+?*) ;; *) echo "--toolchain takes +NAME, not '$tc'" >&2; exit 2 ;; esac
done
command -v cargo >/dev/null || { echo "cargo is not on PATH" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
registry_src="${CARGO_HOME:-$HOME/.cargo}/registry/src"

# The unpacked source of NAME-VERSION (or of NAME's highest version), or nothing.
find_source() {
    local spec=$1 name version found
    case "$spec" in
        *@*) name=${spec%@*}; version=${spec#*@} ;;
        *-[0-9]*.*) name=${spec%-[0-9]*.*}; version=${spec#"$name"-} ;;
        *) name=$spec; version="" ;;
    esac
    if [ -n "$version" ]; then
        found=$(find "$registry_src" -mindepth 2 -maxdepth 2 -type d -name "$name-$version" 2>/dev/null | head -n 1)
    else
        found=$(find "$registry_src" -mindepth 2 -maxdepth 2 -type d -regex ".*/$name-[0-9][^/]*" 2>/dev/null \
            | awk -F/ '{print $NF "\t" $0}' | sort -V | tail -n 1 | cut -f2)
    fi
    printf '%s' "$found"
}

# Brings NAME=VERSION into the registry sources through an ordinary `cargo fetch`.
fetch_package() {
    local spec=$1 name version tmp status=0
    case "$spec" in
        *@*) name=${spec%@*}; version="=${spec#*@}" ;;
        *-[0-9]*.*) name=${spec%-[0-9]*.*}; version="=${spec#"$name"-}" ;;
        *) name=$spec; version="*" ;;
    esac
    tmp=$(mktemp -d)
    mkdir -p "$tmp/src"
    printf '[package]\nname = "tbcorpus-fetch"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n%s = "%s"\n\n[workspace]\n' \
        "$name" "$version" > "$tmp/Cargo.toml"
    : > "$tmp/src/lib.rs"
    (cd "$tmp" && cargo fetch --quiet) || status=$?
    rm -rf "$tmp"
    return "$status"
}

# Lowers the requirement on direct dependency NAME in DEST/Cargo.toml to ^VERSION.
lower_requirement() {
    python3 - "$1/Cargo.toml" "$2" "$3" <<'PY'
import re, sys
path, name, version = sys.argv[1:]
lines = open(path, encoding="utf-8").read().split("\n")
table = re.compile(r"^\[(?:target\.[^\]]*\.)?(?:dev-|build-)?dependencies\." + re.escape(name) + r"\]$")
inside, changed = False, 0
for i, line in enumerate(lines):
    if line.startswith("["):
        inside = bool(table.match(line.strip()))
    elif inside and re.match(r"^version\s*=", line):
        lines[i] = f'version = "{version}"'
        changed += 1
open(path, "w", encoding="utf-8").write("\n".join(lines))
sys.exit(0 if changed else 1)
PY
}

# `cargo fetch` until the lockfile resolves against the registry this machine reaches.
# A locked version the registry lacks is re-resolved (`cargo update -p NAME`); a
# requirement of the package itself that no published version meets (the registry's
# index is older than the package) is lowered to the newest version there is. Both are
# reported as PATCHED.
resolve() {
    local dest=$1 pkg=$2 out name req newest attempt
    for attempt in $(seq 1 20); do
        if out=$(cd "$dest" && cargo fetch --quiet 2>&1); then
            return 0
        fi
        if [[ "$out" =~ failed\ to\ select\ a\ version\ for\ the\ requirement\ \`([A-Za-z0-9_-]+)\ =\ \"([^\"]*)\"\`(\ \(locked\ to\ ([^\)]*)\))? ]]; then
            name=${BASH_REMATCH[1]}
            req=${BASH_REMATCH[2]}
            newest=$(printf '%s\n' "$out" | sed -n 's/^candidate versions found which didn'"'"'t match: \([^,]*\).*/\1/p' | head -n 1)
            if [ -n "${BASH_REMATCH[4]}" ] && (cd "$dest" && cargo update --quiet -p "$name" 2>/dev/null); then
                echo "   PATCHED lockfile: $name ${BASH_REMATCH[4]} is not in the registry; re-resolved to $(awk -v n="$name" '$0 == "name = \"" n "\"" {getline; gsub(/version = |"/, ""); print; exit}' "$dest/Cargo.lock")"
                continue
            fi
            if [ -n "$newest" ] && printf '%s\n' "$out" | grep -q "required by package \`$pkg_name v$pkg_version (" \
                && lower_requirement "$dest" "$name" "$newest"; then
                echo "   PATCHED Cargo.toml: $name $req -> ^$newest (the newest version in the registry)"
                continue
            fi
        fi
        printf '%s\n' "$out" | sed 's/^/     /' >&2
        echo "$pkg: cargo fetch failed (attempt $attempt), see above" >&2
        return 1
    done
    echo "$pkg: cargo fetch still fails after 20 attempts" >&2
    return 1
}

summary=()
for spec in "${packages[@]}"; do
    src=$(find_source "$spec")
    if [ -z "$src" ]; then
        echo "== $spec: not unpacked in $registry_src; cargo fetch ..."
        fetch_package "$spec" || { echo "cannot fetch $spec" >&2; exit 1; }
        src=$(find_source "$spec")
        [ -n "$src" ] || { echo "$spec: still not found in $registry_src after cargo fetch" >&2; exit 1; }
    fi
    pkg=$(basename "$src")
    pkg_name=${pkg%-[0-9]*.*}
    pkg_version=${pkg#"$pkg_name"-}
    dest="$dir/$pkg"
    echo "== $pkg (from $src)"
    if [ -n "$keep" ] && [ -d "$dest" ]; then
        echo "   keeping the existing copy $dest"
    else
        rm -rf -- "$dest"
        cp -R "$src" "$dest"
        chmod -R u+w "$dest"
    fi
    [ -f "$dest/tests/compiletest.rs" ] || { echo "$pkg has no tests/compiletest.rs" >&2; exit 1; }

    if ! grep -q '^\[workspace\]' "$dest/Cargo.toml"; then
        printf '\n[workspace]\n' >> "$dest/Cargo.toml"
        echo "   appended an empty [workspace] to Cargo.toml"
    fi
    if grep -qs 'trybuild::' "$dest"/tests/*.rs \
        && ! grep -Eq '^\[(target\..*\.)?dev-dependencies\.trybuild\]|^trybuild *=' "$dest/Cargo.toml"; then
        printf '\n[dev-dependencies.trybuild]\nversion = "1"\n' >> "$dest/Cargo.toml"
        echo "   PATCHED: the packaged Cargo.toml has no trybuild dev-dependency (a git one, dropped on publish); added trybuild = \"1\" from crates.io"
    fi

    if [ -n "$fresh_lock" ]; then
        # Failures (a requirement the registry cannot meet) are for resolve to report.
        (cd "$dest" && cargo generate-lockfile --quiet 2>/dev/null) || true
        echo "   lockfile: generated anew (--fresh-lock)"
    else
        if [ -f "$dest/Cargo.lock" ]; then lock_note="the shipped Cargo.lock, completed by cargo fetch"; else lock_note="none shipped: generated by cargo fetch"; fi
        echo "   lockfile: $lock_note"
    fi
    resolve "$dest" "$pkg" || exit 1
    trybuild_version=$(awk '/^name = "trybuild"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$dest/Cargo.lock")
    echo "   trybuild $trybuild_version"

    for tc in "${toolchains[@]}"; do
        echo "   prebuilding: cargo ${tc:+$tc }test --no-run --test compiletest ($(rustc ${tc:+"$tc"} --version))"
        start=$(date +%s.%N)
        # shellcheck disable=SC2086  # tc is empty or one word
        if ! (cd "$dest" && cargo $tc test --no-run --test compiletest --quiet 2>&1 | sed 's/^/     /'); then
            echo "$pkg: cargo ${tc:+$tc }test --no-run --test compiletest failed (above)" >&2
            exit 1
        fi
        echo "   prebuilt in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"
    done

    count=$(python3 "$scripts/trybuild_cases.py" "$dest" --count)
    echo "   cases: $count"
    summary+=("$(printf '%-26s %s  trybuild %s' "$pkg" "$count" "$trybuild_version")")
done

echo
echo "corpus in $dir:"
printf '  %s\n' "${summary[@]}"
