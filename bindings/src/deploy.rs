//! Deploys the whole system from Rust, in the same order and with the same wiring as
//! `contracts/script/Deploy.s.sol` (which `scripts/deploy` runs). Tests, the end-to-end
//! suite and the benchmarks use this to get a fresh system on a fresh anvil.

use crate::{
    Communities, Contracts, Deployment, PointExchange, PointMall, Posts, Profiles, TaskMarket,
};
use alloy::{
    network::Ethereum,
    primitives::{Address, U256},
    providers::Provider,
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
}

impl DeployConfig {
    /// The defaults of `scripts/deploy`: threshold 3, review period 3 days.
    pub fn new(admin: Address) -> Self {
        Self {
            admin,
            popularity_threshold: 3,
            review_period: 3 * 24 * 3600,
        }
    }
}

/// Deploys every contract with `provider` (whose wallet pays) and wires them together.
pub async fn deploy_all<P: Provider<Ethereum> + Clone>(
    provider: P,
    config: DeployConfig,
) -> Result<Deployment, DeployError> {
    let chain_id = provider.get_chain_id().await?;
    let start_block = provider.get_block_number().await?;
    let wrap = |step| move |source| DeployError::Contract { step, source };

    let profiles = Profiles::deploy(provider.clone(), config.admin)
        .await
        .map_err(wrap("Profiles"))?;
    let communities = Communities::deploy(
        provider.clone(),
        *profiles.address(),
        U256::from(config.popularity_threshold),
    )
    .await
    .map_err(wrap("Communities"))?;
    let market = TaskMarket::deploy(
        provider.clone(),
        *profiles.address(),
        *communities.address(),
        config.review_period,
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
    let receipt = communities
        .setPosts(*posts.address())
        .send()
        .await
        .map_err(wrap("Communities.setPosts"))?
        .get_receipt()
        .await
        .map_err(|source| DeployError::Pending {
            step: "Communities.setPosts",
            source,
        })?;
    if !receipt.status() {
        return Err(DeployError::Reverted {
            step: "Communities.setPosts",
            tx: receipt.transaction_hash,
        });
    }
    let mall = PointMall::deploy(
        provider.clone(),
        *profiles.address(),
        *communities.address(),
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
            Profiles: *profiles.address(),
            Communities: *communities.address(),
            Posts: *posts.address(),
            TaskMarket: *market.address(),
            PointMall: *mall.address(),
            PointExchange: *exchange.address(),
        },
    })
}
