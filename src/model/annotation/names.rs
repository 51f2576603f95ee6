//! The header names a test file may use: those compiletest (rustc 1.96) knows, grouped
//! by prefix, and those of ui_test (clippy's and miri's runner) that compiletest does not
//! have. A name in neither list is a mistake, reported with the closest known name.

/// What may follow `ignore-` in compiletest.
const IGNORE: &str = "\
    16bit 32bit 64bit aarch64 aarch64-pc-windows-msvc aarch64-unknown-linux-gnu \
    aix android apple arm arm-unknown-linux-gnueabi arm-unknown-linux-gnueabihf \
    arm-unknown-linux-musleabi arm-unknown-linux-musleabihf auxiliary avr backends beta cdb \
    compare-mode-next-solver compare-mode-polonius coverage-map coverage-run cross-compile \
    eabi elf emscripten endian-big enzyme freebsd fuchsia gdb gdb-version gnu haiku horizon \
    hurd i586 i686-pc-windows-gnu i686-pc-windows-msvc illumos ios linux lldb llvm-version \
    loongarch32 loongarch64 macabi macos msp430 msvc musl netbsd nightly none nto nvptx64 \
    nvptx64-nvidia-cuda openbsd parallel-frontend pass powerpc powerpc64 remote riscv32 \
    riscv64 rustc-debug-assertions rustc_abi-x86-sse2 s390x sgx sparc64 spirv stable stage1 \
    stage2 std-debug-assertions test thumb thumbv8m.base-none-eabi thumbv8m.main-none-eabi \
    tvos uefi unix unknown uwp visionos vxworks wasi wasm wasm32 wasm32-unknown-unknown \
    wasm64 watchos windows windows-gnu windows-msvc x32 x86 x86_64 x86_64-apple-darwin \
    x86_64-pc-windows-gnu x86_64-unknown-linux-gnu";

/// What may follow `only-` in compiletest.
const ONLY: &str = "\
    16bit 32bit 64bit aarch64 aarch64-apple-darwin aarch64-unknown-linux-gnu \
    aarch64-unknown-uefi apple arm arm64ec armv7-unknown-linux-gnueabihf avr beta bpf cdb \
    dist eabihf elf emscripten endian-big gnu i686-pc-windows-gnu i686-pc-windows-msvc \
    i686-unknown-linux-gnu ios linux loongarch32 loongarch64 loongarch64-unknown-linux-gnu \
    macos mips mips64 msp430 msvc musl nightly nvptx64 powerpc riscv32 riscv64 \
    rustc_abi-x86-sse2 s390x sparc sparc64 stable thumb tvos uefi unix visionos wasm32 \
    wasm32-unknown-emscripten wasm32-unknown-unknown wasm32-wasip1 watchos windows \
    windows-gnu windows-msvc x86 x86_64 x86_64-apple-darwin x86_64-fortanix-unknown-sgx \
    x86_64-pc-windows-gnu x86_64-pc-windows-msvc x86_64-unknown-linux-gnu";

/// What may follow `needs-` in compiletest.
const NEEDS: &str = "\
    asm-support backends crate-type deterministic-layouts dlltool dynamic-linking enzyme \
    force-clang-based-tests git-hash llvm-components llvm-zstd offload profiler-runtime \
    relocation-model-pic run-enabled rust-lld rustc-debug-assertions sanitizer-address \
    sanitizer-cfi sanitizer-dataflow sanitizer-hwaddress sanitizer-kasan sanitizer-kcfi \
    sanitizer-khwasan sanitizer-leak sanitizer-memory sanitizer-memtag sanitizer-realtime \
    sanitizer-safestack sanitizer-shadow-call-stack sanitizer-support sanitizer-thread \
    std-debug-assertions std-remap-debuginfo subprocess symlink target-has-atomic target-std \
    threads unwind wasmtime xray";

/// compiletest's other header names.
const OTHER: &str = "\
    add-minicore assembly-output aux-bin aux-build aux-codegen-backend aux-crate \
    build-aux-docs build-fail build-pass cdb-check cdb-command check-fail check-pass \
    check-run-results check-stdout check-test-line-numbers-match compare-output-by-lines \
    compile-flags disable-gdb-pretty-printers doc-flags dont-check-compiler-stderr \
    dont-check-compiler-stdout dont-check-failure-status dont-require-annotations edition \
    error-pattern exact-llvm-major-version exec-env failure-status filecheck-flags \
    forbid-output force-host gdb-check gdb-command incremental known-bug lldb-check \
    lldb-command llvm-cov-flags max-llvm-major-version min-cdb-version min-gdb-version \
    min-lldb-version min-llvm-version min-system-llvm-version minicore-compile-flags \
    no-auto-check-cfg no-prefer-dynamic normalize-stderr normalize-stderr-32bit \
    normalize-stderr-64bit normalize-stdout pp-exact pretty-compare-only pretty-mode \
    proc-macro reference regex-error-pattern remap-src-base revisions run-crash run-fail \
    run-fail-or-crash run-flags run-pass run-rustfix rustc-env \
    rustfix-only-machine-applicable should-fail should-ice stderr-per-bitwidth test-mir-pass \
    unique-doc-out-dir unset-exec-env unset-rustc-env unused-revision-names";

/// ui_test's names that compiletest lacks (its conditions take their values after a
/// colon: `//@ignore-target: windows`). `normalize-stderr-test` was compiletest's own
/// name before it became `normalize-stderr`.
const UI_TEST: &str = "\
    error-in-other-file normalize-stderr-test normalize-stdout-test \
    require-annotations-for-level run no-rustfix \
    ignore-target only-target ignore-host only-host ignore-on-host only-on-host \
    ignore-bitwidth only-bitwidth";

/// Whether `name` is a header compiletest or ui_test knows.
pub(crate) fn is_known(name: &str) -> bool {
    let within = |list: &str, word: &str| list.split_whitespace().any(|w| w == word);
    let conditions = [("ignore-", IGNORE), ("only-", ONLY), ("needs-", NEEDS)];
    conditions.iter().any(|(prefix, list)| {
        name.strip_prefix(prefix)
            .is_some_and(|rest| within(list, rest))
    }) || within(OTHER, name)
        || within(UI_TEST, name)
}

/// Every known name, for suggesting one in place of a typo.
pub(crate) fn all() -> Vec<String> {
    let prefixed = |prefix: &'static str, list: &'static str| {
        list.split_whitespace().map(move |w| format!("{prefix}{w}"))
    };
    prefixed("ignore-", IGNORE)
        .chain(prefixed("only-", ONLY))
        .chain(prefixed("needs-", NEEDS))
        .chain(prefixed("", OTHER))
        .chain(prefixed("", UI_TEST))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiletest_and_ui_test_names_are_known_and_others_are_not() {
        for name in [
            "check-pass",
            "ignore-windows",
            "only-x86_64",
            "needs-unwind",
            "ignore-target",
            "normalize-stderr-test",
            "error-in-other-file",
        ] {
            assert!(is_known(name), "{name}");
        }
        for name in [
            "ignore-beos",
            "only-foo",
            "needs-bar",
            "compile-fail",
            "",
            "ignore-",
        ] {
            assert!(!is_known(name), "{name}");
        }
        assert_eq!(all().iter().filter(|n| is_known(n)).count(), all().len());
        assert!(all().len() > 290);
    }
}
