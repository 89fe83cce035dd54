//! A fresh anvil with the system deployed, and the anvil RPCs tests drive it with.

use crate::{PLAYER_NAMES, player::Player};
use crate::{
    deploy::{DeployConfig, deploy_all},
    tools,
};
use alloy::{
    eips::BlockNumberOrTag,
    node_bindings::{Anvil, AnvilInstance},
    primitives::{Address, Bytes, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::TransactionRequest,
    signers::local::PrivateKeySigner,
};
use bindings::{Contracts, Deployment};
use eyre::{WrapErr, eyre};
use serde_json::{Value, json};

/// How to start the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainOptions {
    /// `--chain-id` (anvil's default is 31337).
    pub chain_id: Option<u64>,
    /// `--block-time` in seconds: interval mining instead of one block per transaction.
    pub block_time: Option<u64>,
    /// `--accounts`: dev accounts, each a [`Player`]. [`crate::play_season`] needs 14.
    pub accounts: usize,
    /// Any further anvil arguments (never `--silent`: alloy reads anvil's banner).
    pub extra_args: Vec<String>,
}

impl Default for ChainOptions {
    /// Anvil's chain id, automine, 20 accounts.
    fn default() -> Self {
        Self {
            chain_id: None,
            block_time: None,
            accounts: 20,
            extra_args: Vec::new(),
        }
    }
}

/// A running anvil with the whole system deployed. Dropping it stops anvil (when this
/// process started it; see [`Chain::attach`]).
pub struct Chain {
    /// The anvil process, when started here (its endpoint, keys and chain id).
    pub anvil: Option<AnvilInstance>,
    /// The node's HTTP endpoint.
    pub endpoint: String,
    /// Where the contracts live (as in `deployments/<chainId>.json`).
    pub deployment: Deployment,
    /// One player per dev account; `players[0]` is the system admin, who deployed.
    pub players: Vec<Player>,
    /// A provider without a wallet, for reads and anvil RPCs.
    pub provider: DynProvider,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain")
            .field("endpoint", &self.endpoint)
            .field("deployment", &self.deployment)
            .field("players", &self.players)
            .finish_non_exhaustive()
    }
}

/// One named player per key (names from [`PLAYER_NAMES`], then `player<i>`).
fn players(
    keys: &[PrivateKeySigner],
    url: &alloy::transports::http::reqwest::Url,
    chain_id: u64,
) -> Vec<Player> {
    keys.iter()
        .enumerate()
        .map(|(i, key)| {
            let name = PLAYER_NAMES
                .get(i)
                .map(|n| n.to_string())
                .unwrap_or_else(|| format!("player{i}"));
            Player::new(name, key.clone(), url.clone(), chain_id)
        })
        .collect()
}

/// Starts anvil with [`ChainOptions::default`] and deploys the system as account 0.
pub async fn start_chain() -> eyre::Result<Chain> {
    start_chain_with(ChainOptions::default()).await
}

/// Starts anvil (from [`crate::tools::anvil_path`]) with `options` and deploys the
/// system with [`crate::deploy::deploy_all`] as account 0, the system admin
/// (popularity threshold 3, review period 3 days).
pub async fn start_chain_with(options: ChainOptions) -> eyre::Result<Chain> {
    if options.accounts == 0 {
        return Err(eyre!("a chain needs at least one account (the admin)"));
    }
    let mut anvil = Anvil::at(tools::anvil_path())
        .arg("--accounts")
        .arg(options.accounts.to_string())
        .args(&options.extra_args);
    if let Some(id) = options.chain_id {
        anvil = anvil.chain_id(id);
    }
    if let Some(secs) = options.block_time {
        anvil = anvil.block_time(secs);
    }
    let anvil = anvil.try_spawn().wrap_err_with(|| {
        format!(
            "starting {} (run `npm ci` first)",
            tools::anvil_path().display()
        )
    })?;
    let url = anvil.endpoint_url();
    let provider = ProviderBuilder::new()
        .disable_recommended_fillers()
        .connect_http(url.clone())
        .erased();
    let chain_id = provider.get_chain_id().await?;
    let keys: Vec<PrivateKeySigner> = anvil.keys().iter().map(|k| k.clone().into()).collect();
    let players = players(&keys, &url, chain_id);
    let admin = &players[0];
    let deployment = deploy_all(admin.provider.clone(), DeployConfig::new(admin.address))
        .await
        .wrap_err("deploying the system")?;
    Ok(Chain {
        endpoint: anvil.endpoint(),
        anvil: Some(anvil),
        deployment,
        players,
        provider,
    })
}

impl Chain {
    /// A chain already running at `endpoint` with `deployment` live on it (e.g. the dev
    /// node of `scripts/dev`), played by the accounts of `keys` (the first is the system
    /// admin who deployed).
    pub async fn attach(
        endpoint: &str,
        deployment: Deployment,
        keys: &[PrivateKeySigner],
    ) -> eyre::Result<Chain> {
        let url: alloy::transports::http::reqwest::Url =
            endpoint.parse().wrap_err("parsing the RPC URL")?;
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .connect_http(url.clone())
            .erased();
        let chain_id = provider.get_chain_id().await?;
        if chain_id != deployment.chain_id {
            return Err(eyre!(
                "the node at {endpoint} is chain {chain_id}, the deployment is for {}",
                deployment.chain_id
            ));
        }
        let players = players(keys, &url, chain_id);
        Ok(Chain {
            anvil: None,
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            deployment,
            players,
            provider,
        })
    }

    /// The node's port (for URLs built by hand).
    pub fn port(&self) -> u16 {
        self.endpoint
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or(8545)
    }
}

impl Chain {
    /// The contracts' addresses.
    pub fn contracts(&self) -> Contracts {
        self.deployment.contracts
    }

    /// The system admin (account 0, the deployer).
    pub fn admin(&self) -> &Player {
        &self.players[0]
    }

    /// The player called `name`, if any.
    pub fn player(&self, name: &str) -> Option<&Player> {
        self.players.iter().find(|p| p.name == name)
    }

    /// The player with address `address`, if any.
    pub fn player_at(&self, address: Address) -> Option<&Player> {
        self.players.iter().find(|p| p.address == address)
    }

    /// The HTTP endpoint, e.g. `http://localhost:43125`.
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// The WebSocket endpoint, e.g. `ws://localhost:43125`.
    pub fn ws_endpoint(&self) -> String {
        self.endpoint.replacen("http", "ws", 1)
    }

    /// The chain id.
    pub fn chain_id(&self) -> u64 {
        self.deployment.chain_id
    }

    async fn rpc(&self, method: &'static str, params: Value) -> eyre::Result<Value> {
        self.provider
            .raw_request(method.into(), params)
            .await
            .wrap_err_with(|| format!("calling {method}"))
    }

    /// Mines `n` empty blocks (`anvil_mine`).
    pub async fn mine(&self, n: u64) -> eyre::Result<()> {
        self.rpc("anvil_mine", json!([format!("{n:#x}")]))
            .await
            .map(drop)
    }

    /// Moves the clock forward by `secs` (`evm_increaseTime`); the next block carries the
    /// new time (mine one with [`Chain::mine`] to make it the head's).
    pub async fn increase_time(&self, secs: u64) -> eyre::Result<()> {
        self.rpc("evm_increaseTime", json!([format!("{secs:#x}")]))
            .await
            .map(drop)
    }

    /// Takes a snapshot of the whole chain state (`evm_snapshot`).
    pub async fn snapshot(&self) -> eyre::Result<U256> {
        let id = self.rpc("evm_snapshot", json!([])).await?;
        serde_json::from_value(id).wrap_err("reading the snapshot id")
    }

    /// Returns to snapshot `id` (`evm_revert`), dropping every later block. The snapshot
    /// is used up. Returns whether anvil knew the snapshot.
    pub async fn revert(&self, id: U256) -> eyre::Result<bool> {
        let done = self.rpc("evm_revert", json!([id])).await?;
        serde_json::from_value(done).wrap_err("reading evm_revert's answer")
    }

    /// Replaces the last `depth` blocks with `depth` new ones (`anvil_reorg`); each
    /// `(tx, offset)` is mined into new block `head - depth + 1 + offset`. Anvil signs
    /// each request as its `from` (a dev account; the first account if unset), fills the
    /// nonce from the common ancestor on, and the gas. The replaced blocks' transactions
    /// are dropped. Build a request from a contract call with
    /// `player.posts(&c).createPost(..).into_transaction_request().from(player.address)`.
    pub async fn reorg(&self, depth: u64, txs: Vec<(TransactionRequest, u64)>) -> eyre::Result<()> {
        let pairs: Vec<Value> = txs
            .into_iter()
            .map(|(tx, offset)| Ok(json!([serde_json::to_value(tx)?, offset])))
            .collect::<Result<_, serde_json::Error>>()?;
        self.rpc("anvil_reorg", json!([depth, pairs]))
            .await
            .map(drop)
    }

    /// [`Chain::reorg`] with signed raw transactions (EIP-2718 bytes) instead of requests.
    pub async fn reorg_raw(&self, depth: u64, txs: Vec<(Bytes, u64)>) -> eyre::Result<()> {
        let pairs: Vec<Value> = txs
            .into_iter()
            .map(|(raw, offset)| json!([raw, offset]))
            .collect();
        self.rpc("anvil_reorg", json!([depth, pairs]))
            .await
            .map(drop)
    }

    /// The head's number.
    pub async fn block_number(&self) -> eyre::Result<u64> {
        Ok(self.provider.get_block_number().await?)
    }

    /// The head's timestamp.
    pub async fn timestamp(&self) -> eyre::Result<u64> {
        let block = self
            .provider
            .get_block_by_number(BlockNumberOrTag::Latest)
            .await?
            .ok_or_else(|| eyre!("the node has no latest block"))?;
        Ok(block.header.timestamp)
    }

    /// Turns automine (one block per transaction) on or off (`anvil_setAutomine`). With
    /// it off, transactions wait in the pool until [`Chain::mine`].
    pub async fn set_automine(&self, on: bool) -> eyre::Result<()> {
        self.rpc("anvil_setAutomine", json!([on])).await.map(drop)
    }

    /// Replaces the code at `address` (`anvil_setCode`); empty code makes it an EOA again.
    pub async fn set_code(&self, address: Address, code: Bytes) -> eyre::Result<()> {
        self.rpc("anvil_setCode", json!([address, code]))
            .await
            .map(drop)
    }
}
