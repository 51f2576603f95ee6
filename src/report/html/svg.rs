//! The report's figures as inline SVG: the histogram of scores and the stacked bar of
//! results by status. Only geometry and colour live here; the figures come from
//! `grade::stats` and the run's counts.

use std::fmt::Write as _;

use super::page::look;
use crate::engine::results::{Status, Summary};
use crate::grade::stats::BINS;

/// Where the histogram's bars stand in its SVG: left, top, width and height.
const PLOT: (f64, f64, f64, f64) = (28.0, 16.0, 480.0, 140.0);

/// The histogram of scores, students per ten percentage points, as an SVG figure.
pub(super) fn histogram(bins: &[usize; BINS]) -> String {
    let tallest = bins.iter().copied().max().unwrap_or(0).max(1);
    let (left, top, width, height) = PLOT;
    let mut svg = format!(
        "<figure>\n<figcaption>Scores</figcaption>\n<svg viewBox=\"0 0 520 196\" role=\"img\" \
         aria-label=\"Histogram of scores: students per ten percentage points\">\n\
         <line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#d1d9e0\"/>\n",
        top + height,
        left + width,
        top + height
    );
    for (i, &n) in bins.iter().enumerate() {
        svg.push_str(&histogram_bin(i, n, tallest));
    }
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">100%</text>\n\
         <text x=\"{:.1}\" y=\"192\" text-anchor=\"middle\">score (percent of the points)</text>\n</svg>\n</figure>",
        // Right-aligned under the axis's end, so the label stays inside the figure.
        left + width + 10.0,
        top + height + 16.0,
        left + width / 2.0
    );
    svg
}

/// Bin `i` of the histogram, holding `n` students: its bar, count and axis label.
fn histogram_bin(i: usize, n: usize, tallest: usize) -> String {
    let (left, top, width, height) = PLOT;
    let bar = width / BINS as f64;
    let h = height * n as f64 / tallest as f64;
    let (x, y) = (left + bar * i as f64, top + height - h);
    let colour = match i {
        0..=4 => "#cf222e",
        5..=7 => "#d4a72c",
        _ => "#1a7f37",
    };
    let upper = if i == BINS - 1 { 100 } else { i * 10 + 9 };
    let mut svg = format!(
        "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\" rx=\"3\" fill=\"{colour}\">\
         <title>{n} scored {}–{upper}%</title></rect>\n",
        x + 4.0,
        bar - 8.0,
        i * 10
    );
    if n > 0 {
        let _ = writeln!(
            svg,
            "<text class=\"count\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text>",
            x + bar / 2.0,
            y - 4.0
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        top + height + 16.0,
        i * 10
    );
    svg
}

/// The results by status as one stacked bar, with a legend that counts them.
pub(super) fn status_bar(c: &Summary, caption: &str) -> String {
    let parts = [
        (Status::Pass, c.passed),
        (Status::Fail, c.failed),
        (Status::Missing, c.missing),
        (Status::Error, c.errors),
        (Status::Skipped, c.skipped),
    ];
    let total: usize = parts.iter().map(|(_, n)| n).sum();
    let mut svg = format!(
        "<figure class=\"bar\">\n<figcaption>{caption}</figcaption>\n<svg viewBox=\"0 0 600 18\" \
         role=\"img\" aria-label=\"{caption} by status\" preserveAspectRatio=\"none\">\n"
    );
    let mut x = 0.0;
    let mut legend = String::from("<ul class=\"legend\">");
    for (status, n) in parts.into_iter().filter(|(_, n)| *n > 0) {
        let (class, symbol, word) = look(status, false);
        let w = 600.0 * n as f64 / total.max(1) as f64;
        let _ = writeln!(
            svg,
            "<rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"18\" fill=\"{}\"><title>{n} {word}</title></rect>",
            fill(status)
        );
        let _ = write!(
            legend,
            "<li><span class=\"swatch {class}\"></span>{symbol} {n} {word}</li>"
        );
        x += w;
    }
    svg.push_str("</svg>\n");
    legend.push_str("</ul>\n");
    format!("{svg}{legend}</figure>\n")
}

/// The colour of a status in SVG.
fn fill(status: Status) -> &'static str {
    match status {
        Status::Pass => "#1a7f37",
        Status::Fail => "#cf222e",
        Status::Missing => "#8c959f",
        Status::Error => "#8250df",
        Status::Skipped => "#d1d9e0",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_axis_label_stays_inside_the_figure() {
        let svg = histogram(&[1; BINS]);
        let label = svg
            .lines()
            .find(|l| l.contains(">100%</text>"))
            .expect("the 100% label");
        assert!(label.contains("text-anchor=\"end\""), "{label}");
        let x: f64 = label
            .split("x=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|x| x.parse().ok())
            .expect("its x");
        assert!(x <= 520.0, "{label}");
    }

    #[test]
    fn histogram_bars_say_their_counts() {
        let mut bins = [0; BINS];
        (bins[0], bins[9]) = (1, 2);
        let svg = histogram(&bins);
        assert!(svg.contains("<title>2 scored 90–100%</title>"));
        assert!(svg.contains("<title>1 scored 0–9%</title>"));
        assert!(svg.contains("<title>0 scored 50–59%</title>"));
    }
}
