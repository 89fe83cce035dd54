//! `indexer audit`: re-derives the read model from the chain's logs into a scratch
//! database, up to the block the live read model has indexed, and reports every row
//! that differs, and whether the state digests agree.

use crate::{
    bookkeeping,
    db::{self, Pool},
    model::{Key, Row, TABLES},
    sync::{Indexer, SyncError, SyncOptions},
};
use alloy::providers::DynProvider;
use bindings::Deployment;
use std::{collections::BTreeMap, fmt, sync::Arc};

/// One difference between the live read model and the re-derived one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diff {
    /// A row the chain implies that the live read model lacks.
    Missing {
        /// The table.
        table: &'static str,
        /// The re-derived row.
        expected: String,
    },
    /// A row the live read model has that the chain does not imply.
    Extra {
        /// The table.
        table: &'static str,
        /// The live row.
        found: String,
    },
    /// A row whose columns differ.
    Changed {
        /// The table.
        table: &'static str,
        /// The re-derived row.
        expected: String,
        /// The live row.
        found: String,
    },
    /// A `_history` version present on one side only.
    History {
        /// The table.
        table: &'static str,
        /// The version (row, valid_from, valid_to).
        version: String,
        /// True when the chain implies it and the table lacks it.
        missing: bool,
    },
    /// The state digests differ.
    Digest {
        /// The re-derived digest.
        expected: String,
        /// The live digest.
        found: String,
    },
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |s: &str| s.replace('\u{1f}', " | ");
        match self {
            Diff::Missing { table, expected } => {
                write!(f, "{table}: missing row {}", show(expected))
            }
            Diff::Extra { table, found } => write!(f, "{table}: unexpected row {}", show(found)),
            Diff::Changed {
                table,
                expected,
                found,
            } => {
                write!(
                    f,
                    "{table}: row differs\n  chain: {}\n  table: {}",
                    show(expected),
                    show(found)
                )
            }
            Diff::History {
                table,
                version,
                missing,
            } => write!(
                f,
                "{table}_history: {} version {}",
                if *missing { "missing" } else { "unexpected" },
                show(version)
            ),
            Diff::Digest { expected, found } => {
                write!(f, "state digest differs: chain {expected}, table {found}")
            }
        }
    }
}

/// Errors of an audit.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// Migrating the scratch database failed.
    #[error("migrating the scratch database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Re-deriving failed.
    #[error("re-deriving: {0}")]
    Sync(#[from] SyncError),
    /// The live database has not indexed anything yet.
    #[error("the read model has indexed nothing yet")]
    Empty,
    /// The database URL has no database name.
    #[error("DATABASE_URL names no database")]
    NoDatabase,
}

/// Splits `mysql://…/name?opts` into (prefix up to the name, name, suffix).
fn split_db(url: &str) -> Option<(&str, &str, &str)> {
    let rest_at = url.find("://")? + 3;
    let slash = url[rest_at..].find('/')? + rest_at;
    let end = url[slash + 1..]
        .find('?')
        .map_or(url.len(), |q| q + slash + 1);
    let name = &url[slash + 1..end];
    (!name.is_empty()).then(|| (&url[..=slash], name, &url[end..]))
}

/// Compares two tables' rows, keyed by primary key.
pub fn diff_rows(table: &'static str, expected: &[Row], found: &[Row]) -> Vec<Diff> {
    let index = |rows: &[Row]| -> BTreeMap<Key, String> {
        rows.iter().map(|r| (r.key(), r.canonical())).collect()
    };
    let (e, f) = (index(expected), index(found));
    let mut out = Vec::new();
    for (k, ev) in &e {
        match f.get(k) {
            None => out.push(Diff::Missing {
                table,
                expected: ev.clone(),
            }),
            Some(fv) if fv != ev => out.push(Diff::Changed {
                table,
                expected: ev.clone(),
                found: fv.clone(),
            }),
            Some(_) => {}
        }
    }
    for (k, fv) in &f {
        if !e.contains_key(k) {
            out.push(Diff::Extra {
                table,
                found: fv.clone(),
            });
        }
    }
    out
}

/// Compares two tables' `_history` versions.
pub fn diff_versions(table: &'static str, expected: &[String], found: &[String]) -> Vec<Diff> {
    let e: std::collections::BTreeSet<&String> = expected.iter().collect();
    let f: std::collections::BTreeSet<&String> = found.iter().collect();
    let missing = e.difference(&f).map(|v| Diff::History {
        table,
        version: (*v).clone(),
        missing: true,
    });
    let extra = f.difference(&e).map(|v| Diff::History {
        table,
        version: (*v).clone(),
        missing: false,
    });
    missing.chain(extra).collect()
}

/// Re-derives into a scratch database and returns every difference (empty: all agree).
pub async fn audit(
    live: &Pool,
    database_url: &str,
    provider: DynProvider,
    deployment: Deployment,
    opts: SyncOptions,
) -> Result<Vec<Diff>, AuditError> {
    let indexed = bookkeeping::indexed(live).await?;
    let (target, live_digest) = indexed.ok_or(AuditError::Empty)?;
    let (prefix, name, suffix) = split_db(database_url).ok_or(AuditError::NoDatabase)?;
    let scratch = format!("{}_audit_{}", name, std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS `{scratch}`"))
        .execute(live)
        .await?;
    sqlx::query(&format!(
        "CREATE DATABASE `{scratch}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
    ))
    .execute(live)
    .await?;
    let result = async {
        let pool = db::connect(&format!("{prefix}{scratch}{suffix}"), 4).await?;
        db::migrate(&pool).await?;
        let metrics = Arc::new(crate::metrics::Metrics::default());
        let opts = SyncOptions {
            stop_at_block: Some(target),
            ..opts
        };
        Indexer::new(pool.clone(), provider, deployment, opts, metrics)
            .run(None)
            .await?;
        let mut diffs = Vec::new();
        let (mut a, mut b) = (pool.acquire().await?, live.acquire().await?);
        for spec in TABLES {
            let expected = db::all_rows(&mut a, spec).await?;
            let found = db::all_rows(&mut b, spec).await?;
            diffs.extend(diff_rows(spec.name, &expected, &found));
            if spec.versioned {
                let expected = db::all_versions(&mut a, spec).await?;
                let found = db::all_versions(&mut b, spec).await?;
                diffs.extend(diff_versions(spec.name, &expected, &found));
            }
        }
        let derived = bookkeeping::state_digest(&mut a).await?;
        if derived != live_digest {
            diffs.push(Diff::Digest {
                expected: derived,
                found: live_digest,
            });
        }
        // Connections go back before the pool closes, or close() waits for ever.
        drop(a);
        drop(b);
        pool.close().await;
        Ok::<_, AuditError>(diffs)
    }
    .await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS `{scratch}`"))
        .execute(live)
        .await?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TASK;

    #[test]
    fn database_names_are_found_in_urls() {
        assert_eq!(
            split_db("mysql://root@127.0.0.1:3306/game"),
            Some(("mysql://root@127.0.0.1:3306/", "game", ""))
        );
        assert_eq!(
            split_db("mysql://u:p@h/db?ssl-mode=disabled"),
            Some(("mysql://u:p@h/", "db", "?ssl-mode=disabled"))
        );
        assert_eq!(split_db("mysql://root@127.0.0.1:3306/"), None);
    }

    #[test]
    fn diffs_name_missing_extra_and_changed_rows() {
        let row = |id: u64, status: &str| {
            let mut r = Row::new(&TASK);
            r.set("task_id", id).set("task_status", status);
            r
        };
        let expected = [row(1, "发布"), row(2, "完成")];
        let found = [row(2, "领取"), row(3, "发布")];
        let diffs = diff_rows("Task", &expected, &found);
        assert_eq!(diffs.len(), 3);
        assert!(matches!(&diffs[0], Diff::Missing { .. }));
        assert!(matches!(&diffs[1], Diff::Changed { .. }));
        assert!(matches!(&diffs[2], Diff::Extra { .. }));
        assert!(diffs[1].to_string().contains("row differs"));
        assert!(diff_rows("Task", &expected, &expected).is_empty());
    }

    #[test]
    fn history_diffs_name_both_sides() {
        let a = vec!["1\u{1f}4\u{1f}∅".to_owned(), "2\u{1f}4\u{1f}9".to_owned()];
        let b = vec!["1\u{1f}4\u{1f}∅".to_owned(), "2\u{1f}4\u{1f}∅".to_owned()];
        let d = diff_versions("Task", &a, &b);
        assert_eq!(d.len(), 2);
        assert!(
            d.iter()
                .any(|x| matches!(x, Diff::History { missing: true, .. }))
        );
        assert!(
            d.iter()
                .any(|x| matches!(x, Diff::History { missing: false, .. }))
        );
        assert!(d[0].to_string().starts_with("Task_history:"));
    }
}
