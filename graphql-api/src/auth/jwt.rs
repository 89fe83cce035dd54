//! Session tokens: HS256 JSON Web Tokens. The current secret signs; it and any previous
//! secrets verify, so a secret can be rotated without signing everyone out (each token
//! names its key with `kid`).

use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
    errors::ErrorKind,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What a session token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The wallet address (lowercase hex).
    pub sub: String,
    /// The session's id (revocable in the `session` table).
    pub sid: String,
    /// Issued at (unix seconds).
    pub iat: u64,
    /// Expires at (unix seconds).
    pub exp: u64,
    /// The issuer.
    pub iss: String,
}

/// The issuer every token names.
pub const ISSUER: &str = "game-community-api";

/// Why a token was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JwtError {
    /// Not three base64url parts of JSON.
    #[error("the token is malformed")]
    Malformed,
    /// Signed by a key this server does not hold, or not HS256.
    #[error("the token was not issued by this server")]
    UnknownKey,
    /// The signature does not match.
    #[error("the token's signature is invalid")]
    BadSignature,
    /// Past `exp`.
    #[error("the session has expired; sign in again")]
    Expired,
}

/// One secret: its `kid` and both halves of the HS256 key.
#[derive(Clone)]
struct Key {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

/// Signing and verifying keys.
#[derive(Clone)]
pub struct Keys {
    keys: Vec<Key>,
    validation: Validation,
    /// Derived from the current secret: makes the stable salts of unknown logins.
    salt_key: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field(
                "kids",
                &self.keys.iter().map(|k| &k.kid).collect::<Vec<_>>(),
            )
            .finish()
    }
}

fn kid(secret: &[u8]) -> String {
    hex::encode(&Sha256::digest(secret)[..6])
}

/// HS256 only, the issuer checked by the library; `exp` is checked by [`Keys::verify`]
/// against the caller's clock (the library reads the system clock, and counts a token
/// valid at its `exp` second, where ours has expired).
fn validation() -> Validation {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_issuer(&[ISSUER]);
    v.set_required_spec_claims::<&str>(&[]);
    v.validate_exp = false;
    v.validate_aud = false;
    v.leeway = 0;
    v
}

impl Keys {
    /// `current` signs; `current` and `previous` verify. Secrets shorter than 32 bytes
    /// are refused.
    pub fn new(current: &str, previous: &[String]) -> Result<Self, String> {
        let mut keys = Vec::new();
        for s in std::iter::once(current).chain(previous.iter().map(String::as_str)) {
            if s.len() < 32 {
                return Err("a JWT secret must be at least 32 bytes".into());
            }
            keys.push(Key {
                kid: kid(s.as_bytes()),
                encoding: EncodingKey::from_secret(s.as_bytes()),
                decoding: DecodingKey::from_secret(s.as_bytes()),
            });
        }
        let salt_key = Sha256::new()
            .chain_update(b"password-salt-of-unknown-login\0")
            .chain_update(current.as_bytes())
            .finalize()
            .into();
        Ok(Self {
            keys,
            validation: validation(),
            salt_key,
        })
    }

    /// A random key (for when no secret is configured: sessions end with the process).
    pub fn random() -> Self {
        use rand::RngCore as _;
        let mut b = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut b);
        let s = hex::encode(b);
        Self::new(&s, &[]).expect("64 hex characters")
    }

    /// A salt for a login no account has: stable for this secret and login, so asking
    /// twice does not tell that nobody owns it (0x + 64 hex).
    pub fn fake_salt(&self, login: &str) -> String {
        let d = Sha256::new()
            .chain_update(self.salt_key)
            .chain_update(login.as_bytes())
            .finalize();
        format!("0x{}", hex::encode(d))
    }

    /// Signs `claims` with the current key.
    pub fn sign(&self, claims: &Claims) -> String {
        let key = &self.keys[0];
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(key.kid.clone());
        encode(&header, claims, &key.encoding).expect("HS256 signs any claims")
    }

    /// Checks `token`'s key, signature, issuer and expiry at `now`.
    pub fn verify(&self, token: &str, now: u64) -> Result<Claims, JwtError> {
        if token.split('.').count() != 3 {
            return Err(JwtError::Malformed);
        }
        let header = decode_header(token).map_err(|e| match e.kind() {
            // A header the library cannot read because it names an algorithm it does not
            // know (such as `none`): not ours, as before.
            ErrorKind::Json(_) if names_other_algorithm(token) => JwtError::UnknownKey,
            _ => JwtError::Malformed,
        })?;
        if header.alg != Algorithm::HS256 {
            return Err(JwtError::UnknownKey);
        }
        let key = self
            .keys
            .iter()
            .find(|k| header.kid.as_deref() == Some(k.kid.as_str()))
            .ok_or(JwtError::UnknownKey)?;
        let claims = decode::<Claims>(token, &key.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::InvalidSignature => JwtError::BadSignature,
                ErrorKind::InvalidIssuer | ErrorKind::InvalidAlgorithm => JwtError::UnknownKey,
                _ => JwtError::Malformed,
            })?
            .claims;
        if now >= claims.exp {
            return Err(JwtError::Expired);
        }
        Ok(claims)
    }
}

/// Whether the token's header is JSON whose `alg` is a string other than `HS256`.
fn names_other_algorithm(token: &str) -> bool {
    use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
    let header = token.split('.').next().unwrap_or_default();
    URL_SAFE_NO_PAD
        .decode(header)
        .ok()
        .and_then(|json| serde_json::from_slice::<serde_json::Value>(&json).ok())
        .and_then(|h| h.get("alg")?.as_str().map(|alg| alg != "HS256"))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};

    fn claims(exp: u64) -> Claims {
        Claims {
            sub: "0x5fbdb2315678afecb367f032d93f642f64180aa3".into(),
            sid: "abc".into(),
            iat: 100,
            exp,
            iss: ISSUER.into(),
        }
    }

    const A: &str = "a-secret-that-is-long-enough-000000000";
    const B: &str = "b-secret-that-is-long-enough-111111111";

    #[test]
    fn signs_and_verifies() {
        let k = Keys::new(A, &[]).unwrap();
        let t = k.sign(&claims(200));
        assert_eq!(k.verify(&t, 150).unwrap(), claims(200));
        assert_eq!(k.verify(&t, 200), Err(JwtError::Expired));
    }

    #[test]
    fn rotation_keeps_old_tokens_valid_and_refuses_unknown_keys() {
        let old = Keys::new(A, &[]).unwrap();
        let t = old.sign(&claims(200));
        let rotated = Keys::new(B, &[A.to_owned()]).unwrap();
        assert!(rotated.verify(&t, 150).is_ok());
        let dropped = Keys::new(B, &[]).unwrap();
        assert_eq!(dropped.verify(&t, 150), Err(JwtError::UnknownKey));
    }

    #[test]
    fn tampering_is_detected() {
        let k = Keys::new(A, &[]).unwrap();
        let t = k.sign(&claims(200));
        let mut parts: Vec<&str> = t.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(
            serde_json::to_vec(&Claims {
                sub: "0x0000000000000000000000000000000000000001".into(),
                ..claims(200)
            })
            .unwrap(),
        );
        parts[1] = &forged;
        assert_eq!(k.verify(&parts.join("."), 150), Err(JwtError::BadSignature));
        assert_eq!(k.verify("a.b", 150), Err(JwtError::Malformed));
        assert_eq!(k.verify("!!.!!.!!", 150), Err(JwtError::Malformed));
        assert!(Keys::new("short", &[]).is_err());
    }

    /// A token signed with `A` by the hand-written HS256 signer this module had before
    /// `jsonwebtoken` (header `{"alg":"HS256","typ":"JWT","kid":…}`): sessions opened
    /// before the change stay valid.
    const EARLIER_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjQyNDBkMTZlMGE2MSJ9.eyJzdWIiOiIweDVmYmRiMjMxNTY3OGFmZWNiMzY3ZjAzMmQ5M2Y2NDJmNjQxODBhYTMiLCJzaWQiOiJhYmMiLCJpYXQiOjEwMCwiZXhwIjoyMDAsImlzcyI6ImdhbWUtY29tbXVuaXR5LWFwaSJ9.PKfmbP6nJnXQcYe8HMVwW5G0MZ547QjO8L509QRUnnM";

    #[test]
    fn tokens_of_the_earlier_signer_still_verify() {
        let k = Keys::new(A, &[]).unwrap();
        assert_eq!(k.verify(EARLIER_TOKEN, 150).unwrap(), claims(200));
        assert_eq!(k.verify(EARLIER_TOKEN, 200), Err(JwtError::Expired));
    }

    #[test]
    fn other_algorithms_and_issuers_are_not_ours() {
        let k = Keys::new(A, &[]).unwrap();
        let (_, rest) = EARLIER_TOKEN.split_once('.').unwrap();
        let (claims_part, _) = rest.split_once('.').unwrap();
        let none = format!(
            "{}.{claims_part}.",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT","kid":"4240d16e0a61"}"#)
        );
        assert_eq!(k.verify(&none, 150), Err(JwtError::UnknownKey));
        let foreign = k.sign(&Claims {
            iss: "someone-else".into(),
            ..claims(200)
        });
        assert_eq!(k.verify(&foreign, 150), Err(JwtError::UnknownKey));
    }
}
