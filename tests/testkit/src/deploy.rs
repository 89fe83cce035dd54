//! Deploys the whole system from Rust, in the same order and with the same wiring as
//! `contracts/script/Deploy.s.sol` (which `scripts/deploy` runs). Tests, the end-to-end
//! suite, the benchmarks and the stack launcher use this to get a fresh system on a fresh anvil.

use alloy::{
    network::Ethereum,
    primitives::{Address, U256},
    providers::Provider,
};
use bindings::{
    Communities, Contracts, Deployment, Forwarder, PointExchange, PointMall, Posts, Profiles,
    TaskMarket,
};

/// Errors while deploying.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    /// A deployment or call failed (reverted, or the node refused it).
    #[error("deploying {step}: {source}")]
    Contract {
        /// What was being done.
        step: &'static str,
        /// The underlying error.
        #[source]
        source: alloy::contract::Error,
    },
    /// A transaction was mined but reverted.
    #[error("deploying {step}: transaction {tx} reverted")]
    Reverted {
        /// What was being done.
        step: &'static str,
        /// The transaction hash.
        tx: alloy::primitives::B256,
    },
    /// Waiting for a receipt failed.
    #[error("deploying {step}: {source}")]
    Pending {
        /// What was being done.
        step: &'static str,
        /// The underlying error.
        #[source]
        source: alloy::providers::PendingTransactionError,
    },
    /// The node could not be asked for its chain id or block number.
    #[error("asking the node: {0}")]
    Rpc(#[from] alloy::transports::TransportError),
}

/// Deployment parameters.
#[derive(Debug, Clone, Copy)]
pub struct DeployConfig {
    /// The system admin: receives every role. Usually the deploying account.
    pub admin: Address,
    /// Members a community needs before it can create its point token.
    pub popularity_threshold: u64,
    /// Seconds a publisher has to review a submission.
    pub review_period: u64,
    /// Seconds a claimer has to submit before the publisher may release the claim
    /// (1 s to 30 days).
    pub work_period: u64,
    /// Seconds arbiters have to resolve a dispute before anyone may split it 50/50.
    pub dispute_period: u64,
    /// Seconds an unpaid mall order reserves stock before anyone may cancel it.
    pub order_ttl: u64,
}

/// One day in seconds.
const DAY: u64 = 24 * 3600;

impl DeployConfig {
    /// The defaults of `scripts/deploy` (`Deploy.s.sol`): threshold 3, review period
    /// 3 days, work period 7 days, dispute period 14 days, order TTL 2 days.
    pub fn new(admin: Address) -> Self {
        Self {
            admin,
            popularity_threshold: 3,
            review_period: 3 * DAY,
            work_period: 7 * DAY,
            dispute_period: 14 * DAY,
            order_ttl: 2 * DAY,
        }
    }
}

/// Deploys every contract with `provider` (whose wallet pays) and wires them together:
/// the ERC-2771 `Forwarder` first, then `Profiles` trusting it (the others read it there).
pub async fn deploy_all<P: Provider<Ethereum> + Clone>(
    provider: P,
    config: DeployConfig,
) -> Result<Deployment, DeployError> {
    let chain_id = provider.get_chain_id().await?;
    let start_block = provider.get_block_number().await?;
    let wrap = |step| move |source| DeployError::Contract { step, source };

    let forwarder = Forwarder::deploy(provider.clone())
        .await
        .map_err(wrap("Forwarder"))?;
    let profiles = Profiles::deploy(provider.clone(), config.admin, *forwarder.address())
        .await
        .map_err(wrap("Profiles"))?;
    let communities = Communities::deploy(
        provider.clone(),
        *profiles.address(),
        U256::from(config.popularity_threshold),
    )
    .await
    .map_err(wrap("Communities"))?;
    send(
        profiles.setCommunities(*communities.address()),
        "Profiles.setCommunities",
    )
    .await?;
    let market = TaskMarket::deploy(
        provider.clone(),
        *profiles.address(),
        *communities.address(),
        config.review_period,
        config.work_period,
        config.dispute_period,
    )
    .await
    .map_err(wrap("TaskMarket"))?;
    let posts = Posts::deploy(
        provider.clone(),
        *profiles.address(),
        *communities.address(),
        *market.address(),
    )
    .await
    .map_err(wrap("Posts"))?;
    send(
        communities.setPosts(*posts.address()),
        "Communities.setPosts",
    )
    .await?;
    let mall = PointMall::deploy(
        provider.clone(),
        *profiles.address(),
        *communities.address(),
        config.order_ttl,
    )
    .await
    .map_err(wrap("PointMall"))?;
    let exchange = PointExchange::deploy(provider.clone(), *profiles.address())
        .await
        .map_err(wrap("PointExchange"))?;

    Ok(Deployment {
        chain_id,
        start_block,
        contracts: Contracts {
            Forwarder: *forwarder.address(),
            Profiles: *profiles.address(),
            Communities: *communities.address(),
            Posts: *posts.address(),
            TaskMarket: *market.address(),
            PointMall: *mall.address(),
            PointExchange: *exchange.address(),
        },
    })
}

/// Sends a wiring call, waits for its receipt and insists it succeeded.
async fn send<P, D>(
    call: alloy::contract::CallBuilder<P, D, Ethereum>,
    step: &'static str,
) -> Result<(), DeployError>
where
    P: Provider<Ethereum>,
    D: alloy::contract::CallDecoder,
{
    let receipt = call
        .send()
        .await
        .map_err(|source| DeployError::Contract { step, source })?
        .get_receipt()
        .await
        .map_err(|source| DeployError::Pending { step, source })?;
    if !receipt.status() {
        return Err(DeployError::Reverted {
            step,
            tx: receipt.transaction_hash,
        });
    }
    Ok(())
}
