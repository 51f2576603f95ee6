//! What the integration tests that compare whole reports share: durations written as 0,
//! since they differ from one run to the next.

/// Every duration a report holds, written as 0: JSON `*_ms` fields, JUnit `time`
/// attributes, Exercism's and the human report's seconds, and the HTML report's `took`.
pub fn durations_as_zero(text: &str) -> String {
    let mut out = text.to_owned();
    for (before, digits_end) in [
        ("_ms\": ", ",}\n"),
        (" time=\"", "\""),
        ("time\": ", ",}\n"),
        ("took ", " "),
    ] {
        out = zero_after(&out, before, digits_end);
    }
    out
}

/// Replaces the number after every `marker` (up to one of `ends`) with `0`.
fn zero_after(text: &str, marker: &str, ends: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at + marker.len()]);
        rest = &rest[at + marker.len()..];
        let len = rest.find(|c: char| ends.contains(c)).unwrap_or(rest.len());
        if rest[..len].chars().all(|c| c.is_ascii_digit() || c == '.') && len > 0 {
            out.push('0');
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out
}
