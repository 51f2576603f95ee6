//! Skip conditions judged against a platform.

use super::parsed;
use crate::model::annotation::skip::Platform;

/// A stable x86_64 Linux host with LLVM 20.1.
const LINUX: Platform<'static> = Platform {
    triple: "x86_64-unknown-linux-gnu",
    os: "linux",
    pointer_width: 64,
    channel: "stable",
    llvm: Some((20, 1, 0)),
};

/// A nightly 32-bit Windows host whose LLVM version is not known.
const WINDOWS: Platform<'static> = Platform {
    triple: "i686-pc-windows-msvc",
    os: "windows",
    pointer_width: 32,
    channel: "dev",
    llvm: None,
};

/// Why the file holding the one header `header` is skipped on `platform`.
fn skip(header: &str, platform: &Platform<'_>) -> Option<String> {
    parsed(&format!("fn main() {{}}\n//@ {header}\n"))
        .headers
        .skip_reason(platform)
}

/// The headers that skip the test on `platform`, among `headers`.
fn skipping<'a>(headers: &[&'a str], platform: &Platform<'_>) -> Vec<&'a str> {
    headers
        .iter()
        .copied()
        .filter(|h| skip(h, platform).is_some())
        .collect()
}

/// Platform conditions, for both hosts.
const PLATFORM_HEADERS: &[&str] = &[
    "ignore-windows",
    "ignore-linux",
    "only-x86_64",
    "only-aarch64",
    "ignore-64bit",
    "ignore-32bit",
    "only-unix",
    "only-windows",
    "ignore-x86",
    "ignore-gnu",
    "ignore-msvc",
    "ignore-windows-msvc",
    "ignore-x86_64-unknown-linux-gnu",
    "ignore-i686-pc-windows-msvc",
    "only-elf",
    "ignore-apple",
    "ignore-endian-big",
    "ignore-wasm",
    "ignore-rustc_abi-x86-sse2",
];

#[test]
fn platform_conditions_are_judged_against_the_host() {
    let headers = PLATFORM_HEADERS;
    assert_eq!(
        skipping(headers, &LINUX),
        [
            "ignore-linux",
            "only-aarch64",
            "ignore-64bit",
            "only-windows",
            "ignore-gnu",
            "ignore-x86_64-unknown-linux-gnu",
        ]
    );
    assert_eq!(
        skipping(headers, &WINDOWS),
        [
            "ignore-windows",
            "only-x86_64",
            "only-aarch64",
            "ignore-32bit",
            "only-unix",
            "ignore-x86",
            "ignore-msvc",
            "ignore-windows-msvc",
            "ignore-i686-pc-windows-msvc",
            "only-elf",
            "ignore-rustc_abi-x86-sse2",
        ]
    );
}

#[test]
fn channel_and_compiler_conditions() {
    let headers = [
        "ignore-stable",
        "only-nightly",
        "ignore-nightly",
        "ignore-test",
        "ignore-auxiliary",
        "ignore-cross-compile",
        "ignore-compare-mode-polonius",
        "ignore-stage1",
        "ignore-backends: gcc",
        "needs-backends: gcc",
    ];
    assert_eq!(
        skipping(&headers, &LINUX),
        [
            "ignore-stable",
            "only-nightly",
            "ignore-test",
            "ignore-auxiliary",
            "needs-backends: gcc"
        ]
    );
    assert_eq!(
        skipping(&headers, &WINDOWS),
        [
            "ignore-nightly",
            "ignore-test",
            "ignore-auxiliary",
            "needs-backends: gcc"
        ]
    );
}

#[test]
fn needs_conditions_met_here_and_those_that_cannot_be_told() {
    let headers = [
        "needs-unwind",
        "needs-asm-support",
        "needs-threads",
        "needs-subprocess",
        "needs-dynamic-linking",
        "needs-symlink",
        "needs-target-has-atomic: 8,64,ptr",
        "needs-target-has-atomic: 128",
        "needs-rustc-debug-assertions",
        "needs-sanitizer-address",
        "needs-llvm-components: x86",
    ];
    assert_eq!(
        skipping(&headers, &LINUX),
        [
            "needs-target-has-atomic: 128",
            "needs-rustc-debug-assertions",
            "needs-sanitizer-address",
            "needs-llvm-components: x86",
        ]
    );
    assert_eq!(
        skip("needs-sanitizer-address", &LINUX).as_deref(),
        Some("`//@ needs-sanitizer-address` (line 2): cannot tell here")
    );
    assert_eq!(
        skip("ignore-linux", &LINUX).as_deref(),
        Some("`//@ ignore-linux` (line 2): this platform matches")
    );
    assert_eq!(
        skip("only-windows", &LINUX).as_deref(),
        Some("`//@ only-windows` (line 2): this platform does not match")
    );
}

#[test]
fn llvm_versions_need_the_version() {
    let headers = [
        "min-llvm-version: 19",
        "min-llvm-version: 20.2",
        "max-llvm-major-version: 19",
        "exact-llvm-major-version: 20",
        "ignore-llvm-version: 20.0.0 - 20.9",
        "ignore-llvm-version: 18",
    ];
    assert_eq!(
        skipping(&headers, &LINUX),
        [
            "min-llvm-version: 20.2",
            "max-llvm-major-version: 19",
            "ignore-llvm-version: 20.0.0 - 20.9"
        ]
    );
    assert_eq!(
        skip("min-llvm-version: 19", &WINDOWS).as_deref(),
        Some("`//@ min-llvm-version` (line 2): cannot tell here")
    );
}

#[test]
fn ui_test_conditions_match_triples_and_widths() {
    let headers = [
        "ignore-target: windows apple",
        "only-target: x86_64",
        "ignore-bitwidth: 64",
        "only-bitwidth: 32",
        "ignore-on-host",
        "ignore-host: linux",
    ];
    assert_eq!(
        skipping(&headers, &LINUX),
        [
            "ignore-bitwidth: 64",
            "only-bitwidth: 32",
            "ignore-on-host",
            "ignore-host: linux"
        ]
    );
}

#[test]
fn the_first_skipping_condition_of_a_revision_gives_the_reason() {
    let read = parsed("//@ revisions: a b\n//@[a] ignore-linux\n//@ only-x86_64\n");
    assert_eq!(read.headers.skip_reason(&LINUX), None);
    let (_, a) = read.for_revision(Some("a"));
    assert_eq!(
        a.skip_reason(&LINUX).as_deref(),
        Some("`//@ ignore-linux` (line 2): this platform matches")
    );
    let (_, b) = read.for_revision(Some("b"));
    assert_eq!(b.skip_reason(&LINUX), None);
}
