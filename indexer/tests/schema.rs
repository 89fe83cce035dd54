//! The migrations against the table specs and INTERFACE §2.1: every spec can be read
//! with the indexer's own SELECT list (and its `_history` twin), the seed's eight tables
//! keep their names, columns and enum values, and amounts are `DECIMAL(65,0)`.
//!
//! Needs MariaDB/MySQL at test time: every test gets a fresh database from
//! `#[sqlx::test]`, created through
//! `DATABASE_URL=mysql://root@127.0.0.1:3306/test cargo test -p indexer`.

use indexer::{
    db,
    model::{Kind, TABLES, TableSpec},
};
use sqlx::{MySqlConnection, MySqlPool};
use std::collections::BTreeSet;

/// (column name, COLUMN_TYPE, IS_NULLABLE) of `table`, in ordinal order.
async fn columns(conn: &mut MySqlConnection, table: &str) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT CAST(COLUMN_NAME AS CHAR), CAST(COLUMN_TYPE AS CHAR), CAST(IS_NULLABLE AS CHAR) \
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? \
         ORDER BY ORDINAL_POSITION",
    )
    .bind(table)
    .fetch_all(conn)
    .await
    .expect("reading information_schema")
}

async fn column_type(conn: &mut MySqlConnection, table: &str, column: &str) -> String {
    columns(conn, table)
        .await
        .into_iter()
        .find(|(c, _, _)| c == column)
        .unwrap_or_else(|| panic!("{table}.{column} does not exist"))
        .1
}

/// The values of an `enum('a','b',...)` column type.
fn enum_values(column_type: &str) -> Vec<String> {
    let inner = column_type
        .strip_prefix("enum('")
        .and_then(|s| s.strip_suffix("')"))
        .unwrap_or_else(|| panic!("not an enum: {column_type}"));
    inner.split("','").map(str::to_owned).collect()
}

async fn select_works(conn: &mut MySqlConnection, spec: &TableSpec, table: &str) {
    let sql = format!("SELECT {} FROM `{table}` LIMIT 0", db::select_list(spec));
    sqlx::query(&sql)
        .fetch_all(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn every_spec_reads_from_its_table_and_history(conn: &mut MySqlConnection) {
    for spec in TABLES {
        select_works(conn, spec, spec.name).await;
        let history = format!("{}_history", spec.name);
        let exists = !columns(conn, &history).await.is_empty();
        assert_eq!(
            exists, spec.versioned,
            "{history} exists iff {} is versioned",
            spec.name
        );
        if spec.versioned {
            select_works(conn, spec, &history).await;
        }
    }
}

async fn history_tables_mirror_their_specs_with_a_validity_range(conn: &mut MySqlConnection) {
    for spec in TABLES.iter().filter(|s| s.versioned) {
        let history = format!("{}_history", spec.name);
        let cols = columns(conn, &history).await;
        let mut names: Vec<&str> = cols.iter().map(|(c, _, _)| c.as_str()).collect();
        let mut expected: Vec<&str> = spec.cols.iter().map(|(c, _)| *c).collect();
        expected.extend(["valid_from", "valid_to"]);
        names.sort_unstable();
        expected.sort_unstable();
        assert_eq!(
            names, expected,
            "{history}: the spec's columns and the range only"
        );
        let live = columns(conn, spec.name).await;
        for (c, ty, _) in &cols {
            if let Some((_, live_ty, _)) = live.iter().find(|(l, _, _)| l == c) {
                assert_eq!(ty, live_ty, "{history}.{c} has the live table's type");
            }
        }
        let nullable = |name: &str| {
            cols.iter()
                .find(|(c, _, _)| c == name)
                .map(|(_, _, n)| n.clone())
        };
        assert_eq!(nullable("valid_from").as_deref(), Some("NO"));
        assert_eq!(nullable("valid_to").as_deref(), Some("YES"));
        // The key of a version: the row's key plus valid_from.
        let pk: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(COLUMN_NAME AS CHAR) FROM information_schema.KEY_COLUMN_USAGE \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' \
             ORDER BY ORDINAL_POSITION",
        )
        .bind(&history)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        let mut want: Vec<String> = spec.key.iter().map(|k| (*k).to_owned()).collect();
        want.push("valid_from".into());
        assert_eq!(pk, want, "{history} primary key");
    }
}

async fn spec_keys_are_the_tables_primary_keys(conn: &mut MySqlConnection) {
    for spec in TABLES {
        let pk: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(COLUMN_NAME AS CHAR) FROM information_schema.KEY_COLUMN_USAGE \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' \
             ORDER BY ORDINAL_POSITION",
        )
        .bind(spec.name)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert_eq!(pk, spec.key, "{} primary key", spec.name);
    }
}

async fn the_seeds_eight_tables_keep_their_columns(conn: &mut MySqlConnection) {
    let seed: [(&str, &[&str]); 8] = [
        (
            "User",
            &[
                "user_id",
                "username",
                "password",
                "ethereum_address",
                "email",
                "phone",
                "is_verified",
            ],
        ),
        (
            "Task",
            &[
                "task_id",
                "task_name",
                "task_description",
                "task_price",
                "task_status",
            ],
        ),
        (
            "Community",
            &[
                "community_id",
                "community_name",
                "community_description",
                "creator_id",
                "community_contract_address",
            ],
        ),
        (
            "Post",
            &[
                "post_id",
                "post_title",
                "post_content",
                "post_time",
                "publisher_id",
            ],
        ),
        (
            "Point",
            &[
                "point_id",
                "user_id",
                "point_amount",
                "source",
                "transaction_time",
            ],
        ),
        (
            "Transaction",
            &[
                "transaction_id",
                "task_id",
                "sender_id",
                "receiver_id",
                "transaction_amount",
            ],
        ),
        (
            "Comment",
            &[
                "comment_id",
                "user_id",
                "comment_content",
                "comment_time",
                "comment_object_type",
            ],
        ),
        (
            "Orders",
            &[
                "order_id",
                "user_id",
                "order_item",
                "order_amount",
                "order_status",
            ],
        ),
    ];
    for (table, wanted) in seed {
        // The exact (case-sensitive) table name.
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
        )
        .bind(table)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert_eq!(names, [table], "table {table}");
        let cols: BTreeSet<String> = columns(conn, table)
            .await
            .into_iter()
            .map(|(c, _, _)| c)
            .collect();
        for c in wanted {
            assert!(cols.contains(*c), "{table}.{c} is missing (has {cols:?})");
        }
        // The seed's key is the first column and the primary key.
        let pk: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(COLUMN_NAME AS CHAR) FROM information_schema.KEY_COLUMN_USAGE \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'",
        )
        .bind(table)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert_eq!(pk, [wanted[0]], "{table} primary key");
    }
}

async fn enum_columns_keep_the_seeds_values_and_add_the_new_states(conn: &mut MySqlConnection) {
    let cases: [(&str, &str, &[&str]); 3] = [
        (
            "Task",
            "task_status",
            &["发布", "领取", "完成", "过期", "已提交", "已取消", "争议中"],
        ),
        (
            "Orders",
            "order_status",
            &["已下单", "已支付", "已完成", "已取消"],
        ),
        ("Comment", "comment_object_type", &["任务", "社区", "帖子"]),
    ];
    for (table, column, values) in cases {
        for t in [table.to_owned(), format!("{table}_history")] {
            if columns(conn, &t).await.is_empty() {
                continue; // Comment is append-only: no history.
            }
            let ty = column_type(conn, &t, column).await;
            assert_eq!(enum_values(&ty), values, "{t}.{column}: {ty}");
        }
    }
    // The labels round-trip through the indexer's SELECT list unchanged.
    sqlx::query(
        "INSERT INTO Comment (comment_id, comment_object_type, target_id, author, content_hash, \
         created_at, block_number, block_hash, tx_hash, log_index) \
         VALUES (1, '帖子', 1, '0x', '0x', 0, 1, '0x', '0x', 0)",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    let label: String = sqlx::query_scalar("SELECT CAST(comment_object_type AS CHAR) FROM Comment")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(label, "帖子");
    // A value outside the enum is refused (strict mode), not stored as ''.
    let bad = sqlx::query("UPDATE Comment SET comment_object_type = '用户'")
        .execute(&mut *conn)
        .await;
    assert!(bad.is_err(), "an unknown label is refused");
}

async fn check_amounts(conn: &mut MySqlConnection) {
    for (table, column) in [
        ("Task", "task_price"),
        ("Transaction", "transaction_amount"),
        ("Point", "point_amount"),
        ("Orders", "order_amount"),
    ] {
        assert_eq!(
            column_type(conn, table, column).await,
            "decimal(65,0)",
            "{table}.{column}"
        );
    }
    // Every amount the specs carry, live and in history.
    for spec in TABLES {
        for (c, kind) in spec.cols {
            if *kind != Kind::Dec {
                continue;
            }
            assert_eq!(
                column_type(conn, spec.name, c).await,
                "decimal(65,0)",
                "{}.{c}",
                spec.name
            );
            if spec.versioned {
                let h = format!("{}_history", spec.name);
                assert_eq!(column_type(conn, &h, c).await, "decimal(65,0)", "{h}.{c}");
            }
        }
    }
    // The largest amount fits; wei-sized values stay exact.
    let max = "9".repeat(65);
    let back: String = sqlx::query_scalar("SELECT CAST(CAST(? AS DECIMAL(65,0)) AS CHAR)")
        .bind(&max)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(back, max);
}

async fn spec_kinds_match_column_types_and_provenance_is_required(conn: &mut MySqlConnection) {
    for spec in TABLES {
        let cols = columns(conn, spec.name).await;
        for (c, kind) in spec.cols {
            let (_, ty, _) = cols
                .iter()
                .find(|(name, _, _)| name == c)
                .unwrap_or_else(|| panic!("{}.{c} is not in the table", spec.name));
            let ok = match kind {
                Kind::Time => ty == "timestamp",
                Kind::B => ty == "tinyint(1)",
                Kind::Dec => ty == "decimal(65,0)",
                Kind::U => ty.contains("int") && ty.ends_with("unsigned"),
                Kind::S => {
                    ty.starts_with("char") || ty.starts_with("varchar") || ty.starts_with("enum")
                }
            };
            assert!(ok, "{}.{c} is {ty}, read as {kind:?}", spec.name);
        }
        for p in ["block_number", "block_hash", "tx_hash", "log_index"] {
            let (_, _, nullable) = cols
                .iter()
                .find(|(name, _, _)| name == p)
                .unwrap_or_else(|| panic!("{}.{p} is missing", spec.name));
            assert_eq!(nullable, "NO", "{}.{p} is NOT NULL", spec.name);
        }
    }
}

async fn off_chain_columns_are_neither_written_nor_versioned(conn: &mut MySqlConnection) {
    let user = TABLES.iter().find(|s| s.name == "User").unwrap();
    let history: BTreeSet<String> = columns(conn, "User_history")
        .await
        .into_iter()
        .map(|(c, _, _)| c)
        .collect();
    for c in ["password", "email", "phone"] {
        assert!(
            !user.cols.iter().any(|(name, _)| *name == c),
            "the indexer never writes User.{c}"
        );
        assert!(!history.contains(c), "User_history has no {c}");
        let nullable = columns(conn, "User")
            .await
            .into_iter()
            .find(|(name, _, _)| name == c)
            .map(|(_, _, n)| n);
        assert_eq!(nullable.as_deref(), Some("YES"), "User.{c} is nullable");
    }
}

async fn the_indexers_bookkeeping_tables_exist(conn: &mut MySqlConnection) {
    for (table, cols) in [
        (
            "indexer_state",
            &[
                "id",
                "chain_id",
                "indexed_block",
                "indexed_hash",
                "state_digest",
                "head_block",
                "updated_at",
            ][..],
        ),
        (
            "indexed_block",
            &[
                "block_number",
                "block_hash",
                "parent_hash",
                "block_time",
                "event_count",
                "state_digest",
            ][..],
        ),
    ] {
        let got: Vec<String> = columns(conn, table)
            .await
            .into_iter()
            .map(|(c, _, _)| c)
            .collect();
        assert_eq!(got, cols, "{table}");
    }
}

// One database per test keeps the suite fast: each runs several checks.

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn the_specs_match_the_tables_and_their_history(pool: MySqlPool) {
    let mut conn = pool.acquire().await.unwrap();
    every_spec_reads_from_its_table_and_history(&mut conn).await;
    history_tables_mirror_their_specs_with_a_validity_range(&mut conn).await;
    spec_keys_are_the_tables_primary_keys(&mut conn).await;
    spec_kinds_match_column_types_and_provenance_is_required(&mut conn).await;
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn the_seeds_tables_columns_and_enums_are_kept(pool: MySqlPool) {
    let mut conn = pool.acquire().await.unwrap();
    the_seeds_eight_tables_keep_their_columns(&mut conn).await;
    enum_columns_keep_the_seeds_values_and_add_the_new_states(&mut conn).await;
    off_chain_columns_are_neither_written_nor_versioned(&mut conn).await;
    the_indexers_bookkeeping_tables_exist(&mut conn).await;
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn amounts_are_decimal_65_0(pool: MySqlPool) {
    let mut conn = pool.acquire().await.unwrap();
    check_amounts(&mut conn).await;
}
