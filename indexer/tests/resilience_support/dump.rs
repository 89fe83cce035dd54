//! Full dumps of the read model and their comparison with an uninterrupted run.

use super::{RunConfig, TestDb};
use indexer::model::TABLES;
use sqlx::MySqlConnection;
use std::{
    collections::BTreeMap,
    time::{Duration, Instant},
};

/// A table's columns and every row as text (`NULL` as `None`), rows sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableDump {
    /// Column names, in ordinal order.
    pub(crate) cols: Vec<String>,
    /// The rows.
    pub(crate) rows: Vec<Vec<Option<String>>>,
}

impl TableDump {
    /// A row as `col=value` pairs, for messages.
    fn show(&self, row: &[Option<String>]) -> String {
        self.cols
            .iter()
            .zip(row)
            .map(|(c, v)| format!("{c}={}", v.as_deref().unwrap_or("NULL")))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A full dump: every table of [`TABLES`], their `_history` twins, `indexer_state`
/// without `updated_at`/`head_block`, and `indexed_block`; every column of each (read
/// from `information_schema`, so columns outside the specs are compared too).
pub(crate) async fn dump(conn: &mut MySqlConnection) -> BTreeMap<String, TableDump> {
    let mut tables: Vec<String> = Vec::new();
    for spec in TABLES {
        tables.push(spec.name.to_owned());
        if spec.versioned {
            tables.push(format!("{}_history", spec.name));
        }
    }
    tables.push("indexer_state".to_owned());
    tables.push("indexed_block".to_owned());
    let mut out = BTreeMap::new();
    for table in tables {
        let cols: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(COLUMN_NAME AS CHAR) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
        )
        .bind(&table)
        .fetch_all(&mut *conn)
        .await
        .expect("reading information_schema");
        let cols: Vec<String> = cols
            .into_iter()
            .filter(|c| !(table == "indexer_state" && (c == "updated_at" || c == "head_block")))
            .collect();
        assert!(!cols.is_empty(), "table {table} has no columns (missing?)");
        let list = cols
            .iter()
            .map(|c| format!("CAST(`{c}` AS CHAR)"))
            .collect::<Vec<_>>()
            .join(", ");
        let fetched = sqlx::query(&format!("SELECT {list} FROM `{table}`"))
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("dumping {table}: {e}"));
        let mut rows: Vec<Vec<Option<String>>> = fetched
            .iter()
            .map(|r| {
                (0..cols.len())
                    .map(|i| sqlx::Row::try_get::<Option<String>, _>(r, i).expect("text column"))
                    .collect()
            })
            .collect();
        rows.sort();
        out.insert(table, TableDump { cols, rows });
    }
    out
}

/// Asserts two dumps are identical, naming the first rows that differ per table.
pub(crate) fn assert_same_dump(
    what: &str,
    found: &BTreeMap<String, TableDump>,
    expected: &BTreeMap<String, TableDump>,
) {
    let mut problems = Vec::new();
    for (table, want) in expected {
        let Some(got) = found.get(table) else {
            problems.push(format!("{table}: missing"));
            continue;
        };
        if got == want {
            continue;
        }
        let mut lines = vec![format!(
            "{table}: {} rows, reference {}",
            got.rows.len(),
            want.rows.len()
        )];
        for r in want.rows.iter().filter(|r| !got.rows.contains(r)).take(3) {
            lines.push(format!("  missing:    {}", want.show(r)));
        }
        for r in got.rows.iter().filter(|r| !want.rows.contains(r)).take(3) {
            lines.push(format!("  unexpected: {}", got.show(r)));
        }
        problems.push(lines.join("\n"));
    }
    assert!(
        problems.is_empty(),
        "{what}: the read model differs from the uninterrupted reference run:\n{}",
        problems.join("\n")
    );
    let rows: usize = expected.values().map(|t| t.rows.len()).sum();
    crate::progress!(
        "{what}: {} tables, {rows} rows identical to the reference",
        expected.len()
    );
}

/// Asserts that the indexer-assigned or on-chain ids of `Point`, `Transaction` and
/// `Comment` are exactly 1..=n (nothing applied twice, nothing skipped) and returns n
/// per table.
pub(crate) async fn assert_dense_ids(conn: &mut MySqlConnection) -> Vec<(&'static str, u64)> {
    let mut out = Vec::new();
    for (table, col) in [
        ("Point", "point_id"),
        ("Transaction", "transaction_id"),
        ("Comment", "comment_id"),
    ] {
        let ids: Vec<u64> = sqlx::query_scalar(&format!(
            "SELECT CAST(`{col}` AS UNSIGNED) FROM `{table}` ORDER BY `{col}`"
        ))
        .fetch_all(&mut *conn)
        .await
        .expect("reading ids");
        let n = ids.len() as u64;
        let expected: Vec<u64> = (1..=n).collect();
        assert_eq!(
            ids, expected,
            "{table}.{col} must be 1..={n} without gaps or duplicates"
        );
        out.push((table, n));
    }
    out
}

/// Runs the indexer uninterrupted into a fresh database up to `head` and asserts that
/// `db` holds exactly the same dump.
pub(crate) async fn assert_same_as_reference(what: &str, db: &TestDb, cfg: &RunConfig, head: u64) {
    let reference = TestDb::new(&format!("{what}ref")).await;
    let cfg = RunConfig {
        database_url: reference.url(),
        log: cfg.log.with_file_name(format!("{what}-reference.log")),
        ..cfg.clone()
    }
    .with("STOP_AT_BLOCK", head)
    // Default ranges: batch boundaries differ from the run under test.
    .with("LOG_RANGE", 2_000)
    .with("MAX_LOG_RANGE", 100_000);
    let t = Instant::now();
    let (status, out) = cfg.run_to_end("run", Duration::from_secs(90)).await;
    assert!(
        status.success(),
        "the reference run failed ({status}):\n{out}"
    );
    crate::progress!(
        "{what}: reference run to block {head} took {:?}",
        t.elapsed()
    );
    let found = dump(&mut db.connect().await).await;
    let expected = dump(&mut reference.connect().await).await;
    assert_same_dump(what, &found, &expected);
}
