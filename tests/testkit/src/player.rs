//! Players: a named anvil account with its own wallet provider, and helpers to send
//! contract calls as one.

use alloy::{
    contract::{CallBuilder, CallDecoder},
    network::EthereumWallet,
    primitives::{Address, B256, TxHash, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::TransactionReceipt,
    signers::{SignerSync, local::PrivateKeySigner},
    sol,
    sol_types::{SolStruct, eip712_domain},
};
use bindings::{
    Communities, CommunityPoints, Contracts, PointExchange, PointMall, Posts, Profiles, TaskMarket,
};
use eyre::{WrapErr, eyre};
use std::time::{Duration, Instant};

sol! {
    /// The ERC-2612 permit message.
    struct Permit {
        address owner;
        address spender;
        uint256 value;
        uint256 nonce;
        uint256 deadline;
    }
}

/// A named account that acts through its own wallet.
#[derive(Clone)]
pub struct Player {
    /// The player's name (the username [`crate::play_season`] registers, for the
    /// players it registers).
    pub name: String,
    /// The account's address.
    pub address: Address,
    /// The account's key.
    pub signer: PrivateKeySigner,
    /// A provider whose wallet signs as this account (simple nonce management, so it
    /// survives snapshots and reorgs).
    pub provider: DynProvider,
}

impl std::fmt::Debug for Player {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Player")
            .field("name", &self.name)
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

/// An ERC-2612 permit signature, split as the contracts take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PermitSignature {
    /// Recovery id, 27 or 28.
    pub v: u8,
    /// The signature's `r`.
    pub r: B256,
    /// The signature's `s`.
    pub s: B256,
}

impl Player {
    /// A player for `signer` on the node at `url` (chain `chain_id`).
    pub fn new(
        name: impl Into<String>,
        signer: PrivateKeySigner,
        url: alloy::transports::http::reqwest::Url,
        chain_id: u64,
    ) -> Self {
        let address = signer.address();
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .with_gas_estimation()
            .with_simple_nonce_management()
            .with_chain_id(chain_id)
            .wallet(EthereumWallet::from(signer.clone()))
            .connect_http(url)
            .erased();
        Self {
            name: name.into(),
            address,
            signer,
            provider,
        }
    }

    /// `Profiles`, as this player.
    pub fn profiles(&self, c: &Contracts) -> Profiles::ProfilesInstance<DynProvider> {
        Profiles::new(c.Profiles, self.provider.clone())
    }

    /// `Communities`, as this player.
    pub fn communities(&self, c: &Contracts) -> Communities::CommunitiesInstance<DynProvider> {
        Communities::new(c.Communities, self.provider.clone())
    }

    /// `Posts`, as this player.
    pub fn posts(&self, c: &Contracts) -> Posts::PostsInstance<DynProvider> {
        Posts::new(c.Posts, self.provider.clone())
    }

    /// `TaskMarket`, as this player.
    pub fn market(&self, c: &Contracts) -> TaskMarket::TaskMarketInstance<DynProvider> {
        TaskMarket::new(c.TaskMarket, self.provider.clone())
    }

    /// `PointMall`, as this player.
    pub fn mall(&self, c: &Contracts) -> PointMall::PointMallInstance<DynProvider> {
        PointMall::new(c.PointMall, self.provider.clone())
    }

    /// `PointExchange`, as this player.
    pub fn exchange(&self, c: &Contracts) -> PointExchange::PointExchangeInstance<DynProvider> {
        PointExchange::new(c.PointExchange, self.provider.clone())
    }

    /// A community's point token, as this player.
    pub fn points(&self, token: Address) -> CommunityPoints::CommunityPointsInstance<DynProvider> {
        CommunityPoints::new(token, self.provider.clone())
    }

    /// Signs an ERC-2612 permit letting `spender` spend `value` of this player's `token`
    /// (a `CommunityPoints`) until `deadline`. Reads the token's name, the player's
    /// permit nonce and the chain id from the node. EIP-712 domain: the token's name,
    /// version "1", the chain id, the token's address.
    pub async fn sign_permit(
        &self,
        token: Address,
        spender: Address,
        value: U256,
        deadline: U256,
    ) -> eyre::Result<PermitSignature> {
        let points = self.points(token);
        let name = points
            .name()
            .call()
            .await
            .wrap_err("reading the token's name")?;
        let nonce = points
            .nonces(self.address)
            .call()
            .await
            .wrap_err("reading the permit nonce")?;
        let chain_id = self.provider.get_chain_id().await?;
        let domain = eip712_domain! {
            name: name,
            version: "1",
            chain_id: chain_id,
            verifying_contract: token,
        };
        let permit = Permit {
            owner: self.address,
            spender,
            value,
            nonce,
            deadline,
        };
        let hash = permit.eip712_signing_hash(&domain);
        let signature = self.signer.sign_hash_sync(&hash)?;
        Ok(PermitSignature {
            v: 27 + u8::from(signature.v()),
            r: signature.r().into(),
            s: signature.s().into(),
        })
    }
}

/// Sends a contract call, waits for its receipt and insists it succeeded. Reverts are
/// reported with the contract's custom error decoded (see [`describe_error`]).
///
/// Unless the call sets its gas, the estimate gets a quarter on top: an estimate is
/// taken in the head's context, and a call that rewrites a timestamp the head already
/// stored (`rejectWork`, `openDispute` right after a `submitWork` in the same second)
/// costs more once mined in the next block's second than it did when estimated.
pub async fn send<P: Provider, D: CallDecoder>(
    mut call: CallBuilder<P, D>,
) -> eyre::Result<TransactionReceipt> {
    if call.as_ref().gas.is_none() {
        // In the pending block's context, as a wallet estimates (after a time jump, the
        // head's context is behind the clock).
        call = call.block(alloy::eips::BlockId::pending());
        let estimate = call
            .estimate_gas()
            .await
            .map_err(|err| eyre!("sending: {}", describe_error(&err)))?;
        call = call.gas(estimate + estimate / 4);
    }
    let pending = call
        .send()
        .await
        .map_err(|err| eyre!("sending: {}", describe_error(&err)))?;
    let hash = *pending.tx_hash();
    let receipt = wait_for_receipt(pending.provider(), hash).await?;
    if !receipt.status() {
        return Err(eyre!("transaction {hash} reverted"));
    }
    Ok(receipt)
}

/// Polls the node for `hash`'s receipt (every few milliseconds, for up to two minutes).
pub async fn wait_for_receipt<P: Provider>(
    provider: &P,
    hash: TxHash,
) -> eyre::Result<TransactionReceipt> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(receipt) = provider
            .get_transaction_receipt(hash)
            .await
            .wrap_err_with(|| format!("asking for the receipt of {hash}"))?
        {
            return Ok(receipt);
        }
        if started.elapsed() > Duration::from_secs(120) {
            return Err(eyre!("no receipt for {hash} after two minutes"));
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// Describes a failed call, decoding the custom error of whichever project contract
/// raised it (e.g. `TaskMarketWrongStatus(TaskMarketWrongStatus { id: 1, status: 4 })`).
pub fn describe_error(err: &alloy::contract::Error) -> String {
    macro_rules! try_decode {
        ($($errors:ty),*) => {
            $(
                if let Some(decoded) = err.as_decoded_interface_error::<$errors>() {
                    return format!("reverted with {decoded:?}");
                }
            )*
        };
    }
    try_decode!(
        Profiles::ProfilesErrors,
        Communities::CommunitiesErrors,
        CommunityPoints::CommunityPointsErrors,
        Posts::PostsErrors,
        TaskMarket::TaskMarketErrors,
        PointMall::PointMallErrors,
        PointExchange::PointExchangeErrors
    );
    err.to_string()
}
