//! The in-memory batch and its SQL: current rows and `_history` versions across blocks
//! and batches, `db::rollback_tables` (versioned and append-only tables, off-chain
//! columns), and the per-block state digest.
//!
//! The database tests need MariaDB/MySQL at test time: every `#[sqlx::test]` gets a fresh
//! database, created through
//! `DATABASE_URL=mysql://root@127.0.0.1:3306/test cargo test -p indexer`.

mod common;

use alloy::primitives::{B256, keccak256};
use common::{At, block_hash, block_time, connection, count, history, pairs, text, tx_hash, want};
use indexer::{
    db,
    model::{Key, POINT, Row, TABLES, TASK, TRANSACTION, TableSpec, USER, Val},
    store::{Batch, LogCtx, digest_hex, parse_digest},
};
use sqlx::{Connection as _, MySqlConnection, MySqlPool};

/// Sets the batch's log context: block `n`, transaction 0, log `log`.
fn at(batch: &mut Batch, n: u64, log: u64) {
    batch.ctx = LogCtx {
        block_number: n,
        block_hash: block_hash(n),
        block_time: block_time(n),
        tx_hash: tx_hash(n, 0),
        log_index: log,
    };
}

fn end(batch: &mut Batch, n: u64) {
    batch.end_block(n, &block_hash(n), &block_hash(n - 1), block_time(n), 1);
}

/// A complete Task row (without provenance, which `put` stamps).
fn task(id: u64, status: &str, claimer: Option<&str>) -> Row {
    let mut r = Row::new(&TASK);
    r.set("task_id", id)
        .set("task_name", format!("task {id}"))
        .set("task_price", "1000000000000000000000")
        .set("task_status", status)
        .set("community_id", 1u64)
        .set("publisher", "0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1")
        .set("claimer", claimer)
        .set("reward_token", "0x0000000000000000000000000000000000000000")
        .set(
            "spec_hash",
            format!("{:#x}", keccak256(format!("spec {id}"))),
        )
        .set("deadline", 2_000_000_000u64)
        .set("rejected", false)
        .set("submitted_at", Val::Null)
        .set("proof_hash", Val::Null)
        .set("created_at", 1u64)
        .set("updated_at", 1u64);
    r
}

/// The same row with the provenance a put at (block `n`, log `log`) stamps.
fn stamped(mut r: Row, n: u64, log: u64) -> Row {
    let w = want(r.spec, At(n, 0, log));
    for c in ["block_number", "block_hash", "tx_hash", "log_index"] {
        r.set(c, w.get(c).clone());
    }
    r
}

fn user(id: u64, name: &str, profile: &str) -> Row {
    let mut r = Row::new(&USER);
    r.set("user_id", id)
        .set("username", name)
        .set(
            "ethereum_address",
            format!("0x{}", format!("{id:02x}").repeat(20)),
        )
        .set("is_verified", false)
        .set("profile_hash", format!("{:#x}", keccak256(profile)))
        .set("registered_at", 7u64);
    r
}

fn point(id: u64, amount: &str) -> Row {
    let mut r = Row::new(&POINT);
    r.set("point_id", id)
        .set("user_id", Val::Null)
        .set("point_amount", amount)
        .set("source", "mint")
        .set("transaction_time", common::T0)
        .set("account", "0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0")
        .set("token", "0x7070707070707070707070707070707070707070")
        .set("community_id", 1u64)
        .set("counterparty", "0x0000000000000000000000000000000000000000")
        .set("created_at", common::T0);
    r
}

fn transaction(id: u64) -> Row {
    let mut r = Row::new(&TRANSACTION);
    r.set("transaction_id", id)
        .set("task_id", 1u64)
        .set("sender_id", 1u64)
        .set("receiver_id", Val::Null)
        .set("transaction_amount", "5")
        .set("token", "0x0000000000000000000000000000000000000000")
        .set("sender", "0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1")
        .set("receiver", "0xdadadadadadadadadadadadadadadadadadadada")
        .set("created_at", 1u64);
    r
}

async fn flush(conn: &mut MySqlConnection, batch: &mut Batch) {
    let mut tx = conn.begin().await.unwrap();
    batch.flush(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
}

async fn rollback(conn: &mut MySqlConnection, ancestor: u64) {
    let mut tx = conn.begin().await.unwrap();
    db::rollback_tables(&mut tx, &TABLES, ancestor)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn load(conn: &mut MySqlConnection, spec: &'static TableSpec, id: u64) -> Option<Row> {
    db::load(conn, spec, &[Key::id(id)]).await.unwrap().pop()
}

async fn assert_current(conn: &mut MySqlConnection, expected: &Row) {
    let id = expected.u64(expected.spec.key[0]);
    let got = load(conn, expected.spec, id).await;
    assert_eq!(got.as_ref().map(pairs), Some(pairs(expected)));
}

/// (valid_from, valid_to, task_status) of task `id`'s versions.
async fn task_versions(conn: &mut MySqlConnection, id: u64) -> Vec<(u64, Option<u64>, String)> {
    sqlx::query_as(&format!(
        "SELECT valid_from, valid_to, CAST(task_status AS CHAR) FROM {} \
         WHERE task_id = ? ORDER BY valid_from",
        TASK.versions()
    ))
    .bind(id)
    .fetch_all(conn)
    .await
    .unwrap()
}

fn v(from: u64, to: Option<u64>, status: &str) -> (u64, Option<u64>, String) {
    (from, to, status.to_owned())
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn versions_chain_across_blocks_and_batches(pool: MySqlPool) {
    let mut conn = connection(&pool).await;

    // Batch 1: task 1 changes in blocks 10, 11 and twice in 12; task 2 appears in 11.
    let mut batch = Batch::new(B256::ZERO);
    at(&mut batch, 10, 0);
    batch.put(task(1, "发布", None));
    end(&mut batch, 10);
    at(&mut batch, 11, 3);
    batch.put(task(
        1,
        "领取",
        Some("0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"),
    ));
    at(&mut batch, 11, 4);
    batch.put(task(2, "发布", None));
    end(&mut batch, 11);
    at(&mut batch, 12, 0);
    batch.put(task(
        1,
        "已提交",
        Some("0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"),
    ));
    at(&mut batch, 12, 1);
    batch.put(task(
        1,
        "完成",
        Some("0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"),
    ));
    end(&mut batch, 12);
    flush(&mut conn, &mut batch).await;

    let done = task(
        1,
        "完成",
        Some("0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"),
    );
    assert_current(&mut conn, &stamped(done.clone(), 12, 1)).await;
    assert_current(&mut conn, &stamped(task(2, "发布", None), 11, 4)).await;
    // One version per block: the block's last state; the open one has no end.
    assert_eq!(
        task_versions(&mut conn, 1).await,
        [
            v(10, Some(11), "发布"),
            v(11, Some(12), "领取"),
            v(12, None, "完成")
        ]
    );
    assert_eq!(task_versions(&mut conn, 2).await, [v(11, None, "发布")]);
    // A version is the whole row as it held, provenance included.
    let sql = format!(
        "SELECT {} FROM Task_history WHERE task_id = 1 AND valid_from = 11",
        db::select_list(&TASK)
    );
    let r = sqlx::query(&sql).fetch_one(&mut *conn).await.unwrap();
    let version = db::decode_row(&TASK, &r).unwrap();
    assert_eq!(
        pairs(&version),
        pairs(&stamped(
            task(
                1,
                "领取",
                Some("0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0")
            ),
            11,
            3
        ))
    );

    // Batch 2 (block 15) changes task 1 again: the open version is closed at 15.
    let mut batch = Batch::new(B256::ZERO);
    let before = batch.get(&mut conn, &TASK, &Key::id(1)).await.unwrap();
    assert_eq!(
        before.as_ref().map(pairs),
        Some(pairs(&stamped(done.clone(), 12, 1)))
    );
    assert_eq!(batch.misses, 1, "a get nothing prefetched is a miss");
    at(&mut batch, 15, 2);
    batch.put(task(1, "过期", None));
    end(&mut batch, 15);
    flush(&mut conn, &mut batch).await;
    assert_eq!(
        task_versions(&mut conn, 1).await,
        [
            v(10, Some(11), "发布"),
            v(11, Some(12), "领取"),
            v(12, Some(15), "完成"),
            v(15, None, "过期")
        ]
    );
    assert_current(&mut conn, &stamped(task(1, "过期", None), 15, 2)).await;
    // Task 2 was not touched: still exactly one open version.
    assert_eq!(task_versions(&mut conn, 2).await, [v(11, None, "发布")]);

    // A prefetched key is no miss, and an absent key is remembered as absent.
    let mut batch = Batch::new(B256::ZERO);
    batch
        .prefetch(&mut conn, &TASK, [Key::id(1), Key::id(2), Key::id(99)])
        .await
        .unwrap();
    assert!(
        batch
            .get(&mut conn, &TASK, &Key::id(2))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        batch
            .get(&mut conn, &TASK, &Key::id(99))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(batch.misses, 0);
    // The batch serves its own writes: no miss.
    at(&mut batch, 16, 0);
    batch.put(task(3, "发布", None));
    let mine = batch.get(&mut conn, &TASK, &Key::id(3)).await.unwrap();
    assert_eq!(mine.map(|r| r.u64("block_number")), Some(16));
    assert_eq!(batch.misses, 0);
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn rollback_restores_the_state_at_the_ancestor(pool: MySqlPool) {
    let mut conn = connection(&pool).await;
    let bob = Some("0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0");

    // Block 10: tasks 1 and 4. Block 20: task 1 claimed, task 2 born. Block 25: task 2
    // claimed. Block 30: task 1 done, task 2 done, task 3 born. One batch per block.
    let steps: Vec<(u64, Vec<Row>)> = vec![
        (10, vec![task(1, "发布", None), task(4, "发布", None)]),
        (20, vec![task(1, "领取", bob), task(2, "发布", None)]),
        (25, vec![task(2, "领取", bob)]),
        (
            30,
            vec![
                task(1, "完成", bob),
                task(2, "完成", bob),
                task(3, "发布", None),
            ],
        ),
    ];
    for (n, rows) in steps {
        let mut batch = Batch::new(B256::ZERO);
        let keys: Vec<Key> = rows.iter().map(Row::key).collect();
        batch.prefetch(&mut conn, &TASK, keys).await.unwrap();
        for (i, row) in rows.into_iter().enumerate() {
            at(&mut batch, n, i as u64);
            batch.put(row);
        }
        end(&mut batch, n);
        flush(&mut conn, &mut batch).await;
    }
    assert_eq!(count(&mut conn, "Task").await, 4);

    rollback(&mut conn, 20).await;

    // Changed after 20: back to the version that held at 20, provenance included.
    assert_current(&mut conn, &stamped(task(1, "领取", bob), 20, 0)).await;
    assert_current(&mut conn, &stamped(task(2, "发布", None), 20, 1)).await;
    // Untouched since 10.
    assert_current(&mut conn, &stamped(task(4, "发布", None), 10, 1)).await;
    // Born after 20: gone, with its history.
    assert!(load(&mut conn, &TASK, 3).await.is_none());
    assert!(task_versions(&mut conn, 3).await.is_empty());
    assert_eq!(count(&mut conn, "Task").await, 3);
    // History truncated at 20: later versions gone, the one holding at 20 open again.
    assert_eq!(
        task_versions(&mut conn, 1).await,
        [v(10, Some(20), "发布"), v(20, None, "领取")]
    );
    assert_eq!(task_versions(&mut conn, 2).await, [v(20, None, "发布")]);
    assert_eq!(task_versions(&mut conn, 4).await, [v(10, None, "发布")]);

    // Indexing goes on from the ancestor: the chain of versions stays whole.
    let mut batch = Batch::new(B256::ZERO);
    batch.get(&mut conn, &TASK, &Key::id(1)).await.unwrap();
    at(&mut batch, 21, 0);
    batch.put(task(1, "已提交", bob));
    end(&mut batch, 21);
    flush(&mut conn, &mut batch).await;
    assert_eq!(
        task_versions(&mut conn, 1).await,
        [
            v(10, Some(20), "发布"),
            v(20, Some(21), "领取"),
            v(21, None, "已提交")
        ]
    );

    // A rollback below every change empties the table but what block 10 wrote.
    rollback(&mut conn, 10).await;
    assert_current(&mut conn, &stamped(task(1, "发布", None), 10, 0)).await;
    assert!(load(&mut conn, &TASK, 2).await.is_none());
    assert_eq!(task_versions(&mut conn, 1).await, [v(10, None, "发布")]);
    assert_eq!(count(&mut conn, "Task").await, 2);
    // Both tasks are as block 10 wrote them: current, with no closed version.
    assert_eq!(count(&mut conn, "Task_history").await, 0);

    // Rolling back to the tip changes nothing.
    rollback(&mut conn, 10).await;
    assert_eq!(count(&mut conn, "Task").await, 2);
    assert_eq!(count(&mut conn, "Task_history").await, 0);
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn off_chain_columns_survive_updates_and_rollbacks(pool: MySqlPool) {
    let mut conn = connection(&pool).await;
    let mut batch = Batch::new(B256::ZERO);
    at(&mut batch, 10, 0);
    batch.put(user(1, "alice", "p1"));
    batch.put(user(2, "bob", "p1"));
    end(&mut batch, 10);
    flush(&mut conn, &mut batch).await;

    // The API writes the off-chain columns.
    sqlx::query(
        "UPDATE `User` SET email = 'alice@example.com', phone = '+86 10 1234', \
         password = '$argon2id$hash' WHERE user_id = 1",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    let contact = async |conn: &mut MySqlConnection| {
        sqlx::query_as::<_, (Option<String>, Option<String>, Option<String>)>(
            "SELECT CAST(email AS CHAR), CAST(phone AS CHAR), CAST(password AS CHAR) \
             FROM `User` WHERE user_id = 1",
        )
        .fetch_one(conn)
        .await
        .unwrap()
    };
    let kept = (
        Some("alice@example.com".to_owned()),
        Some("+86 10 1234".to_owned()),
        Some("$argon2id$hash".to_owned()),
    );

    // The indexer updates the user: the contact stays.
    let mut batch = Batch::new(B256::ZERO);
    let mut row = batch
        .get(&mut conn, &USER, &Key::id(1))
        .await
        .unwrap()
        .unwrap();
    row.set("profile_hash", format!("{:#x}", keccak256("p2")))
        .set("is_verified", true);
    at(&mut batch, 20, 0);
    batch.put(row);
    end(&mut batch, 20);
    flush(&mut conn, &mut batch).await;
    let mut updated = user(1, "alice", "p2");
    updated.set("is_verified", true);
    assert_current(&mut conn, &stamped(updated, 20, 0)).await;
    assert_eq!(contact(&mut conn).await, kept);

    // Rolling the update back restores the chain's columns, not the API's.
    rollback(&mut conn, 15).await;
    assert_current(&mut conn, &stamped(user(1, "alice", "p1"), 10, 0)).await;
    assert_eq!(contact(&mut conn).await, kept);
    assert_eq!(history(&mut conn, &USER, "user_id = 1").await, [(10, None)]);
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn append_only_rows_roll_back_by_block(pool: MySqlPool) {
    let mut conn = connection(&pool).await;
    let mut batch = Batch::new(B256::ZERO);
    // Points 1..4 and transactions 1..4 in blocks 10, 20, 20, 30.
    for (blocks, ids) in [(10u64, 1..=1u64), (20, 2..=3), (30, 4..=4)] {
        for id in ids {
            at(&mut batch, blocks, id);
            batch.append(point(id, &format!("{}", id * 10)));
            batch.append(transaction(id));
        }
        end(&mut batch, blocks);
    }
    flush(&mut conn, &mut batch).await;
    assert_eq!(count(&mut conn, "Point").await, 4);
    assert!(
        sqlx::query("SELECT 1 FROM Point_history")
            .fetch_all(&mut *conn)
            .await
            .is_err(),
        "append-only tables have no history"
    );
    let rows = db::all_rows(&mut conn, &POINT).await.unwrap();
    assert_eq!(
        pairs(&rows[2]),
        pairs(&stamped(point(3, "30"), 20, 3)),
        "appended rows are stored as stamped"
    );

    rollback(&mut conn, 20).await;
    let ids: Vec<u64> = sqlx::query_scalar("SELECT point_id FROM Point ORDER BY point_id")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(count(&mut conn, "Transaction").await, 3);

    rollback(&mut conn, 9).await;
    assert_eq!(count(&mut conn, "Point").await, 0);
    assert_eq!(count(&mut conn, "Transaction").await, 0);
    assert_eq!(
        text(&mut conn, "SELECT MAX(point_id) FROM Point").await,
        None
    );
}

// ---- The state digest (no database needed). ----

/// A batch from `start` that writes `rows` into block `n` in the given order.
fn digest_of(start: B256, n: u64, rows: &[Row]) -> B256 {
    let mut batch = Batch::new(start);
    for (i, r) in rows.iter().enumerate() {
        at(&mut batch, n, i as u64);
        if r.spec.versioned {
            batch.put(r.clone());
        } else {
            batch.append(r.clone());
        }
    }
    end(&mut batch, n);
    batch.digest()
}

#[test]
fn the_digest_follows_its_definition() {
    // digest(b) = keccak256(digest(b-1) ‖ keccak256(changes of b)); a change is
    // "<table>\x1e<canonical row>\x1d".
    let start = keccak256("genesis");
    let row = stamped(task(1, "发布", None), 5, 0);
    let text = format!("Task\u{1e}{}\u{1d}", row.canonical());
    let mut both = start.to_vec();
    both.extend_from_slice(keccak256(text.as_bytes()).as_slice());
    let expected = keccak256(&both);
    assert_eq!(digest_of(start, 5, &[task(1, "发布", None)]), expected);
    assert_eq!(parse_digest(&digest_hex(&expected)), expected);
    assert_eq!(digest_hex(&B256::ZERO).len(), 66);
}

#[test]
fn same_changes_give_the_same_digest_whatever_their_order() {
    let start = keccak256("start");
    let rows = [
        task(2, "发布", None),
        task(1, "发布", None),
        user(1, "alice", "p"),
    ];
    let a = digest_of(start, 7, &rows);
    let mut reversed = rows.clone();
    reversed.reverse();
    // The provenance differs by log index, so compare rows stamped alike.
    let stamp_alike = |rows: &[Row]| {
        let mut batch = Batch::new(start);
        at(&mut batch, 7, 0);
        for r in rows {
            batch.put(r.clone());
        }
        end(&mut batch, 7);
        batch.digest()
    };
    assert_eq!(stamp_alike(&rows), stamp_alike(&reversed));
    assert_eq!(a, digest_of(start, 7, &rows), "deterministic");
    // A later put of the same key in the same block replaces the earlier one.
    let mut batch = Batch::new(start);
    at(&mut batch, 7, 0);
    batch.put(task(1, "领取", None));
    batch.put(task(1, "发布", None));
    end(&mut batch, 7);
    let mut direct = Batch::new(start);
    at(&mut direct, 7, 0);
    direct.put(task(1, "发布", None));
    end(&mut direct, 7);
    assert_eq!(batch.digest(), direct.digest());
}

#[test]
fn different_changes_give_different_digests() {
    let start = keccak256("start");
    let base = digest_of(start, 7, &[task(1, "发布", None)]);
    assert_ne!(
        base,
        digest_of(start, 7, &[task(1, "领取", None)]),
        "a value"
    );
    assert_ne!(
        base,
        digest_of(start, 8, &[task(1, "发布", None)]),
        "provenance"
    );
    assert_ne!(
        base,
        digest_of(keccak256("other"), 7, &[task(1, "发布", None)]),
        "the previous digest"
    );
    assert_ne!(
        base,
        digest_of(start, 7, &[task(1, "发布", None), point(1, "5")]),
        "an appended row"
    );
    assert_ne!(
        digest_of(start, 7, &[point(1, "5")]),
        digest_of(start, 7, &[point(1, "6")]),
        "an appended row's value"
    );
}

#[test]
fn a_block_without_changes_keeps_the_digest() {
    let start = keccak256("start");
    let mut batch = Batch::new(start);
    end(&mut batch, 1);
    assert_eq!(batch.digest(), start);
    at(&mut batch, 2, 0);
    batch.put(task(1, "发布", None));
    end(&mut batch, 2);
    let after_2 = batch.digest();
    assert_ne!(after_2, start);
    end(&mut batch, 3);
    end(&mut batch, 4);
    let digests: Vec<(u64, B256)> = batch
        .blocks()
        .iter()
        .map(|b| (b.number, b.digest))
        .collect();
    assert_eq!(
        digests,
        [(1, start), (2, after_2), (3, after_2), (4, after_2)]
    );
    assert_eq!(batch.blocks()[1].parent_hash, block_hash(1));
    assert_eq!(batch.event_count(), 4);
}

#[test]
fn the_digest_chains_across_batches() {
    let start = keccak256("start");
    // Blocks 1 and 2 in one batch…
    let mut one = Batch::new(start);
    at(&mut one, 1, 0);
    one.put(task(1, "发布", None));
    end(&mut one, 1);
    at(&mut one, 2, 0);
    one.put(task(1, "领取", None));
    one.append(point(1, "3"));
    end(&mut one, 2);
    // …or in two.
    let mut first = Batch::new(start);
    at(&mut first, 1, 0);
    first.put(task(1, "发布", None));
    end(&mut first, 1);
    let mut second = Batch::new(first.digest());
    at(&mut second, 2, 0);
    second.put(task(1, "领取", None));
    second.append(point(1, "3"));
    end(&mut second, 2);
    assert_eq!(one.digest(), second.digest());
    assert_eq!(one.blocks()[0].digest, first.digest());
}

/// `PointsAwarded` amends the `source` of the mint's ledger row after it was appended;
/// the digest must commit to the row as written, or two indexers that disagree on
/// `Point.source` still agree on the digest.
#[test]
fn the_digest_covers_appended_rows_as_written() {
    let start = keccak256("start");
    let amended = |source: &str| {
        let mut batch = Batch::new(start);
        at(&mut batch, 3, 0);
        batch.append(point(1, "50"));
        for r in batch.appended_mut(&POINT).iter_mut() {
            r.set("source", source);
        }
        end(&mut batch, 3);
        batch.digest()
    };
    let mut written = point(1, "50");
    written.set("source", "daily quest");
    assert_eq!(
        amended("daily quest"),
        digest_of(start, 3, &[written]),
        "the digest of an amended row is the digest of the row written"
    );
    assert_ne!(amended("daily quest"), amended("tournament"));
}

/// Rows travel to MySQL as SQL text (literals, no bound parameters): text that would end
/// a quoted string, escape it or inject a statement lands exactly as it was, in current
/// rows and in their closed versions, and amounts up to `DECIMAL(65,0)` keep every digit.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn hostile_text_and_huge_amounts_land_byte_for_byte(pool: MySqlPool) {
    let mut conn = connection(&pool).await;
    let hostile = [
        "'); DROP TABLE Task; --",
        "back\\slash \\' and \\\\ and quote ' and \" double",
        "nul \0 byte, tab \t, newline \n, ctrl-z \u{1a}",
        "【原神】攻略 🎮 ẞ 𝄞",
        "",
    ];
    // DECIMAL(65,0)'s largest: far beyond u64 and u128.
    let huge = "99999999999999999999999999999999999999999999999999999999999999999";
    let mut batch = Batch::new(B256::ZERO);
    at(&mut batch, 10, 0);
    for (i, name) in hostile.iter().enumerate() {
        let mut row = task(i as u64 + 1, "发布", None);
        row.set("task_name", *name).set("task_price", huge);
        batch.put(row);
    }
    end(&mut batch, 10);
    // A second version in block 11: the first one closes into Task_history.
    at(&mut batch, 11, 0);
    let mut row = task(
        1,
        "领取",
        Some("0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"),
    );
    row.set("task_name", hostile[0]).set("task_price", huge);
    batch.put(row);
    end(&mut batch, 11);
    flush(&mut conn, &mut batch).await;

    for (i, name) in hostile.iter().enumerate() {
        let got = load(&mut conn, &TASK, i as u64 + 1).await.expect("the row");
        assert_eq!(got.str("task_name"), *name, "task {}", i + 1);
        assert_eq!(got.str("task_price"), huge);
    }
    let closed: (String, String) = sqlx::query_as(
        "SELECT CAST(task_name AS CHAR), CAST(task_price AS CHAR) FROM Task_history WHERE task_id = 1",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(closed, (hostile[0].to_owned(), huge.to_owned()));
    assert_eq!(count(&mut conn, "Task").await, hostile.len() as i64);
}

/// The next batch is projected while the one before is still being written: the rows the
/// batch before changed come from its carry, not from MySQL (which does not have them
/// yet), and once both are written in order the versions chain as if one batch had
/// written them.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn the_next_batch_reads_what_the_batch_in_flight_changed_from_its_carry(pool: MySqlPool) {
    let mut conn = connection(&pool).await;
    let mut first = Batch::new(B256::ZERO);
    at(&mut first, 10, 0);
    first.put(task(1, "发布", None));
    end(&mut first, 10);

    // Nothing of `first` is in MySQL yet.
    let mut second = Batch::continuing(first.digest(), first.carry());
    let seen = second
        .get(&mut conn, &TASK, &Key::id(1))
        .await
        .unwrap()
        .expect("task 1 from the carry");
    assert_eq!(seen.str("task_status"), "发布");
    assert_eq!(seen.u64("block_number"), 10);
    assert_eq!(second.misses, 0, "no database read for a carried row");
    at(&mut second, 11, 0);
    let claimer = "0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
    second.put(task(1, "领取", Some(claimer)));
    end(&mut second, 11);

    flush(&mut conn, &mut first).await;
    flush(&mut conn, &mut second).await;
    assert_eq!(
        task_versions(&mut conn, 1).await,
        [v(10, Some(11), "发布"), v(11, None, "领取")]
    );
    assert_eq!(count(&mut conn, "Task_history").await, 1);
}
