//! Sends stored requests from the sponsor account.
//!
//! One sender at a time across API processes: the one holding the MySQL named lock
//! `relayer-sender` (released when its connection ends, so a killed process hands over).
//! Per round, in this order:
//! 1. the sponsor's mined nonce is read (before any receipt, so a transaction mined
//!    between the two reads is always found by its receipt);
//! 2. each `sent` request: a receipt of any of its transactions ends it (`mined`, or
//!    `failed` with the decoded error); if its sponsor nonce was used by a transaction
//!    that is not one of its own, it goes back to the queue; if it waited longer than
//!    `bump_after`, a replacement with the same nonce and higher fees is stored, then sent;
//! 3. each `queued` request, oldest first: expired → `failed`; its forwarder nonce used →
//!    `failed`; an earlier request of the same account still open → wait; a simulation
//!    that reverts → `failed` with the error; else a sponsor nonce is taken, the signed
//!    transaction stored (`sent`) and only then broadcast.
//!
//! A crash between any two steps leaves rows that the next round (or the next
//! leader's start, which re-sends every `sent` transaction) completes: nothing is
//! lost and no request gets a second sponsor transaction while one of its own can
//! still be mined; the forwarder's nonce refuses a second execution regardless.

use super::{
    RelayError, Relayer, Status,
    chain::{SignedTx, Simulated},
    store::{self, Row},
};
use crate::auth::now;
use alloy::primitives::{Address, B256, Bytes, U256, aliases::U48};
use bindings::{ERC2771Forwarder::ForwardRequestData, errors::DecodedRevert};
use sqlx::{MySql, pool::PoolConnection};
use std::{sync::Arc, time::Duration};

/// The named lock (per database: several deployments may share a server).
const LOCK: &str = "relayer-sender:";
/// Requests sent per round at most.
const BATCH: u32 = 32;

/// Runs the sender for as long as the process lives.
pub async fn run(relayer: Arc<Relayer>) {
    loop {
        match relayer.pool().acquire().await {
            Ok(mut conn) => match take_lock(&mut conn).await {
                Ok(true) => {
                    tracing::info!(target: "graphql_api::relayer", sponsor = %relayer.chain.sponsor, "relayer: this process sends sponsored requests");
                    if let Err(e) = lead(&relayer, &mut conn).await {
                        tracing::warn!(target: "graphql_api::relayer", error = %e, "relayer: sending stopped; retrying");
                    }
                    // Dropping the connection (closed, not pooled) releases the lock.
                    let _ = conn.detach();
                }
                Ok(false) => {
                    // Another process sends; still keep the balance current for /healthz.
                    refresh_balance(&relayer).await;
                }
                Err(e) => {
                    tracing::warn!(target: "graphql_api::relayer", error = %e, "relayer: could not ask for the sender lock")
                }
            },
            Err(e) => {
                tracing::warn!(target: "graphql_api::relayer", error = %e, "relayer: no database connection")
            }
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

async fn take_lock(conn: &mut PoolConnection<MySql>) -> Result<bool, sqlx::Error> {
    let (got,): (Option<i64>,) = sqlx::query_as("SELECT GET_LOCK(CONCAT(?, DATABASE()), 0)")
        .bind(LOCK)
        .fetch_one(&mut **conn)
        .await?;
    Ok(got == Some(1))
}

async fn still_leader(conn: &mut PoolConnection<MySql>) -> Result<bool, sqlx::Error> {
    let (mine,): (Option<i64>,) =
        sqlx::query_as("SELECT IS_USED_LOCK(CONCAT(?, DATABASE())) = CONNECTION_ID()")
            .bind(LOCK)
            .fetch_one(&mut **conn)
            .await?;
    Ok(mine == Some(1))
}

async fn refresh_balance(relayer: &Relayer) {
    match relayer.chain.sponsor_balance().await {
        Ok(wei) => {
            let b = relayer.set_balance(wei);
            crate::metrics::RELAY_SPONSOR_BALANCE.set(wei_to_eth(wei));
            crate::metrics::RELAY_SPONSOR_LOW.set(if b.low { 1.0 } else { 0.0 });
            if b.low {
                tracing::warn!(target: "graphql_api::relayer", balance_wei = %wei, "relayer: the sponsor's balance is under RELAYER_MIN_BALANCE_WEI");
            }
        }
        Err(e) => {
            tracing::warn!(target: "graphql_api::relayer", error = %e, "relayer: reading the sponsor balance failed")
        }
    }
}

fn wei_to_eth(wei: U256) -> f64 {
    let gwei = (wei / U256::from(1_000_000_000u64)).saturating_to::<u128>();
    gwei as f64 / 1e9
}

/// The sender state of one leadership.
struct Leader<'a> {
    relayer: &'a Relayer,
    next_nonce: u64,
}

async fn lead(relayer: &Relayer, conn: &mut PoolConnection<MySql>) -> eyre::Result<()> {
    let pool = relayer.pool();
    let pending = relayer.chain.sponsor_pending_nonce().await?;
    let stored = store::max_sponsor_nonce(pool).await?;
    let mut me = Leader {
        relayer,
        next_nonce: stored.map_or(pending, |n| pending.max(n + 1)),
    };
    // Whatever the last leader sent may be gone from the node's pool: send it again
    // (the same signed bytes: the same transaction, never a second one).
    for row in store::by_status(pool, Status::Sent, u32::MAX).await? {
        for tx in store::txs(pool, row.id).await? {
            if let Err(e) = relayer.chain.broadcast(&tx.raw).await {
                tracing::debug!(target: "graphql_api::relayer", id = row.id, error = %e, "relayer: re-sending after a restart was refused");
            }
        }
    }
    let mut last_balance = std::time::Instant::now() - Duration::from_secs(3600);
    loop {
        if !still_leader(conn).await? {
            return Err(eyre::eyre!("lost the sender lock"));
        }
        if last_balance.elapsed() >= Duration::from_secs(10) {
            refresh_balance(relayer).await;
            last_balance = std::time::Instant::now();
        }
        me.round().await?;
        relayer.woken(relayer.settings.poll).await;
    }
}

/// The forwarder's argument, rebuilt from a stored row.
fn request_data(row: &Row) -> eyre::Result<ForwardRequestData> {
    Ok(ForwardRequestData {
        from: row.from.parse::<Address>()?,
        to: row.to.parse::<Address>()?,
        value: U256::ZERO,
        gas: U256::from(row.gas),
        deadline: U48::from(row.deadline),
        data: Bytes::from(row.data.clone()),
        signature: Bytes::from(row.signature.clone()),
    })
}

impl Leader<'_> {
    /// One pass over the open requests (see the module docs for the order).
    async fn round(&mut self) -> eyre::Result<()> {
        let chain = &self.relayer.chain;
        let pool = self.relayer.pool();
        let mined_nonce = chain.sponsor_mined_nonce().await?;
        for row in store::by_status(pool, Status::Sent, u32::MAX).await? {
            self.watch(&row, mined_nonce).await?;
        }
        for row in store::by_status(pool, Status::Queued, BATCH).await? {
            self.send(&row).await?;
        }
        Ok(())
    }

    async fn fail(&self, row: &Row, why: &str, name: Option<&str>) -> eyre::Result<()> {
        crate::metrics::RELAY_FAILED.inc();
        tracing::info!(target: "graphql_api::relayer", id = row.id, call = %row.call_name, why, "relayer: request failed");
        store::finish(
            self.relayer.pool(),
            row.id,
            Status::Failed,
            None,
            None,
            Some(why),
            name,
            now(),
        )
        .await?;
        Ok(())
    }

    /// Fails a request whose simulation reverts, with the decoded error when there is one.
    async fn fail_reverts(&self, row: &Row, why: Option<DecodedRevert>) -> eyre::Result<()> {
        let text = RelayError::Reverts(why.clone()).to_string();
        self.fail(row, &text, why.as_ref().map(|d| d.name.as_str()))
            .await
    }

    async fn watch(&mut self, row: &Row, mined_nonce: u64) -> eyre::Result<()> {
        let chain = &self.relayer.chain;
        let pool = self.relayer.pool();
        let txs = store::txs(pool, row.id).await?;
        for tx in &txs {
            let hash: B256 = tx.hash.parse()?;
            if let Some(r) = chain.receipt(hash).await? {
                let block = r.block_number;
                if r.status() {
                    crate::metrics::RELAY_MINED.inc();
                    store::finish(
                        pool,
                        row.id,
                        Status::Mined,
                        Some(&tx.hash),
                        block,
                        None,
                        None,
                        now(),
                    )
                    .await?;
                } else {
                    // The state changed between the simulation and the block: say what
                    // the call hits now.
                    let why = match chain.simulate_inner(&request_data(row)?).await {
                        Ok(Simulated::Reverts(Some(d))) => {
                            (format!("reverted on chain: {}", d.text), Some(d.name))
                        }
                        _ => ("reverted on chain".to_owned(), None),
                    };
                    crate::metrics::RELAY_FAILED.inc();
                    store::finish(
                        pool,
                        row.id,
                        Status::Failed,
                        Some(&tx.hash),
                        block,
                        Some(&why.0),
                        why.1.as_deref(),
                        now(),
                    )
                    .await?;
                }
                return Ok(());
            }
        }
        let Some(nonce) = row.sponsor_nonce else {
            return Ok(());
        };
        if mined_nonce > nonce {
            // The nonce went to a transaction that is none of this request's: none of
            // them can be mined now. Back to the queue (the forwarder nonce decides).
            tracing::warn!(target: "graphql_api::relayer", id = row.id, nonce, "relayer: the sponsor nonce was used elsewhere; queueing again");
            store::requeue(pool, row.id, now()).await?;
            return Ok(());
        }
        let waited = now().saturating_sub(row.sent_at.unwrap_or(0));
        if waited < self.relayer.settings.bump_after.as_secs() {
            return Ok(());
        }
        let Some(last) = txs.last() else {
            return Ok(());
        };
        let fees = last.fees.bumped(chain.fees().await?);
        let data = request_data(row)?;
        let gas = match chain.estimate_execute(&data).await? {
            Ok(g) => g + g / 4,
            Err(_) => row.gas + 100_000,
        };
        let tx = chain.sign_execute(&data, nonce, gas, fees).await?;
        store::add_replacement(pool, row.id, nonce, &tx, fees, now()).await?;
        crate::metrics::RELAY_REPLACED.inc();
        tracing::info!(target: "graphql_api::relayer", id = row.id, nonce, max_fee = fees.max_fee, "relayer: replacing a transaction that was not mined");
        self.broadcast(row, &tx).await;
        Ok(())
    }

    async fn broadcast(&mut self, row: &Row, tx: &SignedTx) {
        if let Err(e) = self.relayer.chain.broadcast(&tx.raw).await {
            tracing::warn!(target: "graphql_api::relayer", id = row.id, error = %e, "relayer: the node refused the transaction; it is kept and retried");
            // A stale nonce: ask the node again for the next one.
            if let Ok(n) = self.relayer.chain.sponsor_pending_nonce().await {
                self.next_nonce = self.next_nonce.max(n);
            }
        }
    }

    async fn send(&mut self, row: &Row) -> eyre::Result<()> {
        let chain = &self.relayer.chain;
        let pool = self.relayer.pool();
        if row.deadline <= chain.timestamp().await? {
            return self
                .fail(
                    row,
                    "its deadline passed before it could be sent; sign it again",
                    Some("ERC2771ForwarderExpiredRequest"),
                )
                .await;
        }
        let from: Address = row.from.parse()?;
        let on_chain = chain.forwarder_nonce(from).await?;
        if row.nonce < on_chain {
            return self
                .fail(
                    row,
                    "its nonce was used by another request of this account; sign it again",
                    Some("ERC2771ForwarderInvalidSigner"),
                )
                .await;
        }
        if row.nonce > on_chain {
            if store::has_earlier_active(pool, &row.from, row.nonce).await? {
                return Ok(()); // waits for the account's earlier request
            }
            return self.fail(row, "an earlier request of this account did not go through, so this one's nonce cannot be reached; sign it again", Some("ERC2771ForwarderInvalidSigner")).await;
        }
        let data = request_data(row)?;
        if let Simulated::Reverts(why) = chain.simulate_inner(&data).await? {
            return self.fail_reverts(row, why).await;
        }
        if !chain.verify(&data).await? {
            return self
                .fail(
                    row,
                    "the forwarder does not accept this request (signature, nonce or target)",
                    Some("ERC2771ForwarderInvalidSigner"),
                )
                .await;
        }
        let gas = match chain.estimate_execute(&data).await? {
            Ok(g) => g + g / 4,
            Err(Simulated::Reverts(why)) => return self.fail_reverts(row, why).await,
            Err(Simulated::Ok) => row.gas + 100_000,
        };
        let fees = chain.fees().await?;
        let nonce = self.next_nonce;
        let tx = chain.sign_execute(&data, nonce, gas, fees).await?;
        if !store::mark_sent(pool, row.id, nonce, &tx, fees, now()).await? {
            return Ok(());
        }
        self.next_nonce += 1;
        crate::metrics::RELAY_SENT.inc();
        self.broadcast(row, &tx).await;
        Ok(())
    }
}
