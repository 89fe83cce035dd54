//! A player's signed forward request: parsed, checked against the policy and the
//! signature, before anything is stored. The EIP-712 type is OpenZeppelin's
//! `ERC2771Forwarder` request (the nonce is the forwarder's for `from`).

use super::policy::{self, Sponsored};
use alloy::{
    primitives::{Address, B256, Bytes, Signature, U256, aliases::U48},
    sol,
    sol_types::{Eip712Domain, SolStruct, eip712_domain},
};
use bindings::ERC2771Forwarder::ForwardRequestData;
use std::collections::HashMap;

sol! {
    #[derive(Debug)]
    /// The typed data a player signs (OpenZeppelin `ERC2771Forwarder`'s `_FORWARD_REQUEST_TYPEHASH`).
    struct ForwardRequest {
        address from;
        address to;
        uint256 value;
        uint256 gas;
        uint256 nonce;
        uint48 deadline;
        bytes data;
    }
}

/// The largest calldata relayed (a post's title and hashes fit many times over).
pub const MAX_DATA_BYTES: usize = 8 * 1024;

/// Why a request is refused before it is stored. `reason()` is the GraphQL
/// `extensions.reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A field is not what it must be.
    #[error("{0}")]
    Malformed(String),
    /// The call is not one the sponsor pays for.
    #[error("{0}")]
    NotSponsored(String),
    /// The signature is not `from`'s over this request.
    #[error("{0}")]
    Signature(String),
    /// The deadline has passed or is too far ahead.
    #[error("{0}")]
    Expired(String),
    /// The nonce is not the next one for `from`.
    #[error("{0}")]
    Nonce(String),
}

impl Refusal {
    /// The `extensions.reason` of the refusal.
    pub fn reason(&self) -> &'static str {
        match self {
            Refusal::Malformed(_) => "MALFORMED",
            Refusal::NotSponsored(_) => "NOT_SPONSORED",
            Refusal::Signature(_) => "SIGNATURE",
            Refusal::Expired(_) => "EXPIRED",
            Refusal::Nonce(_) => "NONCE",
        }
    }
}

/// A signed ERC-2771 forward request as a client sends it: decimal numbers and 0x-hex
/// strings. The player signs the EIP-712 type `ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256
/// nonce,uint48 deadline,bytes data)` in the domain `Sponsorship.forwarder` names.
#[derive(Debug, Clone, Default, async_graphql::InputObject)]
#[graphql(name = "ForwardRequestInput")]
pub struct RawRequest {
    /// The player's address (the signer).
    pub from: String,
    /// The contract called.
    pub to: String,
    /// Wei sent along, decimal: must be "0".
    pub value: String,
    /// Gas for the inner call, decimal.
    pub gas: String,
    /// The forwarder's nonce for `from`, decimal (`Sponsorship.nextNonce`).
    pub nonce: String,
    /// Unix seconds, decimal: in the future and at most a day ahead (chain time).
    pub deadline: String,
    /// The call's 0x calldata.
    pub data: String,
}

/// A request that passed every check that needs no chain.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The typed request.
    pub request: ForwardRequest,
    /// The signature (65 bytes).
    pub signature: Bytes,
    /// The EIP-712 digest (the request's identity).
    pub digest: B256,
    /// The sponsored function.
    pub call: &'static Sponsored,
}

impl Checked {
    /// The forwarder's calldata argument.
    pub fn data(&self) -> ForwardRequestData {
        ForwardRequestData {
            from: self.request.from,
            to: self.request.to,
            value: self.request.value,
            gas: self.request.gas,
            deadline: self.request.deadline,
            data: self.request.data.clone(),
            signature: self.signature.clone(),
        }
    }

    /// `Contract.function`.
    pub fn call_name(&self) -> String {
        format!("{}.{}", self.call.contract, self.call.function)
    }
}

/// What checking needs: the forwarder's domain, the contracts by address, the limits.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The EIP-712 domain of the forwarder.
    pub domain: Eip712Domain,
    /// Deployed contracts by address.
    pub contracts: HashMap<Address, &'static str>,
    /// The largest `gas` a request may ask for.
    pub max_gas: u64,
    /// How far ahead a deadline may be, in seconds.
    pub max_deadline_secs: u64,
}

impl Rules {
    /// Rules for the forwarder at `forwarder` on `chain_id`.
    pub fn new(
        chain_id: u64,
        forwarder: Address,
        contracts: HashMap<Address, &'static str>,
    ) -> Self {
        Self {
            domain: eip712_domain! {
                name: "Forwarder",
                version: "1",
                chain_id: chain_id,
                verifying_contract: forwarder,
            },
            contracts,
            max_gas: 1_500_000,
            max_deadline_secs: 24 * 3600,
        }
    }
}

fn address(field: &str, s: &str) -> Result<Address, Refusal> {
    s.trim()
        .parse()
        .map_err(|_| Refusal::Malformed(format!("`{field}` is not an address")))
}

fn number(field: &str, s: &str) -> Result<U256, Refusal> {
    let s = s.trim();
    if s.is_empty() || s.len() > 78 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::Malformed(format!(
            "`{field}` must be a decimal number"
        )));
    }
    U256::from_str_radix(s, 10)
        .map_err(|_| Refusal::Malformed(format!("`{field}` is out of range")))
}

fn hex_bytes(field: &str, s: &str, max: usize) -> Result<Bytes, Refusal> {
    let s = s.trim();
    if s.len() > 2 + 2 * max {
        return Err(Refusal::Malformed(format!(
            "`{field}` is longer than {max} bytes"
        )));
    }
    s.parse::<Bytes>()
        .map_err(|_| Refusal::Malformed(format!("`{field}` is not 0x-prefixed hex")))
}

/// Checks everything that needs no chain: the fields, the policy (a deployed
/// contract's sponsored function, no value), the gas cap, the deadline (`now` in unix
/// seconds, the chain's clock) and that `from` signed it. Chain-dependent checks (nonce,
/// simulation) follow.
pub fn check(
    rules: &Rules,
    raw: &RawRequest,
    signature: &str,
    now: u64,
) -> Result<Checked, Refusal> {
    let from = address("from", &raw.from)?;
    let to = address("to", &raw.to)?;
    let value = number("value", &raw.value)?;
    let gas = number("gas", &raw.gas)?;
    let nonce = number("nonce", &raw.nonce)?;
    let deadline = number("deadline", &raw.deadline)?;
    let data = hex_bytes("data", &raw.data, MAX_DATA_BYTES)?;
    let signature = hex_bytes("signature", signature, 65)?;

    let Some(&contract) = rules.contracts.get(&to) else {
        return Err(Refusal::NotSponsored(format!(
            "{to} is not one of this deployment's contracts"
        )));
    };
    if data.len() < 4 {
        return Err(Refusal::Malformed("`data` has no function selector".into()));
    }
    let Some(call) = policy::find(contract, &data[..4]) else {
        return Err(Refusal::NotSponsored(format!(
            "{contract} function {} is not sponsored: send it from your wallet",
            alloy::hex::encode_prefixed(&data[..4])
        )));
    };
    if !value.is_zero() {
        return Err(Refusal::NotSponsored(
            "sponsored calls carry no value: send it from your wallet".into(),
        ));
    }
    if gas.is_zero() || gas > U256::from(rules.max_gas) {
        return Err(Refusal::Malformed(format!(
            "`gas` must be between 1 and {}",
            rules.max_gas
        )));
    }
    if nonce > U256::from(u64::MAX) {
        return Err(Refusal::Nonce("`nonce` is out of range".into()));
    }
    if deadline <= U256::from(now) {
        return Err(Refusal::Expired(
            "the request's deadline has passed: sign it again".into(),
        ));
    }
    if deadline > U256::from(now + rules.max_deadline_secs) {
        return Err(Refusal::Expired(format!(
            "the deadline may be at most {} s ahead",
            rules.max_deadline_secs
        )));
    }
    let request = ForwardRequest {
        from,
        to,
        value,
        gas,
        nonce,
        deadline: U48::from(deadline.to::<u64>()),
        data,
    };
    let digest = request.eip712_signing_hash(&rules.domain);
    let sig = Signature::try_from(signature.as_ref())
        .map_err(|_| Refusal::Signature("the signature is not 65 bytes r‖s‖v".into()))?;
    if sig.normalize_s().is_some() {
        return Err(Refusal::Signature(
            "the signature's s value is in the upper half of the curve order (EIP-2)".into(),
        ));
    }
    let signer = sig
        .recover_address_from_prehash(&digest)
        .map_err(|_| Refusal::Signature("the signature does not recover".into()))?;
    if signer != from {
        return Err(Refusal::Signature(format!(
            "signed by {signer}, not by `from` ({from})"
        )));
    }
    Ok(Checked {
        request,
        signature,
        digest,
        call,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::{
        signers::{SignerSync, local::PrivateKeySigner},
        sol_types::SolCall,
    };
    use bindings::{Posts, TaskMarket};

    const NOW: u64 = 1_800_000_000;

    fn rules() -> (Rules, Address, Address) {
        let posts = Address::repeat_byte(0x11);
        let market = Address::repeat_byte(0x22);
        let contracts = HashMap::from([(posts, "Posts"), (market, "TaskMarket")]);
        (
            Rules::new(31337, Address::repeat_byte(0xf0), contracts),
            posts,
            market,
        )
    }

    fn signed(
        rules: &Rules,
        key: &PrivateKeySigner,
        to: Address,
        data: Vec<u8>,
    ) -> (RawRequest, String) {
        let req = ForwardRequest {
            from: key.address(),
            to,
            value: U256::ZERO,
            gas: U256::from(200_000),
            nonce: U256::ZERO,
            deadline: U48::from(NOW + 600),
            data: data.into(),
        };
        let sig = key
            .sign_hash_sync(&req.eip712_signing_hash(&rules.domain))
            .unwrap();
        let raw = RawRequest {
            from: req.from.to_string(),
            to: req.to.to_string(),
            value: "0".into(),
            gas: "200000".into(),
            nonce: "0".into(),
            deadline: (NOW + 600).to_string(),
            data: req.data.to_string(),
        };
        (raw, alloy::hex::encode_prefixed(sig.as_bytes()))
    }

    fn like() -> Vec<u8> {
        Posts::likeCall {
            postId: U256::from(1),
        }
        .abi_encode()
    }

    #[test]
    fn a_players_signed_like_passes() {
        let (rules, posts, _) = rules();
        let key = PrivateKeySigner::random();
        let (raw, sig) = signed(&rules, &key, posts, like());
        let ok = check(&rules, &raw, &sig, NOW).expect("valid");
        assert_eq!(ok.call_name(), "Posts.like");
        assert_eq!(ok.data().from, key.address());
    }

    #[test]
    fn a_signature_by_someone_else_is_refused() {
        let (rules, posts, _) = rules();
        let key = PrivateKeySigner::random();
        let thief = PrivateKeySigner::random();
        let (mut raw, sig) = signed(&rules, &thief, posts, like());
        raw.from = key.address().to_string();
        let e = check(&rules, &raw, &sig, NOW).unwrap_err();
        assert_eq!(e.reason(), "SIGNATURE");
        // A changed field breaks the signature too.
        let (mut raw, sig) = signed(&rules, &key, posts, like());
        raw.gas = "300000".into();
        assert_eq!(
            check(&rules, &raw, &sig, NOW).unwrap_err().reason(),
            "SIGNATURE"
        );
    }

    #[test]
    fn value_bearing_or_unknown_calls_are_not_sponsored() {
        let (rules, posts, market) = rules();
        let key = PrivateKeySigner::random();
        let publish = TaskMarket::cancelTaskCall { id: U256::from(1) }.abi_encode();
        let (raw, sig) = signed(&rules, &key, market, publish);
        assert_eq!(
            check(&rules, &raw, &sig, NOW).unwrap_err().reason(),
            "NOT_SPONSORED"
        );
        let (raw, sig) = signed(&rules, &key, Address::repeat_byte(0x99), like());
        assert_eq!(
            check(&rules, &raw, &sig, NOW).unwrap_err().reason(),
            "NOT_SPONSORED"
        );
        let (mut raw, sig) = signed(&rules, &key, posts, like());
        raw.value = "1".into();
        assert_eq!(
            check(&rules, &raw, &sig, NOW).unwrap_err().reason(),
            "NOT_SPONSORED"
        );
    }

    #[test]
    fn deadlines_gas_and_sizes_are_bounded() {
        let (rules, posts, _) = rules();
        let key = PrivateKeySigner::random();
        let (raw, sig) = signed(&rules, &key, posts, like());
        assert_eq!(
            check(&rules, &raw, &sig, NOW + 600).unwrap_err().reason(),
            "EXPIRED"
        );
        assert_eq!(
            check(&rules, &raw, &sig, NOW - 2 * 24 * 3600)
                .unwrap_err()
                .reason(),
            "EXPIRED"
        );
        let mut big = raw.clone();
        big.gas = "99999999".into();
        assert_eq!(
            check(&rules, &big, &sig, NOW).unwrap_err().reason(),
            "MALFORMED"
        );
        let mut long = raw.clone();
        long.data = format!("0x{}", "ab".repeat(MAX_DATA_BYTES + 1));
        assert_eq!(
            check(&rules, &long, &sig, NOW).unwrap_err().reason(),
            "MALFORMED"
        );
        let mut junk = raw.clone();
        junk.nonce = "-1".into();
        assert_eq!(
            check(&rules, &junk, &sig, NOW).unwrap_err().reason(),
            "MALFORMED"
        );
        assert_eq!(
            check(&rules, &raw, "0x1234", NOW).unwrap_err().reason(),
            "SIGNATURE"
        );
    }
}
