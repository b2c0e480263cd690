//! Server-rendered charts: readable without JavaScript, printable, and
//! always paired with the numbers in text (each chart is labelled, and the
//! pages show the same figures in a table beside it).
//!
//! Bar charts are HTML rows (the label is text that wraps, so labels never
//! overlap at any width) with a small SVG bar each; the column chart is one
//! SVG whose axis labels are thinned and slanted so that they never touch.
//! Colours come from `app.css` (classes, no inline style: the CSP forbids
//! it), and a legend says what each colour or mark means.

use maud::{Markup, html};

/// Width of a bar's SVG coordinate space; bars are drawn in per cent of it.
const TRACK: u64 = 1000;

/// A horizontal bar per row; `target` draws a marker line on the row.
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub target: Option<u64>,
    /// A stage or other value the bar's colour stands for
    /// (`data-tone` in `app.css`); `None`: the plain colour.
    pub tone: Option<&'static str>,
}

/// One entry of a chart's legend: a swatch (`kind`: `bar`, `target` or a
/// tone) and what it means.
pub struct Key {
    pub kind: &'static str,
    pub label: String,
}

pub fn legend(keys: &[Key]) -> Markup {
    html! {
        @if !keys.is_empty() {
            ul class="chart-legend" {
                @for key in keys {
                    li { span class="swatch" data-key=(key.kind) aria-hidden="true" {} (key.label) }
                }
            }
        }
    }
}

/// Horizontal bars. The figure is one image for assistive technologies
/// (named `title`); the table beside it gives the same figures.
pub fn bars(id: &str, title: &str, rows: &[Bar]) -> Markup {
    let max = rows
        .iter()
        .map(|r| r.value.max(r.target.unwrap_or(0)))
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = |v: u64| v * TRACK / max;
    html! {
        div class="bar-chart" id=(id) role="img" aria-label=(title) {
            @for row in rows {
                div class="bar-row" {
                    span class="bar-label" { (row.label) }
                    svg class="bar-track" viewBox={ "0 0 " (TRACK) " 20" } preserveAspectRatio="none"
                        aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg" {
                        rect class="bar-fill" data-tone=[row.tone] x="0" y="2" width=(scale(row.value)) height="16" {}
                        @if let Some(target) = row.target {
                            @let x = scale(target).clamp(3, TRACK - 3);
                            line class="bar-target" x1=(x) x2=(x) y1="0" y2="20" vector-effect="non-scaling-stroke" {}
                        }
                    }
                    span class="bar-value" {
                        (row.value)
                        @if let Some(target) = row.target { " / " (target) }
                    }
                }
            }
        }
    }
}

/// One column of [`columns`]: the full label (in its tooltip) and the
/// short one under the axis.
pub struct Column {
    pub label: String,
    pub short: String,
    pub value: u64,
}

/// Width of the column chart's coordinate space and its font size: at a
/// phone's width the text is drawn at about 3/4 of this, on a desktop
/// at most 4/3 (the chart's box is bounded in `app.css`).
const WIDTH: u32 = 480;
const FONT: u32 = 12;
const PLOT_HEIGHT: u32 = 140;
/// Room for the slanted labels under the axis.
const AXIS_ROOM: u32 = 56;
const LEFT: u32 = 34;
/// Horizontal distance between two slanted labels: at 45° their lines are
/// this × 0.7 apart, more than a line of text (1.2 × the font size).
const LABEL_GAP: u32 = FONT * 17 / 10;

/// One column per point (e.g. interactions per week). Every label that is
/// drawn is slanted, and only one in so many is drawn, so that two drawn
/// labels are always at least a line apart: they never overlap.
pub fn columns(id: &str, title: &str, points: &[Column]) -> Markup {
    let max = points.iter().map(|p| p.value).max().unwrap_or(0).max(1);
    let count = points.len().max(1) as u32;
    let step = ((WIDTH - LEFT - 8) / count).max(1);
    let label_every = LABEL_GAP.div_ceil(step).max(1) as usize;
    let axis = PLOT_HEIGHT + 10;
    let gridlines = [max, max / 2];
    html! {
        svg class="chart column-chart" role="img" aria-labelledby={ (id) "-title" } viewBox={ "0 0 " (WIDTH) " " (axis + AXIS_ROOM) }
            preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" {
            title id={ (id) "-title" } { (title) }
            @for (n, value) in gridlines.iter().enumerate() {
                @if n == 0 || (*value > 0 && *value < max) {
                    @let y = axis - (*value * u64::from(PLOT_HEIGHT) / max) as u32;
                    line class="chart-grid" x1=(LEFT) x2=(WIDTH) y1=(y) y2=(y) {}
                    text class="chart-text" x=(LEFT - 4) y=(y + 4) text-anchor="end" font-size=(FONT) { (value) }
                }
            }
            line class="chart-axis" x1=(LEFT) x2=(WIDTH) y1=(axis) y2=(axis) {}
            @for (i, point) in points.iter().enumerate() {
                @let h = (point.value * u64::from(PLOT_HEIGHT) / max) as u32;
                @let x = LEFT + 2 + i as u32 * step;
                @let centre = x + step / 2;
                rect class="column-fill" x=(x) y=(axis - h) width=(step.saturating_sub(2).max(1)) height=(h) {
                    title { (point.label) " : " (point.value) }
                }
                @if i % label_every == 0 {
                    text class="chart-text" x=(centre) y=(axis + 12) font-size=(FONT) text-anchor="end"
                        transform={ "rotate(-45 " (centre) " " (axis + 12) ")" } { (point.short) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(n: usize) -> Vec<Column> {
        (0..n)
            .map(|i| Column {
                label: format!("semaine du {i} déc. 2026"),
                short: format!("{i} déc."),
                value: i as u64,
            })
            .collect()
    }

    #[test]
    fn column_labels_are_thinned_so_that_they_never_touch() {
        for n in [1, 5, 13, 26, 53, 120] {
            let svg = columns("c", "Chart", &points(n)).into_string();
            let drawn = svg.matches("rotate(-45").count();
            let step = ((WIDTH - LEFT - 8) / n as u32).max(1);
            let every = n.div_ceil(drawn.max(1)) as u32;
            assert!(drawn >= 1, "{n} points: some label drawn");
            assert!(
                step * every >= LABEL_GAP,
                "{n} points: labels {} units apart",
                step * every
            );
        }
    }

    #[test]
    fn bars_show_value_and_target_in_text_and_scale_to_the_largest() {
        let html = bars(
            "b",
            "Objectives",
            &[
                Bar {
                    label: "Relais".into(),
                    value: 1,
                    target: Some(15),
                    tone: None,
                },
                Bar {
                    label: "Contactées".into(),
                    value: 30,
                    target: None,
                    tone: Some("contacted"),
                },
            ],
        )
        .into_string();
        assert!(html.contains("1 / 15") && html.contains("Contactées"));
        assert!(
            html.contains(r#"width="1000""#),
            "the largest fills the track"
        );
        assert!(html.contains(r#"data-tone="contacted""#));
        assert!(html.contains(r#"role="img" aria-label="Objectives""#));
    }
}
