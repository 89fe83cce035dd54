//! Sign-In with Ethereum for tests and tools: the EIP-4361 message a wallet signs.

use alloy::{
    primitives::Address,
    signers::{SignerSync as _, local::PrivateKeySigner},
};

/// Unix seconds as RFC 3339 UTC (`2024-01-02T03:04:05Z`).
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
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
