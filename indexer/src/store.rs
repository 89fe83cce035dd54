//! A batch of blocks projected in memory, then flushed in one transaction.
//!
//! The batch caches the rows it touches (prefetched in bulk, or loaded one by one on a
//! miss), records every version a row goes through block by block, and writes at the
//! end: the current rows, their `_history` versions (closing the version each row had
//! before the batch) and the append-only rows. It also chains the per-block state
//! digest: `digest(b) = keccak256(digest(b-1) ‖ keccak256(changes of b))`, where the
//! changes are the canonical images of every row written in `b`, in table order then
//! key order. Two indexers of the same chain agree on it block by block.

use crate::{
    db,
    model::{Key, Row, TABLES, TableSpec, Val},
};
use alloy::primitives::{B256, keccak256};
use sqlx::MySqlConnection;
use std::collections::{BTreeMap, HashMap};

/// Where the log being projected sits: written into every row it changes.
#[derive(Debug, Clone, Default)]
pub struct LogCtx {
    /// Block number.
    pub block_number: u64,
    /// Block hash, 0x hex.
    pub block_hash: String,
    /// Block time, unix seconds.
    pub block_time: u64,
    /// Transaction hash, 0x hex.
    pub tx_hash: String,
    /// Index of the log in its block.
    pub log_index: u64,
}

/// A block the batch finished: what `indexed_block` records.
#[derive(Debug, Clone)]
pub struct BlockRecord {
    /// Number.
    pub number: u64,
    /// Hash, 0x hex.
    pub hash: String,
    /// Parent hash, 0x hex.
    pub parent_hash: String,
    /// Unix seconds.
    pub time: u64,
    /// Logs projected from it.
    pub events: u32,
    /// The state digest after it.
    pub digest: B256,
}

#[derive(Default)]
struct TableBatch {
    /// What the batch knows of each key: `None` = absent.
    state: HashMap<Key, Option<Row>>,
    /// The state before the batch, for keys the batch changed.
    base: HashMap<Key, Option<Row>>,
    /// Versions by block, in order, for keys the batch changed.
    versions: BTreeMap<Key, Vec<(u64, Row)>>,
    /// Rows of an append-only table.
    appended: Vec<Row>,
    /// Keys written without being read first (their prior state is unknown until
    /// [`Batch::read_unread`]).
    unread: std::collections::BTreeSet<Key>,
}

/// The in-memory batch.
pub struct Batch {
    tables: HashMap<&'static str, TableBatch>,
    /// The log being projected.
    pub ctx: LogCtx,
    /// Changes of the current block, for its digest: (table order, key, image).
    block_changes: BTreeMap<(usize, Key), String>,
    /// Appended rows of the current block: (table order, index in its `appended`).
    /// Canonicalized when the block closes, so later amendments (a ledger row's
    /// `source`) are in the digest.
    appended_in_block: Vec<(usize, usize)>,
    digest: B256,
    blocks: Vec<BlockRecord>,
    /// Rows fetched one by one because no prefetch covered them (a metric).
    pub misses: u64,
}

fn table_order(spec: &TableSpec) -> usize {
    TABLES
        .iter()
        .position(|t| t.name == spec.name)
        .expect("every spec is listed in TABLES")
}

/// The rows a batch changed, as they stand after it: what the next batch starts from
/// while this one is still being written (MySQL does not show them until it commits).
pub type Carry = HashMap<&'static str, HashMap<Key, Row>>;

impl Batch {
    /// A new batch continuing from the state digest `digest`.
    pub fn new(digest: B256) -> Self {
        Self::continuing(digest, Carry::new())
    }

    /// A new batch continuing from the state digest `digest` and the rows the batch
    /// before it changed (`carry`, see [`Batch::carry`]): those are read from here, never
    /// from MySQL, so the batch before may still be in flight.
    pub fn continuing(digest: B256, carry: Carry) -> Self {
        let tables = carry
            .into_iter()
            .map(|(name, rows)| {
                let state = rows.into_iter().map(|(k, r)| (k, Some(r))).collect();
                (
                    name,
                    TableBatch {
                        state,
                        ..TableBatch::default()
                    },
                )
            })
            .collect();
        Self {
            tables,
            ctx: LogCtx::default(),
            block_changes: BTreeMap::new(),
            appended_in_block: Vec::new(),
            digest,
            blocks: Vec::new(),
            misses: 0,
        }
    }

    fn table(&mut self, spec: &'static TableSpec) -> &mut TableBatch {
        self.tables.entry(spec.name).or_default()
    }

    /// Loads, in bulk, the rows of `spec` with these keys that the batch does not know yet.
    pub async fn prefetch(
        &mut self,
        conn: &mut MySqlConnection,
        spec: &'static TableSpec,
        keys: impl IntoIterator<Item = Key>,
    ) -> Result<(), sqlx::Error> {
        let table = self.table(spec);
        let mut wanted: Vec<Key> = keys
            .into_iter()
            .filter(|k| !table.state.contains_key(k))
            .collect();
        wanted.sort();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(());
        }
        let found = db::load(conn, spec, &wanted).await?;
        let table = self.table(spec);
        for k in wanted {
            table.state.insert(k, None);
        }
        for row in found {
            table.state.insert(row.key(), Some(row));
        }
        Ok(())
    }

    /// Loads, in bulk, the rows the batch wrote without reading them first, so that their
    /// previous versions are closed like every other row's at flush (rather than by a
    /// statement per key: creations, which read nothing, are most of them).
    pub async fn read_unread(&mut self, conn: &mut MySqlConnection) -> Result<(), sqlx::Error> {
        for spec in TABLES {
            let Some(table) = self.tables.get_mut(spec.name) else {
                continue;
            };
            if table.unread.is_empty() {
                continue;
            }
            let keys: Vec<Key> = std::mem::take(&mut table.unread).into_iter().collect();
            let found: HashMap<Key, Row> = db::load(conn, spec, &keys)
                .await?
                .into_iter()
                .map(|r| (r.key(), r))
                .collect();
            let table = self.table(spec);
            for key in keys {
                let before = found.get(&key).cloned();
                table.base.insert(key, before);
            }
        }
        Ok(())
    }

    /// The row of `spec` with `key` if the batch already holds it (no database access).
    pub fn peek(&self, spec: &'static TableSpec, key: &Key) -> Option<&Row> {
        self.tables.get(spec.name)?.state.get(key)?.as_ref()
    }

    /// The current row of `spec` with `key`, if it exists.
    pub async fn get(
        &mut self,
        conn: &mut MySqlConnection,
        spec: &'static TableSpec,
        key: &Key,
    ) -> Result<Option<Row>, sqlx::Error> {
        if !self.table(spec).state.contains_key(key) {
            self.misses += 1;
            self.prefetch(conn, spec, [key.clone()]).await?;
        }
        Ok(self.table(spec).state.get(key).cloned().flatten())
    }

    /// Writes `row` as its key's new state, stamped with the current log's provenance.
    pub fn put(&mut self, mut row: Row) {
        self.stamp(&mut row);
        let spec = row.spec;
        let key = row.key();
        let block = self.ctx.block_number;
        let order = table_order(spec);
        self.block_changes
            .insert((order, key.clone()), row.canonical());
        let table = self.table(spec);
        if !table.base.contains_key(&key) {
            match table.state.get(&key) {
                Some(before) => {
                    table.base.insert(key.clone(), before.clone());
                }
                // Written without being read (a creation): its previous state, if any, is
                // loaded in bulk before the flush (`read_unread`).
                None => {
                    table.unread.insert(key.clone());
                }
            }
        }
        table.state.insert(key.clone(), Some(row.clone()));
        let versions = table.versions.entry(key).or_default();
        match versions.last_mut() {
            Some((b, last)) if *b == block => *last = row,
            _ => versions.push((block, row)),
        }
    }

    /// Writes `row` under a key nobody wrote before (a notification keyed by the log that
    /// caused it): its prior state is known to be absent, so no lookup and no SQL closes
    /// an earlier version.
    pub fn put_new(&mut self, row: Row) {
        let key = row.key();
        self.table(row.spec).state.entry(key).or_insert(None);
        self.put(row);
    }

    /// Appends `row` to an append-only table, stamped with the current log's provenance.
    pub fn append(&mut self, mut row: Row) {
        self.stamp(&mut row);
        let order = table_order(row.spec);
        let table = self.table(row.spec);
        table.appended.push(row);
        let index = table.appended.len() - 1;
        self.appended_in_block.push((order, index));
    }

    /// Append-only rows of `spec` written in this batch (e.g. to amend a ledger row's
    /// `source` from a later log of the same transaction).
    pub fn appended_mut(&mut self, spec: &'static TableSpec) -> &mut Vec<Row> {
        &mut self.table(spec).appended
    }

    fn stamp(&self, row: &mut Row) {
        row.set("block_number", self.ctx.block_number)
            .set("block_hash", self.ctx.block_hash.as_str())
            .set("tx_hash", self.ctx.tx_hash.as_str())
            .set("log_index", self.ctx.log_index);
    }

    /// Closes a block: chains its digest and records it.
    pub fn end_block(
        &mut self,
        number: u64,
        hash: &str,
        parent_hash: &str,
        time: u64,
        events: u32,
    ) {
        let changes = std::mem::take(&mut self.block_changes);
        let mut positions = std::mem::take(&mut self.appended_in_block);
        // Appended rows keep their log order within a table.
        positions.sort_by_key(|(order, _)| *order);
        let appended: Vec<(usize, String)> = positions
            .into_iter()
            .map(|(order, index)| {
                let table = &self.tables[TABLES[order].name];
                (order, table.appended[index].canonical())
            })
            .collect();
        if !changes.is_empty() || !appended.is_empty() {
            let mut text = String::new();
            for ((order, _), image) in &changes {
                text.push_str(TABLES[*order].name);
                text.push('\u{1e}');
                text.push_str(image);
                text.push('\u{1d}');
            }
            for (order, image) in &appended {
                text.push_str(TABLES[*order].name);
                text.push('\u{1e}');
                text.push_str(image);
                text.push('\u{1d}');
            }
            let mut both = self.digest.to_vec();
            both.extend_from_slice(keccak256(text.as_bytes()).as_slice());
            self.digest = keccak256(both);
        }
        self.blocks.push(BlockRecord {
            number,
            hash: hash.to_owned(),
            parent_hash: parent_hash.to_owned(),
            time,
            events,
            digest: self.digest,
        });
    }

    /// The rows this batch changed, as they stand after it (for [`Batch::continuing`]).
    pub fn carry(&self) -> Carry {
        self.tables
            .iter()
            .filter(|(_, t)| !t.versions.is_empty())
            .map(|(name, t)| {
                let rows = t
                    .versions
                    .iter()
                    .filter_map(|(k, vs)| Some((k.clone(), vs.last()?.1.clone())))
                    .collect();
                (*name, rows)
            })
            .collect()
    }

    /// The state digest after the last closed block.
    pub fn digest(&self) -> B256 {
        self.digest
    }

    /// The blocks closed so far.
    pub fn blocks(&self) -> &[BlockRecord] {
        &self.blocks
    }

    /// Logs projected in this batch.
    pub fn event_count(&self) -> u64 {
        self.blocks.iter().map(|b| u64::from(b.events)).sum()
    }

    /// Writes everything the batch changed (inside the caller's transaction): each
    /// changed row's last state as its current row, and every version it closed (the one
    /// it had before the batch, and those it went through block by block) to its
    /// `_history` twin.
    pub async fn flush(&mut self, conn: &mut MySqlConnection) -> Result<(), sqlx::Error> {
        // Normally done while projecting; the rows' previous versions must be known.
        self.read_unread(conn).await?;
        for spec in TABLES {
            let Some(table) = self.tables.get(spec.name) else {
                continue;
            };
            if !spec.versioned {
                db::append(conn, &table.appended).await?;
                continue;
            }
            let mut current = Vec::new();
            let mut versions = Vec::new();
            for (key, vs) in &table.versions {
                if let Some(Some(before)) = table.base.get(key) {
                    versions.push(db::Version {
                        row: before.clone(),
                        valid_from: before.u64("block_number"),
                        valid_to: vs[0].0,
                    });
                }
                for pair in vs.windows(2) {
                    versions.push(db::Version {
                        row: pair[0].1.clone(),
                        valid_from: pair[0].0,
                        valid_to: pair[1].0,
                    });
                }
                current.push(vs.last().expect("a changed key has a version").1.clone());
            }
            db::upsert(conn, &current).await?;
            db::write_history(conn, spec, &versions).await?;
        }
        Ok(())
    }
}

/// Hex of a digest, as stored.
pub fn digest_hex(d: &B256) -> String {
    format!("{d:#x}")
}

/// Parses a stored digest.
pub fn parse_digest(s: &str) -> B256 {
    s.parse().unwrap_or_default()
}

/// The provenance-free part of [`Val`] used by callers that build keys.
pub fn key_of(vals: impl IntoIterator<Item = Val>) -> Key {
    Key(vals.into_iter().collect())
}
