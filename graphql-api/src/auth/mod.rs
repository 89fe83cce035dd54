//! Who is calling: sessions (SIWE or password sign-in, carried as a JWT), the private
//! account data the API owns, and the checks built on roles the indexer projected.

pub mod jwt;
pub mod limit;
pub mod mail;
pub mod password;

use rand::RngCore as _;
use sha2::{Digest, Sha256};
use sqlx::{MySqlPool, Row as _};
use std::{net::IpAddr, time::Duration};

/// The auth configuration and its process-wide state.
#[derive(Debug)]
pub struct Auth {
    /// Session token keys.
    pub keys: jwt::Keys,
    /// The domain SIWE messages must name (`SIWE_DOMAIN`).
    pub siwe_domain: String,
    /// The origin (`scheme://host[:port]`) a SIWE message's `URI` must have
    /// (`SIWE_ORIGIN`); `None`: `http://` or `https://` and the SIWE domain.
    pub siwe_origin: Option<String>,
    /// How long a session lasts.
    pub session_ttl: Duration,
    /// How long SIWE nonces and mailed tokens stay valid.
    pub nonce_ttl: Duration,
    /// The web client's public URL, for links in mail.
    pub public_url: String,
    /// Where mail goes.
    pub mailer: mail::Mailer,
    /// Attempt counters.
    pub limiter: limit::RateLimiter,
    /// Failed password sign-ins per account, with a growing wait.
    pub backoff: limit::Backoff,
}

/// Rate limits of the account endpoints.
pub mod rules {
    use super::limit::Rule;
    /// Password sign-ins per IP.
    pub const SIGN_IN_PER_IP: Rule = Rule::per(20, 60);
    /// Failed password sign-ins per account (whichever login names it) from one IP; a
    /// login that names no account counts under its normalized form.
    pub const SIGN_IN_PER_ACCOUNT: Rule = Rule::per(5, 15 * 60);
    /// `passwordSalt` lookups per IP (a sign-in asks once).
    pub const PASSWORD_SALT_PER_IP: Rule = Rule::per(30, 60);
    /// Contact changes per account.
    pub const CONTACT_PER_ACCOUNT: Rule = Rule::per(10, 60 * 60);
    /// Contact changes per IP.
    pub const CONTACT_PER_IP: Rule = Rule::per(30, 60 * 60);
    /// SIWE nonces and sign-ins per IP.
    pub const SIWE_PER_IP: Rule = Rule::per(60, 60);
    /// Reset requests per IP.
    pub const RESET_PER_IP: Rule = Rule::per(5, 60 * 60);
    /// Reset requests per email.
    pub const RESET_PER_EMAIL: Rule = Rule::per(3, 60 * 60);
    /// Reset attempts (token guesses) per IP.
    pub const RESET_TRY_PER_IP: Rule = Rule::per(20, 60 * 60);
    /// Verification mails per account.
    pub const VERIFY_MAIL_PER_ACCOUNT: Rule = Rule::per(3, 60 * 60);
    /// Verification mails per email address (whichever accounts ask).
    pub const VERIFY_MAIL_PER_ADDRESS: Rule = Rule::per(3, 60 * 60);
    /// Documents stored per IP by signed-out callers.
    pub const CONTENT_ANON_PER_IP: Rule = Rule::per(10, 60);
    /// Documents stored per signed-in account.
    pub const CONTENT_PER_ACCOUNT: Rule = Rule::per(600, 60);
    /// Images uploaded per account (each is decoded and drawn again: CPU).
    pub const MEDIA_PER_ACCOUNT: Rule = Rule::per(30, 10 * 60);
}

/// A signed-in caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Wallet address (lowercase hex).
    pub address: String,
    /// Session id.
    pub session: String,
}

/// What the API knows about a request's origin.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    /// The client's IP.
    pub ip: IpAddr,
    /// The signed-in caller, if the token was valid.
    pub caller: Option<Caller>,
    /// Why a presented token was not accepted.
    pub token_error: Option<String>,
}

/// Unix seconds now.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

/// A random token: 32 bytes as hex.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// SHA-256 of a token, hex (what is stored).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A session's token and expiry.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The JWT.
    pub token: String,
    /// Unix seconds.
    pub expires_at: u64,
}

/// How a session was started.
#[derive(Debug, Clone, Copy)]
pub enum Method {
    /// Sign-In with Ethereum.
    Siwe,
    /// Username/email/phone and password.
    Password,
}

impl Auth {
    /// Records a session for `address` and signs its token.
    pub async fn issue(
        &self,
        pool: &MySqlPool,
        address: &str,
        method: Method,
    ) -> Result<Issued, sqlx::Error> {
        let iat = now();
        let exp = iat + self.session_ttl.as_secs();
        let sid = random_token()[..32].to_owned();
        sqlx::query(
            "INSERT INTO session (id, address, method, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&sid)
        .bind(address)
        .bind(match method {
            Method::Siwe => "siwe",
            Method::Password => "password",
        })
        .bind(iat)
        .bind(exp)
        .execute(pool)
        .await?;
        let token = self.keys.sign(&jwt::Claims {
            sub: address.to_owned(),
            sid,
            iat,
            exp,
            iss: jwt::ISSUER.into(),
        });
        Ok(Issued {
            token,
            expires_at: exp,
        })
    }

    /// The caller a bearer token names, if it is valid and its session is not revoked.
    pub async fn authenticate(
        &self,
        pool: &MySqlPool,
        token: &str,
    ) -> Result<Result<Caller, String>, sqlx::Error> {
        let claims = match self.keys.verify(token, now()) {
            Ok(c) => c,
            Err(e) => return Ok(Err(e.to_string())),
        };
        let live = sqlx::query(
            "SELECT 1 FROM session WHERE id = ? AND address = ? AND revoked_at IS NULL AND expires_at > ?",
        )
        .bind(&claims.sid)
        .bind(&claims.sub)
        .bind(now())
        .fetch_optional(pool)
        .await?
        .is_some();
        Ok(if live {
            Ok(Caller {
                address: claims.sub,
                session: claims.sid,
            })
        } else {
            Err("the session was signed out; sign in again".into())
        })
    }
}

/// Revokes `address`'s sessions except `keep`.
pub async fn revoke_sessions(
    pool: &MySqlPool,
    address: &str,
    keep: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE session SET revoked_at = ? WHERE address = ? AND revoked_at IS NULL AND id <> ?",
    )
    .bind(now())
    .bind(address)
    .bind(keep.unwrap_or(""))
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether `address` holds the system admin role (as the indexer last saw it).
pub async fn is_system_admin(pool: &MySqlPool, address: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 FROM RoleMember WHERE role = 'SYSTEM_ADMIN' AND account = ? AND granted = 1",
    )
    .bind(address)
    .fetch_optional(pool)
    .await?
    .is_some())
}

/// Whether `address` is an admin of community `id`.
pub async fn is_community_admin(
    pool: &MySqlPool,
    id: u64,
    address: &str,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 FROM Member WHERE community_id = ? AND account = ? AND is_admin = 1 AND status = 'member'",
    )
    .bind(id)
    .bind(address)
    .fetch_optional(pool)
    .await?
    .is_some())
}

/// The private data of an account.
#[derive(Debug, Clone, Default)]
pub struct Account {
    /// Email.
    pub email: Option<String>,
    /// Whether the email was verified by a mailed link.
    pub email_verified: bool,
    /// Phone.
    pub phone: Option<String>,
    /// argon2id PHC string.
    pub password_hash: Option<String>,
}

/// The in-browser wallet of an account: its encrypted key, and whether a password
/// reset dropped one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vault {
    /// The key, encrypted in the browser (opaque here).
    pub ciphertext: Option<String>,
    /// A reset removed a vault the new password cannot open.
    pub lost: bool,
}

/// Loads `address`'s vault.
pub async fn vault(pool: &MySqlPool, address: &str) -> Result<Vault, sqlx::Error> {
    let row: Option<(Option<String>, i8)> = sqlx::query_as(
        "SELECT CAST(wallet_vault AS CHAR), wallet_lost FROM account WHERE address = ?",
    )
    .bind(address)
    .fetch_optional(pool)
    .await?;
    Ok(row.map_or_else(Vault::default, |(ciphertext, lost)| Vault {
        ciphertext,
        lost: lost != 0,
    }))
}

/// The KDF salt stored with `address`'s password, if the client gave one.
pub async fn password_salt(pool: &MySqlPool, address: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT CAST(password_salt AS CHAR) FROM account WHERE address = ?")
            .bind(address)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|r| r.0))
}

/// Loads `address`'s private data (empty when none was saved).
pub async fn account(pool: &MySqlPool, address: &str) -> Result<Account, sqlx::Error> {
    let row = sqlx::query(
        "SELECT CAST(email AS CHAR) AS email, email_verified, CAST(phone AS CHAR) AS phone, CAST(password_hash AS CHAR) AS password_hash FROM account WHERE address = ?",
    )
    .bind(address)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        None => Account::default(),
        Some(r) => Account {
            email: r.try_get_unchecked("email")?,
            email_verified: r.try_get_unchecked::<i8, _>("email_verified")? != 0,
            phone: r.try_get_unchecked("phone")?,
            password_hash: r.try_get_unchecked("password_hash")?,
        },
    })
}

/// Checks an email address's shape (not its existence: the verification mail does).
pub fn check_email(email: &str) -> Result<(), String> {
    let bad = || format!("{email:?} is not an email address");
    if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (local, domain) = email.rsplit_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || local.len() > 64
        || local.contains('@')
        || domain.len() < 3
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
        || !domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
    {
        return Err(bad());
    }
    Ok(())
}

/// Checks a phone number: an optional `+` and 6 to 15 digits (E.164), spaces and dashes
/// removed first. Returns the normalized number.
pub fn normalize_phone(phone: &str) -> Result<String, String> {
    let compact: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    if (6..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(compact)
    } else {
        Err(format!(
            "{phone:?} is not a phone number (6 to 15 digits, optionally starting with +)"
        ))
    }
}

/// Stores a single-use token (its hash) and returns the token.
pub async fn new_token(
    pool: &MySqlPool,
    purpose: &str,
    address: Option<&str>,
    email: Option<&str>,
    ttl: Duration,
) -> Result<String, sqlx::Error> {
    let token = random_token();
    let t = now();
    // Expired tokens are removed as new ones are made.
    sqlx::query("DELETE FROM auth_token WHERE expires_at < ?")
        .bind(t.saturating_sub(24 * 3600))
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO auth_token (token_hash, purpose, address, email, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(token_hash(&token))
    .bind(purpose)
    .bind(address)
    .bind(email)
    .bind(t + ttl.as_secs())
    .bind(t)
    .execute(pool)
    .await?;
    Ok(token)
}

/// Marks every unused token of `purpose` for `address` used (a password reset or
/// change voids the account's other reset links).
pub async fn void_tokens(
    pool: &MySqlPool,
    purpose: &str,
    address: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE auth_token SET used_at = ? WHERE purpose = ? AND address = ? AND used_at IS NULL",
    )
    .bind(now())
    .bind(purpose)
    .bind(address)
    .execute(pool)
    .await?;
    Ok(())
}

/// Uses a single-use token: `Some((address, email))` when it existed, was unused and
/// unexpired (and is now used), `None` otherwise.
pub async fn use_token(
    pool: &MySqlPool,
    purpose: &str,
    token: &str,
) -> Result<Option<(Option<String>, Option<String>)>, sqlx::Error> {
    let h = token_hash(token);
    let t = now();
    let done = sqlx::query(
        "UPDATE auth_token SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
    )
    .bind(t)
    .bind(&h)
    .bind(purpose)
    .bind(t)
    .execute(pool)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    let r = sqlx::query(
        "SELECT CAST(address AS CHAR) AS address, CAST(email AS CHAR) AS email FROM auth_token WHERE token_hash = ?",
    )
    .bind(&h)
    .fetch_one(pool)
    .await?;
    Ok(Some((
        r.try_get_unchecked("address")?,
        r.try_get_unchecked("email")?,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        assert!(check_email("player@example.com").is_ok());
        assert!(check_email("玩家@例子.中国").is_ok());
        for bad in [
            "",
            "a",
            "a@b",
            "@x.com",
            "a@.com",
            "a@x..com",
            "a b@x.com",
            "a@x.com.",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phone_shapes() {
        assert_eq!(
            normalize_phone("+86 138-0013-8000").unwrap(),
            "+8613800138000"
        );
        assert!(normalize_phone("12345").is_err());
        assert!(normalize_phone("+86 abc").is_err());
    }
}
