//! Every declaration of `read_model::tables` and `read_model::status` against the
//! migrated schema: each table and declared column exists with a compatible type and
//! the declared nullability, each versioned table's `_history` twin holds every
//! declared column (same type) plus its validity range, each status enum's labels are
//! its MySQL `ENUM`'s values, and every typed row decodes what its SELECT list reads,
//! from the table and through its time-travel source. So a wrong column name, type or
//! nullability fails here.
//!
//! Needs MariaDB/MySQL: `#[sqlx::test]` makes a fresh database on the server
//! `DATABASE_URL` names (e.g. mysql://root@127.0.0.1:3306/test) and the test applies
//! the read model's migrations the way `indexer migrate` does.

use read_model::{
    Kind, Row, TABLES, TableRow, TableSpec, Val,
    db::{self, Version},
    status::ALL_ENUMS,
    tables::*,
};
use sqlx::{MySqlConnection, MySqlPool};
use std::collections::{BTreeMap, BTreeSet};

/// A column as information_schema describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    data_type: String,
    column_type: String,
    nullable: bool,
}

async fn columns(conn: &mut MySqlConnection, table: &str) -> BTreeMap<String, Column> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT CAST(COLUMN_NAME AS CHAR), CAST(DATA_TYPE AS CHAR), CAST(COLUMN_TYPE AS CHAR), \
         CAST(IS_NULLABLE AS CHAR) FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
    )
    .bind(table)
    .fetch_all(conn)
    .await
    .expect("reading information_schema");
    rows.into_iter()
        .map(|(name, data_type, column_type, nullable)| {
            let column = Column {
                data_type: data_type.to_lowercase(),
                column_type: column_type.to_lowercase(),
                nullable: nullable == "YES",
            };
            (name, column)
        })
        .collect()
}

/// Whether a column of this SQL type reads as `kind`.
fn compatible(kind: Kind, c: &Column) -> bool {
    let unsigned_int = matches!(
        c.data_type.as_str(),
        "tinyint" | "smallint" | "mediumint" | "int" | "bigint"
    ) && c.column_type.contains("unsigned");
    match kind {
        Kind::U => unsigned_int,
        Kind::B => c.column_type == "tinyint(1)",
        Kind::S => matches!(
            c.data_type.as_str(),
            "char" | "varchar" | "enum" | "text" | "mediumtext"
        ),
        Kind::Dec => c.column_type == "decimal(65,0)",
        Kind::Time => c.data_type == "timestamp",
    }
}

/// The values of an `enum('a','b',...)` column type.
fn enum_values(column_type: &str) -> BTreeSet<String> {
    column_type
        .strip_prefix("enum('")
        .and_then(|s| s.strip_suffix("')"))
        .unwrap_or_else(|| panic!("not an enum: {column_type}"))
        .split("','")
        .map(str::to_owned)
        .collect()
}

async fn migrated(pool: &MySqlPool) -> sqlx::pool::PoolConnection<sqlx::MySql> {
    db::migrate(pool).await.expect("migrating");
    // Twice: every statement is idempotent and the second run applies nothing.
    db::migrate(pool).await.expect("migrating again");
    pool.acquire().await.unwrap()
}

#[sqlx::test(migrations = false)]
async fn every_declared_column_exists_with_its_type_and_nullability(pool: MySqlPool) {
    let mut conn = migrated(&pool).await;
    for spec in TABLES {
        let cols = columns(&mut conn, spec.name).await;
        assert!(!cols.is_empty(), "table {} does not exist", spec.name);
        for (i, (name, kind)) in spec.cols.iter().enumerate() {
            let c = cols
                .get(*name)
                .unwrap_or_else(|| panic!("{}.{name} does not exist", spec.name));
            assert!(
                compatible(*kind, c),
                "{}.{name} is {} and cannot be read as {kind:?}",
                spec.name,
                c.column_type
            );
            assert_eq!(
                c.nullable, spec.nulls[i],
                "{}.{name}: NULL-able in the schema = {}, declared {}",
                spec.name, c.nullable, spec.nulls[i]
            );
        }
    }
}

#[sqlx::test(migrations = false)]
async fn history_twins_hold_every_declared_column_and_a_validity_range(pool: MySqlPool) {
    let mut conn = migrated(&pool).await;
    twins_match_their_specs(&mut conn).await;
}

/// `db::SCHEMA`, the migrator `#[sqlx::test]` databases are built with, derives the
/// same twins.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn the_test_migrator_derives_the_twins_too(pool: MySqlPool) {
    let mut conn = pool.acquire().await.unwrap();
    twins_match_their_specs(&mut conn).await;
}

/// A twin lacking a declared column (one a later migration added to its base table)
/// gets it at the next migrate, with the base table's type; its closed versions are kept,
/// and an open one (written before twins held closed versions only: the open version is
/// the current row) is dropped.
#[sqlx::test(migrations = false)]
async fn a_twin_gains_the_declared_columns_it_lacks(pool: MySqlPool) {
    let mut conn = migrated(&pool).await;
    sqlx::query(
        "INSERT INTO `Token_history` (token, community_id, name, symbol, total_supply, \
         created_at, block_number, block_hash, tx_hash, log_index, valid_from, valid_to) \
         VALUES ('0x01', 1, 'n', 's', 0, 1, 1, '0x', '0x', 0, 1, 2), \
         ('0x01', 1, 'n', 's', 5, 1, 2, '0x', '0x', 0, 2, NULL)",
    )
    .execute(&mut *conn)
    .await
    .expect("seeding Token_history");
    for spec in TABLES.iter().filter(|s| s.versioned) {
        let (col, _) = spec.cols.last().unwrap();
        sqlx::query(&format!(
            "ALTER TABLE `{}_history` DROP COLUMN `{col}`",
            spec.name
        ))
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    drop(conn);
    db::migrate(&pool).await.expect("migrating");
    let mut conn = pool.acquire().await.unwrap();
    twins_match_their_specs(&mut conn).await;
    let kept: Vec<(u64, Option<u64>)> =
        sqlx::query_as("SELECT valid_from, valid_to FROM `Token_history`")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    assert_eq!(kept, [(1, Some(2))]);
}

/// Every versioned spec's twin holds exactly its declared columns, typed as in the base
/// table, and the validity range; append-only tables have none.
async fn twins_match_their_specs(conn: &mut MySqlConnection) {
    for spec in TABLES {
        let history = format!("{}_history", spec.name);
        let twin = columns(conn, &history).await;
        if !spec.versioned {
            assert!(
                twin.is_empty(),
                "{history} exists but {} is append-only",
                spec.name
            );
            continue;
        }
        let base = columns(conn, spec.name).await;
        let mut expected: BTreeSet<&str> = spec.cols.iter().map(|(c, _)| *c).collect();
        expected.extend(["valid_from", "valid_to"]);
        let names: BTreeSet<&str> = twin.keys().map(String::as_str).collect();
        assert_eq!(names, expected, "{history}'s columns");
        for (name, _) in spec.cols {
            assert_eq!(
                twin[*name].column_type, base[*name].column_type,
                "{history}.{name}'s type"
            );
            assert_eq!(
                twin[*name].nullable, base[*name].nullable,
                "{history}.{name}'s nullability"
            );
        }
        for (col, nullable) in [("valid_from", false), ("valid_to", true)] {
            let c = &twin[col];
            // MySQL 8 drops the display width MariaDB shows (`bigint(20) unsigned`).
            assert!(
                c.data_type == "bigint" && c.column_type.ends_with("unsigned"),
                "{history}.{col} is {}",
                c.column_type
            );
            assert_eq!(c.nullable, nullable, "{history}.{col}'s nullability");
        }
    }
}

#[sqlx::test(migrations = false)]
async fn status_labels_are_the_enum_values(pool: MySqlPool) {
    let mut conn = migrated(&pool).await;
    for e in ALL_ENUMS {
        let (table, column) = (&e.table, &e.column);
        let labels: BTreeSet<String> = e.labels.iter().map(|l| (*l).to_owned()).collect();
        let spec = TABLES
            .iter()
            .find(|s| s.name == *table)
            .unwrap_or_else(|| panic!("no table {table}"));
        let mut tables = vec![(*table).to_owned()];
        if spec.versioned {
            tables.push(format!("{table}_history"));
        }
        for t in tables {
            let cols = columns(&mut conn, &t).await;
            let c = cols
                .get(*column)
                .unwrap_or_else(|| panic!("{t}.{column} does not exist"));
            assert_eq!(enum_values(&c.column_type), labels, "{t}.{column}");
        }
    }
}

/// A value column `name` of this type accepts: `n` tells rows apart.
fn sample(kind: Kind, c: &Column, n: u64) -> Val {
    match kind {
        Kind::U => Val::U(n),
        Kind::Time => Val::U(1_700_000_000 + n),
        Kind::B => Val::B(n % 2 == 1),
        Kind::Dec => Val::S(format!("{}", 10u128.pow(30) + u128::from(n))),
        Kind::S if c.data_type == "enum" => {
            let values: Vec<String> = enum_values(&c.column_type).into_iter().collect();
            Val::S(values[n as usize % values.len()].clone())
        }
        Kind::S => Val::S(format!("s{n}")),
    }
}

/// Two rows of every table (the second with every NULL-able column NULL), written the
/// way the indexer writes them: versioned ones current since block 2 with their block-1
/// versions closed in `_history`, append-only ones at block 1.
async fn fill(conn: &mut MySqlConnection, spec: &'static TableSpec) {
    let cols = columns(conn, spec.name).await;
    let mut rows = Vec::new();
    for n in [1u64, 2] {
        let mut row = Row::new(spec);
        for (i, (name, kind)) in spec.cols.iter().enumerate() {
            row.vals[i] = if n == 2 && spec.nulls[i] {
                Val::Null
            } else {
                sample(*kind, &cols[*name], n)
            };
        }
        row.set("block_number", 1u64);
        rows.push(row);
    }
    if spec.versioned {
        // Block 1's versions closed at block 2, when the rows took their current state:
        // read at block 1, they come from the twin.
        let current: Vec<Row> = rows
            .iter()
            .map(|row| {
                let mut row = row.clone();
                row.set("block_number", 2u64);
                row
            })
            .collect();
        db::upsert(conn, &current).await.expect("upsert");
        let versions: Vec<Version> = rows
            .iter()
            .map(|row| Version {
                row: row.clone(),
                valid_from: 1,
                valid_to: 2,
            })
            .collect();
        db::write_history(conn, spec, &versions)
            .await
            .expect("history");
    } else {
        db::append(conn, &rows).await.expect("append");
    }
}

/// Reads `R`'s two rows with its SELECT list, from the table and at block 1.
async fn read<R: TableRow + PartialEq>(conn: &mut MySqlConnection) -> Vec<R> {
    fill(conn, R::SPEC).await;
    let raw = sqlx::query(&format!("SELECT {} FROM `{}`", R::SELECT, R::SPEC.name))
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", R::SPEC.name));
    assert_eq!(raw.len(), 2, "{}", R::SPEC.name);
    // FromRow skips sqlx's type check per value; the checked decode must agree with it.
    let current: Vec<R> = raw
        .iter()
        .map(|r| R::from_row(r).unwrap_or_else(|e| panic!("{}: {e}", R::SPEC.name)))
        .collect();
    let checked: Vec<R> = raw
        .iter()
        .map(|r| {
            R::decode_checked(r).unwrap_or_else(|e| panic!("{}: type check: {e}", R::SPEC.name))
        })
        .collect();
    assert!(
        current == checked,
        "{}: checked decode differs",
        R::SPEC.name
    );
    let (src, params) = R::SPEC.source(Some(1));
    let sql = format!("SELECT {} FROM {src}", R::SELECT);
    let mut q = sqlx::query_as::<_, R>(&sql).persistent(false);
    for p in params {
        q = q.bind(p);
    }
    let then = q
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{} at block 1: {e}", R::SPEC.name));
    assert_eq!(then.len(), 2, "{} at block 1", R::SPEC.name);
    current
}

#[sqlx::test(migrations = false)]
async fn every_typed_row_decodes_its_select_list(pool: MySqlPool) {
    let mut conn = migrated(&pool).await;
    let c = &mut *conn;
    let users = read::<UserRow>(c).await;
    read::<CommunityRow>(c).await;
    let posts = read::<PostRow>(c).await;
    let mut tasks = read::<TaskRow>(c).await;
    read::<TransactionRow>(c).await;
    read::<PointRow>(c).await;
    read::<CommentRow>(c).await;
    read::<OrderRow>(c).await;
    read::<MemberRow>(c).await;
    read::<PostLikeRow>(c).await;
    read::<ItemRow>(c).await;
    read::<ReviewRow>(c).await;
    read::<OfferRow>(c).await;
    read::<TokenRow>(c).await;
    read::<BalanceRow>(c).await;
    read::<RoleMemberRow>(c).await;
    read::<RecoveryRequestRow>(c).await;
    read::<PublisherApplicationRow>(c).await;
    read::<EscrowCreditRow>(c).await;
    read::<SettingRow>(c).await;
    read::<TaskReleaseRow>(c).await;

    assert!(users.iter().any(|u| u.username == "s1" && u.is_verified));
    assert!(posts.iter().any(|p| p.post_time == 1_700_000_001));
    tasks.sort_by_key(|t| t.task_id);
    assert_eq!(tasks[0].claimer.as_deref(), Some("s1"));
    assert_eq!(tasks[1].claimer, None);
    assert_eq!(tasks[0].task_price, "1000000000000000000000000000001");
    assert!(read_model::TaskStatus::from_label(&tasks[0].task_status).is_some());
    assert_eq!(tasks[0].block_number, 2);
    assert_eq!(tasks[0].block_hash, "s1");
}
