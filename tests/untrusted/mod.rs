//! What the tests of untrusted code share: the secrets that must never reach a report,
//! and the processes a run may have left behind.

/// Lines of /etc/passwd long enough to be unmistakable in any output.
pub fn passwd_lines() -> Vec<String> {
    std::fs::read_to_string("/etc/passwd")
        .unwrap_or_default()
        .lines()
        .filter(|l| l.len() > 12)
        .map(str::to_owned)
        .collect()
}

/// Processes whose command line contains `marker` or whose working directory is below it.
pub fn processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc")
        .expect("/proc")
        .filter_map(Result::ok)
    {
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        let cwd = std::fs::read_link(entry.path().join("cwd")).unwrap_or_default();
        if cmdline.contains(marker) || cwd.starts_with(marker) {
            let pid = entry.file_name().to_string_lossy().into_owned();
            found.push(format!("{pid}: {cmdline} in {}", cwd.display()));
        }
    }
    found
}
