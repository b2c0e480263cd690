//! Small builders that keep table definitions short and uniform.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

/// Length of enumeration columns: values are short snake_case words.
pub const ENUM_LEN: u32 = 32;

/// A table of editable rows: `id` primary key now, and the bookkeeping
/// columns every editable row carries (see [`finish_editable`]).
pub fn editable(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(name)
        .if_not_exists()
        .col(pk_auto("id"))
        .take()
}

/// `created_at`, `updated_at` and `version` (optimistic locking: every
/// update is `... WHERE version = <the version the editor saw>`).
pub fn finish_editable(mut table: TableCreateStatement) -> TableCreateStatement {
    table
        .col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
        .col(integer("version").default(1));
    table
}

pub fn vocab(name: &'static str) -> ColumnDef {
    string_len(name, ENUM_LEN)
}

pub fn vocab_null(name: &'static str) -> ColumnDef {
    string_len_null(name, ENUM_LEN)
}

pub fn fk(
    from_table: &'static str,
    from_col: &'static str,
    to_table: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    let to_col = match to_table {
        "regions" | "departements" => "code",
        _ => "id",
    };
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::Cascade)
        .take()
}

pub fn index(table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create()
        .name(format!("idx_{table}_{}", cols.join("_")))
        .table(table)
        .if_not_exists()
        .take();
    for col in cols {
        stmt.col(*col);
    }
    stmt
}

pub fn unique_index(table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = index(table, cols);
    stmt.name(format!("uq_{table}_{}", cols.join("_"))).unique();
    stmt
}
