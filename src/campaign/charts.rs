//! Server-rendered SVG charts: readable without JavaScript, printable, and
//! always paired with the numbers in text (the SVG is labelled, and the
//! pages show the same figures in a table).

use maud::{Markup, html};

const BAR: &str = "#3b7dd8";
const TARGET: &str = "#c0392b";
const ROW_HEIGHT: u32 = 28;
const LABEL_WIDTH: u32 = 300;
const BAR_WIDTH: u32 = 360;

/// A horizontal bar per row; `target` draws a marker line on the row.
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub target: Option<u64>,
}

pub fn bars(id: &str, title: &str, rows: &[Bar]) -> Markup {
    let max = rows
        .iter()
        .map(|r| r.value.max(r.target.unwrap_or(0)))
        .max()
        .unwrap_or(0)
        .max(1);
    let height = ROW_HEIGHT * rows.len().max(1) as u32 + 8;
    let width = LABEL_WIDTH + BAR_WIDTH + 60;
    let scale = |v: u64| (v * u64::from(BAR_WIDTH) / max) as u32;
    html! {
        svg class="chart" role="img" aria-labelledby={ (id) "-title" } viewBox={ "0 0 " (width) " " (height) }
            width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" {
            title id={ (id) "-title" } { (title) }
            @for (i, row) in rows.iter().enumerate() {
                @let y = i as u32 * ROW_HEIGHT + 4;
                text x=(LABEL_WIDTH - 8) y=(y + 17) text-anchor="end" font-size="13" fill="currentColor" { (row.label) }
                rect x=(LABEL_WIDTH) y=(y + 4) width=(scale(row.value)) height=(ROW_HEIGHT - 10) fill=(BAR) {}
                text x=(LABEL_WIDTH + scale(row.value) + 6) y=(y + 17) font-size="13" fill="currentColor" {
                    (row.value)
                    @if let Some(target) = row.target { " / " (target) }
                }
                @if let Some(target) = row.target {
                    line x1=(LABEL_WIDTH + scale(target)) x2=(LABEL_WIDTH + scale(target)) y1=(y + 1) y2=(y + ROW_HEIGHT - 3)
                        stroke=(TARGET) stroke-width="2" stroke-dasharray="3 2" {}
                }
            }
        }
    }
}

/// One column per point (e.g. interactions per week), labels every few.
pub fn columns(id: &str, title: &str, points: &[(String, u64)]) -> Markup {
    let max = points.iter().map(|p| p.1).max().unwrap_or(0).max(1);
    let count = points.len().max(1) as u32;
    let plot_height = 140u32;
    let step = (600 / count).clamp(4, 40);
    let width = step * count + 40;
    let label_every = (count / 8).max(1) as usize;
    html! {
        svg class="chart" role="img" aria-labelledby={ (id) "-title" } viewBox={ "0 0 " (width) " " (plot_height + 40) }
            width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" {
            title id={ (id) "-title" } { (title) }
            line x1="30" x2=(width) y1=(plot_height + 10) y2=(plot_height + 10) stroke="currentColor" stroke-width="1" {}
            text x="26" y="18" text-anchor="end" font-size="11" fill="currentColor" { (max) }
            @for (i, (label, value)) in points.iter().enumerate() {
                @let h = (*value * u64::from(plot_height) / max) as u32;
                @let x = 32 + i as u32 * step;
                rect x=(x) y=(plot_height + 10 - h) width=(step.saturating_sub(2).max(2)) height=(h) fill=(BAR) {
                    title { (label) " : " (value) }
                }
                @if i % label_every == 0 {
                    text x=(x) y=(plot_height + 26) font-size="10" fill="currentColor" { (label) }
                }
            }
        }
    }
}
