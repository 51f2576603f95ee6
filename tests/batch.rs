//! Batched compilation must never change a verdict. A corpus — the catalog, the fixtures,
//! mutations of the catalog (fixed snippet under its old expectation, wrong code, wrong
//! line, broken snippet expected to compile, edition 2015 with `#![allow(unused)]`, the
//! solution run as a program with its stdout and with a wrong one, or under its hidden
//! tests, and the shipped snippet under them), hand-written edge cases of the rules (`super`
//! in and out of modules, `main` returning a `Result` or carrying what an entry point may
//! not), generated snippets (borrow, type, trait,
//! parse, name-resolution errors, warnings, lints, `#[deny]`, unused items) and rustc's own
//! annotated UI tests, as they are and with an annotation one line off — is checked
//! batched and with `--no-batch`; every check must get the same status and the same set of
//! error codes. `cargo test` runs a small corpus; `scripts/equivalence.sh` runs the large
//! one (the ignored test) and prints the figures.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::snipcheck_at_root;

/// One generated fragment: items placed before `main`, statements inside it, the error
/// codes rustc gives them (empty: none), and whether the error has no code.
struct Fragment {
    items: &'static str,
    body: &'static str,
    codes: &'static [&'static str],
    codeless: Option<&'static str>,
}

const FRAGMENTS: &[Fragment] = &[
    Fragment { items: "", body: "let s = String::from(\"a\");\n    let t = s;\n    println!(\"{s}{t}\");", codes: &["E0382"], codeless: None },
    Fragment { items: "", body: "let mut v = vec![1];\n    let first = &v[0];\n    v.push(2);\n    println!(\"{first}\");", codes: &["E0502"], codeless: None },
    Fragment { items: "", body: "let mut s = String::new();\n    let a = &mut s;\n    let b = &mut s;\n    a.push('x');\n    b.push('y');", codes: &["E0499"], codeless: None },
    Fragment { items: "fn longest(x: &str, y: &str) -> &str { if x.len() > y.len() { x } else { y } }", body: "println!(\"{}\", longest(\"a\", \"bb\"));", codes: &["E0106"], codeless: None },
    Fragment { items: "", body: "let n: u32 = \"three\";\n    println!(\"{n}\");", codes: &["E0308"], codeless: None },
    Fragment { items: "struct User { name: String }", body: "let u = User { name: String::new() };\n    println!(\"{}\", u);", codes: &["E0277"], codeless: None },
    Fragment { items: "struct Point { x: i32 }", body: "let a = Point { x: 1 };\n    let b = Point { x: 2 };\n    println!(\"{}\", a == b);", codes: &["E0369"], codeless: None },
    Fragment { items: "", body: "let total = undefined_total + 1;\n    println!(\"{total}\");", codes: &["E0425"], codeless: None },
    Fragment { items: "", body: "let m: HashMap<u32, u32> = HashMap::new();\n    println!(\"{}\", m.len());", codes: &["E0412", "E0433"], codeless: None },
    Fragment { items: "trait Shape { fn area(&self) -> f64; fn name(&self) -> String; }\nstruct Square(f64);\nimpl Shape for Square { fn area(&self) -> f64 { self.0 * self.0 } }", body: "println!(\"{}\", Square(2.0).area());", codes: &["E0046"], codeless: None },
    Fragment { items: "", body: "let x = 5\n    println!(\"{x}\");", codes: &[], codeless: Some("expected `;`") },
    Fragment { items: "fn pick<'a, 'b>(a: &'a str, b: &'b str) -> &'a str { if a.is_empty() { b } else { a } }", body: "println!(\"{}\", pick(\"a\", \"b\"));", codes: &[], codeless: Some("lifetime may not live long enough") },
    Fragment { items: "const LIMIT: u8 = 255 + 1;", body: "println!(\"{}\", LIMIT);", codes: &["E0080"], codeless: None },
    Fragment { items: "", body: "let unused = 3;", codes: &[], codeless: None },
    Fragment { items: "fn helper() -> u32 { 7 }", body: "let doubled: Vec<u32> = (1..4).map(|n| n * 2).collect();\n    println!(\"{doubled:?}\");", codes: &[], codeless: None },
    Fragment { items: "#[derive(Debug, Clone, PartialEq)]\nstruct User { name: String, age: u32 }\nimpl User { fn greet(&self) -> String { format!(\"hi {}\", self.name) } }", body: "let u = User { name: \"a\".into(), age: 3 };\n    println!(\"{} {:?} {}\", u.greet(), u.clone(), u.age);", codes: &[], codeless: None },
    Fragment { items: "#[deny(unused_variables)]\nfn strict() { let unused = 1; }", body: "strict();", codes: &[], codeless: Some("unused variable") },
    Fragment { items: "", body: "let v: Vec<u32> = Vec::new();\n    let s: String = v.iter().sum();\n    println!(\"{s}\");", codes: &["E0277"], codeless: None },
    Fragment { items: "use std::fmt::Display;\nfn show<T: Display>(t: T) -> String { format!(\"<{t}>\") }", body: "println!(\"{}\", show(3));", codes: &[], codeless: None },
    Fragment { items: "", body: "let r;\n    {\n        let short = String::from(\"s\");\n        r = &short;\n    }\n    println!(\"{r}\");", codes: &["E0597"], codeless: None },
];

/// A small deterministic generator (64-bit LCG), so every run checks the same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

fn write_exercise(dir: &Path, toml: &str, main: &str) {
    fs::create_dir_all(dir).expect("mkdir");
    fs::write(dir.join("exercise.toml"), toml).expect("write toml");
    fs::write(dir.join("main.rs"), main).expect("write main.rs");
}

/// `count` generated snippets of one or two fragments, each with the expectation the
/// fragments' known codes give (a wrong guess fails in both modes alike).
fn generate(root: &Path, count: usize) {
    let mut rng = Lcg(0x5eed);
    for n in 0..count {
        let picks: Vec<&Fragment> = (0..1 + rng.next(2))
            .map(|_| &FRAGMENTS[rng.next(FRAGMENTS.len())])
            .collect();
        let mut main = String::new();
        for f in &picks {
            let _ = writeln!(main, "{}", f.items);
        }
        main.push_str("fn main() {\n");
        for f in &picks {
            let _ = writeln!(main, "    {}", f.body);
        }
        main.push_str("}\n");
        let mut codes: Vec<&str> = picks.iter().flat_map(|f| f.codes.iter().copied()).collect();
        codes.sort_unstable();
        codes.dedup();
        let codeless: Vec<&str> = picks.iter().filter_map(|f| f.codeless).collect();
        let mut toml = format!("title = \"Generated {n}\"\n[expect]\n");
        if codes.is_empty() && codeless.is_empty() {
            toml.push_str("outcome = \"compile-pass\"\n");
        } else {
            let _ = writeln!(toml, "outcome = \"compile-fail\"\nerrors = {codes:?}");
            for message in codeless {
                let _ = writeln!(toml, "[[expect.diagnostic]]\nmessage = {message:?}");
            }
        }
        write_exercise(&root.join(format!("generated/g{n:04}")), &toml, &main);
    }
}

/// The catalog's shipped snippets, as they are and mutated, and their solutions as
/// run-pass programs (batched into one binary each run alone), with right and wrong stdout.
fn mutate_catalog(root: &Path, every: usize) {
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises");
    let dirs: Vec<PathBuf> = walkdir::WalkDir::new(&catalog)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "exercise.toml")
        .filter_map(|e| e.path().parent().map(Path::to_path_buf))
        .step_by(every)
        .collect();
    for dir in dirs {
        let name = dir
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = fs::read_to_string(dir.join("exercise.toml")).expect("toml");
        let expect = text[..text.find("[solution]").unwrap_or(text.len())].to_owned();
        let main = fs::read_to_string(dir.join("main.rs")).expect("main.rs");
        let fixed = fs::read_to_string(dir.join("solution.rs")).expect("solution.rs");
        let out = root.join("catalog");
        let write = |variant: &str, toml: &str, main: &str| {
            let to = out.join(format!("{name}_{variant}"));
            write_exercise(&to, toml, main);
            // The hidden tests an expectation names (test-pass solutions build as one
            // `--test` batch).
            if let Ok(tests) = fs::read(dir.join("tests.rs")) {
                fs::write(to.join("tests.rs"), tests).expect("write tests.rs");
            }
        };
        write("as_shipped", &expect, &main);
        write("fixed", &expect, &fixed);
        write("wrong_code", &expect.replace("E0", "E9"), &main);
        write("wrong_line", &shift_lines(&expect), &main);
        let pass = "title = \"Claims to compile\"\n[expect]\noutcome = \"compile-pass\"\n";
        write("claims_to_compile", pass, &main);
        // The fixed program under its [solution] (batched as run-pass programs or with its
        // hidden tests), under a stdout it does not print, and the shipped snippet under it.
        if let Some(solution) = text.find("[solution]").map(|at| &text[at..]) {
            let head = &text[..text.find("[expect]").unwrap_or(0)];
            let runs = format!("{head}{}", solution.replacen("[solution]", "[expect]", 1));
            write("runs", &runs, &fixed);
            let wrong = runs.replacen("stdout = \"", "stdout = \"not ", 1);
            write("runs_wrong_stdout", &wrong, &fixed);
            write("shipped_under_solution", &runs, &main);
        }
        // rustdoc's doctests: edition 2015 by default, `#![allow(unused)]` on every one
        // (on the first line, so no line number moves).
        if !expect.contains("edition") {
            write(
                "2015_allow_unused",
                &format!("edition = \"2015\"\n{expect}"),
                &format!("#![allow(unused)] {main}"),
            );
        }
    }
}

/// Hand-written snippets at the edges of the batching rules, each run-pass (a program
/// batch) and compile-pass (a check batch), with programs beside them so every one has
/// company: `super` inside and outside modules, `main` returning a `Result` that is `Ok`
/// and one that is `Err`, attributes `main` may not carry, and a `main` that is no entry
/// point.
fn edge_cases(root: &Path) {
    const SNIPPETS: &[(&str, &str)] = &[
        ("tests_module", "pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n\nfn main() {\n    println!(\"{}\", add(1, 2));\n}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn adds() {\n        assert_eq!(add(1, 2), 3);\n    }\n}\n"),
        ("nested_supers", "mod outer {\n    pub fn f() -> u8 { 1 }\n    pub mod inner {\n        pub fn g() -> u8 { super::f() + super::super::h() }\n    }\n}\n\nfn h() -> u8 { 2 }\n\nfn main() {\n    println!(\"{}\", outer::inner::g());\n}\n"),
        ("super_at_the_root", "use super::*;\n\nfn main() {}\n"),
        ("pub_super_at_the_root", "pub(super) fn f() {}\n\nfn main() {\n    f();\n}\n"),
        ("too_many_supers", "mod m {\n    pub fn f() { super::super::g() }\n}\n\nfn g() {}\n\nfn main() {\n    m::f();\n}\n"),
        ("main_returns_ok", "fn main() -> Result<(), String> {\n    println!(\"fine\");\n    Ok(())\n}\n"),
        ("main_returns_err", "fn main() -> Result<(), String> {\n    Err(\"no\".to_owned())\n}\n"),
        ("main_returns_a_number", "fn main() -> i32 {\n    0\n}\n"),
        ("main_tracks_its_caller", "#[track_caller]\nfn main() {}\n"),
        ("main_with_generics", "fn main<T>() {}\n"),
        ("main_with_arguments", "fn main(_args: Vec<String>) {}\n"),
        ("plain", "fn main() {\n    println!(\"plain\");\n}\n"),
        ("plain_too", "fn main() {\n    let v: Vec<u8> = (1..4).collect();\n    println!(\"{v:?}\");\n}\n"),
    ];
    for (name, main) in SNIPPETS {
        for outcome in ["run-pass", "compile-pass"] {
            let toml = format!("title = \"Edge: {name}\"\n[expect]\noutcome = \"{outcome}\"\n");
            let dir = root.join("edges").join(format!("{name}_{}", &outcome[..3]));
            write_exercise(&dir, &toml, main);
        }
    }
}

fn shift_lines(toml: &str) -> String {
    toml.lines()
        .map(|l| {
            match l
                .strip_prefix("line = ")
                .and_then(|n| n.trim().parse::<u32>().ok())
            {
                Some(n) => format!("line = {}", n + 1),
                None => l.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Status and error codes of every check, by exercise path and target.
fn verdicts(root: &Path, batched: bool) -> BTreeMap<String, (String, Vec<String>)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut cmd = snipcheck_at_root();
    cmd.args(["check", "--no-cache", "--format", "json"])
        .arg(root);
    cmd.arg(fixtures.join("pass")).arg(fixtures.join("fail"));
    if !batched {
        cmd.arg("--no-batch");
    }
    let out = cmd.output().expect("snipcheck runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let mut map = BTreeMap::new();
    for ex in doc["exercises"].as_array().expect("exercises") {
        for check in ex["checks"].as_array().expect("checks") {
            let key = format!(
                "{} {}",
                ex["path"].as_str().unwrap_or(""),
                check["target"].as_str().unwrap_or("")
            );
            let mut codes: Vec<String> = check["actual"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l.as_str())
                .filter_map(|l| l.strip_prefix("error[E").map(|r| r[..4].to_owned()))
                .collect();
            codes.sort();
            codes.dedup();
            map.insert(
                key,
                (check["status"].as_str().unwrap_or("").to_owned(), codes),
            );
        }
    }
    map
}

/// Every `every`-th of rustc's own UI tests in `fixtures/rustc-ui` (annotated files, edition
/// 2015, every error and warning annotated), as it is and with its first annotation
/// pointing one line off, so that failing annotated files are batched too.
fn annotated(root: &Path, every: usize) {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rustc-ui");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&ui)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter(|p| !p.components().any(|c| c.as_os_str() == "auxiliary"))
        .collect();
    files.sort();
    let dir = root.join("annotated");
    fs::create_dir_all(&dir).expect("mkdir");
    for (i, file) in files.iter().step_by(every).enumerate() {
        let text = fs::read_to_string(file).expect("read a UI test");
        let name = file.file_stem().expect("a name").to_string_lossy();
        fs::write(dir.join(format!("{i:03}_{name}.rs")), &text).expect("write");
        let off = match text.find("//~^") {
            Some(at) => format!("{}//~^^{}", &text[..at], &text[at + 4..]),
            None => text.replacen("//~ ", "//~^ ", 1),
        };
        if off != text {
            fs::write(dir.join(format!("{i:03}_{name}_off.rs")), off).expect("write");
        }
    }
}

fn compare(catalog_step: usize, generated: usize) -> (usize, usize) {
    let root = tempfile::tempdir().expect("temp dir");
    mutate_catalog(root.path(), catalog_step);
    generate(root.path(), generated);
    edge_cases(root.path());
    annotated(root.path(), catalog_step);
    let batched = verdicts(root.path(), true);
    let solo = verdicts(root.path(), false);
    assert_eq!(batched.len(), solo.len(), "both runs see the same checks");
    let differing: Vec<_> = solo
        .iter()
        .filter(|(key, verdict)| batched.get(*key) != Some(verdict))
        .map(|(key, verdict)| format!("{key}: solo {verdict:?}, batched {:?}", batched.get(key)))
        .collect();
    println!(
        "equivalence: {} checks, {} agree, {} differ",
        solo.len(),
        solo.len() - differing.len(),
        differing.len()
    );
    assert!(
        differing.is_empty(),
        "batched verdicts differ:\n{}",
        differing.join("\n")
    );
    let passes = solo.values().filter(|(status, _)| status == "pass").count();
    (solo.len(), passes)
}

#[test]
fn batched_verdicts_equal_solo_verdicts() {
    let (checks, passes) = compare(4, 60);
    assert!(checks >= 150, "{checks} checks");
    assert!(
        passes >= 40,
        "the corpus must hold passing checks too, has {passes}"
    );
}

/// The large corpus: every catalog exercise with all mutations, 600 generated snippets.
#[test]
#[ignore = "large corpus: run by scripts/equivalence.sh"]
fn batched_verdicts_equal_solo_verdicts_large() {
    let (checks, passes) = compare(1, 600);
    println!("large corpus: {checks} checks ({passes} passing) agree");
}
