//! The reference geography: France's régions and départements, seeded by
//! [`crate::seed`] and only read afterwards. Any area that files something
//! under a région or a département (organisations, events) reads the lists
//! and the choices its forms and filters offer from here, never from another
//! area. Owns no writes.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};

use crate::entities::{departement, region};

/// Every région and département, in the order a list shows them.
#[derive(Debug, Clone, Default)]
pub struct Geography {
    /// By name.
    pub regions: Vec<region::Model>,
    /// By code (`01`, `02`, `2A`, `2B`, `03`… `976`).
    pub departements: Vec<departement::Model>,
}

/// Reads both lists (a hundred-odd rows).
pub async fn load(db: &impl ConnectionTrait) -> Result<Geography, DbErr> {
    Ok(Geography {
        regions: region::Entity::find()
            .order_by_asc(region::Column::Name)
            .all(db)
            .await?,
        departements: departement::Entity::find()
            .order_by_asc(departement::Column::Code)
            .all(db)
            .await?,
    })
}

/// The région with this code, if there is one.
pub async fn region(db: &impl ConnectionTrait, code: &str) -> Result<Option<region::Model>, DbErr> {
    region::Entity::find_by_id(code.to_owned()).one(db).await
}

/// The département with this code, if there is one.
pub async fn departement(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<departement::Model>, DbErr> {
    departement::Entity::find_by_id(code.to_owned())
        .one(db)
        .await
}

impl Geography {
    /// `(code, name)` of each région, for a select.
    pub fn region_options(&self) -> Vec<(String, String)> {
        self.regions
            .iter()
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect()
    }

    /// `(code, "code – name")` of each département, for a select.
    pub fn departement_options(&self) -> Vec<(String, String)> {
        self.departements
            .iter()
            .map(|d| (d.code.clone(), format!("{} – {}", d.code, d.name)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_keep_the_order_read_and_label_departements_with_their_code() {
        let geography = Geography {
            regions: vec![region::Model {
                code: "52".into(),
                name: "Pays de la Loire".into(),
            }],
            departements: vec![
                departement::Model {
                    code: "2A".into(),
                    name: "Corse-du-Sud".into(),
                    region_code: "94".into(),
                },
                departement::Model {
                    code: "44".into(),
                    name: "Loire-Atlantique".into(),
                    region_code: "52".into(),
                },
            ],
        };
        assert_eq!(
            geography.region_options(),
            [("52".to_owned(), "Pays de la Loire".to_owned())]
        );
        assert_eq!(
            geography.departement_options(),
            [
                ("2A".to_owned(), "2A – Corse-du-Sud".to_owned()),
                ("44".to_owned(), "44 – Loire-Atlantique".to_owned()),
            ]
        );
    }
}
