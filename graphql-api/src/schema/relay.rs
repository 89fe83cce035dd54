//! Sponsored transactions: `relay` a signed forward request, follow it
//! (`relayRequest`, `relayRequestUpdated`), and what the sponsor pays for
//! (`sponsorship`). The relayer itself is `crate::relayer`.

use super::context::info;
use crate::{
    auth::now,
    error::{ApiResult, bad_input, forbidden, internal, not_found, rate_limited},
    relayer::{
        self, RelayError, Relayer, Status, policy,
        request::{RawRequest, Refusal},
        store::{self, Row},
    },
};
use alloy::primitives::Address;
use async_graphql::{Context, Enum, ErrorExtensions, ID, Object, SimpleObject};
use futures_util::{StreamExt as _, stream::BoxStream};
use sqlx::MySqlPool;
use std::{sync::Arc, time::Duration};

/// The relayer, when this API runs one (`RELAYER_KEY`).
pub type RelayerData = Option<Arc<Relayer>>;

fn relayer<'a>(ctx: &'a Context<'_>) -> Option<&'a Arc<Relayer>> {
    ctx.data_opt::<RelayerData>().and_then(|r| r.as_ref())
}

fn refused(e: async_graphql::Error, reason: &'static str) -> async_graphql::Error {
    e.extend_with(|_, ext| ext.set("reason", reason))
}

/// Where a relayed request stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum RelayStatus {
    /// Accepted, not sent yet.
    Queued,
    /// Its transaction is out.
    Sent,
    /// Mined and executed.
    Mined,
    /// It will not be executed (see `error`).
    Failed,
}

impl From<Status> for RelayStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::Queued => RelayStatus::Queued,
            Status::Sent => RelayStatus::Sent,
            Status::Mined => RelayStatus::Mined,
            Status::Failed => RelayStatus::Failed,
        }
    }
}

/// A relayed request.
pub struct RelayRequest(pub Row);

#[Object]
impl RelayRequest {
    /// Its id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Where it stands.
    async fn status(&self) -> RelayStatus {
        self.0.status.into()
    }
    /// The signer.
    async fn from(&self) -> &str {
        &self.0.from
    }
    /// The contract called.
    async fn to(&self) -> &str {
        &self.0.to
    }
    /// The contract's name and function, e.g. `Posts.like`.
    async fn call(&self) -> &str {
        &self.0.call_name
    }
    /// The forwarder nonce it was signed with.
    async fn nonce(&self) -> String {
        self.0.nonce.to_string()
    }
    /// The sponsor's transaction (the latest sent; the one mined once MINED).
    async fn tx_hash(&self) -> Option<&str> {
        self.0.tx_hash.as_deref()
    }
    /// The block it was mined in.
    async fn block_number(&self) -> Option<i64> {
        self.0.block_number.map(|b| b as i64)
    }
    /// Why it failed (FAILED only).
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    /// The decoded custom error's name (FAILED only), e.g. `PostsAlreadyLiked`.
    async fn error_name(&self) -> Option<&str> {
        self.0.error_name.as_deref()
    }
    /// Unix seconds.
    async fn created_at(&self) -> i64 {
        self.0.created_at as i64
    }
    /// Unix seconds of the last change.
    async fn updated_at(&self) -> i64 {
        self.0.updated_at as i64
    }
}

/// A function the sponsor pays for.
#[derive(SimpleObject)]
pub struct SponsoredFunction {
    /// The contract's name, as in `/config.json`.
    pub contract: String,
    /// The function's name.
    pub function_name: String,
    /// Its selector (0x + 8 hex).
    pub selector: String,
}

/// Sponsored transactions: whether they are on, and for what.
pub struct Sponsorship;

fn parse_address(s: &str) -> ApiResult<Address> {
    s.trim()
        .parse()
        .map_err(|_| bad_input(format!("{s:?} is not an address")))
}

#[Object]
impl Sponsorship {
    /// Whether this API relays sponsored requests.
    async fn enabled(&self, ctx: &Context<'_>) -> bool {
        relayer(ctx).is_some()
    }
    /// The forwarder's address: the EIP-712 domain is `{name: "Forwarder", version: "1",
    /// chainId, verifyingContract: forwarder}`.
    async fn forwarder(&self, ctx: &Context<'_>) -> Option<String> {
        relayer(ctx).map(|r| r.chain.forwarder.to_checksum(None))
    }
    /// The chain's id (0 when the relayer is off).
    async fn chain_id(&self, ctx: &Context<'_>) -> i64 {
        relayer(ctx).map_or(0, |r| r.chain.chain_id as i64)
    }
    /// The functions the sponsor pays for (empty when the relayer is off).
    async fn functions(&self, ctx: &Context<'_>) -> Vec<SponsoredFunction> {
        if relayer(ctx).is_none() {
            return Vec::new();
        }
        policy::SPONSORED
            .iter()
            .map(|s| SponsoredFunction {
                contract: s.contract.to_owned(),
                function_name: s.function.to_owned(),
                selector: alloy::hex::encode_prefixed(s.selector),
            })
            .collect()
    }
    /// Sponsored requests one account may make per UTC day.
    async fn quota_per_day(&self, ctx: &Context<'_>) -> i64 {
        relayer(ctx).map_or(0, |r| r.settings.quota_per_account as i64)
    }
    /// Sponsored requests `address` may still make today (UTC).
    async fn remaining_today(&self, ctx: &Context<'_>, address: String) -> ApiResult<i64> {
        // Moves as the relayer works and as the day turns: never kept.
        crate::response_cache::scope::read_volatile(ctx);
        let Some(r) = relayer(ctx) else {
            return Ok(0);
        };
        let a = parse_address(&address)?;
        Ok(r.remaining_today(a, now()).await.map_err(internal)? as i64)
    }
    /// The forwarder nonce `address` signs next: the chain's, past its requests still
    /// queued or in flight.
    async fn next_nonce(&self, ctx: &Context<'_>, address: String) -> ApiResult<String> {
        crate::response_cache::scope::read_volatile(ctx);
        let Some(r) = relayer(ctx) else {
            return Err(refused(
                forbidden("sponsored transactions are off on this server"),
                "RELAYER_OFF",
            ));
        };
        let a = parse_address(&address)?;
        r.next_nonce(a)
            .await
            .map(|n| n.to_string())
            .map_err(error_of)
    }
}

fn error_of(e: RelayError) -> async_graphql::Error {
    match e {
        RelayError::Refused(r) => {
            let reason = r.reason();
            let base = match r {
                Refusal::NotSponsored(m) => forbidden(m),
                other => bad_input(other.to_string()),
            };
            refused(base, reason)
        }
        RelayError::Quota(m) => refused(rate_limited(m), "QUOTA"),
        RelayError::Reverts(d) => {
            let message = RelayError::Reverts(d.clone()).to_string();
            let name = d.map(|d| d.name);
            bad_input(message).extend_with(|_, ext| {
                ext.set("reason", "REVERTS");
                if let Some(n) = &name {
                    ext.set("errorName", n.as_str());
                }
            })
        }
        RelayError::Node(m) => {
            tracing::warn!(target: "graphql_api::relayer", error = %m, "relayer: the node did not answer");
            refused(
                crate::error::ApiError::Other(m).extend(),
                "NODE_UNAVAILABLE",
            )
        }
        RelayError::Db(e) => internal(e),
    }
}

/// The sponsorship queries.
#[derive(Default)]
pub struct RelayQuery;

#[Object]
impl RelayQuery {
    /// Sponsored transactions: whether the relayer runs, which calls it pays for, quotas.
    async fn sponsorship(&self) -> Sponsorship {
        Sponsorship
    }

    /// One relayed request (anyone who knows its id may follow it).
    async fn relay_request(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Option<RelayRequest>> {
        // Its status moves as the relayer works, with no block or API write: never kept.
        crate::response_cache::scope::read_volatile(ctx);
        let id: u64 = id
            .parse()
            .map_err(|_| bad_input("not a relay request id"))?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(store::get(pool, id)
            .await
            .map_err(internal)?
            .map(RelayRequest))
    }
}

/// The relay mutation.
#[derive(Default)]
pub struct RelayMutation;

#[Object]
impl RelayMutation {
    /// Relays a signed forward request through the sponsor: the player pays no gas.
    /// Refusals carry `extensions.reason`: `NOT_SPONSORED` or `RELAYER_OFF` (FORBIDDEN),
    /// `MALFORMED`, `SIGNATURE`, `EXPIRED`, `NONCE`, `REVERTS` (BAD_INPUT; with
    /// `extensions.errorName`), `QUOTA` (RATE_LIMITED). The same signed request sent
    /// twice returns the same request.
    async fn relay(
        &self,
        ctx: &Context<'_>,
        request: RawRequest,
        signature: String,
    ) -> ApiResult<RelayRequest> {
        let Some(r) = relayer(ctx) else {
            return Err(refused(
                forbidden(
                    "sponsored transactions are off on this server: send it from your wallet",
                ),
                "RELAYER_OFF",
            ));
        };
        let ip = info(ctx).ip.to_string();
        r.relay(&request, &signature, &ip, now())
            .await
            .map(RelayRequest)
            .map_err(error_of)
    }
}

/// How often a followed request is read again.
const FOLLOW_POLL: Duration = Duration::from_millis(250);
/// How long a request is followed at most.
const FOLLOW_FOR: Duration = Duration::from_secs(15 * 60);

/// `relayRequestUpdated`: the request now and at each change, until it is final. Reads
/// the row (any API process may be the one sending it).
pub fn follow(ctx: &Context<'_>, id: ID) -> BoxStream<'static, ApiResult<RelayRequest>> {
    let id: u64 = match id.parse() {
        Ok(id) => id,
        Err(_) => {
            return futures_util::stream::once(async { Err(bad_input("not a relay request id")) })
                .boxed();
        }
    };
    let pool = ctx.data_unchecked::<MySqlPool>().clone();
    let started = tokio::time::Instant::now();
    futures_util::stream::unfold(
        (pool, None::<(relayer::Status, u64, Option<String>)>, false),
        move |(pool, last, done)| async move {
            if done {
                return None;
            }
            loop {
                let row = match store::get(&pool, id).await {
                    Ok(Some(row)) => row,
                    Ok(None) => {
                        return Some((Err(not_found("no such relay request")), (pool, last, true)));
                    }
                    Err(e) => return Some((Err(internal(e)), (pool, last, true))),
                };
                let key = (row.status, row.updated_at, row.tx_hash.clone());
                if last.as_ref() != Some(&key) {
                    let fin = row.status.is_final();
                    return Some((Ok(RelayRequest(row)), (pool, Some(key), fin)));
                }
                if started.elapsed() > FOLLOW_FOR {
                    return None;
                }
                tokio::time::sleep(FOLLOW_POLL).await;
            }
        },
    )
    .boxed()
}
