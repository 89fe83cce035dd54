//! MySQL access: the pool, migrations, and the generic statements the table specs drive.
//! Identifiers in generated SQL come only from the static specs in [`crate::model`];
//! every value is a bound parameter.

use crate::model::{Key, Kind, Row, TableSpec, Val};
use sqlx::{
    Executor, MySql, MySqlConnection, Row as _,
    migrate::{MigrateError, Migrator},
    mysql::{MySqlConnectOptions, MySqlPoolOptions, MySqlRow},
};
use std::{borrow::Cow, str::FromStr, sync::LazyLock, time::Duration};

/// The pool of connections. Every connection works in UTC so `TIMESTAMP` columns and
/// unix seconds agree.
pub type Pool = sqlx::MySqlPool;

/// Opens a pool to `url` (`mysql://user:pass@host:port/db`).
pub async fn connect(url: &str, max_connections: u32) -> Result<Pool, sqlx::Error> {
    // Bulk statements go as text (`write_literal`), never prepared; the cache keeps the
    // few fixed prepared ones.
    let options = MySqlConnectOptions::from_str(url)?
        .timezone(Some("+00:00".into()))
        .statement_cache_capacity(64);
    MySqlPoolOptions::new()
        .max_connections(max_connections)
        // Short, so an unreachable database is reported (and retried) within seconds.
        .acquire_timeout(Duration::from_secs(3))
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("SET SESSION time_zone = '+00:00'").await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await
}

/// Creates the database `url` names when it does not exist yet.
pub async fn create_if_missing(url: &str) -> Result<(), sqlx::Error> {
    use sqlx::migrate::MigrateDatabase as _;
    if !MySql::database_exists(url).await? {
        MySql::create_database(url).await?;
    }
    Ok(())
}

/// The chain tables' migrations (`read-model/migrations`). They share
/// `_sqlx_migrations` with the API's own (off-chain tables), so each migrator ignores
/// the versions it does not know.
pub fn migrator() -> Migrator {
    let mut m = sqlx::migrate!("./migrations");
    m.set_ignore_missing(true);
    m
}

/// Applies the chain tables' migrations ([`migrator`]), then creates or completes the
/// `_history` twins the specs derive ([`crate::twins`]).
pub async fn migrate(pool: &Pool) -> Result<(), MigrateError> {
    run_migrations(pool, &migrator()).await?;
    crate::twins::sync(pool).await?;
    Ok(())
}

/// The whole read model as one migrator for a fresh database: [`migrator`]'s files,
/// then the twins ([`crate::twins::migration`]). For tests:
/// `#[sqlx::test(migrator = "read_model::db::SCHEMA")]`.
pub static SCHEMA: LazyLock<Migrator> = LazyLock::new(|| {
    let mut migrations = migrator().migrations.into_owned();
    migrations.push(crate::twins::migration());
    Migrator {
        migrations: Cow::Owned(migrations),
        ignore_missing: true,
        ..Migrator::DEFAULT
    }
});

/// Applies `migrator`'s migrations, safe against an earlier run killed midway.
///
/// MySQL cannot roll DDL back, so a crash inside a migration leaves it marked as
/// partially applied and sqlx would refuse to start. Every migration is idempotent
/// (`CREATE TABLE IF NOT EXISTS`, `ALTER` only when still needed), so such a mark is
/// cleared and the migration simply runs again.
pub async fn run_migrations(pool: &Pool, migrator: &Migrator) -> Result<(), MigrateError> {
    // One migrator at a time per database: the indexer's and the API's share
    // `_sqlx_migrations` and often start together. sqlx's own lock asks for
    // `GET_LOCK(…, -1)`, which MariaDB answers NULL at once (it takes no negative wait),
    // so without this lock one migrator saw the other's migration half done ("partially
    // applied") or cleared its mark below. The lock is per connection: everything runs
    // on this one.
    let mut conn = pool.acquire().await?;
    let locked: Option<i64> =
        sqlx::query_scalar("SELECT GET_LOCK(CONCAT('migrations:', DATABASE()), 300)")
            .fetch_one(&mut *conn)
            .await?;
    if locked != Some(1) {
        return Err(MigrateError::Execute(sqlx::Error::Protocol(
            "another migrator held this database's migration lock for 5 minutes".into(),
        )));
    }
    let result = migrate_locked(pool, &mut conn, migrator).await;
    // Released explicitly: the connection goes back to the pool, not away.
    let _ = sqlx::query("SELECT RELEASE_LOCK(CONCAT('migrations:', DATABASE()))")
        .execute(&mut *conn)
        .await;
    result
}

async fn migrate_locked(
    pool: &Pool,
    conn: &mut sqlx::MySqlConnection,
    migrator: &Migrator,
) -> Result<(), MigrateError> {
    let tracked: Option<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS CHAR) FROM information_schema.tables \
         WHERE table_schema = DATABASE() AND table_name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut *conn)
    .await?;
    if tracked.is_some() {
        let cleared = sqlx::query("DELETE FROM _sqlx_migrations WHERE success = 0")
            .execute(&mut *conn)
            .await?
            .rows_affected();
        if cleared > 0 {
            tracing::warn!(target: "indexer::db", cleared, "re-running migrations a crash interrupted");
            wait_for_other_statements(pool).await?;
        }
    }
    migrator.run(&mut *conn).await
}

/// A migrator killed mid-statement leaves that statement running on the server (an
/// `ALTER TABLE` goes on after its client is gone). Re-running the migration before it
/// ends would race it: the idempotent checks would not see the index yet, and adding it
/// again would then fail. Waits (at most two minutes) until no other session runs a
/// statement in this database.
async fn wait_for_other_statements(pool: &Pool) -> Result<(), sqlx::Error> {
    let started = std::time::Instant::now();
    loop {
        let busy: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM information_schema.processlist \
             WHERE db = DATABASE() AND id <> CONNECTION_ID() AND command = 'Query' \
             AND COALESCE(info, '') NOT LIKE '%GET_LOCK%'",
        )
        .fetch_one(pool)
        .await?;
        if busy == 0 || started.elapsed() > std::time::Duration::from_secs(120) {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// Bulk statements are cut at about this much SQL text (the server's
/// `max_allowed_packet` is 16 MiB by default in MariaDB, 64 MiB in MySQL 8).
const MAX_STATEMENT_BYTES: usize = 4 << 20;

/// Writes `v` as a SQL literal of a column of `kind`. Bulk statements carry their values
/// as literals (the text protocol) rather than as bound parameters: a prepared statement
/// of thousands of placeholders is parsed, answered with a metadata packet per
/// placeholder and bound parameter by parameter, for one execution (a quarter of the
/// database's CPU in a backfill, measured by `perf`). Injection-proof by construction:
/// text goes as a hex literal (`X'…'`: only hex digits, whatever the text and whatever
/// `NO_BACKSLASH_ESCAPES` says), numbers are formatted by Rust, and decimal amounts pass
/// only when they are all digits.
pub fn write_literal(out: &mut String, kind: Kind, v: &Val) {
    use std::fmt::Write as _;
    let time = kind == Kind::Time && !matches!(v, Val::Null);
    if time {
        out.push_str("FROM_UNIXTIME(");
    }
    match v {
        Val::Null => out.push_str("NULL"),
        Val::U(x) => write!(out, "{x}").expect("writing to a String"),
        Val::I(x) => write!(out, "{x}").expect("writing to a String"),
        Val::B(b) => out.push(if *b { '1' } else { '0' }),
        Val::S(x) if kind == Kind::Dec && is_plain_integer(x) => out.push_str(x),
        // Text as hex: the bytes go into the column's character set as they are (and are
        // checked against it). Cheaper for the server than a quoted string (no literal
        // name to convert) and needs no escaping.
        Val::S(x) => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.reserve(x.len() * 2 + 3);
            out.push_str("X'");
            for b in x.bytes() {
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
            out.push('\'');
        }
    }
    if time {
        out.push(')');
    }
}

/// An optional minus sign, then 1 to 80 ASCII digits.
fn is_plain_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.len() <= 80 && digits.bytes().all(|b| b.is_ascii_digit())
}

fn select_expr(col: &str, kind: Kind) -> String {
    match kind {
        Kind::Time => format!("CAST(UNIX_TIMESTAMP(`{col}`) AS UNSIGNED)"),
        Kind::Dec | Kind::S => format!("CAST(`{col}` AS CHAR)"),
        Kind::U | Kind::B => format!("`{col}`"),
    }
}

/// The SELECT list of a spec's columns, in spec order, decoded by [`decode_row`].
pub fn select_list(spec: &TableSpec) -> String {
    spec.cols
        .iter()
        .map(|(c, k)| select_expr(c, *k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Decodes a row selected with [`select_list`].
pub fn decode_row(spec: &'static TableSpec, r: &MySqlRow) -> Result<Row, sqlx::Error> {
    let mut row = Row::new(spec);
    for (i, (_, kind)) in spec.cols.iter().enumerate() {
        row.vals[i] = match kind {
            Kind::U | Kind::Time => r.try_get_unchecked::<Option<u64>, _>(i)?.into(),
            Kind::B => r
                .try_get_unchecked::<Option<i8>, _>(i)?
                .map_or(Val::Null, |b| Val::B(b != 0)),
            Kind::S | Kind::Dec => r.try_get_unchecked::<Option<String>, _>(i)?.into(),
        };
    }
    Ok(row)
}

/// `key IN (…)` for these keys, as literals.
fn key_condition(spec: &TableSpec, keys: &[Key]) -> String {
    let kinds: Vec<Kind> = spec.key.iter().map(|k| spec.kind(k)).collect();
    let mut sql = String::with_capacity(keys.len() * 24 * kinds.len());
    if let [kind] = kinds[..] {
        sql.push_str(&format!("`{}` IN (", spec.key[0]));
        for (i, key) in keys.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            write_literal(&mut sql, kind, &key.0[0]);
        }
    } else {
        let cols = spec
            .key
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        sql.push_str(&format!("({cols}) IN ("));
        for (i, key) in keys.iter().enumerate() {
            sql.push_str(if i > 0 { ", (" } else { "(" });
            for (j, (v, kind)) in key.0.iter().zip(&kinds).enumerate() {
                if j > 0 {
                    sql.push_str(", ");
                }
                write_literal(&mut sql, *kind, v);
            }
            sql.push(')');
        }
    }
    sql.push(')');
    sql
}

/// Loads the current rows of `spec` with these keys (absent keys are simply missing).
pub async fn load(
    conn: &mut MySqlConnection,
    spec: &'static TableSpec,
    keys: &[Key],
) -> Result<Vec<Row>, sqlx::Error> {
    let mut out = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(5_000) {
        let sql = format!(
            // Every spec's key is its table's primary key. Without the hint MariaDB
            // scans the whole table for long (a, b) IN (…) lists.
            "SELECT {} FROM `{}` FORCE INDEX (PRIMARY) WHERE {}",
            select_list(spec),
            spec.name,
            key_condition(spec, chunk)
        );
        // No arguments: sent as text (COM_QUERY), nothing to prepare.
        for r in conn.fetch_all(sqlx::raw_sql(&sql)).await? {
            out.push(decode_row(spec, &r)?);
        }
    }
    Ok(out)
}

/// Writes `rows` (all of one table) as the current state: inserted, or updated in
/// place so that columns the indexer does not own (e.g. `User.email`) are kept.
pub async fn upsert(conn: &mut MySqlConnection, rows: &[Row]) -> Result<(), sqlx::Error> {
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let spec = first.spec;
    let updates = spec
        .cols
        .iter()
        .filter(|(c, _)| !spec.key.contains(c))
        .map(|(c, _)| format!("`{c}` = VALUES(`{c}`)"))
        .collect::<Vec<_>>()
        .join(", ");
    insert_rows(
        conn,
        spec,
        spec.name,
        rows,
        &[],
        &format!("ON DUPLICATE KEY UPDATE {updates}"),
    )
    .await
}

/// Appends `rows` to an append-only table.
pub async fn append(conn: &mut MySqlConnection, rows: &[Row]) -> Result<(), sqlx::Error> {
    let Some(first) = rows.first() else {
        return Ok(());
    };
    insert_rows(conn, first.spec, first.spec.name, rows, &[], "").await
}

/// A closed version of a row for `<table>_history`: the row, and the block range it held
/// for. (The open version of a row is its current row; the twin holds only the closed
/// ones, so a row written once and never changed costs no history at all.)
#[derive(Debug, Clone)]
pub struct Version {
    /// The row's state.
    pub row: Row,
    /// The first block it held at.
    pub valid_from: u64,
    /// The first block it no longer held at.
    pub valid_to: u64,
}

/// Appends closed versions to `<table>_history`.
pub async fn write_history(
    conn: &mut MySqlConnection,
    spec: &'static TableSpec,
    versions: &[Version],
) -> Result<(), sqlx::Error> {
    if versions.is_empty() {
        return Ok(());
    }
    let table = format!("{}_history", spec.name);
    let rows: Vec<Row> = versions.iter().map(|v| v.row.clone()).collect();
    let extra: Vec<[Val; 2]> = versions
        .iter()
        .map(|v| [Val::U(v.valid_from), Val::U(v.valid_to)])
        .collect();
    insert_rows(conn, spec, &table, &rows, &extra, "").await
}

async fn insert_rows(
    conn: &mut MySqlConnection,
    spec: &TableSpec,
    table: &str,
    rows: &[Row],
    extra: &[[Val; 2]],
    tail: &str,
) -> Result<(), sqlx::Error> {
    let with_range = !extra.is_empty();
    let mut cols = spec.col_list();
    if with_range {
        cols.push_str(", `valid_from`, `valid_to`");
    }
    let head = format!("INSERT INTO `{table}` ({cols}) VALUES ");
    let mut sql = String::with_capacity(MAX_STATEMENT_BYTES.min(rows.len() * 256) + head.len());
    for (i, row) in rows.iter().enumerate() {
        if sql.is_empty() {
            sql.push_str(&head);
        } else {
            sql.push_str(", ");
        }
        sql.push('(');
        for (j, (v, (_, kind))) in row.vals.iter().zip(spec.cols).enumerate() {
            if j > 0 {
                sql.push_str(", ");
            }
            write_literal(&mut sql, *kind, v);
        }
        if with_range {
            for v in &extra[i] {
                sql.push_str(", ");
                write_literal(&mut sql, Kind::U, v);
            }
        }
        sql.push(')');
        if sql.len() >= MAX_STATEMENT_BYTES || i + 1 == rows.len() {
            sql.push(' ');
            sql.push_str(tail);
            // No arguments: sent as text (COM_QUERY), nothing to prepare.
            conn.execute(sqlx::raw_sql(&sql)).await?;
            sql.clear();
        }
    }
    Ok(())
}

/// Rolls every chain-derived table back to its state after block `ancestor`.
pub async fn rollback_tables(
    conn: &mut MySqlConnection,
    tables: &[&'static TableSpec],
    ancestor: u64,
) -> Result<(), sqlx::Error> {
    for spec in tables {
        let name = spec.name;
        if !spec.versioned {
            sqlx::query(&format!("DELETE FROM `{name}` WHERE `block_number` > ?"))
                .bind(ancestor)
                .execute(&mut *conn)
                .await?;
            continue;
        }
        let key_match = spec
            .key
            .iter()
            .map(|k| format!("h.`{k}` = t.`{k}`"))
            .collect::<Vec<_>>()
            .join(" AND ");
        // Rows born after the ancestor: gone.
        sqlx::query(&format!(
            "DELETE t FROM `{name}` t WHERE t.`block_number` > ? AND NOT EXISTS \
             (SELECT 1 FROM `{name}_history` h WHERE {key_match} AND h.`valid_from` <= ?)"
        ))
        .bind(ancestor)
        .bind(ancestor)
        .execute(&mut *conn)
        .await?;
        // Rows changed after the ancestor: back to the version that held at it (closed
        // after it, so in the twin).
        let cols = spec.col_list();
        let updates = spec
            .cols
            .iter()
            .filter(|(c, _)| !spec.key.contains(c))
            .map(|(c, _)| format!("`{c}` = VALUES(`{c}`)"))
            .collect::<Vec<_>>()
            .join(", ");
        sqlx::query(&format!(
            "INSERT INTO `{name}` ({cols}) SELECT {cols} FROM `{name}_history` \
             WHERE `valid_from` <= ? AND `valid_to` > ? ON DUPLICATE KEY UPDATE {updates}"
        ))
        .bind(ancestor)
        .bind(ancestor)
        .execute(&mut *conn)
        .await?;
        // Versions closed after the ancestor are current again (restored above) or were
        // born after it.
        sqlx::query(&format!(
            "DELETE FROM `{name}_history` WHERE `valid_to` > ?"
        ))
        .bind(ancestor)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Every current row of `spec`, ordered by key (the audit's comparison).
pub async fn all_rows(
    conn: &mut MySqlConnection,
    spec: &'static TableSpec,
) -> Result<Vec<Row>, sqlx::Error> {
    let order = spec
        .key
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {} FROM `{}` ORDER BY {order}",
        select_list(spec),
        spec.name
    );
    sqlx::query(&sql)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| decode_row(spec, r))
        .collect()
}

/// Every closed version in `<spec>_history`, canonical (`row ␟ valid_from ␟ valid_to`),
/// in key then `valid_from` order (the audit's comparison of history; the open versions
/// are the current rows, compared on their own).
pub async fn all_versions(
    conn: &mut MySqlConnection,
    spec: &'static TableSpec,
) -> Result<Vec<String>, sqlx::Error> {
    let order = spec
        .key
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {}, `valid_from`, `valid_to` FROM `{}_history` ORDER BY {order}, `valid_from`",
        select_list(spec),
        spec.name
    );
    let n = spec.cols.len();
    sqlx::query(&sql)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let row = decode_row(spec, r)?;
            let from: u64 = r.try_get_unchecked(n)?;
            let to: Option<u64> = r.try_get_unchecked(n + 1)?;
            let to = to.map_or_else(|| "∅".to_owned(), |t| t.to_string());
            Ok(format!("{}\u{1f}{from}\u{1f}{to}", row.canonical()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(kind: Kind, v: Val) -> String {
        let mut s = String::new();
        write_literal(&mut s, kind, &v);
        s
    }

    #[test]
    fn literals_carry_no_text_the_server_could_read_as_sql() {
        // Text is hex whatever it holds: nothing in it can end the literal.
        assert_eq!(lit(Kind::S, Val::S("a'b".into())), "X'612762'");
        assert_eq!(lit(Kind::S, Val::S("\\".into())), "X'5c'");
        assert_eq!(lit(Kind::S, Val::S("任".into())), "X'e4bbbb'");
        assert_eq!(lit(Kind::S, Val::S(String::new())), "X''");
        // Amounts are digits or go as text; numbers and booleans are Rust-formatted.
        assert_eq!(
            lit(Kind::Dec, Val::S("12345678901234567890123".into())),
            "12345678901234567890123"
        );
        assert_eq!(lit(Kind::Dec, Val::S("-7".into())), "-7");
        assert_eq!(
            lit(Kind::Dec, Val::S("1 OR 1=1".into())),
            "X'31204f5220313d31'"
        );
        assert_eq!(lit(Kind::Dec, Val::S("-".into())), "X'2d'");
        assert_eq!(lit(Kind::U, Val::U(u64::MAX)), u64::MAX.to_string());
        assert_eq!(lit(Kind::U, Val::I(-3)), "-3");
        assert_eq!(lit(Kind::B, Val::B(true)), "1");
        assert_eq!(lit(Kind::S, Val::Null), "NULL");
        // Times are unix seconds, converted by the server; a missing time stays NULL.
        assert_eq!(
            lit(Kind::Time, Val::U(1_700_000_000)),
            "FROM_UNIXTIME(1700000000)"
        );
        assert_eq!(lit(Kind::Time, Val::Null), "NULL");
    }
}
