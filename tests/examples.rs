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
