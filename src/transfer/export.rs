//! Exports of lists as CSV (UTF-8 with BOM and `;`, as French Excel and
//! LibreOffice expect) and JSON. Rows are the entities' own JSON, so a new
//! column appears in exports without touching this file.

use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::{Map, Value};

use crate::entities::person;

/// Rows of one export, with the column order of the first row.
#[derive(Debug, Default)]
pub struct Sheet {
    columns: Vec<String>,
    rows: Vec<Map<String, Value>>,
}

impl Sheet {
    pub fn push<T: serde::Serialize>(&mut self, item: &T, hidden: &[&str]) {
        let Ok(Value::Object(mut map)) = serde_json::to_value(item) else {
            return;
        };
        for key in hidden {
            map.remove(*key);
        }
        if self.columns.is_empty() {
            self.columns = map.keys().cloned().collect();
        }
        self.rows.push(map);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.rows).unwrap_or_else(|_| "[]".into())
    }

    pub fn to_csv(&self) -> String {
        let mut out = String::from('\u{feff}');
        let header: Vec<String> = self.columns.iter().map(|c| csv_field(c)).collect();
        out.push_str(&header.join(";"));
        out.push_str("\r\n");
        for row in &self.rows {
            let cells: Vec<String> = self
                .columns
                .iter()
                .map(|c| csv_field(&cell(row.get(c).unwrap_or(&Value::Null))))
                .collect();
            out.push_str(&cells.join(";"));
            out.push_str("\r\n");
        }
        out
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "oui".into(),
        Value::Bool(false) => "non".into(),
        // Decimal comma: what French spreadsheets read as a number.
        Value::Number(n) if n.is_f64() => n.to_string().replace('.', ","),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// Every CSV cell relais writes goes through here. Quotes a field when it
/// holds a separator, a quote or a line break; a leading `=`, `+`, `-`,
/// `@`, tab or carriage return is neutralised so a spreadsheet never runs
/// it as a formula.
pub fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '@', '\t', '\r'])
        || (text.starts_with('-') && text.parse::<f64>().is_err())
    {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Rows read per query: memory stays bounded on large directories.
const PAGE: u64 = 1000;

/// Internal columns nobody needs in a spreadsheet.
pub const HIDDEN: &[&str] = &["version", "seed_key", "edited_fields", "extra"];

/// The organisations a directory filter matches, page by page.
pub async fn organisations(
    db: &DatabaseConnection,
    filter: &crate::directory::store::ListFilter,
) -> Result<Sheet, DbErr> {
    organisations_of(db, crate::directory::store::filtered(filter)).await
}

/// The organisations `query` selects (a filter's, or ticked rows).
pub async fn organisations_of(
    db: &DatabaseConnection,
    query: sea_orm::Select<crate::entities::organisation::Entity>,
) -> Result<Sheet, DbErr> {
    let mut sheet = Sheet::default();
    let mut pages = query.paginate(db, PAGE);
    while let Some(rows) = pages.fetch_and_next().await? {
        for row in &rows {
            sheet.push(row, HIDDEN);
        }
    }
    Ok(sheet)
}

/// Everyone not erased.
pub async fn people(db: &DatabaseConnection) -> Result<Sheet, DbErr> {
    let mut sheet = Sheet::default();
    // Erased people keep no personal data: nothing to export of them.
    let mut pages = person::Entity::find()
        .filter(person::Column::ErasedAt.is_null())
        .order_by_asc(person::Column::FullName)
        .paginate(db, PAGE);
    while let Some(rows) = pages.fetch_and_next().await? {
        for row in &rows {
            sheet.push(row, HIDDEN);
        }
    }
    Ok(sheet)
}

/// The contact log, newest first, as the log page's filter keeps it.
pub async fn interactions(
    db: &DatabaseConnection,
    filter: &crate::interactions::store::LogFilter,
) -> Result<Sheet, DbErr> {
    let mut sheet = Sheet::default();
    let mut pages = filter.select().paginate(db, PAGE);
    while let Some(rows) = pages.fetch_and_next().await? {
        for row in &rows {
            sheet.push(row, HIDDEN);
        }
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_opens_in_french_spreadsheets() {
        let mut sheet = Sheet::default();
        sheet.push(&json!({"name": "Médiathèque; centre", "lat": 48.11, "notes": "a\n\"b\"", "f": "=1+1", "tags": ["x", "y"]}), &[]);
        let csv = sheet.to_csv();
        assert!(csv.starts_with('\u{feff}'));
        assert!(
            csv.contains("\"Médiathèque; centre\";48,11;\"a\n\"\"b\"\"\";'=1+1;x, y\r\n"),
            "{csv}"
        );
    }
}
