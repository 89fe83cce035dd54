//! Support for the indexer benchmark (`scripts/bench/indexer`).
//!
//! Two binaries use it: `gen-chain` deploys the system on anvil and generates a busy
//! chain (hundreds of thousands of events across every contract) quickly, by signing
//! transactions locally with explicit nonces, sending them in JSON-RPC batches while
//! automine is off and mining blocks of a few hundred transactions with `evm_mine`;
//! `head-lag` then mines blocks at a steady pace and measures how long the indexer takes
//! to commit each one.
//!
//! Accounts are derived from a seed ([`Wallets::derive`]), so both binaries (and any
//! rerun) agree on them; what `gen-chain` built (communities, tokens, members) is
//! written to a [`World`] file that `head-lag` reads.

use alloy::{
    consensus::{SignableTransaction, TxEip1559, TxEnvelope},
    eips::Encodable2718,
    network::TxSignerSync,
    primitives::{Address, B256, Bytes, TxKind, U256, keccak256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::client::BatchRequest,
    rpc::types::TransactionReceipt,
    signers::local::PrivateKeySigner,
    sol_types::SolCall,
};
use eyre::{Context, bail, eyre};
use serde::{Deserialize, Serialize};
use std::{collections::HashMap, path::Path};

/// anvil's dev account #0 (mnemonic "test test … junk"): deploys and is the system admin.
pub const ANVIL_KEY_0: &str = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/// Max fee per gas of every generated transaction (anvil's base fee only falls on a
/// chain whose blocks use a sliver of a huge gas limit).
const MAX_FEE_PER_GAS: u128 = 10_000_000_000;

/// A JSON-RPC connection to anvil with the calls the benchmark needs, batched.
#[derive(Clone)]
pub struct Node {
    /// The provider (no wallet: every transaction is signed locally).
    pub provider: DynProvider,
    /// The chain id.
    pub chain_id: u64,
}

impl Node {
    /// Connects to `url` (http://).
    pub async fn connect(url: &str) -> eyre::Result<Self> {
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .connect(url)
            .await
            .with_context(|| format!("connecting to {url}"))?
            .erased();
        let chain_id = provider
            .get_chain_id()
            .await
            .with_context(|| format!("asking {url} for its chain id"))?;
        Ok(Self { provider, chain_id })
    }

    /// Sends raw signed transactions in one JSON-RPC batch; fails on the first refusal.
    pub async fn send_raw_batch(&self, raws: &[Bytes]) -> eyre::Result<()> {
        if raws.is_empty() {
            return Ok(());
        }
        let client = self.provider.client();
        let mut batch = BatchRequest::new(client);
        let mut waiters = Vec::with_capacity(raws.len());
        for raw in raws {
            waiters.push(batch.add_call::<_, B256>("eth_sendRawTransaction", &(raw,))?);
        }
        batch.send().await.context("sending a transaction batch")?;
        for (i, w) in waiters.into_iter().enumerate() {
            w.await
                .with_context(|| format!("transaction {i} of a batch of {}", raws.len()))?;
        }
        Ok(())
    }

    /// Mines one block with everything pending (`evm_mine`).
    pub async fn mine(&self) -> eyre::Result<()> {
        let _: serde_json::Value = self
            .provider
            .raw_request("evm_mine".into(), ())
            .await
            .context("evm_mine")?;
        Ok(())
    }

    /// Turns automine on or off.
    pub async fn set_automine(&self, on: bool) -> eyre::Result<()> {
        let _: serde_json::Value = self
            .provider
            .raw_request("evm_setAutomine".into(), (on,))
            .await
            .context("evm_setAutomine")?;
        Ok(())
    }

    /// Gives every address `wei` (`anvil_setBalance`, batched).
    pub async fn set_balances(&self, addresses: &[Address], wei: U256) -> eyre::Result<()> {
        for chunk in addresses.chunks(500) {
            let client = self.provider.client();
            let mut batch = BatchRequest::new(client);
            let mut waiters = Vec::new();
            for a in chunk {
                waiters
                    .push(batch.add_call::<_, serde_json::Value>("anvil_setBalance", &(a, wei))?);
            }
            batch.send().await?;
            for w in waiters {
                w.await.context("anvil_setBalance")?;
            }
        }
        Ok(())
    }

    /// The next nonce of every address (latest block; nothing may be pending).
    pub async fn nonces(&self, addresses: &[Address]) -> eyre::Result<Vec<u64>> {
        let mut out = Vec::with_capacity(addresses.len());
        for chunk in addresses.chunks(500) {
            let client = self.provider.client();
            let mut batch = BatchRequest::new(client);
            let mut waiters = Vec::new();
            for a in chunk {
                waiters.push(batch.add_call::<_, U256>("eth_getTransactionCount", &(a, "latest"))?);
            }
            batch.send().await?;
            for w in waiters {
                out.push(w.await.context("eth_getTransactionCount")?.to::<u64>());
            }
        }
        Ok(out)
    }

    /// The receipts of every block in `from..=to`, block by block (batched).
    pub async fn block_receipts(
        &self,
        from: u64,
        to: u64,
    ) -> eyre::Result<Vec<(u64, Vec<TransactionReceipt>)>> {
        let mut out = Vec::new();
        let blocks: Vec<u64> = (from..=to).collect();
        for chunk in blocks.chunks(8) {
            let client = self.provider.client();
            let mut batch = BatchRequest::new(client);
            let mut waiters = Vec::new();
            for &b in chunk {
                waiters.push((
                    b,
                    batch.add_call::<_, Option<Vec<TransactionReceipt>>>(
                        "eth_getBlockReceipts",
                        &(format!("{b:#x}"),),
                    )?,
                ));
            }
            batch.send().await?;
            for (b, w) in waiters {
                let receipts = w
                    .await
                    .with_context(|| format!("eth_getBlockReceipts {b}"))?
                    .ok_or_else(|| eyre!("block {b} not found"))?;
                out.push((b, receipts));
            }
        }
        Ok(out)
    }
}

/// One account the benchmark signs for, with its next nonce.
pub struct Account {
    /// The key.
    pub signer: PrivateKeySigner,
    /// Its address.
    pub address: Address,
    /// The next nonce.
    pub nonce: u64,
}

/// Who plays: account 0 is the system admin (anvil's key #0), then `creators`
/// community founders, `publishers` task publishers and `players`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cast {
    /// Community founders (verified; each creates one community and administers it).
    pub creators: usize,
    /// Holders of `TASK_PUBLISHER_ROLE`.
    pub publishers: usize,
    /// Players.
    pub players: usize,
}

impl Cast {
    /// Index of creator `i` among all accounts.
    pub fn creator(&self, i: usize) -> usize {
        1 + i
    }
    /// Index of publisher `i` among all accounts.
    pub fn publisher(&self, i: usize) -> usize {
        1 + self.creators + i
    }
    /// Index of player `i` among all accounts.
    pub fn player(&self, i: usize) -> usize {
        1 + self.creators + self.publishers + i
    }
    /// Number of accounts, the admin included.
    pub fn total(&self) -> usize {
        1 + self.creators + self.publishers + self.players
    }
}

/// Every account, with local nonce tracking and local signing.
pub struct Wallets {
    /// The accounts, by index (see [`Cast`]).
    pub accounts: Vec<Account>,
    chain_id: u64,
}

impl Wallets {
    /// The admin (`admin_key`) and `cast.total() - 1` keys derived from `seed`. Nonces
    /// start at zero; call [`Wallets::sync_nonces`] on a chain that has seen them.
    pub fn derive(admin_key: &str, seed: &str, cast: Cast, chain_id: u64) -> eyre::Result<Self> {
        let admin: PrivateKeySigner = admin_key.parse().context("parsing the admin key")?;
        let mut accounts = vec![Account {
            address: admin.address(),
            signer: admin,
            nonce: 0,
        }];
        for i in 1..cast.total() {
            let secret = keccak256(format!("{seed}/account/{i}"));
            let signer = PrivateKeySigner::from_bytes(&secret)
                .with_context(|| format!("deriving account {i}"))?;
            accounts.push(Account {
                address: signer.address(),
                signer,
                nonce: 0,
            });
        }
        Ok(Self { accounts, chain_id })
    }

    /// Every address, by index.
    pub fn addresses(&self) -> Vec<Address> {
        self.accounts.iter().map(|a| a.address).collect()
    }

    /// Reads every account's next nonce from the node.
    pub async fn sync_nonces(&mut self, node: &Node) -> eyre::Result<()> {
        let nonces = node.nonces(&self.addresses()).await?;
        for (a, n) in self.accounts.iter_mut().zip(nonces) {
            a.nonce = n;
        }
        Ok(())
    }

    /// Signs a call of `to` by account `from` with the next nonce.
    pub fn sign(
        &mut self,
        from: usize,
        to: Address,
        value: U256,
        input: Vec<u8>,
        gas: u64,
    ) -> eyre::Result<Bytes> {
        let account = &mut self.accounts[from];
        let mut tx = TxEip1559 {
            chain_id: self.chain_id,
            nonce: account.nonce,
            gas_limit: gas,
            max_fee_per_gas: MAX_FEE_PER_GAS,
            max_priority_fee_per_gas: 1,
            to: TxKind::Call(to),
            value,
            access_list: Default::default(),
            input: input.into(),
        };
        let sig = account
            .signer
            .sign_transaction_sync(&mut tx)
            .context("signing")?;
        account.nonce += 1;
        let envelope: TxEnvelope = tx.into_signed(sig).into();
        Ok(envelope.encoded_2718().into())
    }

    /// [`Wallets::sign`] for a `sol!` call.
    pub fn call<C: SolCall>(
        &mut self,
        from: usize,
        to: Address,
        call: C,
        gas: u64,
    ) -> eyre::Result<Bytes> {
        self.sign(from, to, U256::ZERO, call.abi_encode(), gas)
    }
}

/// A community as `gen-chain` built it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorldCommunity {
    /// On-chain id.
    pub id: u64,
    /// Account index of its admin (the creator).
    pub admin: usize,
    /// Its point token.
    pub token: Address,
    /// Account indices of its members (players), who hold its points.
    pub members: Vec<usize>,
}

/// What `gen-chain` leaves for `head-lag`: who the accounts are and what exists.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct World {
    /// Seed the accounts were derived from.
    pub seed: String,
    /// The admin's key.
    pub admin_key: String,
    /// How many accounts of each kind.
    pub cast: Cast,
    /// The deployment.
    pub deployment: bindings::Deployment,
    /// The communities.
    pub communities: Vec<WorldCommunity>,
    /// The last block `gen-chain` mined.
    pub last_block: u64,
}

impl World {
    /// Writes the file.
    pub fn save(&self, path: &Path) -> eyre::Result<()> {
        std::fs::write(path, serde_json::to_vec_pretty(self)?)
            .with_context(|| format!("writing {}", path.display()))
    }

    /// Reads the file.
    pub fn load(path: &Path) -> eyre::Result<Self> {
        let text = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_slice(&text).with_context(|| format!("parsing {}", path.display()))
    }
}

/// Insists every receipt succeeded and that there are `expected` of them.
pub fn check_receipts(
    blocks: &[(u64, Vec<TransactionReceipt>)],
    expected: usize,
    what: &str,
) -> eyre::Result<()> {
    let mut count = 0;
    for (b, receipts) in blocks {
        for r in receipts {
            count += 1;
            if !r.status() {
                bail!(
                    "{what}: transaction {} in block {b} reverted (from {}, to {:?}, gas used {})",
                    r.transaction_hash,
                    r.from,
                    r.to,
                    r.gas_used
                );
            }
        }
    }
    if count != expected {
        bail!("{what}: {count} transactions were mined, {expected} were sent");
    }
    Ok(())
}

/// Event names by topic0, from the committed ABIs of every contract.
pub fn event_names() -> HashMap<B256, String> {
    const ABIS: [&str; 7] = [
        include_str!("../../../bindings/abi/Profiles.json"),
        include_str!("../../../bindings/abi/Communities.json"),
        include_str!("../../../bindings/abi/CommunityPoints.json"),
        include_str!("../../../bindings/abi/Posts.json"),
        include_str!("../../../bindings/abi/TaskMarket.json"),
        include_str!("../../../bindings/abi/PointMall.json"),
        include_str!("../../../bindings/abi/PointExchange.json"),
    ];
    let mut names = HashMap::new();
    for text in ABIS {
        let artifact: serde_json::Value =
            serde_json::from_str(text).expect("committed ABI files are JSON");
        let abi: alloy::json_abi::JsonAbi =
            serde_json::from_value(artifact["abi"].clone()).expect("committed ABIs parse");
        for event in abi.events() {
            names.insert(event.selector(), event.name.clone());
        }
    }
    names
}

/// A small deterministic PRNG (splitmix64): the generated chain is the same every run.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Percentile (nearest rank) of sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
