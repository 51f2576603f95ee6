//! The page around each report and what both pages share: the document with its style
//! sheet, script and Content-Security-Policy (the script's hash), escaping, the look of a
//! status, cards and legends, and a failure opened to its checks' mismatches, diff,
//! rustc's output and the program's stderr. Every text that comes from results goes
//! through `escape` (a submission's output is untrusted).

use std::fmt::Write as _;

use crate::compile::normalize::strip_ansi;
use crate::engine::results::{CheckResult, ExerciseResult, Status, Summary, TestCount};
use crate::grade::stats::mistakes;
use crate::report::VERSION;

/// The page's style sheet.
const CSS: &str = include_str!("html.css");

/// The page's script: sorting, filtering, expanding; the page reads well without it.
const SCRIPT: &str = include_str!("html.js");

/// Characters of the first reason shown on a collapsed failure.
const WHY_CHARS: usize = 160;

/// Buttons that open and close every failure, shown when the script runs.
pub(super) const EXPAND_BUTTONS: &str = "<div class=\"controls\" data-js hidden>\
    <button type=\"button\" id=\"expand-all\">Expand every failure</button>\
    <button type=\"button\" id=\"collapse-all\">Collapse every failure</button></div>\n";

/// `text` safe as HTML text or inside a quoted attribute: `&`, `<`, `>`, `"` and `'`
/// written as character references.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The Content-Security-Policy hash of a script: base64 of its SHA-256.
pub(super) fn script_hash(script: &[u8]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script))
}

/// The whole document around `body`.
pub(super) fn page(title: &str, body: &str) -> String {
    let hash = script_hash(SCRIPT.as_bytes());
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'sha256-{hash}'\">\n\
         <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n{body}\
         <footer>Written by snipcheck {VERSION}.</footer>\n</main>\n<script>{SCRIPT}</script>\n\
         </body>\n</html>\n",
        escape(title)
    )
}

/// How a result looks: its CSS class, a symbol (so colour is not the only sign), a word.
pub(super) fn look(status: Status, partial: bool) -> (&'static str, &'static str, &'static str) {
    match status {
        Status::Pass => ("pass", "✓", "pass"),
        Status::Fail if partial => ("partial", "◐", "partial credit"),
        Status::Fail => ("fail", "✗", "fail"),
        Status::Missing => ("missing", "–", "missing"),
        Status::Error => ("error", "!", "error"),
        Status::Skipped => ("skipped", "·", "skipped"),
    }
}

/// The legend of the colours.
pub(super) fn legend(looks: &[(Status, bool)]) -> String {
    let mut html = String::from("<ul class=\"legend\">");
    for &(status, partial) in looks {
        let (class, symbol, word) = look(status, partial);
        let _ = write!(
            html,
            "<li><span class=\"swatch {class}\"></span>{symbol} {word}</li>"
        );
    }
    html.push_str("</ul>\n");
    html
}

/// A figure for the at-a-glance cards.
pub(super) fn card(value: &str, label: &str) -> String {
    format!(
        "<div class=\"card\"><span class=\"value\">{value}</span><span class=\"label\">{label}</span></div>\n"
    )
}

/// Results by status: `6 passed, 4 failed`, then those of the other statuses there are.
pub(super) fn counts_text(c: &Summary) -> String {
    let mut text = format!("{} passed, {} failed", c.passed, c.failed);
    for (n, what) in [
        (c.missing, "missing"),
        (c.errors, "errors"),
        (c.skipped, "skipped"),
    ] {
        if n > 0 {
            let _ = write!(text, ", {n} {what}");
        }
    }
    text
}

/// Wall time as the page says it.
pub(super) fn took(seconds: f64) -> String {
    format!("took {seconds:.1} s")
}

/// A failing result, collapsed: its status, name, points and first reason; opened, every
/// failing check's mismatches, diff, rustc's output and the program's stderr.
pub(super) fn failure(
    name: &str,
    result: &ExerciseResult,
    of: Option<&str>,
    tests: Option<TestCount>,
    partial: bool,
) -> String {
    let (class, symbol, word) = look(result.status, partial);
    let why = mistakes(result)
        .into_iter()
        .next()
        .map(|s| shorten(&s))
        .unwrap_or_default();
    let of = of
        .map(|o| format!(" <span class=\"pts\">{o}</span>"))
        .unwrap_or_default();
    let mut html = format!(
        "<details class=\"result {class}-result\">\n<summary><span class=\"badge {class}\">{symbol} {word}</span> \
         <span class=\"path\">{}</span>{of}<span class=\"why\">{}</span></summary>\n<div class=\"body\">\n",
        escape(name),
        escape(&why)
    );
    if let Some(message) = &result.message {
        let _ = writeln!(html, "<p class=\"message\">{}</p>", escape(message));
    }
    if let Some(t) = tests {
        let _ = writeln!(
            html,
            "<p class=\"note\">{} of {} hidden tests passed.</p>",
            t.passed, t.total
        );
    }
    for check in result.checks.iter().filter(|c| c.status.fails()) {
        html.push_str(&check_details(check));
    }
    html.push_str("</div>\n</details>\n");
    html
}

/// The first line of `text`, cut to `WHY_CHARS` characters.
pub(super) fn shorten(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() > WHY_CHARS {
        let cut: String = line.chars().take(WHY_CHARS).collect();
        format!("{cut}…")
    } else {
        line.to_owned()
    }
}

fn check_details(check: &CheckResult) -> String {
    let mut html = format!(
        "<h4>{} ({})</h4>\n",
        escape(&check.checked.to_string()),
        escape(check.expect.as_str())
    );
    if let Some(error) = &check.error {
        let _ = writeln!(
            html,
            "<p class=\"message\">{}</p>",
            escape(&error.to_string())
        );
        return html;
    }
    if !check.mismatches.is_empty() {
        html.push_str("<ul>");
        for mismatch in &check.mismatches {
            let _ = write!(html, "<li>{}</li>", escape(&mismatch.to_string()));
        }
        html.push_str("</ul>\n");
    }
    if let Some(diff) = &check.diff {
        html.push_str("<p class=\"output\">diff</p>\n");
        html.push_str(&diff_html(diff));
    }
    let rendered = strip_ansi(&check.rendered);
    if !rendered.trim().is_empty() {
        html.push_str(&labelled_pre("rustc's output", &rendered));
    }
    if !check.program_stderr.trim().is_empty() {
        html.push_str(&labelled_pre(
            "the program's stderr",
            &strip_ansi(&check.program_stderr),
        ));
    }
    html
}

fn labelled_pre(label: &str, text: &str) -> String {
    format!(
        "<p class=\"output\">{label}</p>\n<pre>{}</pre>\n",
        escape(text.trim_end())
    )
}

/// A unified diff with added, removed and hunk lines marked.
fn diff_html(diff: &str) -> String {
    let mut html = String::from("<pre class=\"diff\">");
    for line in diff.lines() {
        let class = if line.starts_with("+++") || line.starts_with("---") {
            Some("file")
        } else {
            match line.as_bytes().first() {
                Some(b'+') => Some("add"),
                Some(b'-') => Some("del"),
                Some(b'@') => Some("hunk"),
                _ => None,
            }
        };
        match class {
            Some(class) => {
                let _ = writeln!(html, "<span class=\"{class}\">{}</span>", escape(line));
            }
            None => {
                let _ = writeln!(html, "{}", escape(line));
            }
        }
    }
    html.push_str("</pre>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(escape("<b>"), "&lt;b&gt;");
        assert_eq!(escape("a & b"), "a &amp; b");
        assert_eq!(escape("\"x\""), "&quot;x&quot;");
        assert_eq!(escape("it's"), "it&#39;s");
        assert_eq!(
            escape("<script>alert('1')</script>"),
            "&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("plain ✓ text"), "plain ✓ text");
    }

    #[test]
    fn script_hashes_are_base64_sha256() {
        assert_eq!(
            script_hash(b""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn diffs_mark_their_lines() {
        assert_eq!(
            diff_html("--- expected\n+++ actual\n@@ -1 +1 @@\n-a <x>\n+b\n ctx\n"),
            "<pre class=\"diff\"><span class=\"file\">--- expected</span>\n<span class=\"file\">+++ actual</span>\n\
             <span class=\"hunk\">@@ -1 +1 @@</span>\n<span class=\"del\">-a &lt;x&gt;</span>\n\
             <span class=\"add\">+b</span>\n ctx\n</pre>\n"
        );
    }
}
