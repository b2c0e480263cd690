//! "Around a place": the organisations within a distance of a point,
//! nearest first, with the directory's filters.
//!
//! The database narrows to a latitude/longitude box on the indexed
//! columns (and the filters that are columns or subqueries); the exact
//! distance (haversine) and the remaining filters are computed here, the
//! same on SQLite and PostgreSQL (neither has trigonometry we could rely
//! on without an extension). A 25 km box around a town holds a few hundred
//! rows even at 100,000 organisations (see `benches/around.rs`).

use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::haversine_km;
use crate::entities::*;

pub const RADIUS_MIN: i32 = 5;
pub const RADIUS_MAX: i32 = 100;
pub const RADIUS_DEFAULT: i32 = 25;
/// Kilometres per degree of latitude (on the haversine's sphere).
const KM_PER_DEGREE: f64 = super::EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;

/// The point "around" starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub latitude: f64,
    pub longitude: f64,
}

/// The filters of an "around" search (all optional but the radius).
#[derive(Debug, Clone, Default)]
pub struct AroundFilter {
    pub radius_km: i32,
    pub kind: Option<OrgKind>,
    /// At this stage in `campaign_id` (the current campaign by default).
    pub stage: Option<Stage>,
    pub campaign_id: Option<i32>,
    pub tag: Option<String>,
    /// The commune's population, at most / at least.
    pub population_max: Option<i32>,
    pub population_min: Option<i32>,
    /// Offers digital workshops (described, or someone runs them).
    pub has_workshops: bool,
    /// …run by them.
    pub runner: Option<WorkshopRunner>,
    /// Leave this one out (the organisation "around" starts from).
    pub exclude: Option<i32>,
}

/// An organisation found: what the list and its plot show of it.
#[derive(Debug, Clone)]
pub struct Nearby {
    pub id: i32,
    pub name: String,
    pub kind: OrgKind,
    pub commune: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    /// It describes its digital workshops, or says who runs them.
    pub offers_workshops: bool,
}

/// An organisation found, with its distance from the origin.
#[derive(Debug, Clone)]
pub struct Hit {
    pub organisation: Nearby,
    pub distance_km: f64,
    /// Its commune's population (the reference commune's, else the one
    /// its import gave).
    pub population: Option<i32>,
}

/// What "around" found: how many, and the nearest of them in full.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub total: usize,
    /// Nearest first (then by name), at most the `limit` asked.
    pub hits: Vec<Hit>,
}

/// The box (south, north, west, east) holding every point within
/// `radius_km` of the origin.
pub fn bounding_box(origin: &Origin, radius_km: f64) -> (f64, f64, f64, f64) {
    let dlat = radius_km / KM_PER_DEGREE;
    let south = (origin.latitude - dlat).max(-90.0);
    let north = (origin.latitude + dlat).min(90.0);
    // The box is widest at the parallel farthest from the equator.
    let widest = south.abs().max(north.abs()).min(89.9);
    let dlon = radius_km / (KM_PER_DEGREE * widest.to_radians().cos());
    (
        south,
        north,
        origin.longitude - dlon,
        origin.longitude + dlon,
    )
}

/// What is read of each organisation in the box.
type Candidate = (
    i32,
    Option<f64>,
    Option<f64>,
    Option<i32>,
    Option<sea_orm::prelude::Json>,
    Option<String>,
    String,
    OrgKind,
    Option<String>,
    i32,
);

/// Organisations within the radius, nearest first (then by name), in one
/// query: the few columns the list shows of the rows in the box (no order
/// asked, so the database walks the (latitude, longitude) index). Rows are
/// handed one by one from the database's thread and every value is
/// copied: reading whole records of the nearest in a second query cost
/// more than the box itself (see BENCHMARKS.md).
pub async fn around(
    db: &impl ConnectionTrait,
    origin: &Origin,
    filter: &AroundFilter,
    limit: usize,
) -> Result<Found, DbErr> {
    let radius = f64::from(filter.radius_km.clamp(RADIUS_MIN, RADIUS_MAX));
    let (south, north, west, east) = bounding_box(origin, radius);
    let mut condition = Condition::all()
        .add(organisation::Column::Latitude.between(south, north))
        .add(organisation::Column::Longitude.between(west, east));
    if let Some(kind) = filter.kind {
        condition = condition.add(organisation::Column::Kind.eq(kind));
    }
    if let Some(id) = filter.exclude {
        condition = condition.add(organisation::Column::Id.ne(id));
    }
    if let Some(stage) = filter.stage {
        let mut with_stage = Query::select()
            .column(outreach_status::Column::OrganisationId)
            .from(outreach_status::Entity)
            .and_where(Expr::col(outreach_status::Column::Stage).eq(stage.as_str()))
            .to_owned();
        if let Some(campaign) = filter.campaign_id {
            with_stage.and_where(Expr::col(outreach_status::Column::CampaignId).eq(campaign));
        }
        condition = condition.add(organisation::Column::Id.in_subquery(with_stage));
    }
    if let Some(tag_name) = &filter.tag {
        let tagged = Query::select()
            .column(organisation_tag::Column::OrganisationId)
            .from(organisation_tag::Entity)
            .inner_join(
                tag::Entity,
                Expr::col((tag::Entity, tag::Column::Id))
                    .equals((organisation_tag::Entity, organisation_tag::Column::TagId)),
            )
            .and_where(Expr::col((tag::Entity, tag::Column::Name)).eq(tag_name.as_str()))
            .to_owned();
        condition = condition.add(organisation::Column::Id.in_subquery(tagged));
    }
    if filter.has_workshops || filter.runner.is_some() {
        condition = condition.add(
            Condition::any()
                .add(organisation::Column::WorkshopsOffered.is_not_null())
                .add(organisation::Column::WorkshopRunners.is_not_null()),
        );
    }
    let candidates: Vec<Candidate> = organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::Latitude)
        .column(organisation::Column::Longitude)
        // The reference commune's population, else the one its import gave.
        .expr(Expr::cust(
            "COALESCE((SELECT communes.population FROM communes \
             WHERE communes.code = organisations.commune_code), \
             organisations.commune_population)",
        ))
        // Who runs the workshops is a JSON list, decoded row by row: read
        // only when asked for.
        .expr(if filter.runner.is_some() {
            Expr::col(organisation::Column::WorkshopRunners).into()
        } else {
            Expr::cust("NULL")
        })
        .column(organisation::Column::SortName)
        .column(organisation::Column::Name)
        .column(organisation::Column::Kind)
        .column(organisation::Column::Commune)
        .expr(Expr::cust(
            "CASE WHEN organisations.workshops_offered IS NOT NULL \
             OR organisations.workshop_runners IS NOT NULL THEN 1 ELSE 0 END",
        ))
        .filter(condition)
        .into_tuple()
        .all(db)
        .await?;
    let mut near: Vec<(Hit, Option<String>)> = candidates
        .into_iter()
        .filter_map(
            |(id, lat, lon, population, runners, sort_name, name, kind, commune, workshops)| {
                let (latitude, longitude) = (lat?, lon?);
                let distance_km =
                    haversine_km(origin.latitude, origin.longitude, latitude, longitude);
                let runs_them = filter
                    .runner
                    .is_none_or(|runner| runs(runners.as_ref(), runner));
                let hit = Hit {
                    organisation: Nearby {
                        id,
                        name,
                        kind,
                        commune,
                        latitude,
                        longitude,
                        offers_workshops: workshops != 0,
                    },
                    distance_km,
                    population,
                };
                (distance_km <= radius && runs_them).then_some((hit, sort_name))
            },
        )
        .collect();
    near.retain(|(hit, _)| {
        filter
            .population_max
            .is_none_or(|max| hit.population.is_some_and(|p| p <= max))
            && filter
                .population_min
                .is_none_or(|min| hit.population.is_some_and(|p| p >= min))
    });
    near.sort_by(|(a, a_name), (b, b_name)| {
        a.distance_km
            .total_cmp(&b.distance_km)
            .then_with(|| a_name.cmp(b_name))
            .then_with(|| a.organisation.id.cmp(&b.organisation.id))
    });
    let total = near.len();
    near.truncate(limit);
    Ok(Found {
        total,
        hits: near.into_iter().map(|(hit, _)| hit).collect(),
    })
}

fn runs(runners: Option<&sea_orm::prelude::Json>, runner: WorkshopRunner) -> bool {
    runners
        .and_then(|v| v.as_array())
        .is_some_and(|a| a.iter().any(|r| r.as_str() == Some(runner.as_str())))
}

/// The campaign "stage" means by default: the one under way today (the
/// latest started), else the latest created.
pub async fn current_campaign(
    db: &impl ConnectionTrait,
    today: chrono::NaiveDate,
) -> Result<Option<campaign::Model>, DbErr> {
    let campaigns = campaign::Entity::find()
        .order_by_desc(campaign::Column::StartsOn)
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?;
    let under_way = campaigns
        .iter()
        .find(|c| c.starts_on.is_none_or(|s| s <= today) && c.ends_on.is_none_or(|e| e >= today));
    Ok(under_way
        .cloned()
        .or_else(|| campaigns.iter().max_by_key(|c| c.id).cloned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_holds_every_point_of_the_circle() {
        let origin = Origin {
            latitude: 48.11408,
            longitude: -1.19352,
        };
        let (s, n, w, e) = bounding_box(&origin, 25.0);
        for step in 0..360 {
            let bearing = f64::from(step).to_radians();
            // A point 24.99 km away along `bearing` (spherical destination).
            let d = 24.99 / crate::geo::EARTH_RADIUS_KM;
            let (lat1, lon1) = (origin.latitude.to_radians(), origin.longitude.to_radians());
            let lat2 = (lat1.sin() * d.cos() + lat1.cos() * d.sin() * bearing.cos()).asin();
            let lon2 = lon1
                + (bearing.sin() * d.sin() * lat1.cos()).atan2(d.cos() - lat1.sin() * lat2.sin());
            let (lat2, lon2) = (lat2.to_degrees(), lon2.to_degrees());
            assert!(lat2 >= s && lat2 <= n && lon2 >= w && lon2 <= e, "{step}");
        }
    }
}
