//! MySQL access: the pool, migrations, and the generic statements the table specs drive.
//! Identifiers in generated SQL come only from the static specs in [`crate::model`];
//! every value is a bound parameter.

use crate::model::{Key, Kind, Row, TableSpec, Val};
use sqlx::{
    Executor, MySql, MySqlConnection, Row as _,
    migrate::{MigrateError, Migrator},
    mysql::{MySqlArguments, MySqlConnectOptions, MySqlPoolOptions, MySqlRow},
    query::Query,
};
use std::{borrow::Cow, str::FromStr, sync::LazyLock, time::Duration};

/// The pool of connections. Every connection works in UTC so `TIMESTAMP` columns and
/// unix seconds agree.
pub type Pool = sqlx::MySqlPool;

/// Statements with more rows than this are split (MySQL's 65,535-placeholder limit).
const MAX_PARAMS: usize = 60_000;

/// Opens a pool to `url` (`mysql://user:pass@host:port/db`).
pub async fn connect(url: &str, max_connections: u32) -> Result<Pool, sqlx::Error> {
    // Bulk statements differ by their row count and are not cached (`persistent(false)`);
    // the cache keeps the few fixed ones.
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

fn placeholder(kind: Kind) -> &'static str {
    match kind {
        Kind::Time => "FROM_UNIXTIME(?)",
        _ => "?",
    }
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

fn bind<'q>(q: Query<'q, MySql, MySqlArguments>, v: &Val) -> Query<'q, MySql, MySqlArguments> {
    match v {
        Val::Null => q.bind(None::<String>),
        Val::U(x) => q.bind(*x),
        Val::I(x) => q.bind(*x),
        Val::S(x) => q.bind(x.clone()),
        Val::B(x) => q.bind(*x),
    }
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

fn key_condition(spec: &TableSpec, n: usize) -> String {
    if spec.key.len() == 1 {
        let marks = vec!["?"; n].join(", ");
        format!("`{}` IN ({marks})", spec.key[0])
    } else {
        let cols = spec
            .key
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let one = format!("({})", vec!["?"; spec.key.len()].join(", "));
        format!("({cols}) IN ({})", vec![one; n].join(", "))
    }
}

/// Loads the current rows of `spec` with these keys (absent keys are simply missing).
pub async fn load(
    conn: &mut MySqlConnection,
    spec: &'static TableSpec,
    keys: &[Key],
) -> Result<Vec<Row>, sqlx::Error> {
    let mut out = Vec::with_capacity(keys.len());
    let per = (MAX_PARAMS / spec.key.len()).min(5_000);
    for chunk in keys.chunks(per) {
        let sql = format!(
            // Every spec's key is its table's primary key. Without the hint MariaDB
            // scans the whole table for long (a, b) IN (…) lists.
            "SELECT {} FROM `{}` FORCE INDEX (PRIMARY) WHERE {}",
            select_list(spec),
            spec.name,
            key_condition(spec, chunk.len())
        );
        let mut q = sqlx::query(&sql).persistent(false);
        for key in chunk {
            for v in &key.0 {
                q = bind(q, v);
            }
        }
        for r in q.fetch_all(&mut *conn).await? {
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

/// One version of a row for `<table>_history`: the row, and the block range it held for.
#[derive(Debug, Clone)]
pub struct Version {
    /// The row's state.
    pub row: Row,
    /// The first block it held at.
    pub valid_from: u64,
    /// The first block it no longer held at (`None`: still current).
    pub valid_to: Option<u64>,
}

/// Writes versions to `<table>_history`; a version that exists already (the open one a
/// batch closes) gets its new `valid_to`.
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
        .map(|v| [Val::U(v.valid_from), v.valid_to.into()])
        .collect();
    insert_rows(
        conn,
        spec,
        &table,
        &rows,
        &extra,
        "ON DUPLICATE KEY UPDATE `valid_to` = VALUES(`valid_to`)",
    )
    .await
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
    let mut one: Vec<&str> = spec.cols.iter().map(|(_, k)| placeholder(*k)).collect();
    if with_range {
        cols.push_str(", `valid_from`, `valid_to`");
        one.extend(["?", "?"]);
    }
    let one = format!("({})", one.join(", "));
    let per = (MAX_PARAMS / (spec.cols.len() + 2)).max(1);
    for (chunk_no, chunk) in rows.chunks(per).enumerate() {
        let values = vec![one.as_str(); chunk.len()].join(", ");
        let sql = format!("INSERT INTO `{table}` ({cols}) VALUES {values} {tail}");
        let mut q = sqlx::query(&sql).persistent(false);
        for (i, row) in chunk.iter().enumerate() {
            for v in &row.vals {
                q = bind(q, v);
            }
            if with_range {
                for v in &extra[chunk_no * per + i] {
                    q = bind(q, v);
                }
            }
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Closes the open `_history` version of `key` (if any) at block `at`.
pub async fn close_open_version(
    conn: &mut MySqlConnection,
    spec: &'static TableSpec,
    key: &Key,
    at: u64,
) -> Result<(), sqlx::Error> {
    let cond = spec
        .key
        .iter()
        .map(|k| format!("`{k}` = ?"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let sql = format!(
        "UPDATE `{}_history` SET `valid_to` = ? WHERE {cond} AND `valid_to` IS NULL AND `valid_from` < ?",
        spec.name
    );
    let mut q = sqlx::query(&sql).bind(at);
    for v in &key.0 {
        q = bind(q, v);
    }
    q.bind(at).execute(&mut *conn).await?;
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
        // Rows changed after the ancestor: back to the version that held at it.
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
        sqlx::query(&format!(
            "DELETE FROM `{name}_history` WHERE `valid_from` > ?"
        ))
        .bind(ancestor)
        .execute(&mut *conn)
        .await?;
        sqlx::query(&format!(
            "UPDATE `{name}_history` SET `valid_to` = NULL WHERE `valid_to` > ?"
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

/// Every version in `<spec>_history`, canonical (`row ␟ valid_from ␟ valid_to`), in key
/// then `valid_from` order (the audit's comparison of history).
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
