//! Probable duplicates in the directory: two organisations with the same
//! normalised name in the same commune, the same website, the same e-mail
//! address, or the same position. The rules are the import's (two records
//! that both carry an external id are told apart by their dataset's ids),
//! applied to what is already stored. Pairs a volunteer dismissed are left
//! out.
//!
//! The pairing and the store of dismissals are shared with people's
//! probable duplicates ([`crate::people::duplicates`]): each kind gives its
//! records' keys as [`Candidate`]s and has its own table of dismissals.

use std::collections::{BTreeMap, HashMap, HashSet};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QuerySelect,
};

use crate::entities::*;
use crate::transfer::import::fold;
use crate::transfer::import::matching::site_key;

/// Why two records look like one, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    NameAndCommune,
    /// People: the same name but for accents, case and spacing.
    Name,
    Website,
    Email,
    Phone,
    Position,
}

impl Reason {
    pub fn label_key(self) -> &'static str {
        match self {
            Reason::NameAndCommune => "duplicates-reason-name-commune",
            Reason::Name => "duplicates-reason-name",
            Reason::Phone => "duplicates-reason-phone",
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
    /// What tells it apart at a glance (an organisation's commune).
    pub detail: Option<String>,
    pub kind: Option<OrgKind>,
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
    let dismissed = dismissed::<duplicate_dismissal::Entity>(db).await?;
    let candidates: Vec<Candidate> = rows
        .iter()
        .map(
            |(id, name, commune, _, website, email, lat, lon, external)| {
                let mut c = Candidate::new(*id, external.is_some());
                c.key(
                    Reason::NameAndCommune,
                    commune
                        .as_deref()
                        .map(|c| format!("{}|{}", fold(name), fold(c))),
                );
                c.key(Reason::Website, website.as_deref().and_then(site_key));
                c.key(
                    Reason::Email,
                    email.as_deref().map(|e| e.trim().to_lowercase()),
                );
                // About ten metres: the same building, not the same street.
                c.key(
                    Reason::Position,
                    lat.zip(*lon)
                        .map(|(lat, lon)| format!("{:.4}|{:.4}", lat, lon)),
                );
                c
            },
        )
        .collect();
    let by_id: HashMap<i32, &Row> = rows.iter().map(|r| (r.0, r)).collect();
    Ok(pair_up(&candidates, &dismissed, |id| {
        by_id.get(&id).map(|r| Side {
            id,
            name: r.1.clone(),
            detail: r.2.clone(),
            kind: Some(r.3),
        })
    }))
}

/// A record as the pairing sees it: its keys, and whether it carries a
/// source identifier.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: i32,
    pub keys: Vec<(Reason, String)>,
    pub has_external_id: bool,
}

impl Candidate {
    pub fn new(id: i32, has_external_id: bool) -> Candidate {
        Candidate {
            id,
            keys: Vec::new(),
            has_external_id,
        }
    }

    /// Adds a key, unless there is none or it is empty.
    pub fn key(&mut self, reason: Reason, key: Option<String>) {
        if let Some(key) = key.filter(|k| !k.is_empty()) {
            self.keys.push((reason, key));
        }
    }
}

/// Every probable pair of `candidates` (smaller id first) but the
/// `dismissed` ones, strongest reason first, then by name; `side` names a
/// record for the list.
pub fn pair_up(
    candidates: &[Candidate],
    dismissed: &HashSet<(i32, i32)>,
    side: impl Fn(i32) -> Option<Side>,
) -> Vec<Pair> {
    let mut groups: HashMap<(Reason, &str), Vec<&Candidate>> = HashMap::new();
    for c in candidates {
        for (reason, key) in &c.keys {
            groups.entry((*reason, key.as_str())).or_default().push(c);
        }
    }
    let mut pairs: BTreeMap<(i32, i32), Vec<Reason>> = BTreeMap::new();
    for ((reason, _), members) in groups {
        // Each with the group's first: a group of n gives n - 1 pairs.
        let Some((&a, rest)) = members.split_first() else {
            continue;
        };
        for &b in rest {
            // A dataset's ids tell its records apart (two branch libraries
            // may share a name, a commune and the town's website).
            if a.has_external_id && b.has_external_id {
                continue;
            }
            let key = (a.id.min(b.id), a.id.max(b.id));
            if dismissed.contains(&key) {
                continue;
            }
            pairs.entry(key).or_default().push(reason);
        }
    }
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
    found
}

/// A table of pairs a volunteer said are two records, not one:
/// `(first_id, second_id)` with the smaller id first, who and when.
pub trait Dismissals: EntityTrait {
    fn first() -> Self::Column;
    fn second() -> Self::Column;
    fn row(
        first: i32,
        second: i32,
        user: Option<i32>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Self::Model;
}

/// Both tables of dismissals have the same columns.
macro_rules! dismissals {
    ($($table:ident),*) => {$(
        impl Dismissals for $table::Entity {
            fn first() -> Self::Column {
                $table::Column::FirstId
            }
            fn second() -> Self::Column {
                $table::Column::SecondId
            }
            fn row(
                first_id: i32,
                second_id: i32,
                user_id: Option<i32>,
                dismissed_at: chrono::DateTime<chrono::Utc>,
            ) -> Self::Model {
                $table::Model {
                    first_id,
                    second_id,
                    user_id,
                    dismissed_at,
                }
            }
        }
    )*};
}

dismissals!(duplicate_dismissal, person_duplicate_dismissal);

/// The dismissed pairs of a table.
pub async fn dismissed<E: Dismissals>(
    db: &impl ConnectionTrait,
) -> Result<HashSet<(i32, i32)>, DbErr> {
    Ok(E::find()
        .select_only()
        .column(E::first())
        .column(E::second())
        .into_tuple::<(i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// "These are two records": the pair is no longer offered.
pub async fn dismiss_pair<E: Dismissals>(
    db: &impl ConnectionTrait,
    a: i32,
    b: i32,
    actor: Option<i32>,
) -> Result<(), DbErr>
where
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let (first, second) = (a.min(b), a.max(b));
    let known = E::find()
        .filter(E::first().eq(first))
        .filter(E::second().eq(second))
        .one(db)
        .await?;
    if known.is_none() {
        E::row(first, second, actor, crate::clock::now())
            .into_active_model()
            .insert(db)
            .await?;
    }
    Ok(())
}

/// "These are two organisations": the pair is no longer offered.
pub async fn dismiss(
    db: &impl ConnectionTrait,
    a: i32,
    b: i32,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    dismiss_pair::<duplicate_dismissal::Entity>(db, a, b, actor).await
}
