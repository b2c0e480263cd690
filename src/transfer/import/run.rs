//! Reading a file's rows against what is stored: the dry run ([`check`])
//! and the real thing ([`commit`]), one loop for both so the dry run
//! announces exactly what the commit does.

use std::collections::HashMap;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    TransactionTrait,
};

use super::matching::{Found, Index, Keys, Known};
use super::mediation::{self, Validator};
use super::rows::{self, Geo, OrganisationRow, PersonRow};
use super::write::{self, Pending};
use super::{
    Action, DuplicateChoice, ImportError, Plan, Problem, Report, RowReport, Table, Target,
};
use crate::entities::{departement, organisation, organisation_alias, person, region};

/// How often progress is told, in rows.
const PROGRESS_EVERY: u64 = 500;

/// Reads every row and says what a commit would do; writes nothing.
pub async fn check(
    db: &impl ConnectionTrait,
    table: Table,
    plan: &Plan,
    progress: impl FnMut(u64),
) -> Result<Report, ImportError> {
    Run::load(db, plan, false)
        .await?
        .go(db, table, progress)
        .await
}

/// Writes the file in one transaction: every row, or nothing when a row is
/// in error (unless the plan leaves those out). The report tells which.
pub async fn commit(
    db: &DatabaseConnection,
    table: Table,
    plan: &Plan,
    progress: impl FnMut(u64),
) -> Result<Report, ImportError> {
    let (txn, report) = write_open(db, table, plan, progress).await?;
    if report.written {
        txn.commit().await?;
    } else {
        txn.rollback().await?;
    }
    Ok(report)
}

/// The commit's writes left in their open transaction, with the report:
/// the caller commits it when `report.written` (web jobs first record
/// their outcome in it), else rolls it back. Dropped, it rolls back.
pub async fn write_open(
    db: &DatabaseConnection,
    table: Table,
    plan: &Plan,
    progress: impl FnMut(u64),
) -> Result<(DatabaseTransaction, Report), ImportError> {
    let txn = db.begin().await?;
    let report = Run::load(&txn, plan, true)
        .await?
        .go(&txn, table, progress)
        .await?;
    Ok((txn, report))
}

/// What is stored, as far as matching rows needs it.
enum Stored {
    Organisations(HashMap<i32, organisation::Model>),
    People {
        people: HashMap<i32, person::Model>,
        /// Folded name or acronym of each organisation → its id.
        organisations: HashMap<String, i32>,
    },
}

struct Run<'p> {
    plan: &'p Plan,
    writing: bool,
    geo: Geo,
    /// Reference communes, to link organisations to (empty for people).
    communes: crate::geo::store::CommuneIndex,
    stored: Stored,
    index: Index,
    validator: Option<Validator>,
    pending: Pending,
    /// Records made from the file's rows, by line.
    created: HashMap<u64, i32>,
    report: Report,
    /// Names of the rows to be created, by line (for duplicates of them).
    line_labels: HashMap<u64, String>,
    headers: Vec<String>,
    /// A row in error was met and errors are not left out: stop writing.
    failed: bool,
}

impl<'p> Run<'p> {
    async fn load(db: &impl ConnectionTrait, plan: &'p Plan, writing: bool) -> Result<Self, DbErr> {
        let geo = Geo {
            departements: departement::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|d| (d.code, d.region_code))
                .collect(),
            regions: region::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|r| r.code)
                .collect(),
        };
        let communes = match plan.target {
            Target::Organisations => crate::geo::store::CommuneIndex::load(db).await?,
            Target::People => crate::geo::store::CommuneIndex::default(),
        };
        let mut index = Index::default();
        let organisations = organisation::Entity::find().all(db).await?;
        let stored = match plan.target {
            Target::Organisations => {
                for o in &organisations {
                    index.remember(organisation_keys(o), Known::Record(o.id));
                }
                // A record merged into another is found as the kept one.
                for alias in organisation_alias::Entity::find().all(db).await? {
                    let keys = Keys {
                        external_id: Some(alias.external_id),
                        ..Keys::default()
                    };
                    index.remember(keys, Known::Record(alias.organisation_id));
                }
                Stored::Organisations(organisations.into_iter().map(|o| (o.id, o)).collect())
            }
            Target::People => {
                let people = person::Entity::find()
                    .filter(sea_orm::ColumnTrait::is_null(&person::Column::ErasedAt))
                    .all(db)
                    .await?;
                for p in &people {
                    index.remember(person_keys(p), Known::Record(p.id));
                }
                // A person merged into another is found as the kept one.
                for alias in crate::people::store::aliases(db).await? {
                    let keys = Keys {
                        external_id: Some(alias.external_id),
                        ..Keys::default()
                    };
                    index.remember(keys, Known::Record(alias.person_id));
                }
                let mut names = HashMap::new();
                for o in &organisations {
                    names.entry(super::fold(&o.name)).or_insert(o.id);
                    if let Some(acronym) = &o.acronym {
                        names.entry(super::fold(acronym)).or_insert(o.id);
                    }
                }
                Stored::People {
                    people: people.into_iter().map(|p| (p.id, p)).collect(),
                    organisations: names,
                }
            }
        };
        Ok(Run {
            plan,
            writing,
            geo,
            communes,
            stored,
            index,
            validator: None,
            pending: Pending::default(),
            created: HashMap::new(),
            report: Report::default(),
            line_labels: HashMap::new(),
            headers: Vec::new(),
            failed: false,
        })
    }

    async fn go(
        mut self,
        db: &impl ConnectionTrait,
        table: Table,
        mut progress: impl FnMut(u64),
    ) -> Result<Report, ImportError> {
        let headers = table.shape.headers.clone();
        if self.plan.target == Target::Organisations && mediation::follows_schema(&headers) {
            self.validator = Some(Validator::default());
        }
        self.headers = headers.clone();
        for row in table {
            let (line, values) = match row {
                Ok(row) => row,
                // A row the reader could not split: an error of that row.
                Err(problem) if problem.line.is_some() => {
                    let line = problem.line.unwrap_or_default();
                    self.error(line, String::new(), vec![problem]);
                    continue;
                }
                Err(problem) => return Err(ImportError::File(problem)),
            };
            self.report.rows += 1;
            self.row(db, line, &headers, &values).await?;
            if self.report.rows.is_multiple_of(PROGRESS_EVERY) {
                progress(self.report.rows);
                // A dry run may not wait on anything for many rows: let the
                // job's heartbeat and other requests have the thread.
                tokio::task::yield_now().await;
            }
        }
        if self.writing && !self.failed {
            self.flush(db).await?;
            if self.plan.target == Target::Organisations {
                // Libraries and their communes' populations came in: the
                // departmental libraries' reach follows, in the same
                // transaction.
                crate::directory::reach::refresh(db).await?;
            }
        }
        progress(self.report.rows);
        self.report.written = self.writing && !self.failed;
        Ok(self.report)
    }

    fn error(&mut self, line: u64, label: String, problems: Vec<Problem>) {
        if !self.plan.skip_errors {
            self.failed = true;
        }
        self.report.add(RowReport {
            line,
            label,
            action: Action::Error,
            problems,
            disagreements: Vec::new(),
        });
    }

    /// Whether writes happen for this row.
    fn writes(&self) -> bool {
        self.writing && !self.failed
    }

    async fn row(
        &mut self,
        db: &impl ConnectionTrait,
        line: u64,
        headers: &[String],
        values: &[String],
    ) -> Result<(), ImportError> {
        let plan = self.plan;
        let mut schema_problems = match &mut self.validator {
            Some(v) => v.check(line, headers, values),
            None => Vec::new(),
        };
        let label = first_value(&plan.mapping, values);
        match plan.target {
            Target::Organisations => {
                let (read, warnings) = rows::organisation(
                    line,
                    headers,
                    values,
                    &plan.mapping,
                    &self.geo,
                    &plan.defaults,
                );
                match read {
                    Ok(row) if schema_problems.is_empty() => {
                        self.organisation(db, line, row, warnings).await
                    }
                    Ok(_) => {
                        self.error(line, label, schema_problems);
                        Ok(())
                    }
                    Err(problems) => {
                        schema_problems.extend(problems);
                        self.error(line, label, schema_problems);
                        Ok(())
                    }
                }
            }
            Target::People => {
                let (read, warnings) =
                    rows::person(line, headers, values, &plan.mapping, &plan.defaults);
                match read {
                    Ok(row) => self.person(db, line, row, warnings).await,
                    Err(problems) => {
                        self.error(line, label, problems);
                        Ok(())
                    }
                }
            }
        }
    }

    /// The record a duplicate points at, with its label; an earlier row of
    /// the file is written first when it must be merged into.
    async fn resolve(
        &mut self,
        db: &impl ConnectionTrait,
        known: Known,
    ) -> Result<Option<i32>, DbErr> {
        match known {
            Known::Record(id) => Ok(Some(id)),
            Known::Line(line) => {
                if self.writes() && !self.created.contains_key(&line) {
                    self.flush(db).await?;
                }
                Ok(self.created.get(&line).copied())
            }
        }
    }

    fn label_of(&self, known: Known) -> String {
        match (known, &self.stored) {
            (Known::Record(id), Stored::Organisations(orgs)) => {
                orgs.get(&id).map(|o| o.name.clone()).unwrap_or_default()
            }
            (Known::Record(id), Stored::People { people, .. }) => people
                .get(&id)
                .map(|p| p.full_name.clone())
                .unwrap_or_default(),
            (Known::Line(line), _) => self
                .line_labels
                .get(&line)
                .cloned()
                .unwrap_or_else(|| format!("#{line}")),
        }
    }

    /// What becomes of a row with these keys: its action, the stored record
    /// it updates or merges into, and whether it makes a new record.
    async fn decide(
        &mut self,
        db: &impl ConnectionTrait,
        line: u64,
        keys: &Keys,
    ) -> Result<(Action, Option<i32>, bool), DbErr> {
        Ok(match self.index.find(keys) {
            Found::New => (Action::Create, None, true),
            Found::Same(id) => (Action::Update(id), Some(id), false),
            Found::Duplicate(of, reason) => {
                let choice = self.plan.choice(line);
                let target = match choice {
                    DuplicateChoice::Merge => self.resolve(db, of).await?,
                    _ => None,
                };
                let action = Action::Duplicate {
                    of,
                    of_label: self.label_of(of),
                    reason,
                    choice,
                };
                (action, target, choice == DuplicateChoice::Create)
            }
        })
    }

    async fn organisation(
        &mut self,
        db: &impl ConnectionTrait,
        line: u64,
        mut row: OrganisationRow,
        warnings: Vec<Problem>,
    ) -> Result<(), ImportError> {
        // Its commune: the INSEE code, else the postcode and name.
        let linked = self.communes.link(
            row.insee.as_deref(),
            row.input.commune.as_deref(),
            row.input.postcode.as_deref(),
            row.input.departement_code.as_deref(),
        );
        let link_outcome = linked.as_ref().map(|_| ()).map_err(|r| *r);
        row.input.commune_code = linked.ok();
        let keys = Keys::organisation(
            row.external_id.as_deref(),
            &row.input.name,
            row.input.commune.as_deref(),
            row.input.website.as_deref(),
            row.input.email.as_deref(),
        );
        let label = row.input.name.clone();
        let mut disagreements = Vec::new();
        let (mut action, target, creates) = self.decide(db, line, &keys).await?;
        // Counted for the rows that reach a record (not the duplicates
        // left out).
        if creates || target.is_some() {
            self.report.commune_link(line, link_outcome);
        }
        if let Some(id) = target {
            self.load_record(db, id).await?;
        }
        // The dry run shows where a duplicate and its record disagree, so
        // the volunteer can choose before merging.
        if let Some(id) = compared_record(&action, target) {
            self.load_record(db, id).await?;
            if let Stored::Organisations(orgs) = &self.stored
                && let Some(known) = orgs.get(&id)
            {
                let mode = merge_mode(self.plan, &action, line);
                disagreements = write::merged_organisation(known, &row, mode).1;
            }
        }
        if creates {
            self.index.remember(keys, Known::Line(line));
            self.line_labels.insert(line, label.clone());
            if self.writes() {
                self.pending.organisations.push((line, row));
                self.flush_when_full(db).await?;
            }
        } else if let (Some(id), Stored::Organisations(orgs)) = (target, &mut self.stored)
            && let Some(before) = orgs.get(&id)
        {
            let (after, found) =
                write::merged_organisation(before, &row, merge_mode(self.plan, &action, line));
            disagreements = found;
            if after == *before {
                if matches!(action, Action::Update(_)) {
                    action = Action::Unchanged(id);
                }
            } else if self.writing && !self.failed {
                let saved = write::update_organisation(db, before, &after, self.plan.actor).await?;
                orgs.insert(id, saved);
            }
        }
        self.report.add(RowReport {
            line,
            label,
            action,
            problems: warnings,
            disagreements,
        });
        Ok(())
    }

    async fn person(
        &mut self,
        db: &impl ConnectionTrait,
        line: u64,
        row: PersonRow,
        mut warnings: Vec<Problem>,
    ) -> Result<(), ImportError> {
        let Stored::People { organisations, .. } = &self.stored else {
            return Ok(());
        };
        let organisation = match &row.organisation {
            None => None,
            Some(name) => {
                let id = organisations.get(&super::fold(name)).copied();
                if id.is_none() {
                    let column = rows::column_of(
                        &self.headers,
                        &self.plan.mapping,
                        super::Field::Organisation,
                    );
                    warnings.push(Problem::row(
                        line,
                        &column,
                        "import-value-organisation-unknown",
                        name,
                    ));
                }
                id
            }
        };
        let keys = Keys::person(
            row.external_id.as_deref(),
            &row.input.full_name,
            row.input.email.as_deref(),
        );
        let label = row.input.full_name.clone();
        let mut disagreements = Vec::new();
        let (mut action, target, creates) = self.decide(db, line, &keys).await?;
        if let Some(id) = target {
            self.load_record(db, id).await?;
        }
        if let Some(id) = compared_record(&action, target) {
            self.load_record(db, id).await?;
            if let Stored::People { people, .. } = &self.stored
                && let Some(known) = people.get(&id)
            {
                let mode = merge_mode(self.plan, &action, line);
                disagreements = write::merged_person(known, &row, mode).1;
            }
        }
        if creates {
            self.index.remember(keys, Known::Line(line));
            self.line_labels.insert(line, label.clone());
            if self.writes() {
                self.pending.people.push((line, row, organisation));
                self.flush_when_full(db).await?;
            }
        } else if let (Some(id), Stored::People { people, .. }) = (target, &mut self.stored)
            && let Some(before) = people.get(&id)
        {
            let (after, found) =
                write::merged_person(before, &row, merge_mode(self.plan, &action, line));
            disagreements = found;
            let joins = match organisation {
                Some(org) => !write::is_member(db, id, org).await?,
                None => false,
            };
            if after == *before && !joins {
                if matches!(action, Action::Update(_)) {
                    action = Action::Unchanged(id);
                }
            } else if self.writing && !self.failed {
                let saved = write::update_person(db, before, &after, self.plan.actor).await?;
                if joins && let Some(org) = organisation {
                    let role = row.role.as_deref().unwrap_or(write::DEFAULT_ROLE);
                    let membership = crate::people::store::MembershipInput {
                        person_id: id,
                        organisation_id: org,
                        role: role.to_owned(),
                        started_on: None,
                        ended_on: None,
                        mandate_ends_on: None,
                        elected_by: None,
                    };
                    crate::people::store::add_membership(db, &membership, self.plan.actor).await?;
                }
                people.insert(id, saved);
            }
        }
        self.report.add(RowReport {
            line,
            label,
            action,
            problems: warnings,
            disagreements,
        });
        Ok(())
    }

    async fn flush_when_full(&mut self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        if self.pending.len() >= write::BATCH {
            self.flush(db).await?;
        }
        Ok(())
    }

    async fn flush(&mut self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        let pending = std::mem::take(&mut self.pending);
        // Created records are not kept in memory (bounded memory on large
        // files): one is read back if a later row merges into it.
        self.created
            .extend(write::insert(db, pending, self.plan.actor).await?);
        Ok(())
    }

    /// Makes sure the stored record `id` is at hand.
    async fn load_record(&mut self, db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
        match &mut self.stored {
            Stored::Organisations(orgs) if !orgs.contains_key(&id) => {
                if let Some(o) = organisation::Entity::find_by_id(id).one(db).await? {
                    orgs.insert(id, o);
                }
            }
            Stored::People { people, .. } if !people.contains_key(&id) => {
                if let Some(p) = person::Entity::find_by_id(id).one(db).await? {
                    people.insert(id, p);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn organisation_keys(o: &organisation::Model) -> Keys {
    Keys::organisation(
        o.external_id.as_deref(),
        &o.name,
        o.commune.as_deref(),
        o.website.as_deref(),
        o.email.as_deref(),
    )
}

fn person_keys(p: &person::Model) -> Keys {
    Keys::person(p.external_id.as_deref(), &p.full_name, p.email.as_deref())
}

/// What names a row in error: its name, else its first mapped value.
fn first_value(mapping: &[Option<super::Field>], values: &[String]) -> String {
    use super::Field::{FullName, LastName, Name};
    let filled = || {
        mapping
            .iter()
            .zip(values)
            .filter(|(f, v)| f.is_some() && !v.trim().is_empty())
    };
    filled()
        .find(|(f, _)| matches!(f, Some(Name | FullName | LastName)))
        .or_else(|| filled().next())
        .map(|(_, v)| v.trim().chars().take(80).collect())
        .unwrap_or_default()
}

/// A re-read of the same source record refreshes it; a duplicate completes
/// the known record, taking the row's value only for the fields the
/// volunteer chose on this line.
fn merge_mode<'p>(plan: &'p Plan, action: &Action, line: u64) -> write::MergeMode<'p> {
    match action {
        Action::Duplicate { .. } => write::MergeMode::Complete {
            take: plan
                .take_from_row
                .get(&line)
                .map(Vec::as_slice)
                .unwrap_or_default(),
        },
        _ => write::MergeMode::Refresh,
    }
}

/// The known record a duplicate not being merged is compared with.
fn compared_record(action: &Action, target: Option<i32>) -> Option<i32> {
    match (action, target) {
        (
            Action::Duplicate {
                of: Known::Record(id),
                ..
            },
            None,
        ) => Some(*id),
        _ => None,
    }
}
