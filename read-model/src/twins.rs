//! The `_history` twins, derived from the specs rather than written out by hand.
//!
//! Every versioned [`TableSpec`] gets `<name>_history`: the spec's columns with the base
//! table's types and nullability (off-chain columns of the base table, absent from the
//! spec, are not versioned), then `valid_from`/`valid_to`, keyed by the spec's key and
//! `valid_from`. It holds a row's closed versions only (`valid_from <= b < valid_to`);
//! the open one is the current row, which started at its `block_number`
//! ([`TableSpec::versions`] reads both as one). Twins carry no column defaults: every
//! write to a twin names every declared column. A twin that exists but lacks a declared column gets it added (at
//! the end), so a migration adding a column only alters the base table.
//!
//! The statements are plain SQL (the definitions are read from `information_schema`
//! and run as prepared statements), so the same text serves both [`sync`], run by
//! `db::migrate` after every migration, and [`migration`], the last step of
//! `db::SCHEMA` for `#[sqlx::test]`. Identifiers come only from the static specs.

use crate::{model::TableSpec, tables::TABLES};
use sqlx::{
    Executor,
    migrate::{Migration, MigrationType},
};
use std::borrow::Cow;

/// The version of [`migration`]: after every file in `read-model/migrations`.
pub const VERSION: i64 = 99_991_231_000_000;

/// `column_type [CHARACTER SET … COLLATE …] NULL|NOT NULL` of a column of
/// `information_schema.columns`, as SQL text.
const DEFINITION: &str = "CONCAT('`', column_name, '` ', column_type, \
     IF(character_set_name IS NULL, '', CONCAT(' CHARACTER SET ', character_set_name, ' COLLATE ', collation_name)), \
     IF(is_nullable = 'YES', ' NULL', ' NOT NULL'))";

/// Runs `@stmt` as a prepared statement.
const RUN: &str = "PREPARE twin FROM @stmt;\nEXECUTE twin;\nDEALLOCATE PREPARE twin;\n";

/// The statements that create or complete every versioned spec's twin. Idempotent.
pub fn sql() -> String {
    let mut sql = String::from("SET SESSION group_concat_max_len = 1048576;\n");
    for spec in TABLES.iter().filter(|s| s.versioned) {
        twin(spec, &mut sql);
    }
    sql
}

/// Appends `spec`'s twin statements to `sql`.
fn twin(spec: &TableSpec, sql: &mut String) {
    let name = spec.name;
    let lower = name.to_lowercase();
    let listed = spec
        .cols
        .iter()
        .map(|(c, _)| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let key = spec
        .key
        .iter()
        .map(|k| format!("`{k}`, "))
        .collect::<String>();
    let base = format!(
        "FROM information_schema.columns WHERE table_schema = DATABASE() \
         AND table_name = '{name}' AND column_name IN ({listed})"
    );
    let order = format!("ORDER BY FIELD(column_name, {listed})");
    // Created with every declared column, in the spec's order.
    sql.push_str(&format!(
        "SET @stmt = (SELECT CONCAT('CREATE TABLE IF NOT EXISTS `{name}_history` (', \
         GROUP_CONCAT({DEFINITION} {order} SEPARATOR ', '), \
         ', `valid_from` BIGINT UNSIGNED NOT NULL, `valid_to` BIGINT UNSIGNED NULL, \
         PRIMARY KEY ({key}`valid_from`), \
         KEY `ix_{lower}_history_from` (`valid_from`), KEY `ix_{lower}_history_to` (`valid_to`)\
         ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin') {base});\n{RUN}"
    ));
    // Only closed versions live in the twin (the open one is the current row); a twin
    // written before that rule held its open versions too.
    sql.push_str(&format!(
        "DELETE FROM `{name}_history` WHERE `valid_to` IS NULL;\n"
    ));
    // Completed with the declared columns it lacks (added to the base table later).
    sql.push_str(&format!(
        "SET @stmt = (SELECT IFNULL(CONCAT('ALTER TABLE `{name}_history` ', \
         GROUP_CONCAT('ADD COLUMN ', {DEFINITION} {order} SEPARATOR ', ')), 'DO 0') {base} \
         AND column_name NOT IN (SELECT column_name FROM information_schema.columns \
         WHERE table_schema = DATABASE() AND table_name = '{name}_history'));\n{RUN}"
    ));
}

/// Creates or completes every twin on `pool` (one connection: the statements share
/// session variables).
pub async fn sync(pool: &crate::db::Pool) -> Result<(), sqlx::Error> {
    let mut conn = pool.acquire().await?;
    conn.execute(sqlx::raw_sql(&sql())).await?;
    Ok(())
}

/// [`sql`] as a migration, for migrators that build a fresh database
/// (`#[sqlx::test]`); `db::migrate` runs [`sync`] instead, on every start.
pub fn migration() -> Migration {
    Migration::new(
        VERSION,
        Cow::Borrowed("history twins"),
        MigrationType::Simple,
        Cow::Owned(sql()),
        false,
    )
}
