//! A map of France drawn by the server: one SVG shape per département,
//! coloured by how many organisations the directory's filter matches
//! there, each a link to the filtered list; and a small map placing one
//! organisation. No tile server is contacted. The outlines are derived
//! from IGN Admin Express and INSEE's COG via france-geojson (Licence
//! Ouverte) by `seed-data/tools/departement_outlines.py`, which also holds
//! the projection [`project`] repeats.

use std::collections::HashMap;
use std::sync::LazyLock;

use maud::{Markup, html};

use crate::web::Ctx;

const OUTLINES: &str = include_str!("../../seed-data/departement-outlines.txt");

/// The drawing's box.
pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 850.0;

/// Metropolitan bounds and scale of the projection (see the tool).
const WEST: f64 = -5.3;
const EAST: f64 = 9.7;
const SOUTH: f64 = 41.3;
const NORTH: f64 = 51.2;
const COS: f64 = 0.688_354_575_693_754; // cos(46.5°)
const SCALE: f64 = 83.290_407_818_601_74;

/// Colour classes above zero.
const CLASSES: usize = 5;

/// `(INSEE code, SVG path)` for the 101 départements.
pub fn shapes() -> &'static [(&'static str, &'static str)] {
    static SHAPES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
        OUTLINES
            .lines()
            .filter_map(|line| line.split_once('\t'))
            .collect()
    });
    &SHAPES
}

/// Where a metropolitan point falls on the map; `None` outside
/// metropolitan France (the overseas insets have scales of their own).
pub fn project(latitude: f64, longitude: f64) -> Option<(f64, f64)> {
    ((WEST..=EAST).contains(&longitude) && (SOUTH..=NORTH).contains(&latitude)).then_some((
        130.0 + (longitude - WEST) * COS * SCALE,
        10.0 + (NORTH - latitude) * SCALE,
    ))
}

/// The upper bound of each colour class, from the counts themselves
/// (quantiles of the départements that have any), so a map of 15,000
/// libraries and one of 40 networks both show their contrasts.
pub fn class_bounds(counts: &HashMap<String, u64>) -> Vec<u64> {
    let mut values: Vec<u64> = counts.values().copied().filter(|&c| c > 0).collect();
    if values.is_empty() {
        return Vec::new();
    }
    values.sort_unstable();
    let mut bounds: Vec<u64> = (1..=CLASSES)
        .map(|i| values[(values.len() * i).div_ceil(CLASSES) - 1])
        .collect();
    bounds.dedup();
    bounds
}

fn class_of(count: u64, bounds: &[u64]) -> usize {
    if count == 0 {
        return 0;
    }
    // Spread over the five tones even when there are fewer classes.
    let at = bounds
        .iter()
        .position(|&b| count <= b)
        .unwrap_or(bounds.len() - 1);
    1 + at * (CLASSES - 1) / bounds.len().saturating_sub(1).max(1)
}

/// The choropleth: each département coloured by its count, titled with
/// its name and count (`count_key` says what is counted), linking to
/// `link(code)`; a legend below.
pub fn france(
    ctx: &Ctx,
    counts: &HashMap<String, u64>,
    names: &HashMap<String, String>,
    count_key: &str,
    link: impl Fn(&str) -> String,
) -> Markup {
    let bounds = class_bounds(counts);
    let mut lower = 1;
    let legend: Vec<(usize, u64, u64)> = bounds
        .iter()
        .map(|&upper| {
            let entry = (class_of(upper, &bounds), lower, upper);
            lower = upper + 1;
            entry
        })
        .collect();
    html! {
        figure class="france-map" {
            svg viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-labelledby="france-map-title" {
                title id="france-map-title" { (ctx.t("map-title")) }
                @for (code, path) in shapes() {
                    @let count = counts.get(*code).copied().unwrap_or(0);
                    @let name = names.get(*code).map_or(*code, String::as_str);
                    a href=(link(code)) {
                        path d=(path) class={ "dep map-" (class_of(count, &bounds)) } data-code=(code) {
                            title { (name) " (" (code) ") : " (ctx.locale.t_args(count_key, &[crate::web::i18n::arg("count", count)])) }
                        }
                    }
                }
            }
            figcaption {
                ul class="map-legend" {
                    li { span class="swatch map-0" aria-hidden="true" {} (ctx.t("map-none")) }
                    @for (class, from, to) in &legend {
                        li {
                            span class={ "swatch map-" (class) } aria-hidden="true" {}
                            @if from == to { (from) } @else { (from) "–" (to) }
                        }
                    }
                }
                small class="muted" { (ctx.t("map-credit")) }
            }
        }
    }
}

/// A small map of France with one point: where an organisation is.
pub fn position(ctx: &Ctx, latitude: f64, longitude: f64) -> Option<Markup> {
    let (x, y) = project(latitude, longitude)?;
    Some(html! {
        figure class="position-map" {
            svg viewBox="120 0 880 850" role="img" aria-label=(ctx.t("map-position")) {
                @for (code, path) in shapes() {
                    @if code.len() == 2 { path d=(path) class="dep"; }
                }
                circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="14" class="spot";
            }
            figcaption class="muted" { small { (ctx.t("map-credit")) } }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_departement_has_a_shape() {
        let codes: Vec<&str> = shapes().iter().map(|(c, _)| *c).collect();
        assert_eq!(codes.len(), 101);
        for code in ["01", "2A", "2B", "35", "95", "971", "976"] {
            assert!(codes.contains(&code), "{code}");
        }
        assert!(
            shapes()
                .iter()
                .all(|(_, d)| d.starts_with('M') && d.ends_with('Z'))
        );
    }

    #[test]
    fn rennes_is_drawn_inside_ille_et_vilaine_s_box() {
        let (x, y) = project(48.11, -1.68).expect("metropolitan");
        let (_, path) = shapes().iter().find(|(c, _)| *c == "35").expect("35");
        let points: Vec<(f64, f64)> = path
            .split(['M', 'L', 'Z'])
            .filter_map(|p| p.split_once(','))
            .filter_map(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
            .collect();
        let (min_x, max_x) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.0), hi.max(p.0))
        });
        let (min_y, max_y) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
        assert!((min_x..=max_x).contains(&x) && (min_y..=max_y).contains(&y));
        assert!(
            project(16.25, -61.58).is_none(),
            "Guadeloupe is in an inset"
        );
    }

    #[test]
    fn classes_spread_counts_and_keep_zero_apart() {
        let counts: HashMap<String, u64> = (1..=10).map(|i| (format!("{i:02}"), i * 10)).collect();
        let bounds = class_bounds(&counts);
        assert_eq!(bounds, vec![20, 40, 60, 80, 100]);
        assert_eq!(class_of(0, &bounds), 0);
        assert_eq!(class_of(10, &bounds), 1);
        assert_eq!(class_of(100, &bounds), 5);
        let one: HashMap<String, u64> = [("35".to_owned(), 7)].into();
        assert_eq!(class_of(7, &class_bounds(&one)), 1);
    }
}
