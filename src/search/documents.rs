//! Building search documents from the database, one record or all of them.

use std::collections::{BTreeSet, HashMap};

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::{DocKind, SearchDocument};
use crate::entities::*;

fn join(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" — ")
}

fn json_strings(value: &Option<serde_json::Value>) -> Vec<String> {
    value
        .as_ref()
        .and_then(|v| v.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

pub fn organisation_document(
    o: &organisation::Model,
    tags: Vec<String>,
    stages: Vec<String>,
) -> SearchDocument {
    SearchDocument {
        id: SearchDocument::doc_id(DocKind::Organisation, o.id),
        kind: DocKind::Organisation,
        title: o.name.clone(),
        acronym: o.acronym.clone(),
        commune: o.commune.clone(),
        region_code: o.region_code.clone(),
        departement_code: o.departement_code.clone(),
        org_kind: Some(o.kind.as_str().to_owned()),
        stages,
        tags,
        description: join(&[o.description.as_deref(), o.workshops_offered.as_deref()]),
        url: format!("/organisations/{}", o.id),
        date: None,
    }
}

fn person_document(p: &person::Model, roles: Vec<String>) -> SearchDocument {
    SearchDocument {
        id: SearchDocument::doc_id(DocKind::Person, p.id),
        kind: DocKind::Person,
        title: p.full_name.clone(),
        acronym: None,
        commune: None,
        region_code: None,
        departement_code: None,
        org_kind: None,
        stages: Vec::new(),
        tags: Vec::new(),
        // Roles and organisations only: emails and notes stay out of the index.
        description: roles.join(" — "),
        url: format!("/people/{}", p.id),
        date: None,
    }
}

fn event_document(e: &event::Model) -> SearchDocument {
    SearchDocument {
        id: SearchDocument::doc_id(DocKind::Event, e.id),
        kind: DocKind::Event,
        title: e.title.clone(),
        acronym: None,
        commune: e.commune.clone(),
        region_code: e.region_code.clone(),
        departement_code: e.departement_code.clone(),
        org_kind: Some(e.kind.as_str().to_owned()),
        stages: Vec::new(),
        tags: json_strings(&e.themes),
        description: join(&[e.description.as_deref(), e.place.as_deref()]),
        url: format!("/events/{}", e.id),
        date: Some(e.start_local.date()),
    }
}

fn kit_document(k: &workshop_kit::Model) -> SearchDocument {
    SearchDocument {
        id: SearchDocument::doc_id(DocKind::Kit, k.id),
        kind: DocKind::Kit,
        title: k.title.clone(),
        acronym: None,
        commune: None,
        region_code: None,
        departement_code: None,
        org_kind: None,
        stages: Vec::new(),
        tags: Vec::new(),
        description: join(&[Some(&k.goal), Some(&k.audience)]),
        url: format!("/workshops/kits/{}", k.id),
        date: None,
    }
}

/// Tag names per organisation (for the given ids, or all when `None`).
async fn tags_by_org(
    db: &impl ConnectionTrait,
    ids: Option<&[i32]>,
) -> Result<HashMap<i32, Vec<String>>, DbErr> {
    let names: HashMap<i32, String> = tag::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut query = organisation_tag::Entity::find();
    if let Some(ids) = ids {
        query = query.filter(organisation_tag::Column::OrganisationId.is_in(ids.to_vec()));
    }
    let mut map: HashMap<i32, Vec<String>> = HashMap::new();
    for link in query.all(db).await? {
        if let Some(name) = names.get(&link.tag_id) {
            map.entry(link.organisation_id)
                .or_default()
                .push(name.clone());
        }
    }
    Ok(map)
}

/// Outreach stages per organisation, across campaigns.
async fn stages_by_org(
    db: &impl ConnectionTrait,
    ids: Option<&[i32]>,
) -> Result<HashMap<i32, Vec<String>>, DbErr> {
    let mut query = outreach_status::Entity::find()
        .select_only()
        .column(outreach_status::Column::OrganisationId)
        .column(outreach_status::Column::Stage);
    if let Some(ids) = ids {
        query = query.filter(outreach_status::Column::OrganisationId.is_in(ids.to_vec()));
    }
    let rows: Vec<(i32, Stage)> = query.into_tuple().all(db).await?;
    let mut map: HashMap<i32, BTreeSet<String>> = HashMap::new();
    for (org, stage) in rows {
        map.entry(org)
            .or_default()
            .insert(stage.as_str().to_owned());
    }
    Ok(map
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect())
}

async fn roles_of(db: &impl ConnectionTrait, person_id: i32) -> Result<Vec<String>, DbErr> {
    let memberships = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .all(db)
        .await?;
    let mut roles = Vec::new();
    for m in memberships {
        let org = organisation::Entity::find_by_id(m.organisation_id)
            .one(db)
            .await?;
        roles.push(match org {
            Some(o) => format!("{}, {}", m.role, o.name),
            None => m.role,
        });
    }
    Ok(roles)
}

/// The current document of a record; `None` when it is gone (or erased),
/// which means: remove it from the index.
pub async fn load(
    db: &impl ConnectionTrait,
    entity: EntityKind,
    id: i32,
) -> Result<Option<SearchDocument>, DbErr> {
    Ok(match entity {
        EntityKind::Organisation => match organisation::Entity::find_by_id(id).one(db).await? {
            Some(o) => {
                let tags = tags_by_org(db, Some(&[id]))
                    .await?
                    .remove(&id)
                    .unwrap_or_default();
                let stages = stages_by_org(db, Some(&[id]))
                    .await?
                    .remove(&id)
                    .unwrap_or_default();
                Some(organisation_document(&o, tags, stages))
            }
            None => None,
        },
        EntityKind::Person => match person::Entity::find_by_id(id).one(db).await? {
            Some(p) if p.erased_at.is_none() => Some(person_document(&p, roles_of(db, id).await?)),
            _ => None,
        },
        EntityKind::Event => event::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|e| event_document(&e)),
        EntityKind::Kit => workshop_kit::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|k| kit_document(&k)),
        _ => None,
    })
}

/// The current documents of many records of one kind, by id, in a few
/// queries for organisations (an import touches thousands); a record
/// missing from the answer is gone or erased: remove it from the index.
pub async fn load_many(
    db: &impl ConnectionTrait,
    entity: EntityKind,
    ids: &[i32],
) -> Result<HashMap<i32, SearchDocument>, DbErr> {
    let mut docs = HashMap::with_capacity(ids.len());
    if entity != EntityKind::Organisation {
        for id in ids {
            if let Some(doc) = load(db, entity, *id).await? {
                docs.insert(*id, doc);
            }
        }
        return Ok(docs);
    }
    for chunk in ids.chunks(500) {
        let orgs = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        let mut tags = tags_by_org(db, Some(chunk)).await?;
        let mut stages = stages_by_org(db, Some(chunk)).await?;
        for o in orgs {
            let (t, s) = (
                tags.remove(&o.id).unwrap_or_default(),
                stages.remove(&o.id).unwrap_or_default(),
            );
            docs.insert(o.id, organisation_document(&o, t, s));
        }
    }
    Ok(docs)
}

/// The id under which a record is indexed, if its kind is searchable.
pub fn indexed_id(entity: EntityKind, id: i32) -> Option<String> {
    let kind = match entity {
        EntityKind::Organisation => DocKind::Organisation,
        EntityKind::Person => DocKind::Person,
        EntityKind::Event => DocKind::Event,
        EntityKind::Kit => DocKind::Kit,
        _ => return None,
    };
    Some(SearchDocument::doc_id(kind, id))
}

/// Every document, batch by batch: organisations are paged so that memory
/// stays bounded on large directories; people, events and kits follow.
pub struct Batches {
    batch: u64,
    tags: Option<HashMap<i32, Vec<String>>>,
    stages: HashMap<i32, Vec<String>>,
    after: i32,
    phase: u8,
}

impl Batches {
    pub fn new(batch: u64) -> Self {
        Batches {
            batch,
            tags: None,
            stages: HashMap::new(),
            after: 0,
            phase: 0,
        }
    }

    pub async fn next(
        &mut self,
        db: &impl ConnectionTrait,
    ) -> Result<Option<Vec<SearchDocument>>, DbErr> {
        if self.tags.is_none() {
            self.tags = Some(tags_by_org(db, None).await?);
            self.stages = stages_by_org(db, None).await?;
        }
        loop {
            match self.phase {
                0 => {
                    let page = organisation::Entity::find()
                        .filter(organisation::Column::Id.gt(self.after))
                        .order_by_asc(organisation::Column::Id)
                        .limit(self.batch)
                        .all(db)
                        .await?;
                    let Some(last) = page.last() else {
                        self.phase = 1;
                        continue;
                    };
                    self.after = last.id;
                    let tags = self.tags.as_ref();
                    return Ok(Some(
                        page.iter()
                            .map(|o| {
                                let t =
                                    tags.and_then(|t| t.get(&o.id)).cloned().unwrap_or_default();
                                let s = self.stages.get(&o.id).cloned().unwrap_or_default();
                                organisation_document(o, t, s)
                            })
                            .collect(),
                    ));
                }
                1 => {
                    self.phase = 2;
                    let mut people = Vec::new();
                    for p in person::Entity::find()
                        .filter(person::Column::ErasedAt.is_null())
                        .all(db)
                        .await?
                    {
                        people.push(person_document(&p, roles_of(db, p.id).await?));
                    }
                    return Ok(Some(people));
                }
                2 => {
                    self.phase = 3;
                    return Ok(Some(
                        event::Entity::find()
                            .all(db)
                            .await?
                            .iter()
                            .map(event_document)
                            .collect(),
                    ));
                }
                3 => {
                    self.phase = 4;
                    return Ok(Some(
                        workshop_kit::Entity::find()
                            .all(db)
                            .await?
                            .iter()
                            .map(kit_document)
                            .collect(),
                    ));
                }
                _ => return Ok(None),
            }
        }
    }
}

/// How many documents [`Batches`] yields (for progress bars).
pub async fn total(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    Ok(organisation::Entity::find().count(db).await?
        + person::Entity::find()
            .filter(person::Column::ErasedAt.is_null())
            .count(db)
            .await?
        + event::Entity::find().count(db).await?
        + workshop_kit::Entity::find().count(db).await?)
}

#[derive(Debug, thiserror::Error)]
pub enum IndexAllError {
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("{0}")]
    Search(#[from] super::SearchError),
}
