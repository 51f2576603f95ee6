//! ANSI styling for the human report, switched off entirely when colour is off.

/// A text style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Bold green: passes.
    Pass,
    /// Bold red: failures.
    Fail,
    /// Bold magenta: errors.
    Error,
    /// Yellow: skipped.
    Skip,
    /// Green: added diff lines.
    Added,
    /// Red: removed diff lines.
    Removed,
    /// Cyan: diff hunk headers.
    Hunk,
    /// Bold: headings.
    Bold,
    /// Dim: details.
    Dim,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Self::Pass => "1;32",
            Self::Fail => "1;31",
            Self::Error => "1;35",
            Self::Skip => "33",
            Self::Added => "32",
            Self::Removed => "31",
            Self::Hunk => "36",
            Self::Bold => "1",
            Self::Dim => "2",
        }
    }
}

/// Paints text when colour is on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Painter {
    /// Whether to emit ANSI codes.
    pub(crate) color: bool,
}

impl Painter {
    /// `text` in `style`, or plain.
    pub(crate) fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("\x1b[{}m{text}\x1b[0m", style.code())
        } else {
            text.to_owned()
        }
    }

    /// A unified diff with added and removed lines coloured.
    pub(crate) fn diff(&self, diff: &str) -> String {
        diff.lines()
            .map(|line| {
                let style = match line.as_bytes().first() {
                    _ if line.starts_with("+++") || line.starts_with("---") => Style::Bold,
                    Some(b'+') => Style::Added,
                    Some(b'-') => Style::Removed,
                    Some(b'@') => Style::Hunk,
                    _ => return format!("{line}\n"),
                };
                format!("{}\n", self.paint(style, line))
            })
            .collect()
    }

    /// rustc's rendered output: kept as it is with colour, stripped without.
    pub(crate) fn rendered(&self, rendered: &str) -> String {
        if self.color {
            rendered.to_owned()
        } else {
            crate::compile::normalize::strip_ansi(rendered)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_codes_without_colour() {
        let plain = Painter { color: false };
        assert_eq!(plain.paint(Style::Fail, "FAIL"), "FAIL");
        assert_eq!(plain.diff("-a\n+b\n"), "-a\n+b\n");
        assert_eq!(plain.rendered("\x1b[1merror\x1b[0m"), "error");
    }

    #[test]
    fn codes_with_colour() {
        let painter = Painter { color: true };
        assert_eq!(painter.paint(Style::Pass, "PASS"), "\x1b[1;32mPASS\x1b[0m");
        assert!(painter.diff("+b\n").starts_with("\x1b[32m+b"));
    }
}
