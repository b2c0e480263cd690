//! Directory queries.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};

use crate::entities::{OrgKind, departement, organisation};

/// One line of the overview: an organisation with its parent's name and its
/// département's name resolved.
#[derive(Debug, Clone)]
pub struct OrganisationLine {
    pub id: i32,
    pub name: String,
    pub acronym: Option<String>,
    pub commune: Option<String>,
    pub departement: Option<(String, String)>,
    pub parent: Option<(i32, String)>,
}

/// All organisations grouped by kind, in vocabulary order, names sorted.
pub async fn overview_by_kind(
    db: &impl ConnectionTrait,
) -> Result<Vec<(OrgKind, Vec<OrganisationLine>)>, DbErr> {
    let organisations = organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?;
    let departements: HashMap<String, String> = departement::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.code, d.name))
        .collect();
    let names: HashMap<i32, String> = organisations
        .iter()
        .map(|o| (o.id, o.name.clone()))
        .collect();
    let mut groups: Vec<(OrgKind, Vec<OrganisationLine>)> =
        OrgKind::ALL.iter().map(|k| (*k, Vec::new())).collect();
    for org in organisations {
        let line = OrganisationLine {
            id: org.id,
            departement: org.departement_code.as_ref().map(|code| {
                (
                    code.clone(),
                    departements.get(code).cloned().unwrap_or_default(),
                )
            }),
            parent: org
                .parent_id
                .and_then(|pid| names.get(&pid).map(|name| (pid, name.clone()))),
            name: org.name,
            acronym: org.acronym,
            commune: org.commune,
        };
        if let Some((_, lines)) = groups.iter_mut().find(|(kind, _)| *kind == org.kind) {
            lines.push(line);
        }
    }
    groups.retain(|(_, lines)| !lines.is_empty());
    Ok(groups)
}
