//! Revert data decoded by name: the custom errors of every contract's ABI (the same
//! `bindings/abi/<Name>.json` the typed bindings come from), plus Solidity's
//! `Error(string)` and `Panic(uint256)`. The relayer uses it to tell a player why a
//! request would revert, with the name the web client translates.

use alloy::{
    dyn_abi::{DynSolValue, ErrorExt},
    json_abi::{Error, JsonAbi},
    primitives::{FixedBytes, hex},
    sol_types::{Panic, Revert, SolError},
};
use std::{collections::HashMap, sync::LazyLock};

/// The ABI files, by contract name (every error of the system is declared in one).
const ABIS: [(&str, &str); 8] = [
    ("Profiles", include_str!("../abi/Profiles.json")),
    ("Communities", include_str!("../abi/Communities.json")),
    (
        "CommunityPoints",
        include_str!("../abi/CommunityPoints.json"),
    ),
    ("Posts", include_str!("../abi/Posts.json")),
    ("TaskMarket", include_str!("../abi/TaskMarket.json")),
    ("PointMall", include_str!("../abi/PointMall.json")),
    ("PointExchange", include_str!("../abi/PointExchange.json")),
    ("Forwarder", include_str!("../abi/Forwarder.json")),
];

/// Every custom error by selector (errors shared by several contracts, such as
/// OpenZeppelin's, are the same declaration and appear once).
static ERRORS: LazyLock<HashMap<FixedBytes<4>, Error>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (name, text) in ABIS {
        let v: serde_json::Value = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("bindings/abi/{name}.json is not JSON: {e}"));
        let abi: JsonAbi = serde_json::from_value(v["abi"].clone())
            .unwrap_or_else(|e| panic!("bindings/abi/{name}.json has no valid ABI: {e}"));
        for e in abi.errors() {
            map.entry(e.selector()).or_insert_with(|| e.clone());
        }
    }
    map
});

/// A revert, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedRevert {
    /// The error's name (`PostsAlreadyLiked`, `Error` for a reason string, `Panic`).
    pub name: String,
    /// The error with its arguments, e.g. `PostsAlreadyLiked(postId: 3, account: 0x…)`.
    pub text: String,
}

fn show(v: &DynSolValue) -> String {
    match v {
        DynSolValue::Address(a) => a.to_checksum(None),
        DynSolValue::Bool(b) => b.to_string(),
        DynSolValue::Int(i, _) => i.to_string(),
        DynSolValue::Uint(u, _) => u.to_string(),
        DynSolValue::FixedBytes(w, size) => hex::encode_prefixed(&w[..*size]),
        DynSolValue::Bytes(b) => hex::encode_prefixed(b),
        DynSolValue::String(s) => format!("{s:?}"),
        DynSolValue::Array(items) | DynSolValue::FixedArray(items) | DynSolValue::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", inner.join(", "))
        }
        other => format!("{other:?}"),
    }
}

/// Decodes revert data: a custom error of the system's contracts, `Error(string)` or
/// `Panic(uint256)`. `None` for empty data or an unknown selector.
pub fn decode_revert(data: &[u8]) -> Option<DecodedRevert> {
    if data.len() < 4 {
        return None;
    }
    if let Ok(r) = Revert::abi_decode(data) {
        return Some(DecodedRevert {
            name: "Error".into(),
            text: r.reason,
        });
    }
    if let Ok(p) = Panic::abi_decode(data) {
        return Some(DecodedRevert {
            name: "Panic".into(),
            text: format!("Panic({:#x})", p.code),
        });
    }
    let selector = FixedBytes::<4>::from_slice(&data[..4]);
    let error = ERRORS.get(&selector)?;
    let text = match error.decode_error(data) {
        Ok(decoded) => {
            let args: Vec<String> = error
                .inputs
                .iter()
                .zip(&decoded.body)
                .map(|(param, value)| match param.name.as_str() {
                    "" => show(value),
                    n => format!("{n}: {}", show(value)),
                })
                .collect();
            format!("{}({})", error.name, args.join(", "))
        }
        Err(_) => error.name.clone(),
    };
    Some(DecodedRevert {
        name: error.name.clone(),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Posts;
    use alloy::primitives::{Address, U256};

    #[test]
    fn a_custom_error_is_named_with_its_arguments() {
        let liker = Address::repeat_byte(0xab);
        let data = Posts::PostsAlreadyLiked {
            postId: U256::from(7),
            account: liker,
        }
        .abi_encode();
        let d = decode_revert(&data).expect("a known error");
        assert_eq!(d.name, "PostsAlreadyLiked");
        assert_eq!(
            d.text,
            format!(
                "PostsAlreadyLiked(postId: 7, account: {})",
                liker.to_checksum(None)
            )
        );
    }

    #[test]
    fn reason_strings_and_panics_decode_and_unknown_data_does_not() {
        let data = Revert::from("no").abi_encode();
        assert_eq!(decode_revert(&data).unwrap().name, "Error");
        let data = Panic::from(0x11).abi_encode();
        assert_eq!(decode_revert(&data).unwrap().text, "Panic(0x11)");
        assert_eq!(decode_revert(&[0xde, 0xad, 0xbe, 0xef]), None);
        assert_eq!(decode_revert(&[]), None);
    }
}
