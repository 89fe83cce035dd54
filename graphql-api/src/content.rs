//! The content store: JSON documents under their keccak256. The chain holds the hash;
//! the API hands out a body only when it hashes to it.

use alloy::primitives::keccak256;
use sqlx::{MySqlPool, Row as _};
use std::{
    collections::{HashMap, HashSet},
    sync::Mutex,
    time::{Duration, Instant},
};

/// The largest document, in bytes.
pub const MAX_BYTES: usize = 64 * 1024;

/// Why a document was refused.
#[derive(Debug, thiserror::Error)]
pub enum PutError {
    /// Over [`MAX_BYTES`].
    #[error("the document is {0} bytes; at most 65536 are stored")]
    TooLarge(usize),
    /// Not JSON.
    #[error("the document is not JSON: {0}")]
    NotJson(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The keccak256 of `body`'s UTF-8 bytes, 0x-prefixed lowercase hex.
pub fn hash_of(body: &str) -> String {
    format!("{:#x}", keccak256(body.as_bytes()))
}

fn strings(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push(' ');
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Stores `json` (exactly these bytes) and returns its hash. Storing the same document
/// again changes nothing.
pub async fn put(pool: &MySqlPool, json: &str, by: Option<&str>) -> Result<String, PutError> {
    if json.len() > MAX_BYTES {
        return Err(PutError::TooLarge(json.len()));
    }
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| PutError::NotJson(e.to_string()))?;
    let hash = hash_of(json);
    let mut words = String::new();
    strings(&value, &mut words);
    sqlx::query(
        "INSERT IGNORE INTO content (hash, body, byte_size, search_terms, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&hash)
    .bind(json)
    .bind(json.len() as u64)
    .bind(read_model::search::terms_limited(&words, 16 * 1024))
    .bind(by)
    .bind(crate::auth::now())
    .execute(pool)
    .await?;
    Ok(hash)
}

/// The content store's byte budgets.
#[derive(Debug, Clone, Copy)]
pub struct ContentLimits {
    /// Bytes one signed-in account may store an hour.
    pub bytes_per_account_hour: u32,
    /// Bytes one IP may store an hour (signed in or not).
    pub bytes_per_ip_hour: u32,
    /// Bytes the whole store may hold.
    pub max_total_bytes: u64,
}

impl Default for ContentLimits {
    fn default() -> Self {
        Self {
            bytes_per_account_hour: 4 * 1024 * 1024,
            bytes_per_ip_hour: 16 * 1024 * 1024,
            max_total_bytes: 2 * 1024 * 1024 * 1024,
        }
    }
}

/// The budgets and what the store holds (read from the database at most once a
/// minute, counted in between).
#[derive(Debug, Default)]
pub struct Quota {
    /// The budgets.
    pub limits: ContentLimits,
    total: Mutex<Option<(u64, Instant)>>,
}

/// How long the store's total is trusted before it is read again (other replicas
/// and `prune-content` change it too).
const TOTAL_TTL: Duration = Duration::from_secs(60);

impl Quota {
    /// A quota with `limits`.
    pub fn new(limits: ContentLimits) -> Self {
        Self {
            limits,
            total: Mutex::new(None),
        }
    }

    /// Whether `n` more bytes fit under the total cap.
    pub async fn fits(&self, pool: &MySqlPool, n: u64) -> Result<bool, sqlx::Error> {
        let cached = *self.total.lock().expect("quota lock");
        let total = match cached {
            Some((t, at)) if at.elapsed() < TOTAL_TTL => t,
            _ => {
                // Documents and images share the store's cap.
                let (t,): (Option<u64>,) = sqlx::query_as(
                    "SELECT CAST((SELECT COALESCE(SUM(byte_size), 0) FROM content) \
                     + (SELECT COALESCE(SUM(byte_size), 0) FROM media) AS UNSIGNED)",
                )
                .fetch_one(pool)
                .await?;
                let t = t.unwrap_or(0);
                *self.total.lock().expect("quota lock") = Some((t, Instant::now()));
                t
            }
        };
        Ok(total.saturating_add(n) <= self.limits.max_total_bytes)
    }

    /// Counts `n` bytes stored.
    pub fn stored(&self, n: u64) {
        if let Some((t, _)) = self.total.lock().expect("quota lock").as_mut() {
            *t = t.saturating_add(n);
        }
    }
}

/// Why [`charge`] refused bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// This IP (`account: false`) or account spent its bytes for the hour; the wait.
    Spent {
        /// Whether the account's budget (not the IP's) ran out.
        account: bool,
        /// How long until there is room.
        wait: Duration,
    },
    /// The whole store is at its cap.
    Full,
}

impl Refusal {
    /// A message for the writer.
    pub fn message(&self) -> String {
        match self {
            Self::Spent { account, wait } => format!(
                "this {} has stored its bytes for this hour; try again in {} s",
                if *account { "account" } else { "address" },
                wait.as_secs().max(1)
            ),
            Self::Full => "the content store is full; try again later".into(),
        }
    }
}

/// Charges `n` bytes about to be stored to the hourly budgets of `ip` and `account`
/// (documents and images share them) and checks the store's cap.
pub async fn charge(
    pool: &MySqlPool,
    limiter: &crate::auth::limit::RateLimiter,
    quota: &Quota,
    ip: std::net::IpAddr,
    account: Option<&str>,
    n: u32,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    use crate::auth::limit::Rule;
    let ip_key = format!("content-bytes-ip:{ip}");
    let account_key = account.map(|a| format!("content-bytes:{a}"));
    let mut hits = vec![(
        ip_key.as_str(),
        n,
        Rule::per(quota.limits.bytes_per_ip_hour, 3600),
    )];
    if let Some(k) = &account_key {
        hits.push((
            k.as_str(),
            n,
            Rule::per(quota.limits.bytes_per_account_hour, 3600),
        ));
    }
    if let Err((i, wait)) = limiter.hit_all(&hits) {
        crate::metrics::RATE_LIMITED.inc();
        return Ok(Err(Refusal::Spent {
            account: i == 1,
            wait,
        }));
    }
    if !quota.fits(pool, u64::from(n)).await? {
        return Ok(Err(Refusal::Full));
    }
    Ok(Ok(()))
}

/// Columns that are not document hashes although their names end in `_hash`.
const NOT_DOCUMENTS: [&str; 6] = [
    "block_hash",
    "tx_hash",
    "indexed_hash",
    "parent_hash",
    "token_hash",
    "password_hash",
];

/// What [`prune`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pruned {
    /// Documents old enough to be candidates.
    pub examined: u64,
    /// Documents removed (or, in a dry run, that would be).
    pub removed: u64,
    /// Their bytes.
    pub bytes: u64,
}

/// Removes the documents stored more than `grace` ago whose hash no chain-derived row
/// names (current or historical: time travel shows old versions). The columns
/// searched are every `…_hash` column of the database but the store's own and
/// block, transaction and token hashes, so new document fields are covered without
/// a change here. With `dry_run`, counts only.
pub async fn prune(
    pool: &MySqlPool,
    grace: Duration,
    dry_run: bool,
) -> Result<Pruned, sqlx::Error> {
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS CHAR), CAST(column_name AS CHAR) FROM information_schema.columns \
         WHERE table_schema = DATABASE() AND column_name LIKE '%\\_hash' AND table_name <> 'content'",
    )
    .fetch_all(pool)
    .await?;
    let columns: Vec<(String, String)> = columns
        .into_iter()
        .filter(|(_, c)| !NOT_DOCUMENTS.contains(&c.as_str()))
        .collect();
    let cutoff = crate::auth::now().saturating_sub(grace.as_secs());
    let mut report = Pruned::default();
    let mut after = String::new();
    loop {
        let batch: Vec<(String, u64)> = sqlx::query_as(
            "SELECT CAST(hash AS CHAR), byte_size FROM content WHERE created_at < ? AND hash > ? ORDER BY hash LIMIT 500",
        )
        .bind(cutoff)
        .bind(&after)
        .fetch_all(pool)
        .await?;
        let Some(last) = batch.last() else { break };
        after = last.0.clone();
        report.examined += batch.len() as u64;
        let mut referenced = HashSet::new();
        let marks = vec!["?"; batch.len()].join(",");
        for (table, column) in &columns {
            let sql = format!(
                "SELECT DISTINCT CAST(`{column}` AS CHAR) FROM `{table}` WHERE `{column}` IN ({marks})"
            );
            let mut q = sqlx::query_as::<_, (Option<String>,)>(&sql);
            for (h, _) in &batch {
                q = q.bind(h);
            }
            referenced.extend(q.fetch_all(pool).await?.into_iter().filter_map(|r| r.0));
        }
        let orphans: Vec<&(String, u64)> = batch
            .iter()
            .filter(|(h, _)| !referenced.contains(h))
            .collect();
        if orphans.is_empty() {
            continue;
        }
        report.removed += orphans.len() as u64;
        report.bytes += orphans.iter().map(|o| o.1).sum::<u64>();
        if !dry_run {
            let sql = format!(
                "DELETE FROM content WHERE created_at < ? AND hash IN ({})",
                vec!["?"; orphans.len()].join(",")
            );
            let mut q = sqlx::query(&sql).bind(cutoff);
            for (h, _) in &orphans {
                q = q.bind(h);
            }
            q.execute(pool).await?;
        }
    }
    Ok(report)
}

/// The stored bodies of `hashes` (those the store has).
pub async fn get_many(
    pool: &MySqlPool,
    hashes: &[String],
) -> Result<HashMap<String, String>, sqlx::Error> {
    if hashes.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT CAST(hash AS CHAR) AS hash, CAST(body AS CHAR) AS body FROM content WHERE hash IN ({})",
        vec!["?"; hashes.len()].join(",")
    );
    let mut q = sqlx::query(&sql);
    for h in hashes {
        q = q.bind(h);
    }
    q.fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| Ok((r.try_get_unchecked("hash")?, r.try_get_unchecked("body")?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_keccak_of_the_exact_bytes() {
        assert_eq!(
            hash_of(""),
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
        assert_ne!(hash_of(r#"{"text":"a"}"#), hash_of(r#"{ "text":"a"}"#));
    }
}
