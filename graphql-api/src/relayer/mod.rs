//! The relayer: players' signed ERC-2771 forward requests, sent from a sponsor account
//! so that a player with no ETH can act. Every write stays the player's own signature;
//! the contracts see the signer as the caller (the forwarder is trusted by each).
//!
//! - [`request`] checks a request without the chain (fields, policy, signature).
//! - [`Relayer::relay`] adds the chain's checks (nonce, a simulation that names the
//!   error it would revert with), quotas per account and IP per day, and stores the
//!   request (`queued`) before anything is sent.
//! - [`sender`] sends stored requests from the sponsor key: one process at a time (a
//!   MySQL named lock), the sponsor nonce and signed transaction stored before each
//!   broadcast (so a restart re-sends the same transaction, never a second one),
//!   replacements with higher fees for a transaction that does not get mined, and the
//!   forwarder's own nonce as the last guard against a second execution.
//!
//! The sponsor key comes from the environment and is never logged.

pub mod chain;
pub mod policy;
pub mod request;
pub mod sender;
pub mod store;

use alloy::primitives::{Address, U256};
use bindings::errors::DecodedRevert;
use chain::{Chain, Simulated};
use request::{RawRequest, Refusal, Rules};
use sqlx::MySqlPool;
use std::{collections::HashMap, sync::Mutex, time::Duration};
use tokio::sync::Notify;

/// Where a relayed request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Accepted, not sent yet.
    Queued,
    /// A transaction is out (it may be replaced by one with a higher fee).
    Sent,
    /// Mined and executed.
    Mined,
    /// It will not be executed (it would revert, or did, or expired).
    Failed,
}

impl Status {
    /// The stored label.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sent => "sent",
            Status::Mined => "mined",
            Status::Failed => "failed",
        }
    }

    /// From the stored label.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "queued" => Status::Queued,
            "sent" => Status::Sent,
            "mined" => Status::Mined,
            "failed" => Status::Failed,
            _ => return None,
        })
    }

    /// Mined or failed: nothing more will happen.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Mined | Status::Failed)
    }
}

/// The relayer's settings (`graphql-api serve`'s RELAYER_* variables).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Requests one account may relay per UTC day.
    pub quota_per_account: u64,
    /// Requests one IP may relay per UTC day.
    pub quota_per_ip: u64,
    /// Below this sponsor balance (wei), `/healthz` and `/metrics` say so.
    pub min_balance: U256,
    /// How often the sender looks for work.
    pub poll: Duration,
    /// A transaction not mined after this long is replaced with higher fees.
    pub bump_after: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            quota_per_account: 200,
            quota_per_ip: 2_000,
            min_balance: U256::from(100_000_000_000_000_000u128),
            poll: Duration::from_millis(250),
            bump_after: Duration::from_secs(30),
        }
    }
}

/// Why `relay` refused a request.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// It failed a check.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The account or IP has used its quota for today.
    #[error("{0}")]
    Quota(String),
    /// It would revert.
    #[error("the call would revert: {}", .0.as_ref().map_or("(no reason given)", |d| d.text.as_str()))]
    Reverts(Option<DecodedRevert>),
    /// The node could not be asked.
    #[error("the chain node is unreachable: {0}")]
    Node(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The sponsor's balance as last read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Balance {
    /// Wei.
    pub wei: U256,
    /// Under the configured minimum.
    pub low: bool,
}

/// The relayer: checks, stores and (with [`sender::run`]) sends sponsored requests.
#[derive(Debug)]
pub struct Relayer {
    pool: MySqlPool,
    /// The node and the sponsor key.
    pub chain: Chain,
    /// The checks that need no chain.
    pub rules: Rules,
    /// Quotas and timings.
    pub settings: Settings,
    balance: Mutex<Option<Balance>>,
    wake: Notify,
}

/// The start of the UTC day of `now` (unix seconds).
pub fn day_start(now: u64) -> u64 {
    now - now % 86_400
}

impl Relayer {
    /// A relayer for the deployment's contracts (`(name, address)`, the forwarder among
    /// them under "Forwarder").
    pub fn new(
        pool: MySqlPool,
        chain: Chain,
        contracts: &[(&'static str, Address)],
        settings: Settings,
    ) -> Self {
        let map: HashMap<Address, &'static str> = contracts
            .iter()
            .filter(|(name, _)| *name != "Forwarder")
            .map(|&(name, a)| (a, name))
            .collect();
        let rules = Rules::new(chain.chain_id, chain.forwarder, map);
        Self {
            pool,
            chain,
            rules,
            settings,
            balance: Mutex::new(None),
            wake: Notify::new(),
        }
    }

    /// The database.
    pub fn pool(&self) -> &MySqlPool {
        &self.pool
    }

    /// The sponsor balance as last read (None before the first read).
    pub fn balance(&self) -> Option<Balance> {
        *self.balance.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn set_balance(&self, wei: U256) -> Balance {
        let b = Balance {
            wei,
            low: wei < self.settings.min_balance,
        };
        *self.balance.lock().unwrap_or_else(|p| p.into_inner()) = Some(b);
        b
    }

    pub(crate) async fn woken(&self, timeout: Duration) {
        let _ = tokio::time::timeout(timeout, self.wake.notified()).await;
    }

    /// The forwarder nonce `from` should sign next: the chain's, past its requests still
    /// queued or in flight here.
    pub async fn next_nonce(&self, from: Address) -> Result<u64, RelayError> {
        let chain = self
            .chain
            .forwarder_nonce(from)
            .await
            .map_err(|e| RelayError::Node(e.to_string()))?;
        let active = store::active_max_nonce(&self.pool, &format!("{from:#x}")).await?;
        Ok(active.map_or(chain, |n| chain.max(n + 1)))
    }

    /// Requests `from` may still relay today.
    pub async fn remaining_today(&self, from: Address, now: u64) -> Result<u64, sqlx::Error> {
        let used = store::count_from(&self.pool, &format!("{from:#x}"), day_start(now)).await?;
        Ok(self.settings.quota_per_account.saturating_sub(used))
    }

    /// Checks and stores a signed request from `ip`; the same signed request again
    /// returns the stored one. `now` is the wall clock's unix seconds (quotas count UTC
    /// days); the deadline is checked against the chain's latest block time.
    pub async fn relay(
        &self,
        raw: &RawRequest,
        signature: &str,
        ip: &str,
        now: u64,
    ) -> Result<store::Row, RelayError> {
        // Deadlines are the chain's time (what the forwarder compares them with).
        let chain_now = self
            .chain
            .timestamp()
            .await
            .map_err(|e| RelayError::Node(e.to_string()))?;
        let checked = request::check(&self.rules, raw, signature, chain_now)?;
        let digest = format!("{:#x}", checked.digest);
        let existing: Option<(u64,)> =
            sqlx::query_as("SELECT id FROM relay_request WHERE digest = ?")
                .bind(&digest)
                .fetch_optional(&self.pool)
                .await?;
        if let Some((id,)) = existing
            && let Some(row) = store::get(&self.pool, id).await?
        {
            return Ok(row);
        }
        let from = format!("{:#x}", checked.request.from);
        let since = day_start(now);
        if store::count_from(&self.pool, &from, since).await? >= self.settings.quota_per_account {
            return Err(RelayError::Quota(format!(
                "this account has used today's {} sponsored actions; send it from your wallet or wait until 00:00 UTC",
                self.settings.quota_per_account
            )));
        }
        if store::count_ip(&self.pool, ip, since).await? >= self.settings.quota_per_ip {
            return Err(RelayError::Quota(format!(
                "this network has used today's {} sponsored actions; send it from your wallet or wait until 00:00 UTC",
                self.settings.quota_per_ip
            )));
        }
        let node = |e: chain::RpcFailure| RelayError::Node(e.to_string());
        let on_chain = self
            .chain
            .forwarder_nonce(checked.request.from)
            .await
            .map_err(node)?;
        let nonce = checked.request.nonce.saturating_to::<u64>();
        let active = store::active_max_nonce(&self.pool, &from).await?;
        let expected = active.map_or(on_chain, |n| on_chain.max(n + 1));
        if nonce < on_chain {
            return Err(Refusal::Nonce(format!(
                "nonce {nonce} was already used; sign again with nonce {expected}"
            ))
            .into());
        }
        if nonce != expected {
            return Err(Refusal::Nonce(format!(
                "the next nonce for {} is {expected}, not {nonce}",
                checked.request.from
            ))
            .into());
        }
        // With nothing of this account ahead of it, the request runs against today's
        // state: simulate it now, so a player learns at once why it would fail.
        if nonce == on_chain {
            let data = checked.data();
            if let Simulated::Reverts(why) = self.chain.simulate_inner(&data).await.map_err(node)? {
                return Err(RelayError::Reverts(why));
            }
            if !self.chain.verify(&data).await.map_err(node)? {
                return Err(Refusal::Signature(
                    "the forwarder does not accept this request (signature, nonce or target)"
                        .into(),
                )
                .into());
            }
        }
        let (id, _) = store::insert(&self.pool, self.chain.forwarder, &checked, ip, now).await?;
        crate::metrics::RELAY_ACCEPTED.inc();
        self.wake.notify_one();
        store::get(&self.pool, id)
            .await?
            .ok_or_else(|| RelayError::Db(sqlx::Error::RowNotFound))
    }
}
