//! Sign-In with Ethereum for tests and tools: the EIP-4361 message a wallet signs.

use alloy::{
    primitives::Address,
    signers::{SignerSync as _, local::PrivateKeySigner},
};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

/// Unix seconds as RFC 3339 UTC (`2024-01-02T03:04:05Z`).
pub fn rfc3339(secs: u64) -> String {
    i64::try_from(secs)
        .ok()
        .and_then(|secs| OffsetDateTime::from_unix_timestamp(secs).ok())
        .and_then(|t| t.format(&Rfc3339).ok())
        .expect("a unix time that RFC 3339 can write (years 0000 to 9999)")
}

/// An EIP-4361 message for `address` on `domain` (served over http), issued now.
pub fn message(
    domain: &str,
    address: Address,
    chain_id: u64,
    nonce: &str,
    statement: &str,
) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    format!(
        "{domain} wants you to sign in with your Ethereum account:\n{}\n\n{statement}\n\nURI: http://{domain}\nVersion: 1\nChain ID: {chain_id}\nNonce: {nonce}\nIssued At: {}",
        address.to_checksum(None),
        rfc3339(now)
    )
}

/// `personal_sign` of `message` by `who`, 0x hex.
pub fn sign(who: &PrivateKeySigner, message: &str) -> eyre::Result<String> {
    let sig = who.sign_message_sync(message.as_bytes())?;
    Ok(format!("0x{}", alloy::hex::encode(sig.as_bytes())))
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_of_known_instants() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(super::rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }
}
