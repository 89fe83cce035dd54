//! Session tokens: HS256 JSON Web Tokens. The current secret signs; it and any previous
//! secrets verify, so a secret can be rotated without signing everyone out (each token
//! names its key with `kid`).

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

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

/// Signing and verifying keys.
#[derive(Clone)]
pub struct Keys {
    keys: Vec<(String, Vec<u8>)>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("kids", &self.keys.iter().map(|k| &k.0).collect::<Vec<_>>())
            .finish()
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    alg: String,
    typ: String,
    kid: String,
}

fn kid(secret: &[u8]) -> String {
    hex::encode(&Sha256::digest(secret)[..6])
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
            keys.push((kid(s.as_bytes()), s.as_bytes().to_vec()));
        }
        Ok(Self { keys })
    }

    /// A random key (for when no secret is configured: sessions end with the process).
    pub fn random() -> Self {
        use rand::RngCore as _;
        let mut b = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut b);
        let s = hex::encode(b);
        Self::new(&s, &[]).expect("64 hex characters")
    }

    fn mac(key: &[u8], signing_input: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
        mac.update(signing_input.as_bytes());
        mac
    }

    /// Signs `claims` with the current key.
    pub fn sign(&self, claims: &Claims) -> String {
        let (kid, key) = &self.keys[0];
        let header = Header {
            alg: "HS256".into(),
            typ: "JWT".into(),
            kid: kid.clone(),
        };
        let enc = |v: &[u8]| URL_SAFE_NO_PAD.encode(v);
        let input = format!(
            "{}.{}",
            enc(&serde_json::to_vec(&header).expect("header serializes")),
            enc(&serde_json::to_vec(claims).expect("claims serialize"))
        );
        let sig = Self::mac(key, &input).finalize().into_bytes();
        format!("{input}.{}", enc(&sig))
    }

    /// Checks `token`'s key, signature, issuer and expiry at `now`.
    pub fn verify(&self, token: &str, now: u64) -> Result<Claims, JwtError> {
        let mut parts = token.split('.');
        let (Some(h), Some(c), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwtError::Malformed);
        };
        let dec = |p: &str| URL_SAFE_NO_PAD.decode(p).map_err(|_| JwtError::Malformed);
        let header: Header = serde_json::from_slice(&dec(h)?).map_err(|_| JwtError::Malformed)?;
        if header.alg != "HS256" {
            return Err(JwtError::UnknownKey);
        }
        let key = self
            .keys
            .iter()
            .find(|(k, _)| *k == header.kid)
            .ok_or(JwtError::UnknownKey)?;
        let input = &token[..h.len() + 1 + c.len()];
        Self::mac(&key.1, input)
            .verify_slice(&dec(s)?)
            .map_err(|_| JwtError::BadSignature)?;
        let claims: Claims = serde_json::from_slice(&dec(c)?).map_err(|_| JwtError::Malformed)?;
        if claims.iss != ISSUER {
            return Err(JwtError::UnknownKey);
        }
        if now >= claims.exp {
            return Err(JwtError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
