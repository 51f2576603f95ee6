//! When a test is skipped: its `ignore-*`, `only-*` and `needs-*` headers (and the
//! version ones, `min-llvm-version`...), kept as data and judged against the platform the
//! caller describes. What cannot be told from that description ("needs-sanitizer-address",
//! an LLVM version nobody gave) skips the test with a reason saying so, rather than
//! running a test whose premise may not hold.

/// Which way a condition decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ConditionKind {
    /// `ignore-X`: skipped when X holds.
    Ignore,
    /// `only-X`: skipped unless X holds.
    Only,
    /// `needs-X` and the version minimums: skipped unless X is available.
    Needs,
}

/// One skip condition, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Condition {
    /// Which way it decides.
    pub(crate) kind: ConditionKind,
    /// What it is about: the name less its `ignore-`/`only-`/`needs-` (`windows`,
    /// `64bit`, `unwind`, ui_test's `target`); the whole name for version headers
    /// (`min-llvm-version`).
    pub(crate) what: String,
    /// What follows the name: ui_test's and the version headers' arguments
    /// (`target: windows`, `needs-llvm-components: x86`), else a remark.
    pub(crate) value: Option<String>,
    /// 1-based line it is on.
    pub(crate) line: u32,
}

/// The platform tests run on, as the caller knows it (from `rustc -vV`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Platform<'a> {
    /// The host (and target) triple, `x86_64-unknown-linux-gnu`.
    pub(crate) triple: &'a str,
    /// The target OS as `cfg(target_os)` names it: `linux`, `macos`, `windows`.
    pub(crate) os: &'a str,
    /// The pointer width in bits.
    pub(crate) pointer_width: u32,
    /// `stable`, `beta` or `nightly` (`dev` counts as `nightly`).
    pub(crate) channel: &'a str,
    /// rustc's LLVM version (major, minor, patch), when known.
    pub(crate) llvm: Option<(u32, u32, u32)>,
}

/// Headers whose name is a version minimum, kept whole as `what`.
const VERSION_NEEDS: &[&str] = &[
    "min-llvm-version",
    "min-system-llvm-version",
    "exact-llvm-major-version",
    "max-llvm-major-version",
    "min-gdb-version",
    "min-lldb-version",
    "min-cdb-version",
];

impl Condition {
    /// The condition a known header is, if it is one (`ignore-pass` is not: it is about
    /// compiletest's `--pass` option).
    pub(crate) fn from_header(name: &str, value: Option<&str>, line: u32) -> Option<Condition> {
        let (kind, what) = if VERSION_NEEDS.contains(&name) {
            (ConditionKind::Needs, name)
        } else if let Some(what) = name.strip_prefix("ignore-").filter(|w| *w != "pass") {
            (ConditionKind::Ignore, what)
        } else if let Some(what) = name.strip_prefix("only-") {
            (ConditionKind::Only, what)
        } else {
            (ConditionKind::Needs, name.strip_prefix("needs-")?)
        };
        Some(Condition {
            kind,
            what: what.to_owned(),
            value: value.map(str::to_owned),
            line,
        })
    }

    /// Why the test is skipped on `platform` because of this condition, if it is.
    pub(crate) fn skip_reason(&self, platform: &Platform<'_>) -> Option<String> {
        let value = self.value.as_deref().unwrap_or("");
        let holds = match self.kind {
            ConditionKind::Needs => needs(&self.what, value, platform),
            _ => is(&self.what, value, platform),
        };
        let header = match self.kind {
            ConditionKind::Ignore => format!("ignore-{}", self.what),
            ConditionKind::Only => format!("only-{}", self.what),
            ConditionKind::Needs if self.what.contains("version") => self.what.clone(),
            ConditionKind::Needs => format!("needs-{}", self.what),
        };
        let why = match (self.kind, holds) {
            (_, None) => "cannot tell here",
            (ConditionKind::Ignore, Some(true)) => "this platform matches",
            (ConditionKind::Only, Some(false)) => "this platform does not match",
            (ConditionKind::Needs, Some(false)) => "not available here",
            _ => return None,
        };
        Some(format!("`//@ {header}` (line {}): {why}", self.line))
    }
}

/// The facts of a platform that conditions name.
struct Facts<'a> {
    /// compiletest's architecture name (`x86` for `i686`, `arm` for `armv7`).
    arch: &'a str,
    /// The triple's architecture as written (`powerpc64le`, `armv7`).
    raw_arch: &'a str,
    /// The environment (`gnu`, `musl`, `msvc`, `sgx`), empty when none.
    env: &'a str,
    /// Whether the target is of the unix family.
    unix: bool,
    /// Whether the target is wasm.
    wasm: bool,
}

/// What `platform` is, in the words conditions use.
fn facts<'a>(platform: &Platform<'a>) -> Facts<'a> {
    let raw_arch = platform.triple.split('-').next().unwrap_or("");
    let last = platform.triple.rsplit('-').next().unwrap_or("");
    let env = ["gnu", "musl", "msvc", "sgx", "uclibc", "newlib"]
        .into_iter()
        .find(|e| last.starts_with(e))
        .unwrap_or("");
    let wasm = raw_arch.starts_with("wasm");
    let not_unix = ["windows", "none", "uefi", "unknown", "wasi", "cuda"].contains(&platform.os)
        || (wasm && platform.os != "emscripten");
    Facts {
        arch: arch_name(raw_arch),
        raw_arch,
        env,
        unix: !not_unix,
        wasm,
    }
}

/// compiletest's (rustc's `target_arch`) name of a triple's architecture.
fn arch_name(raw: &str) -> &str {
    match raw {
        "i386" | "i586" | "i686" => "x86",
        "powerpc64le" => "powerpc64",
        "riscv64gc" | "riscv64imac" => "riscv64",
        "mipsel" => "mips",
        "mips64el" => "mips64",
        _ if raw.starts_with("arm") && raw != "arm64ec" || raw.starts_with("thumb") => "arm",
        _ if raw.starts_with("riscv32") => "riscv32",
        _ => raw,
    }
}

/// Whether the condition named `what` (of `ignore-`/`only-`) holds on `platform`;
/// `None` when that cannot be told.
fn is(what: &str, value: &str, platform: &Platform<'_>) -> Option<bool> {
    let facts = facts(platform);
    let words = || value.split_whitespace().take_while(|w| *w != "#");
    Some(match what {
        "test" | "auxiliary" | "stage2" | "on-host" => true,
        "stable" | "beta" | "nightly" => what == channel(platform.channel),
        "16bit" | "32bit" | "64bit" => what == format!("{}bit", platform.pointer_width),
        "unix" => facts.unix,
        "wasm" => facts.wasm,
        "thumb" | "i586" => platform.triple.starts_with(what),
        "apple" => platform.triple.contains("apple"),
        "elf" => facts.unix && !platform.triple.contains("apple") && platform.os != "aix",
        "endian-big" => big_endian(facts.raw_arch),
        "rustc_abi-x86-sse2" => platform.triple.starts_with("i686"),
        "eabi" | "eabihf" | "macabi" | "x32" => platform.triple.ends_with(what),
        "target" | "host" => words().any(|w| platform.triple.contains(w)),
        "bitwidth" => words().any(|w| w == platform.pointer_width.to_string()),
        "backends" => words().any(|w| w == "llvm"),
        "llvm-version" => llvm_in(value, platform.llvm?)?,
        "std-remap-debuginfo" => return None,
        _ if never_here(what) => false,
        _ if what == facts.arch || what == platform.os || what == facts.env => true,
        _ if what == format!("{}-{}", platform.os, facts.env) => true,
        _ if what.matches('-').count() >= 2 => what == platform.triple,
        _ if what
            .split_once('-')
            .is_some_and(|(os, env)| KNOWN_WORDS.contains(&os) && KNOWN_WORDS.contains(&env)) =>
        {
            false
        }
        _ if KNOWN_WORDS.contains(&what) => false,
        _ => return None,
    })
}

/// Conditions that never hold for a run of snipcheck: no debugger, no remote runner,
/// no cross-compiling, a release compiler, the UI test mode.
fn never_here(what: &str) -> bool {
    const NEVER: &[&str] = &[
        "cross-compile",
        "remote",
        "stage0",
        "stage1",
        "cdb",
        "gdb",
        "lldb",
        "gdb-version",
        "coverage-map",
        "coverage-run",
        "enzyme",
        "offload",
        "dist",
        "parallel-frontend",
        "rustc-debug-assertions",
        "std-debug-assertions",
    ];
    NEVER.contains(&what) || what.starts_with("compare-mode-")
}

/// Architectures, OSes and environments compiletest's conditions name: one of these that
/// is not this platform's does not hold.
const KNOWN_WORDS: &[&str] = &[
    "aarch64",
    "arm",
    "arm64ec",
    "avr",
    "bpf",
    "loongarch32",
    "loongarch64",
    "mips",
    "mips64",
    "msp430",
    "nvptx64",
    "powerpc",
    "powerpc64",
    "riscv32",
    "riscv64",
    "s390x",
    "sparc",
    "sparc64",
    "spirv",
    "wasm32",
    "wasm64",
    "x86",
    "x86_64",
    "aix",
    "android",
    "emscripten",
    "freebsd",
    "fuchsia",
    "haiku",
    "horizon",
    "hurd",
    "illumos",
    "ios",
    "linux",
    "macos",
    "netbsd",
    "none",
    "nto",
    "openbsd",
    "tvos",
    "uefi",
    "visionos",
    "vxworks",
    "wasi",
    "watchos",
    "windows",
    "unknown",
    "uwp",
    "gnu",
    "msvc",
    "musl",
    "sgx",
];

/// The channel compiletest compares with (`dev` is `nightly`).
fn channel(channel: &str) -> &str {
    if channel == "dev" {
        "nightly"
    } else {
        channel
    }
}

/// Whether an architecture (as written in a triple) is big-endian.
fn big_endian(raw_arch: &str) -> bool {
    matches!(
        raw_arch,
        "s390x" | "sparc" | "sparc64" | "powerpc" | "powerpc64" | "mips" | "mips64" | "m68k"
    )
}

/// Whether the `needs-*` (or version) condition `what` is met on `platform`; `None` when
/// that cannot be told.
fn needs(what: &str, value: &str, platform: &Platform<'_>) -> Option<bool> {
    let facts = facts(platform);
    let hosted = platform.os != "none" && !facts.wasm;
    let common = ["x86_64", "aarch64"].contains(&facts.arch);
    Some(match what {
        "unwind" | "threads" | "subprocess" | "target-std" => hosted,
        "run-enabled" | "deterministic-layouts" => true,
        "min-gdb-version" | "min-lldb-version" | "min-cdb-version" => true,
        "min-system-llvm-version" => true,
        "rustc-debug-assertions" | "std-debug-assertions" => false,
        "backends" => value.split_whitespace().any(|w| w == "llvm"),
        "asm-support" => ASM_ARCHS.contains(&facts.arch),
        "dynamic-linking" | "crate-type" if hosted && facts.env != "musl" => true,
        "symlink" | "relocation-model-pic" if facts.unix => true,
        "target-has-atomic" if common => !value.split(',').any(|w| w.trim() == "128"),
        "min-llvm-version" => llvm_version(value)? <= platform.llvm?,
        "exact-llvm-major-version" => llvm_version(value)?.0 == platform.llvm?.0,
        "max-llvm-major-version" => platform.llvm?.0 <= llvm_version(value)?.0,
        _ => return None,
    })
}

/// Architectures with stable inline assembly.
const ASM_ARCHS: &[&str] = &[
    "x86",
    "x86_64",
    "arm",
    "aarch64",
    "arm64ec",
    "riscv32",
    "riscv64",
    "loongarch32",
    "loongarch64",
    "s390x",
];

/// A version written `19`, `19.1` or `19.1.7-rc1`, as (major, minor, patch).
fn llvm_version(text: &str) -> Option<(u32, u32, u32)> {
    let digits = text
        .trim()
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .next()?;
    let mut parts = digits.split('.').map(str::parse::<u32>);
    let major = parts.next()?.ok()?;
    let minor = parts.next().transpose().ok()?.unwrap_or(0);
    let patch = parts.next().transpose().ok()?.unwrap_or(0);
    Some((major, minor, patch))
}

/// Whether `version` lies in `ignore-llvm-version`'s `MIN [- MAX]` range.
fn llvm_in(range: &str, version: (u32, u32, u32)) -> Option<bool> {
    let (min, max) = match range.split_once(" - ") {
        Some((min, max)) => (llvm_version(min)?, llvm_version(max)?),
        None => (llvm_version(range)?, llvm_version(range)?),
    };
    Some(min <= version && version <= max)
}
