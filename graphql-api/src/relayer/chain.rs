//! The relayer's node connection: the only place the API talks to the chain, and only to
//! send sponsored requests (the read path never does). Simulations decode reverts by
//! name (`bindings::errors`).

use alloy::eips::eip2718::Encodable2718;
use alloy::{
    network::{Ethereum, EthereumWallet, Network, NetworkTransactionBuilder, TransactionBuilder},
    primitives::{Address, B256, Bytes, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::{TransactionReceipt, TransactionRequest},
    signers::local::PrivateKeySigner,
    sol_types::SolCall,
    transports::{RpcError, TransportErrorKind},
};
use bindings::{
    ERC2771Forwarder::ForwardRequestData,
    Forwarder,
    errors::{DecodedRevert, decode_revert},
};

/// A failure talking to the node (not a revert).
pub type RpcFailure = RpcError<TransportErrorKind>;

/// What a simulation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Simulated {
    /// It would succeed.
    Ok,
    /// It would revert; the decoded error when the data names one.
    Reverts(Option<DecodedRevert>),
}

/// A transaction signed by the sponsor, ready to broadcast.
#[derive(Debug, Clone)]
pub struct SignedTx {
    /// Its hash.
    pub hash: B256,
    /// The EIP-2718 encoding.
    pub raw: Bytes,
}

/// The sponsor's fees for one transaction (EIP-1559).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fees {
    /// `maxFeePerGas`.
    pub max_fee: u128,
    /// `maxPriorityFeePerGas`.
    pub priority_fee: u128,
}

impl Fees {
    /// At least 12.5 % more of both (what nodes ask of a replacement), and at least `floor`.
    pub fn bumped(self, floor: Fees) -> Fees {
        let up = |x: u128| x + x / 8 + 1;
        Fees {
            max_fee: up(self.max_fee).max(floor.max_fee),
            priority_fee: up(self.priority_fee).max(floor.priority_fee),
        }
    }
}

/// The node, the forwarder and the sponsor's key.
#[derive(Clone)]
pub struct Chain {
    provider: DynProvider,
    wallet: EthereumWallet,
    /// The sponsor's address.
    pub sponsor: Address,
    /// The forwarder.
    pub forwarder: Address,
    /// The chain id.
    pub chain_id: u64,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        f.debug_struct("Chain")
            .field("sponsor", &self.sponsor)
            .field("forwarder", &self.forwarder)
            .field("chain_id", &self.chain_id)
            .finish_non_exhaustive()
    }
}

fn revert_of(e: &RpcFailure) -> Option<Simulated> {
    let payload = e.as_error_resp()?;
    match payload.as_revert_data() {
        Some(data) => Some(Simulated::Reverts(decode_revert(&data))),
        // A node that reports "execution reverted" without data.
        None if payload.message.contains("revert") => Some(Simulated::Reverts(None)),
        None => None,
    }
}

impl Chain {
    /// Connects to `rpc_url` with the sponsor key.
    pub fn new(
        rpc_url: &str,
        key: PrivateKeySigner,
        forwarder: Address,
        chain_id: u64,
    ) -> eyre::Result<Self> {
        let url = rpc_url
            .parse()
            .map_err(|e| eyre::eyre!("RELAYER_RPC_URL {rpc_url:?}: {e}"))?;
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .connect_http(url)
            .erased();
        Ok(Self {
            provider,
            sponsor: key.address(),
            wallet: EthereumWallet::from(key),
            forwarder,
            chain_id,
        })
    }

    /// Runs the request's inner call as the forwarder would make it (the target sees
    /// `from` appended), which is where a revert's reason lives (`execute` itself
    /// only reports `FailedCall`).
    pub async fn simulate_inner(&self, req: &ForwardRequestData) -> Result<Simulated, RpcFailure> {
        let mut input = req.data.to_vec();
        input.extend_from_slice(req.from.as_slice());
        let tx = TransactionRequest::default()
            .with_from(self.forwarder)
            .with_to(req.to)
            .with_input(input)
            .with_gas_limit(req.gas.saturating_to::<u64>());
        match self.provider.call(tx).await {
            Ok(_) => Ok(Simulated::Ok),
            Err(e) => revert_of(&e).ok_or(e),
        }
    }

    /// Whether the forwarder would accept the request now (signature, nonce, deadline,
    /// trusted target).
    pub async fn verify(&self, req: &ForwardRequestData) -> Result<bool, RpcFailure> {
        let call = Forwarder::verifyCall {
            request: req.clone(),
        };
        let tx = TransactionRequest::default()
            .with_to(self.forwarder)
            .with_input(call.abi_encode());
        let out = self.provider.call(tx).await?;
        Ok(Forwarder::verifyCall::abi_decode_returns(&out).unwrap_or(false))
    }

    /// The forwarder's next nonce for `from`.
    pub async fn forwarder_nonce(&self, from: Address) -> Result<u64, RpcFailure> {
        let tx = TransactionRequest::default()
            .with_to(self.forwarder)
            .with_input(Forwarder::noncesCall { owner: from }.abi_encode());
        let out = self.provider.call(tx).await?;
        let n = Forwarder::noncesCall::abi_decode_returns(&out)
            .map_err(|e| RpcError::local_usage_str(&format!("nonces(): {e}")))?;
        Ok(n.saturating_to())
    }

    /// Gas `execute(req)` needs from the sponsor, or the revert it would hit.
    pub async fn estimate_execute(
        &self,
        req: &ForwardRequestData,
    ) -> Result<Result<u64, Simulated>, RpcFailure> {
        let tx = self.execute_tx(req);
        match self.provider.estimate_gas(tx).await {
            Ok(g) => Ok(Ok(g)),
            Err(e) => match revert_of(&e) {
                Some(s) => Ok(Err(s)),
                None => Err(e),
            },
        }
    }

    fn execute_tx(&self, req: &ForwardRequestData) -> TransactionRequest {
        TransactionRequest::default()
            .with_from(self.sponsor)
            .with_to(self.forwarder)
            .with_input(
                Forwarder::executeCall {
                    request: req.clone(),
                }
                .abi_encode(),
            )
    }

    /// Signs `execute(req)` with the sponsor key at `nonce`.
    pub async fn sign_execute(
        &self,
        req: &ForwardRequestData,
        nonce: u64,
        gas_limit: u64,
        fees: Fees,
    ) -> eyre::Result<SignedTx> {
        let tx = self
            .execute_tx(req)
            .with_nonce(nonce)
            .with_chain_id(self.chain_id)
            .with_gas_limit(gas_limit)
            .with_max_fee_per_gas(fees.max_fee)
            .with_max_priority_fee_per_gas(fees.priority_fee);
        let envelope: <Ethereum as Network>::TxEnvelope = tx
            .build(&self.wallet)
            .await
            .map_err(|e| eyre::eyre!("signing the sponsored transaction: {e}"))?;
        Ok(SignedTx {
            hash: *envelope.tx_hash(),
            raw: envelope.encoded_2718().into(),
        })
    }

    /// Broadcasts a signed transaction. "Already known" is success (a re-send after a
    /// restart); other refusals are returned.
    pub async fn broadcast(&self, raw: &[u8]) -> Result<(), RpcFailure> {
        match self.provider.send_raw_transaction(raw).await {
            Ok(_) => Ok(()),
            Err(e) => {
                let known = e.as_error_resp().is_some_and(|p| {
                    let m = p.message.to_ascii_lowercase();
                    m.contains("already known") || m.contains("already imported")
                });
                if known { Ok(()) } else { Err(e) }
            }
        }
    }

    /// The receipt of `hash`, once mined.
    pub async fn receipt(&self, hash: B256) -> Result<Option<TransactionReceipt>, RpcFailure> {
        self.provider.get_transaction_receipt(hash).await
    }

    /// The sponsor's nonce counting pending transactions.
    pub async fn sponsor_pending_nonce(&self) -> Result<u64, RpcFailure> {
        self.provider
            .get_transaction_count(self.sponsor)
            .pending()
            .await
    }

    /// The sponsor's nonce counting mined transactions only.
    pub async fn sponsor_mined_nonce(&self) -> Result<u64, RpcFailure> {
        self.provider
            .get_transaction_count(self.sponsor)
            .latest()
            .await
    }

    /// The latest block's timestamp: the chain's clock, which a request's deadline is
    /// measured against (a test chain may run ahead of the wall clock).
    pub async fn timestamp(&self) -> Result<u64, RpcFailure> {
        let block = self
            .provider
            .get_block_by_number(alloy::eips::BlockNumberOrTag::Latest)
            .await?
            .ok_or_else(|| RpcError::local_usage_str("the node has no latest block"))?;
        Ok(block.header.timestamp)
    }

    /// The sponsor's balance in wei.
    pub async fn sponsor_balance(&self) -> Result<U256, RpcFailure> {
        self.provider.get_balance(self.sponsor).await
    }

    /// Fees for a transaction now.
    pub async fn fees(&self) -> Result<Fees, RpcFailure> {
        let est = self.provider.estimate_eip1559_fees().await?;
        Ok(Fees {
            max_fee: est.max_fee_per_gas,
            priority_fee: est.max_priority_fee_per_gas,
        })
    }
}
