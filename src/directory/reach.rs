//! Reach: how many libraries, mediation places or readers an organisation
//! reaches, derived from the directory itself and explained in words.
//!
//! - A departmental library trains and supports the public libraries of
//!   its département in communes under [`SMALL_COMMUNE`] inhabitants: it
//!   reaches the organisations of kind `library` of its département whose
//!   commune population (kept from the national list's `pop_com`) is below
//!   that. A library without a known population is not counted: nothing
//!   says it is small.
//! - A mediation network reaches its members: the organisations linked to
//!   it as "member of", and those it "coordinates".
//! - Any organisation with an audience estimate (a mailing list, a
//!   newsletter) reaches that many readers, as the volunteer who entered
//!   it says, with its source.
//!
//! The reach is the largest figure that applies, `None` when none does (a
//! library, a list nobody estimated). It is stored in `organisations.reach`
//! so the directory and the campaign board sort by it: [`refresh`]
//! recomputes it in the transaction of every write that can change it (an
//! organisation saved or deleted, a relation added or removed, an import
//! written, the seed loaded), and writes only the rows whose figure moved.
//! It is derived, so it bumps no version and leaves no audit entry.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
};

use crate::entities::*;

/// A commune under this many inhabitants is one a departmental library
/// supports (seed 004: "les bibliothèques des communes de moins de 10 000
/// habitants").
pub const SMALL_COMMUNE: i32 = 10_000;

/// What a reach figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Libraries of small communes of the département.
    Libraries,
    /// Members of the network.
    Members,
    /// Readers of a list or newsletter, as estimated.
    Audience,
}

impl Basis {
    /// The translation of the figure (`$count`): "278 bibliothèques accompagnées".
    pub fn figure_key(self) -> &'static str {
        match self {
            Basis::Libraries => "reach-libraries",
            Basis::Members => "reach-members",
            Basis::Audience => "reach-audience",
        }
    }

    /// The translation of what it counts, in a sentence (`$departement`
    /// for libraries; an audience's source is on the organisation's page).
    pub fn explain_key(self) -> &'static str {
        match self {
            Basis::Libraries => "reach-libraries-explain",
            Basis::Members => "reach-members-explain",
            Basis::Audience => "reach-audience-explain-short",
        }
    }
}

/// The figures that apply to one organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub libraries: Option<u64>,
    pub members: Option<u64>,
    pub audience: Option<u64>,
}

impl Figures {
    /// The figures of an organisation of `kind`, given the number of
    /// libraries of small communes of its département (`None` without a
    /// département), its members, and its audience estimate.
    pub fn new(
        kind: OrgKind,
        libraries: Option<u64>,
        members: u64,
        audience: Option<i32>,
    ) -> Figures {
        Figures {
            libraries: libraries.filter(|_| kind == OrgKind::DepartmentalLibrary),
            members: (kind == OrgKind::MediationNetwork).then_some(members),
            audience: audience.and_then(|a| u64::try_from(a).ok()),
        }
    }

    /// The reach and what it counts: the largest figure (on a tie, the
    /// first of libraries, members, audience).
    pub fn reach(&self) -> Option<(i32, Basis)> {
        [
            (self.libraries, Basis::Libraries),
            (self.members, Basis::Members),
            (self.audience, Basis::Audience),
        ]
        .into_iter()
        .filter_map(|(value, basis)| value.map(|v| (v, basis)))
        .fold(
            None,
            |best: Option<(u64, Basis)>, (value, basis)| match best {
                Some((top, _)) if top >= value => best,
                _ => Some((value, basis)),
            },
        )
        .map(|(value, basis)| (i32::try_from(value).unwrap_or(i32::MAX), basis))
    }

    pub fn is_empty(&self) -> bool {
        self.libraries.is_none() && self.members.is_none() && self.audience.is_none()
    }
}

/// What a stored reach counts, read from the row alone (for lists, which
/// show the figure without its details): the audience when the figure is
/// the estimate, else what the kind counts.
pub fn basis_of(kind: OrgKind, reach: Option<i32>, audience: Option<i32>) -> Option<Basis> {
    let reach = reach?;
    if audience == Some(reach) {
        return Some(Basis::Audience);
    }
    match kind {
        OrgKind::DepartmentalLibrary => Some(Basis::Libraries),
        OrgKind::MediationNetwork => Some(Basis::Members),
        _ => audience.map(|_| Basis::Audience),
    }
}

/// The relations that make an organisation a member of a network:
/// (member, network) for "member of", (network, member) for "coordinates".
fn membership_links() -> Condition {
    Condition::any()
        .add(organisation_relation::Column::Kind.eq(RelationKind::MemberOf))
        .add(organisation_relation::Column::Kind.eq(RelationKind::Coordinates))
}

/// (source, target, kind) of the links that make members, optionally only
/// those touching one organisation.
async fn member_links(
    db: &impl ConnectionTrait,
    touching: Option<i32>,
) -> Result<Vec<(i32, i32, RelationKind)>, DbErr> {
    let mut query = organisation_relation::Entity::find()
        .select_only()
        .column(organisation_relation::Column::SourceId)
        .column(organisation_relation::Column::TargetId)
        .column(organisation_relation::Column::Kind)
        .filter(membership_links());
    if let Some(id) = touching {
        query = query.filter(
            Condition::any()
                .add(organisation_relation::Column::SourceId.eq(id))
                .add(organisation_relation::Column::TargetId.eq(id)),
        );
    }
    query.into_tuple().all(db).await
}

/// Members of each organisation that has some: who is a member of it, and
/// whom it coordinates (counted once).
fn members_by_organisation(links: &[(i32, i32, RelationKind)]) -> HashMap<i32, HashSet<i32>> {
    let mut members: HashMap<i32, HashSet<i32>> = HashMap::new();
    for (source, target, kind) in links {
        let (group, member) = match kind {
            RelationKind::MemberOf => (*target, *source),
            _ => (*source, *target),
        };
        members.entry(group).or_default().insert(member);
    }
    members
}

/// The libraries of small communes, filtered further by `condition`.
fn small_libraries() -> Condition {
    Condition::all()
        .add(organisation::Column::Kind.eq(OrgKind::Library))
        .add(organisation::Column::CommunePopulation.lt(SMALL_COMMUNE))
}

/// The figures of one organisation, read afresh (its page explains them).
pub async fn figures(db: &impl ConnectionTrait, o: &organisation::Model) -> Result<Figures, DbErr> {
    let libraries = match (&o.departement_code, o.kind) {
        (Some(code), OrgKind::DepartmentalLibrary) => {
            let n: Option<i64> = organisation::Entity::find()
                .select_only()
                .column_as(Expr::col(organisation::Column::Id).count(), "n")
                .filter(small_libraries())
                .filter(organisation::Column::DepartementCode.eq(code.as_str()))
                .into_tuple()
                .one(db)
                .await?;
            Some(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
        }
        _ => None,
    };
    let members = if o.kind == OrgKind::MediationNetwork {
        let links = member_links(db, Some(o.id)).await?;
        members_by_organisation(&links)
            .get(&o.id)
            .map_or(0, |m| m.len() as u64)
    } else {
        0
    };
    Ok(Figures::new(
        o.kind,
        libraries,
        members,
        o.audience_estimate,
    ))
}

/// What [`refresh`] reads of an organisation: id, kind, département,
/// audience estimate and the reach stored.
type ReachRow = (i32, OrgKind, Option<String>, Option<i32>, Option<i32>);

/// Recomputes every stored reach and writes those that changed; returns
/// how many rows were written. A few grouped queries whatever the size of
/// the directory (15,779 libraries: a count per département).
pub async fn refresh(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let libraries: HashMap<String, i64> = organisation::Entity::find()
        .select_only()
        .column(organisation::Column::DepartementCode)
        .column_as(Expr::col(organisation::Column::Id).count(), "n")
        .filter(small_libraries())
        .filter(organisation::Column::DepartementCode.is_not_null())
        .group_by(organisation::Column::DepartementCode)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let members = members_by_organisation(&member_links(db, None).await?);
    // The rows that have a reach, or had one.
    let rows: Vec<ReachRow> = organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::Kind)
        .column(organisation::Column::DepartementCode)
        .column(organisation::Column::AudienceEstimate)
        .column(organisation::Column::Reach)
        .filter(
            Condition::any()
                .add(
                    organisation::Column::Kind
                        .is_in([OrgKind::DepartmentalLibrary, OrgKind::MediationNetwork]),
                )
                .add(organisation::Column::AudienceEstimate.is_not_null())
                .add(organisation::Column::Reach.is_not_null()),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut written = 0;
    for (id, kind, departement, audience, stored) in rows {
        let in_departement = departement
            .as_deref()
            .map(|code| u64::try_from(libraries.get(code).copied().unwrap_or(0)).unwrap_or(0));
        let member_count = members.get(&id).map_or(0, |m| m.len() as u64);
        let reach = Figures::new(kind, in_departement, member_count, audience)
            .reach()
            .map(|(value, _)| value);
        if reach != stored {
            organisation::Entity::update_many()
                .col_expr(organisation::Column::Reach, Expr::value(reach))
                .filter(organisation::Column::Id.eq(id))
                .exec(db)
                .await?;
            written += 1;
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_figure_that_applies_is_the_reach() {
        let bdp = Figures::new(OrgKind::DepartmentalLibrary, Some(278), 3, None);
        assert_eq!(bdp.members, None, "a library has no members counted");
        assert_eq!(bdp.reach(), Some((278, Basis::Libraries)));
        let with_letter = Figures::new(OrgKind::DepartmentalLibrary, Some(278), 0, Some(1200));
        assert_eq!(with_letter.reach(), Some((1200, Basis::Audience)));
        let network = Figures::new(OrgKind::MediationNetwork, None, 0, None);
        assert_eq!(network.reach(), Some((0, Basis::Members)));
        let library = Figures::new(OrgKind::Library, Some(12), 4, None);
        assert!(library.is_empty());
        assert_eq!(library.reach(), None);
        let tie = Figures::new(OrgKind::MediationNetwork, None, 40, Some(40));
        assert_eq!(tie.reach(), Some((40, Basis::Members)));
    }

    #[test]
    fn a_stored_figure_says_what_it_counts() {
        use OrgKind::*;
        assert_eq!(
            basis_of(DepartmentalLibrary, Some(10), None),
            Some(Basis::Libraries)
        );
        assert_eq!(
            basis_of(DepartmentalLibrary, Some(900), Some(900)),
            Some(Basis::Audience)
        );
        assert_eq!(
            basis_of(MediationNetwork, Some(5), Some(3)),
            Some(Basis::Members)
        );
        assert_eq!(
            basis_of(MailingList, Some(300), Some(300)),
            Some(Basis::Audience)
        );
        assert_eq!(basis_of(MailingList, None, None), None);
    }

    #[test]
    fn members_are_counted_once_whichever_way_they_are_linked() {
        let links = [
            (10, 1, RelationKind::MemberOf),
            (1, 10, RelationKind::Coordinates),
            (1, 11, RelationKind::Coordinates),
            (12, 2, RelationKind::MemberOf),
        ];
        let members = members_by_organisation(&links);
        assert_eq!(members[&1].len(), 2);
        assert_eq!(members[&2].len(), 1);
    }
}
