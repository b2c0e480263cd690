//! Commune queries: one commune, the picker's lookup, the resolution of a
//! typed name (forms without JavaScript, imports), and what a commune's
//! page lists.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::{fold, is_postcode};
use crate::entities::*;

pub async fn get(db: &impl ConnectionTrait, code: &str) -> Result<Option<commune::Model>, DbErr> {
    if code.is_empty() || code.len() > 5 {
        return Ok(None);
    }
    commune::Entity::find_by_id(code.to_uppercase())
        .one(db)
        .await
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    commune::Entity::find().count(db).await
}

/// These communes, by code (the ones that exist).
pub async fn by_codes(
    db: &impl ConnectionTrait,
    codes: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, commune::Model>, DbErr> {
    let codes: Vec<String> = codes.into_iter().collect();
    let mut found = HashMap::new();
    for chunk in codes.chunks(500) {
        for c in commune::Entity::find()
            .filter(commune::Column::Code.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            found.insert(c.code.clone(), c);
        }
    }
    Ok(found)
}

pub async fn epci(db: &impl ConnectionTrait, siren: &str) -> Result<Option<epci::Model>, DbErr> {
    epci::Entity::find_by_id(siren.to_owned()).one(db).await
}

/// Every tag name, for the "around" filter.
pub async fn tag_names(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    tag::Entity::find()
        .select_only()
        .column(tag::Column::Name)
        .order_by_asc(tag::Column::Name)
        .limit(1_000)
        .into_tuple()
        .all(db)
        .await
}

/// A typed text split into its postcode (five digits) and its name.
fn split(text: &str) -> (Option<String>, String) {
    let mut postcode = None;
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        if postcode.is_none() && is_postcode(bare) {
            postcode = Some(bare.to_owned());
        } else {
            words.push(word);
        }
    }
    (postcode, fold(&words.join(" ")))
}

fn with_postcode(postcode: &str) -> Condition {
    // Postcodes are five digits separated by spaces: "%35000%" is exact.
    Condition::all().add(Expr::col(commune::Column::Postcodes).like(format!("%{postcode}%")))
}

/// Up to `limit` communes for what is typed ("Vitré", "35500", "vitre
/// 35500", an INSEE code): the exact name first, then names starting so,
/// the most populated first.
pub async fn lookup(
    db: &impl ConnectionTrait,
    text: &str,
    limit: u64,
) -> Result<Vec<commune::Model>, DbErr> {
    let (postcode, name) = split(text.trim());
    if postcode.is_none() && name.is_empty() {
        return Ok(Vec::new());
    }
    let mut condition = Condition::all();
    if let Some(pc) = &postcode {
        condition = condition.add(
            Condition::any()
                .add(with_postcode(pc))
                .add(commune::Column::Code.eq(pc.as_str())),
        );
    }
    let mut found = Vec::new();
    if !name.is_empty() {
        found = commune::Entity::find()
            .filter(condition.clone())
            .filter(commune::Column::SearchName.eq(name.as_str()))
            .order_by_desc(commune::Column::Population)
            .limit(limit)
            .all(db)
            .await?;
        condition = condition.add(commune::Column::SearchName.like(format!("{name}%")));
    }
    if (found.len() as u64) < limit {
        let more = commune::Entity::find()
            .filter(condition)
            .order_by_desc(commune::Column::Population)
            .order_by_asc(commune::Column::Code)
            .limit(limit)
            .all(db)
            .await?;
        for c in more {
            if found.len() as u64 >= limit {
                break;
            }
            if !found.iter().any(|f| f.code == c.code) {
                found.push(c);
            }
        }
    }
    Ok(found)
}

/// What a typed commune resolves to.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    One(commune::Model),
    /// Several communes answer (namesakes): to choose from.
    Several(Vec<commune::Model>),
    None,
}

/// The commune a name designates, narrowed by a postcode and a département
/// when given: the exact name (folded) only, or the postcode alone when
/// there is no name. Where the narrowing leaves none, the name alone counts.
pub async fn resolve(
    db: &impl ConnectionTrait,
    text: &str,
    postcode: Option<&str>,
    departement: Option<&str>,
) -> Result<Resolved, DbErr> {
    let (typed_postcode, name) = split(text.trim());
    let postcode = typed_postcode.or(postcode.filter(|p| is_postcode(p)).map(str::to_owned));
    let candidates = if name.is_empty() {
        match &postcode {
            Some(pc) => {
                commune::Entity::find()
                    .filter(with_postcode(pc))
                    .order_by_desc(commune::Column::Population)
                    .limit(20)
                    .all(db)
                    .await?
            }
            None => return Ok(Resolved::None),
        }
    } else {
        commune::Entity::find()
            .filter(commune::Column::SearchName.eq(name.as_str()))
            .order_by_desc(commune::Column::Population)
            .limit(50)
            .all(db)
            .await?
    };
    let mut narrowed = candidates.clone();
    if let Some(pc) = &postcode {
        let by_postcode: Vec<_> = narrowed
            .iter()
            .filter(|c| c.postcode_list().any(|p| p == pc))
            .cloned()
            .collect();
        if !by_postcode.is_empty() {
            narrowed = by_postcode;
        }
    }
    if let Some(dep) = departement {
        let by_departement: Vec<_> = narrowed
            .iter()
            .filter(|c| c.departement_code.eq_ignore_ascii_case(dep))
            .cloned()
            .collect();
        if !by_departement.is_empty() {
            narrowed = by_departement;
        }
    }
    Ok(match narrowed.len() {
        0 => Resolved::None,
        1 => Resolved::One(narrowed.remove(0)),
        _ => Resolved::Several(narrowed),
    })
}

/// "35500 · Ille-et-Vilaine (35)": what tells a commune from its namesakes.
pub fn detail(c: &commune::Model, departement_name: Option<&str>) -> String {
    let postcode = c.postcode_list().next().unwrap_or_default();
    match departement_name {
        Some(name) => format!("{postcode} · {name} ({})", c.departement_code),
        None => format!("{postcode} · {}", c.departement_code),
    }
}

/// The organisations filed under this commune, by name.
pub async fn organisations_in(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Vec<organisation::Model>, DbErr> {
    organisation::Entity::find()
        .filter(organisation::Column::CommuneCode.eq(code))
        .order_by_asc(organisation::Column::SortName)
        .limit(500)
        .all(db)
        .await
}

/// Events held in this commune (their free-text commune names it, in its
/// département or without one), the latest first.
pub async fn events_in(
    db: &impl ConnectionTrait,
    c: &commune::Model,
) -> Result<Vec<event::Model>, DbErr> {
    let events = event::Entity::find()
        .filter(event::Column::Commune.is_not_null())
        .filter(
            Condition::any()
                .add(event::Column::DepartementCode.eq(c.departement_code.as_str()))
                .add(event::Column::DepartementCode.is_null()),
        )
        .order_by_desc(event::Column::StartsAt)
        .limit(2_000)
        .all(db)
        .await?;
    Ok(events
        .into_iter()
        .filter(|e| e.commune.as_deref().map(fold).as_deref() == Some(c.search_name.as_str()))
        .take(100)
        .collect())
}

/// Every commune, for an import's linking: by code, by (postcode, name),
/// and by name (folded). About 35,000 rows, read once per import.
#[derive(Debug, Default)]
pub struct CommuneIndex {
    codes: std::collections::HashSet<String>,
    by_postcode_name: HashMap<(String, String), Vec<String>>,
    by_postcode: HashMap<String, Vec<String>>,
    by_name: HashMap<String, Vec<(String, String)>>,
}

/// Why an imported row was not linked to a commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlinked {
    /// The reference communes are not loaded.
    NotLoaded,
    /// The row names no commune (no INSEE code, no commune, no postcode).
    NoCommune,
    /// The INSEE code is not a current commune (merged since), and the
    /// name did not say which.
    UnknownCode,
    /// No current commune has this name (with this postcode).
    NoMatch,
    /// Several communes bear this name, and the postcode did not say which.
    Ambiguous,
}

impl Unlinked {
    pub fn as_str(self) -> &'static str {
        match self {
            Unlinked::NotLoaded => "not_loaded",
            Unlinked::NoCommune => "no_commune",
            Unlinked::UnknownCode => "unknown_code",
            Unlinked::NoMatch => "no_match",
            Unlinked::Ambiguous => "ambiguous",
        }
    }
}

impl CommuneIndex {
    pub async fn load(db: &impl ConnectionTrait) -> Result<CommuneIndex, DbErr> {
        let rows: Vec<(String, String, String, String)> = commune::Entity::find()
            .select_only()
            .column(commune::Column::Code)
            .column(commune::Column::SearchName)
            .column(commune::Column::Postcodes)
            .column(commune::Column::DepartementCode)
            .into_tuple()
            .all(db)
            .await?;
        let mut index = CommuneIndex::default();
        for (code, name, postcodes, departement) in rows {
            for pc in postcodes.split_whitespace() {
                index
                    .by_postcode
                    .entry(pc.to_owned())
                    .or_default()
                    .push(code.clone());
                index
                    .by_postcode_name
                    .entry((pc.to_owned(), name.clone()))
                    .or_default()
                    .push(code.clone());
            }
            index
                .by_name
                .entry(name)
                .or_default()
                .push((code.clone(), departement));
            index.codes.insert(code);
        }
        Ok(index)
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The commune of a row: its INSEE code when current, else its
    /// postcode and name, else its name alone within its département,
    /// else its postcode when one commune alone has it (a commune merged
    /// into a new one keeps its postcode).
    pub fn link(
        &self,
        insee: Option<&str>,
        name: Option<&str>,
        postcode: Option<&str>,
        departement: Option<&str>,
    ) -> Result<String, Unlinked> {
        if self.is_empty() {
            return Err(Unlinked::NotLoaded);
        }
        if let Some(code) = insee {
            let code = code.trim().to_uppercase();
            if self.codes.contains(&code) {
                return Ok(code);
            }
        }
        let Some(name) = name.map(fold).filter(|n| !n.is_empty()) else {
            return Err(match (insee, postcode) {
                (Some(_), _) => Unlinked::UnknownCode,
                (None, Some(_)) => Unlinked::NoMatch,
                (None, None) => Unlinked::NoCommune,
            });
        };
        if let Some(pc) = postcode
            && let Some(codes) = self.by_postcode_name.get(&(pc.to_owned(), name.clone()))
            && codes.len() == 1
        {
            return Ok(codes[0].clone());
        }
        let namesakes: Vec<&(String, String)> = self
            .by_name
            .get(&name)
            .map(|all| {
                all.iter()
                    .filter(|(_, dep)| departement.is_none_or(|d| d.eq_ignore_ascii_case(dep)))
                    .collect()
            })
            .unwrap_or_default();
        let postcode_alone = postcode
            .and_then(|pc| self.by_postcode.get(pc))
            .filter(|codes| codes.len() == 1);
        match namesakes.as_slice() {
            [one] => Ok(one.0.clone()),
            [] if postcode_alone.is_some() => {
                Ok(postcode_alone.map(|c| c[0].clone()).unwrap_or_default())
            }
            [] if insee.is_some() => Err(Unlinked::UnknownCode),
            [] => Err(Unlinked::NoMatch),
            _ => Err(Unlinked::Ambiguous),
        }
    }
}
