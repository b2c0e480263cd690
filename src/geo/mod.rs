//! Places: the reference communes and intercommunalities (loaded from
//! files by [`load::load_dir`]), "around a place" (organisations within a
//! distance, [`around`]), the volunteers' visit tours ([`tour`]) and the
//! commune pages with their shared note of local context ([`notes`]).
//! Owns `communes`, `epcis`, `commune_notes`, `tours` and `tour_stops`;
//! reads organisations, never writes them (the directory and the imports
//! set an organisation's commune through [`store::resolve`]).

pub mod around;
pub mod form;
pub mod load;
pub mod notes;
pub(crate) mod routes;
pub mod store;
pub mod tour;
pub(crate) mod views;

pub use load::{LoadReport, load_dir};
pub use routes::routes;

/// Mean radius of the Earth (km), as the haversine formula uses it.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance between two points (degrees), in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

/// A name folded for lookups: accents and case gone, any punctuation a
/// space, "St"/"Ste" written out ("Saint-Malo", "ST MALO" and
/// "saint malo" are one).
pub fn fold(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let spaced: String = ascii
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .split_whitespace()
        .map(|word| match word {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the text is a postcode (five digits).
pub fn is_postcode(text: &str) -> bool {
    text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_the_way_people_type_them() {
        assert_eq!(fold("Saint-Malo"), "saint malo");
        assert_eq!(fold("ST MALO"), "saint malo");
        assert_eq!(fold("L'Abergement-Clémenciat"), "l abergement clemenciat");
        assert_eq!(fold("  Vitré "), "vitre");
    }

    #[test]
    fn rennes_to_vitre_is_about_forty_kilometres() {
        let d = haversine_km(48.11156, -1.68188, 48.11408, -1.19352);
        assert!((36.0..37.0).contains(&d), "{d}");
        assert_eq!(haversine_km(48.0, -1.0, 48.0, -1.0), 0.0);
    }
}
