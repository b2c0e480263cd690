//! Probable duplicates in the directory: two organisations with the same
//! normalised name in the same commune, the same website, the same e-mail
//! address, or the same position. The rules are the import's (two records
//! that both carry an external id are told apart by their dataset's ids),
//! applied to what is already stored. Pairs a volunteer dismissed are left
//! out.

use std::collections::{BTreeMap, HashMap, HashSet};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    Set,
};

use crate::entities::*;
use crate::transfer::import::fold;
use crate::transfer::import::matching::site_key;

/// Why two organisations look like one, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    NameAndCommune,
    Website,
    Email,
    Position,
}

impl Reason {
    pub fn label_key(self) -> &'static str {
        match self {
            Reason::NameAndCommune => "duplicates-reason-name-commune",
            Reason::Website => "duplicates-reason-website",
            Reason::Email => "duplicates-reason-email",
            Reason::Position => "duplicates-reason-position",
        }
    }
}

/// One side of a pair, as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub id: i32,
    pub name: String,
    pub commune: Option<String>,
    pub kind: OrgKind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub first: Side,
    pub second: Side,
    pub reasons: Vec<Reason>,
}

type Row = (
    i32,
    String,
    Option<String>,
    OrgKind,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<f64>,
    Option<String>,
);

/// Every probable pair (smaller id first), strongest reason first, then
/// by name.
pub async fn probable(db: &impl ConnectionTrait) -> Result<Vec<Pair>, DbErr> {
    use organisation::Column as C;
    let rows: Vec<Row> = organisation::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::Name,
            C::Commune,
            C::Kind,
            C::Website,
            C::Email,
            C::Latitude,
            C::Longitude,
            C::ExternalId,
        ])
        .into_tuple()
        .all(db)
        .await?;
    let dismissed: HashSet<(i32, i32)> = duplicate_dismissal::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.first_id, d.second_id))
        .collect();

    let mut groups: HashMap<(Reason, String), Vec<usize>> = HashMap::new();
    for (at, (_, name, commune, _, website, email, lat, lon, _)) in rows.iter().enumerate() {
        let mut add = |reason, key: Option<String>| {
            if let Some(key) = key.filter(|k| !k.is_empty()) {
                groups.entry((reason, key)).or_default().push(at);
            }
        };
        add(
            Reason::NameAndCommune,
            commune
                .as_deref()
                .map(|c| format!("{}|{}", fold(name), fold(c))),
        );
        add(Reason::Website, website.as_deref().and_then(site_key));
        add(
            Reason::Email,
            email.as_deref().map(|e| e.trim().to_lowercase()),
        );
        // About ten metres: the same building, not the same street.
        add(
            Reason::Position,
            lat.zip(*lon)
                .map(|(lat, lon)| format!("{:.4}|{:.4}", lat, lon)),
        );
    }

    let mut pairs: BTreeMap<(i32, i32), Vec<Reason>> = BTreeMap::new();
    for ((reason, _), members) in groups {
        // Each with the group's first: a group of n gives n - 1 pairs.
        let Some((&first, rest)) = members.split_first() else {
            continue;
        };
        for &other in rest {
            let (a, b) = (&rows[first], &rows[other]);
            // A dataset's ids tell its records apart (two branch libraries
            // may share a name, a commune and the town's website).
            if a.8.is_some() && b.8.is_some() {
                continue;
            }
            let key = (a.0.min(b.0), a.0.max(b.0));
            if dismissed.contains(&key) {
                continue;
            }
            pairs.entry(key).or_default().push(reason);
        }
    }
    let by_id: HashMap<i32, &Row> = rows.iter().map(|r| (r.0, r)).collect();
    let side = |id: i32| {
        by_id.get(&id).map(|r| Side {
            id,
            name: r.1.clone(),
            commune: r.2.clone(),
            kind: r.3,
        })
    };
    let mut found: Vec<Pair> = pairs
        .into_iter()
        .filter_map(|((a, b), mut reasons)| {
            reasons.sort_unstable();
            reasons.dedup();
            Some(Pair {
                first: side(a)?,
                second: side(b)?,
                reasons,
            })
        })
        .collect();
    found.sort_by(|x, y| {
        (x.reasons[0], crate::values::sort_key(&x.first.name))
            .cmp(&(y.reasons[0], crate::values::sort_key(&y.first.name)))
    });
    Ok(found)
}

/// "These are two organisations": the pair is no longer offered.
pub async fn dismiss(
    db: &impl ConnectionTrait,
    a: i32,
    b: i32,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    let (first, second) = (a.min(b), a.max(b));
    let known = duplicate_dismissal::Entity::find()
        .filter(duplicate_dismissal::Column::FirstId.eq(first))
        .filter(duplicate_dismissal::Column::SecondId.eq(second))
        .one(db)
        .await?;
    if known.is_none() {
        duplicate_dismissal::ActiveModel {
            first_id: Set(first),
            second_id: Set(second),
            user_id: Set(actor),
            dismissed_at: Set(crate::clock::now()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
