//! The relayer's rows (`relay_request`, `relay_tx`): written before anything is sent,
//! so a crash at any point leaves a row that says what to do next.

use super::{Status, chain::Fees, chain::SignedTx, request::Checked};
use sqlx::{MySqlPool, Row as _, mysql::MySqlRow};

/// One relayed request.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its id.
    pub id: u64,
    /// The signer.
    pub from: String,
    /// The target.
    pub to: String,
    /// `Contract.function`.
    pub call_name: String,
    /// Gas for the inner call.
    pub gas: u64,
    /// The forwarder nonce.
    pub nonce: u64,
    /// Unix seconds.
    pub deadline: u64,
    /// The inner calldata.
    pub data: Vec<u8>,
    /// The signature.
    pub signature: Vec<u8>,
    /// Where it stands.
    pub status: Status,
    /// The sponsor nonce, once fixed.
    pub sponsor_nonce: Option<u64>,
    /// The latest transaction sent (or the one mined).
    pub tx_hash: Option<String>,
    /// When a transaction was last sent (unix seconds).
    pub sent_at: Option<u64>,
    /// The block it was mined in.
    pub block_number: Option<u64>,
    /// Why it failed.
    pub error: Option<String>,
    /// The decoded error's name.
    pub error_name: Option<String>,
    /// Unix seconds.
    pub created_at: u64,
    /// Unix seconds.
    pub updated_at: u64,
}

const COLUMNS: &str = "id, CAST(from_address AS CHAR) AS from_address, CAST(to_address AS CHAR) AS to_address, CAST(call_name AS CHAR) AS call_name, gas, nonce, deadline, calldata, signature, CAST(status AS CHAR) AS status, sponsor_nonce, CAST(tx_hash AS CHAR) AS tx_hash, sent_at, block_number, CAST(error AS CHAR) AS error, CAST(error_name AS CHAR) AS error_name, created_at, updated_at";

fn row(r: &MySqlRow) -> Result<Row, sqlx::Error> {
    let status: String = r.try_get("status")?;
    Ok(Row {
        id: r.try_get("id")?,
        from: r.try_get("from_address")?,
        to: r.try_get("to_address")?,
        call_name: r.try_get("call_name")?,
        gas: r.try_get("gas")?,
        nonce: r.try_get("nonce")?,
        deadline: r.try_get("deadline")?,
        data: r.try_get("calldata")?,
        signature: r.try_get("signature")?,
        status: Status::parse(&status).ok_or_else(|| sqlx::Error::ColumnDecode {
            index: "status".into(),
            source: format!("unknown relay status {status:?}").into(),
        })?,
        sponsor_nonce: r.try_get("sponsor_nonce")?,
        tx_hash: r.try_get("tx_hash")?,
        sent_at: r.try_get("sent_at")?,
        block_number: r.try_get("block_number")?,
        error: r.try_get("error")?,
        error_name: r.try_get("error_name")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn hex_addr(a: alloy::primitives::Address) -> String {
    format!("{a:#x}")
}

/// Stores an accepted request (`queued`) unless the same signed request is already
/// stored; returns its id and whether it is new.
pub async fn insert(
    pool: &MySqlPool,
    forwarder: alloy::primitives::Address,
    req: &Checked,
    ip: &str,
    now: u64,
) -> Result<(u64, bool), sqlx::Error> {
    let digest = format!("{:#x}", req.digest);
    let done = sqlx::query(
        "INSERT INTO relay_request (digest, forwarder, from_address, to_address, call_name, gas, nonce, deadline, calldata, signature, ip, status, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) ON DUPLICATE KEY UPDATE id = id",
    )
    .bind(&digest)
    .bind(hex_addr(forwarder))
    .bind(hex_addr(req.request.from))
    .bind(hex_addr(req.request.to))
    .bind(req.call_name())
    .bind(req.request.gas.saturating_to::<u64>())
    .bind(req.request.nonce.saturating_to::<u64>())
    .bind(req.request.deadline.to::<u64>())
    .bind(req.request.data.to_vec())
    .bind(req.signature.to_vec())
    .bind(ip)
    .bind(now)
    .bind(now)
    .execute(pool)
    .await?;
    let (id,): (u64,) = sqlx::query_as("SELECT id FROM relay_request WHERE digest = ?")
        .bind(&digest)
        .fetch_one(pool)
        .await?;
    Ok((id, done.rows_affected() == 1))
}

/// The request `id`.
pub async fn get(pool: &MySqlPool, id: u64) -> Result<Option<Row>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM relay_request WHERE id = ?");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(row)
        .transpose()
}

/// The highest forwarder nonce of `from`'s requests still queued or sent.
pub async fn active_max_nonce(pool: &MySqlPool, from: &str) -> Result<Option<u64>, sqlx::Error> {
    let (n,): (Option<u64>,) = sqlx::query_as(
        "SELECT MAX(nonce) FROM relay_request WHERE from_address = ? AND status IN ('queued', 'sent')",
    )
    .bind(from)
    .fetch_one(pool)
    .await?;
    Ok(n)
}

/// Whether `from` has a request queued or sent with a nonce below `nonce`.
pub async fn has_earlier_active(
    pool: &MySqlPool,
    from: &str,
    nonce: u64,
) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM relay_request WHERE from_address = ? AND nonce < ? AND status IN ('queued', 'sent')",
    )
    .bind(from)
    .bind(nonce)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Requests accepted since `since` (unix seconds) from the account `from`.
pub async fn count_from(pool: &MySqlPool, from: &str, since: u64) -> Result<u64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM relay_request WHERE from_address = ? AND created_at >= ?",
    )
    .bind(from)
    .bind(since)
    .fetch_one(pool)
    .await?;
    Ok(n as u64)
}

/// Requests accepted since `since` (unix seconds) from the IP `ip`.
pub async fn count_ip(pool: &MySqlPool, ip: &str, since: u64) -> Result<u64, sqlx::Error> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM relay_request WHERE ip = ? AND created_at >= ?")
            .bind(ip)
            .bind(since)
            .fetch_one(pool)
            .await?;
    Ok(n as u64)
}

/// The oldest requests in `status`, oldest first.
pub async fn by_status(
    pool: &MySqlPool,
    status: Status,
    limit: u32,
) -> Result<Vec<Row>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM relay_request WHERE status = ? ORDER BY id LIMIT ?");
    sqlx::query(&sql)
        .bind(status.as_str())
        .bind(limit)
        .fetch_all(pool)
        .await?
        .iter()
        .map(row)
        .collect()
}

/// The highest sponsor nonce given to a request still in flight.
pub async fn max_sponsor_nonce(pool: &MySqlPool) -> Result<Option<u64>, sqlx::Error> {
    let (n,): (Option<u64>,) =
        sqlx::query_as("SELECT MAX(sponsor_nonce) FROM relay_request WHERE status = 'sent'")
            .fetch_one(pool)
            .await?;
    Ok(n)
}

/// Fixes the request's sponsor nonce and first transaction, before it is broadcast.
/// False if the request was no longer queued (nothing written).
pub async fn mark_sent(
    pool: &MySqlPool,
    id: u64,
    sponsor_nonce: u64,
    tx: &SignedTx,
    fees: Fees,
    now: u64,
) -> Result<bool, sqlx::Error> {
    let mut t = pool.begin().await?;
    let hash = format!("{:#x}", tx.hash);
    let done = sqlx::query(
        "UPDATE relay_request SET status = 'sent', sponsor_nonce = ?, tx_hash = ?, sent_at = ?, updated_at = ? WHERE id = ? AND status = 'queued'",
    )
    .bind(sponsor_nonce)
    .bind(&hash)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&mut *t)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    insert_tx(&mut t, id, sponsor_nonce, tx, fees, now).await?;
    t.commit().await?;
    Ok(true)
}

async fn insert_tx(
    t: &mut sqlx::Transaction<'_, sqlx::MySql>,
    id: u64,
    sponsor_nonce: u64,
    tx: &SignedTx,
    fees: Fees,
    now: u64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO relay_tx (tx_hash, request_id, sponsor_nonce, max_fee, priority_fee, raw, sent_at) VALUES (?, ?, ?, CAST(? AS DECIMAL(38,0)), CAST(? AS DECIMAL(38,0)), ?, ?)",
    )
    .bind(format!("{:#x}", tx.hash))
    .bind(id)
    .bind(sponsor_nonce)
    .bind(fees.max_fee.to_string())
    .bind(fees.priority_fee.to_string())
    .bind(tx.raw.to_vec())
    .bind(now)
    .execute(&mut **t)
    .await?;
    Ok(())
}

/// Records a replacement (same sponsor nonce, higher fees), before it is broadcast.
pub async fn add_replacement(
    pool: &MySqlPool,
    id: u64,
    sponsor_nonce: u64,
    tx: &SignedTx,
    fees: Fees,
    now: u64,
) -> Result<(), sqlx::Error> {
    let mut t = pool.begin().await?;
    insert_tx(&mut t, id, sponsor_nonce, tx, fees, now).await?;
    sqlx::query("UPDATE relay_tx SET sent_at = ? WHERE request_id = ?")
        .bind(now)
        .bind(id)
        .execute(&mut *t)
        .await?;
    sqlx::query("UPDATE relay_request SET tx_hash = ?, sent_at = ?, updated_at = ? WHERE id = ?")
        .bind(format!("{:#x}", tx.hash))
        .bind(now)
        .bind(now)
        .bind(id)
        .execute(&mut *t)
        .await?;
    t.commit().await
}

/// A transaction sent for a request.
#[derive(Debug, Clone)]
pub struct SentTx {
    /// Its hash.
    pub hash: String,
    /// Its encoding.
    pub raw: Vec<u8>,
    /// Its fees.
    pub fees: Fees,
}

/// Every transaction sent for `id`, the latest (highest fee) last.
pub async fn txs(pool: &MySqlPool, id: u64) -> Result<Vec<SentTx>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT CAST(tx_hash AS CHAR) AS h, raw, CAST(max_fee AS CHAR) AS mf, CAST(priority_fee AS CHAR) AS pf FROM relay_tx WHERE request_id = ? ORDER BY max_fee, tx_hash",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let fee = |c: &str| -> Result<u128, sqlx::Error> {
                let s: String = r.try_get(c)?;
                s.parse().map_err(|e| sqlx::Error::ColumnDecode {
                    index: c.into(),
                    source: Box::new(e),
                })
            };
            Ok(SentTx {
                hash: r.try_get("h")?,
                raw: r.try_get("raw")?,
                fees: Fees {
                    max_fee: fee("mf")?,
                    priority_fee: fee("pf")?,
                },
            })
        })
        .collect()
}

/// Ends a request: `mined` (with its transaction and block) or `failed` (with why).
#[allow(clippy::too_many_arguments)]
pub async fn finish(
    pool: &MySqlPool,
    id: u64,
    status: Status,
    tx_hash: Option<&str>,
    block: Option<u64>,
    error: Option<&str>,
    error_name: Option<&str>,
    now: u64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE relay_request SET status = ?, tx_hash = COALESCE(?, tx_hash), block_number = ?, error = ?, error_name = ?, updated_at = ? WHERE id = ? AND status IN ('queued', 'sent')",
    )
    .bind(status.as_str())
    .bind(tx_hash)
    .bind(block)
    .bind(error.map(|e| e.chars().take(500).collect::<String>()))
    .bind(error_name)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Puts a sent request back in the queue: its sponsor nonce was taken by a transaction
/// that is not one of its own, so none of them can be mined any more. (The forwarder's
/// nonce still guards against a second execution.)
pub async fn requeue(pool: &MySqlPool, id: u64, now: u64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE relay_request SET status = 'queued', sponsor_nonce = NULL, updated_at = ? WHERE id = ? AND status = 'sent'",
    )
    .bind(now)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}
