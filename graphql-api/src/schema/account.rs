//! Accounts: Sign-In with Ethereum, passwords, contacts and email verification (§3.2).

use super::{
    context::{auth, caller, info, limit},
    loaders::User,
    types::checksum,
};
use crate::{
    auth::{self as a, Method, password, rules},
    error::{ApiError, ApiResult, bad_input, internal, other},
    repo::{self, UserKey},
    siwe,
};
use async_graphql::{ComplexObject, Context, Object, SimpleObject};
use sqlx::MySqlPool;

// A signed-in session.
// (Not a doc comment: that would become the type's description in `schema.graphql`,
// which has none for it.)
#[allow(missing_docs)]
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Session {
    /// The bearer token (`Authorization: Bearer <token>`; over WebSocket, the
    /// `Authorization` connection parameter).
    token: String,
    /// Unix seconds when it stops working.
    expires_at: i64,
    /// The wallet signed in (checksummed).
    address: String,
    /// The wallet signed in (stored lowercase form), for `user`.
    #[graphql(skip)]
    account: String,
}

impl Session {
    fn new(token: String, expires_at: u64, account: String) -> Self {
        Self {
            token,
            expires_at: expires_at as i64,
            address: checksum(&account),
            account,
        }
    }
}

#[ComplexObject]
impl Session {
    /// The account's encrypted in-browser key (null when it has none). Only a session's
    /// holder sees it; the server cannot open it (see the README's trust model).
    async fn wallet_vault(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(a::vault(pool, &self.account)
            .await
            .map_err(internal)?
            .ciphertext)
    }

    /// A password reset removed the encrypted key (the new password cannot open it): the
    /// player makes a new key and recovers the on-chain account.
    async fn wallet_lost(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(a::vault(pool, &self.account).await.map_err(internal)?.lost)
    }

    /// The account, when the wallet has registered on chain.
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::user_by(pool, UserKey::Address, &self.account, None)
            .await
            .map_err(internal)?
            .map(User))
    }
}

/// Contact details (private to the owner and the system admin).
#[derive(SimpleObject)]
pub struct Contact {
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Whether the email was confirmed by its mailed link.
    pub email_verified: bool,
}

fn unauth(msg: impl Into<String>) -> async_graphql::Error {
    ApiError::Unauthenticated(msg.into()).into_gql()
}

/// argon2id is deliberately slow: hash off the async workers.
async fn hash_password(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(other)?
        .map_err(other)
}

/// Checks a password against its hash off the async workers; with no hash, spends
/// the same time and fails (the answer does not tell whether the login exists).
async fn verify_password(password: String, phc: Option<String>) -> ApiResult<bool> {
    tokio::task::spawn_blocking(move || match phc {
        Some(h) => password::verify(&password, &h),
        None => {
            password::dummy_verify(&password);
            false
        }
    })
    .await
    .map_err(other)
}

/// Half the order of secp256k1: EIP-2 (and every wallet) keeps `s` at or below it, so
/// each signature has one form only.
const HALF_N: alloy::primitives::U256 = alloy::primitives::uint!(
    0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0_U256
);

/// Whether a 65-byte `r ‖ s ‖ v` hex signature has a high `s` (other shapes are left
/// to the signature check).
fn high_s(signature: &str) -> bool {
    let hex = signature.strip_prefix("0x").unwrap_or(signature);
    match hex::decode(hex) {
        Ok(b) if b.len() == 65 => alloy::primitives::U256::from_be_slice(&b[32..64]) > HALF_N,
        _ => false,
    }
}

/// The largest SIWE message accepted.
const MAX_SIWE_BYTES: usize = 4096;
/// The largest encrypted in-browser key accepted (the column's size).
const MAX_VAULT_BYTES: usize = 4096;

/// A KDF salt as the web client makes it: 0x + 64 hex digits (32 random bytes).
fn check_salt(salt: &str) -> ApiResult<String> {
    let hex = salt.strip_prefix("0x").unwrap_or("");
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad_input("the salt must be 0x followed by 64 hex digits"));
    }
    Ok(salt.to_ascii_lowercase())
}

/// An encrypted key: a JSON object of at most [`MAX_VAULT_BYTES`] (its contents are
/// the browser's; the server cannot read them).
fn check_vault(vault: &str) -> ApiResult<()> {
    if vault.len() > MAX_VAULT_BYTES {
        return Err(bad_input(format!(
            "the wallet vault is larger than {MAX_VAULT_BYTES} bytes"
        )));
    }
    match serde_json::from_str::<serde_json::Value>(vault) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        _ => Err(bad_input("the wallet vault must be a JSON object")),
    }
}

/// Account queries.
#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The salt to derive `login`'s login hash with (0x + 64 hex). A login no account
    /// has gets a stable made-up salt, so the answer does not tell who has an account.
    async fn password_salt(&self, ctx: &Context<'_>, login: String) -> ApiResult<String> {
        let login = login.trim().to_owned();
        if login.is_empty() || login.len() > 255 {
            return Err(bad_input("give a username, an email or a phone number"));
        }
        limit(
            ctx,
            &format!("salt-ip:{}", info(ctx).ip),
            rules::PASSWORD_SALT_PER_IP,
        )?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let candidates = find_login(pool, &login).await.map_err(internal)?;
        if let Some(first) = candidates.first()
            && let Some(salt) = a::password_salt(pool, first).await.map_err(internal)?
        {
            return Ok(salt);
        }
        Ok(auth(ctx).keys.fake_salt(&normalize_login(&login)))
    }

    /// The signed-in caller's account (`null` when signed out or not registered).
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let Some(c) = &info(ctx).caller else {
            return Ok(None);
        };
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::user_by(pool, UserKey::Address, &c.address, None)
            .await
            .map_err(internal)?
            .map(User))
    }
}

/// Account mutations.
#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// A single-use nonce for a Sign-In with Ethereum message (valid for 10 minutes).
    async fn siwe_nonce(&self, ctx: &Context<'_>) -> ApiResult<String> {
        limit(ctx, &format!("siwe:{}", info(ctx).ip), rules::SIWE_PER_IP)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        a::new_token(pool, "siwe_nonce", None, None, auth(ctx).nonce_ttl)
            .await
            .map_err(internal)
    }

    /// Signs in with an EIP-4361 message and its `personal_sign` signature. The message
    /// must name this API's domain, the indexed chain and a nonce from `siweNonce`.
    async fn sign_in(
        &self,
        ctx: &Context<'_>,
        message: String,
        signature: String,
    ) -> ApiResult<Session> {
        limit(ctx, &format!("siwe:{}", info(ctx).ip), rules::SIWE_PER_IP)?;
        if message.len() > MAX_SIWE_BYTES {
            return Err(bad_input("the message is too long"));
        }
        let msg: siwe::Message = message
            .parse()
            .map_err(|e| bad_input(format!("not a Sign-In with Ethereum message: {e}")))?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let au = auth(ctx);
        let chain_id = repo::status(pool)
            .await
            .map_err(internal)?
            .map(|s| s.chain_id as u64);
        let now = time::OffsetDateTime::now_utc();
        let skew = time::Duration::minutes(5);
        let issued = msg.issued_at.value();
        if issued > now + skew {
            return Err(unauth("the message was issued in the future"));
        }
        if issued < now - time::Duration::seconds(au.nonce_ttl.as_secs() as i64) - skew {
            return Err(unauth("the message is too old; sign a new one"));
        }
        let opts = siwe::VerifyOpts {
            domain: Some(&au.siwe_domain),
            chain_id,
            time: Some(now),
            ..Default::default()
        };
        msg.verify_hex(&signature, &opts).map_err(|e| match e {
            siwe::VerifyError::MalformedSignature(_) => bad_input(e.to_string()),
            _ => unauth(e.to_string()),
        })?;
        // The URI must be this site: a message signed for another site's sign-in page
        // that happens to name our domain is not accepted.
        let origin = crate::http::origin(&msg.uri);
        let allowed = match &au.siwe_origin {
            Some(o) => origin.as_deref() == Some(o.as_str()),
            None => {
                let host = au.siwe_domain.to_ascii_lowercase();
                origin.as_deref() == Some(format!("http://{host}").as_str())
                    || origin.as_deref() == Some(format!("https://{host}").as_str())
            }
        };
        if !allowed {
            return Err(unauth(match &au.siwe_origin {
                Some(o) => format!("the message's URI must be on {o}"),
                None => format!("the message's URI must be http(s)://{}/…", au.siwe_domain),
            }));
        }
        if high_s(&signature) {
            return Err(bad_input(
                "the signature's s value is in the upper half of the curve order (EIP-2); sign again with a standard wallet",
            ));
        }
        if a::use_token(pool, "siwe_nonce", &msg.nonce)
            .await
            .map_err(internal)?
            .is_none()
        {
            return Err(unauth(
                "the nonce is unknown, used or expired; ask for a new one",
            ));
        }
        let address = format!("{:#x}", msg.address);
        let issued = au
            .issue(pool, &address, Method::Siwe)
            .await
            .map_err(internal)?;
        Ok(Session::new(issued.token, issued.expires_at, address))
    }

    /// Signs in with a password; `login` is a username, an email or a phone number.
    async fn sign_in_with_password(
        &self,
        ctx: &Context<'_>,
        login: String,
        password: String,
    ) -> ApiResult<Session> {
        let login = login.trim().to_owned();
        let ip = info(ctx).ip;
        limit(ctx, &format!("login-ip:{ip}"), rules::SIGN_IN_PER_IP)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let candidates = find_login(pool, &login).await.map_err(internal)?;
        // The budget belongs to the account, whichever spelling of which login names it
        // (username, email, any way of writing the phone); per IP, so that strangers
        // elsewhere do not use up its owner's attempts, and with a growing wait per
        // account once many fail (never a lock).
        let key = match candidates.as_slice() {
            [one] => one.clone(),
            _ => format!("login:{}", normalize_login(&login)),
        };
        let au = auth(ctx);
        let pair = format!("login:{key}:{ip}");
        if let Err(wait) = au
            .limiter
            .peek(&pair, rules::SIGN_IN_PER_ACCOUNT)
            .and_then(|()| au.backoff.check(&key))
        {
            crate::metrics::RATE_LIMITED.inc();
            return Err(crate::error::rate_limited(format!(
                "too many failed sign-ins; try again in {} s",
                wait.as_secs().max(1)
            )));
        }
        let mut address = None;
        if candidates.is_empty() {
            verify_password(password.clone(), None).await?;
        }
        for candidate in candidates {
            let account = a::account(pool, &candidate).await.map_err(internal)?;
            if verify_password(password.clone(), account.password_hash).await? {
                address = Some(candidate);
                break;
            }
        }
        let Some(address) = address else {
            // Failures count, successes do not.
            let _ = au.limiter.hit(&pair, rules::SIGN_IN_PER_ACCOUNT);
            au.backoff.fail(&key);
            return Err(unauth("wrong login or password"));
        };
        au.backoff.succeed(&key);
        let issued = auth(ctx)
            .issue(pool, &address, Method::Password)
            .await
            .map_err(internal)?;
        Ok(Session::new(issued.token, issued.expires_at, address))
    }

    /// Sets the caller's password (at least 8 characters). Needs an email or phone on
    /// file; changing an existing password needs the current one. Other sessions end.
    /// `salt`: the KDF salt the client derived `password` (its login hash) with, which
    /// `passwordSalt` hands back. `walletVault`: the in-browser key encrypted under the
    /// new password, saved with it in one statement; required when the account keeps one.
    async fn set_password(
        &self,
        ctx: &Context<'_>,
        password: String,
        current_password: Option<String>,
        salt: Option<String>,
        wallet_vault: Option<String>,
    ) -> ApiResult<bool> {
        let c = caller(ctx)?;
        password::check_policy(&password).map_err(bad_input)?;
        let salt = salt.as_deref().map(check_salt).transpose()?;
        if let Some(v) = &wallet_vault {
            check_vault(v)?;
        }
        let pool = ctx.data_unchecked::<MySqlPool>();
        let account = a::account(pool, &c.address).await.map_err(internal)?;
        if account.email.is_none() && account.phone.is_none() {
            return Err(bad_input(
                "add an email or a phone number (updateContact) before setting a password",
            ));
        }
        if let Some(h) = account.password_hash {
            limit(
                ctx,
                &format!("login:{}", c.address),
                rules::SIGN_IN_PER_ACCOUNT,
            )?;
            if !verify_password(current_password.unwrap_or_default(), Some(h)).await? {
                return Err(unauth("the current password is wrong"));
            }
        }
        if wallet_vault.is_none()
            && a::vault(pool, &c.address)
                .await
                .map_err(internal)?
                .ciphertext
                .is_some()
        {
            return Err(bad_input(
                "this account keeps an in-browser key: send it re-encrypted under the new password (walletVault)",
            ));
        }
        let h = hash_password(password).await?;
        sqlx::query(
            "UPDATE account SET password_hash = ?, password_salt = ?, wallet_vault = COALESCE(?, wallet_vault), wallet_lost = IF(? IS NULL, wallet_lost, 0), updated_at = ? WHERE address = ?",
        )
        .bind(h)
        .bind(salt)
        .bind(&wallet_vault)
        .bind(&wallet_vault)
        .bind(a::now())
        .bind(&c.address)
        .execute(pool)
        .await
        .map_err(internal)?;
        a::void_tokens(pool, "password_reset", &c.address)
            .await
            .map_err(internal)?;
        a::revoke_sessions(pool, &c.address, Some(&c.session))
            .await
            .map_err(internal)?;
        Ok(true)
    }

    /// Mails a password-reset link to `email` if a verified account has it. Always
    /// answers `true` (it does not tell who has an account).
    async fn request_password_reset(&self, ctx: &Context<'_>, email: String) -> ApiResult<bool> {
        let email = email.trim().to_lowercase();
        a::check_email(&email).map_err(bad_input)?;
        limit(
            ctx,
            &format!("reset-ip:{}", info(ctx).ip),
            rules::RESET_PER_IP,
        )?;
        limit(ctx, &format!("reset:{email}"), rules::RESET_PER_EMAIL)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let found: Option<(String,)> = sqlx::query_as(
            "SELECT CAST(address AS CHAR) FROM account WHERE email = ? AND email_verified = 1 AND password_hash IS NOT NULL",
        )
        .bind(&email)
        .fetch_optional(pool)
        .await
        .map_err(internal)?;
        if let Some((address,)) = found {
            let au = auth(ctx);
            let token = a::new_token(
                pool,
                "password_reset",
                Some(&address),
                Some(&email),
                au.nonce_ttl * 3,
            )
            .await
            .map_err(internal)?;
            let link = format!("{}/reset-password/?token={token}", au.public_url);
            let body = format!(
                "有人请求重置您的密码。如果是您本人，请在 30 分钟内打开：\nSomeone asked to reset your password. If it was you, open within 30 minutes:\n\n{link}\n\nIf it was not you, ignore this mail."
            );
            au.mailer
                .send(&email, "重置密码 / Reset your password", &body)
                .await
                .map_err(other)?;
        }
        Ok(true)
    }

    /// Sets a new password with a mailed reset token (single use). Every session of the
    /// account ends. `salt` as in `setPassword`. The new password cannot open an
    /// in-browser key encrypted under the old one: the key is removed and
    /// `Session.walletLost` tells the player to make a new one and recover the account.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        token: String,
        new_password: String,
        salt: Option<String>,
    ) -> ApiResult<bool> {
        let salt = salt.as_deref().map(check_salt).transpose()?;
        limit(
            ctx,
            &format!("reset-try:{}", info(ctx).ip),
            rules::RESET_TRY_PER_IP,
        )?;
        password::check_policy(&new_password).map_err(bad_input)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let Some((Some(address), _)) = a::use_token(pool, "password_reset", token.trim())
            .await
            .map_err(internal)?
        else {
            return Err(bad_input("the reset link is invalid, used or expired"));
        };
        let h = hash_password(new_password).await?;
        sqlx::query(
            "UPDATE account SET password_hash = ?, password_salt = ?, wallet_lost = (wallet_vault IS NOT NULL OR wallet_lost = 1), wallet_vault = NULL, updated_at = ? WHERE address = ?",
        )
        .bind(h)
        .bind(salt)
        .bind(a::now())
        .bind(&address)
        .execute(pool)
        .await
        .map_err(internal)?;
        // Every other reset link of the account dies with this one.
        a::void_tokens(pool, "password_reset", &address)
            .await
            .map_err(internal)?;
        a::revoke_sessions(pool, &address, None)
            .await
            .map_err(internal)?;
        Ok(true)
    }

    /// Sets the caller's email and phone (`null` or empty removes one). A changed email
    /// must be verified again.
    async fn update_contact(
        &self,
        ctx: &Context<'_>,
        email: Option<String>,
        phone: Option<String>,
    ) -> ApiResult<Contact> {
        let c = caller(ctx)?;
        limit(
            ctx,
            &format!("contact-ip:{}", info(ctx).ip),
            rules::CONTACT_PER_IP,
        )?;
        limit(
            ctx,
            &format!("contact:{}", c.address),
            rules::CONTACT_PER_ACCOUNT,
        )?;
        let email = email
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty());
        if let Some(e) = &email {
            a::check_email(e).map_err(bad_input)?;
        }
        let phone = phone
            .filter(|p| !p.trim().is_empty())
            .map(|p| a::normalize_phone(&p))
            .transpose()
            .map_err(bad_input)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let before = a::account(pool, &c.address).await.map_err(internal)?;
        let verified = before.email_verified && before.email == email;
        if before.password_hash.is_some() && email.is_none() && phone.is_none() {
            return Err(bad_input(
                "a password login needs an email or a phone number; keep one",
            ));
        }
        // An email or phone another account also claims is accepted like any other:
        // the answer never tells who else has it. Only a verified email is unique
        // (verifyEmail), and signing in by email prefers its verified owner.
        let exists = sqlx::query("SELECT 1 FROM account WHERE address = ?")
            .bind(&c.address)
            .fetch_optional(pool)
            .await
            .map_err(internal)?
            .is_some();
        let sql = if exists {
            "UPDATE account SET email = ?, email_verified = ?, phone = ?, updated_at = ? WHERE address = ?"
        } else {
            "INSERT INTO account (email, email_verified, phone, updated_at, address) VALUES (?, ?, ?, ?, ?)"
        };
        sqlx::query(sql)
            .bind(&email)
            .bind(verified)
            .bind(&phone)
            .bind(a::now())
            .bind(&c.address)
            .execute(pool)
            .await
            .map_err(internal)?;
        Ok(Contact {
            email,
            phone,
            email_verified: verified,
        })
    }

    /// Mails the caller a link that confirms their email.
    async fn request_email_verification(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let c = caller(ctx)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let account = a::account(pool, &c.address).await.map_err(internal)?;
        let Some(email) = account.email else {
            return Err(bad_input("add an email first (updateContact)"));
        };
        if account.email_verified {
            return Ok(true);
        }
        limit(
            ctx,
            &format!("verify:{}", c.address),
            rules::VERIFY_MAIL_PER_ACCOUNT,
        )?;
        // Per mailbox too: several accounts claiming one address cannot flood it.
        limit(
            ctx,
            &format!("verify-to:{email}"),
            rules::VERIFY_MAIL_PER_ADDRESS,
        )?;
        let au = auth(ctx);
        let token = a::new_token(
            pool,
            "email_verify",
            Some(&c.address),
            Some(&email),
            au.nonce_ttl * 144,
        )
        .await
        .map_err(internal)?;
        let link = format!("{}/verify-email/?token={token}", au.public_url);
        let body = format!(
            "请打开以下链接确认您的邮箱：\nOpen this link to confirm your email:\n\n{link}\n"
        );
        au.mailer
            .send(&email, "确认邮箱 / Confirm your email", &body)
            .await
            .map_err(other)?;
        Ok(true)
    }

    /// Confirms an email with its mailed token (single use).
    async fn verify_email(&self, ctx: &Context<'_>, token: String) -> ApiResult<bool> {
        limit(
            ctx,
            &format!("reset-try:{}", info(ctx).ip),
            rules::RESET_TRY_PER_IP,
        )?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let Some((Some(address), Some(email))) = a::use_token(pool, "email_verify", token.trim())
            .await
            .map_err(internal)?
        else {
            return Err(bad_input(
                "the verification link is invalid, used or expired",
            ));
        };
        // A verified email has one owner: whoever confirmed it first keeps it.
        let taken = sqlx::query(
            "SELECT 1 FROM account WHERE email = ? AND email_verified = 1 AND address <> ?",
        )
        .bind(&email)
        .bind(&address)
        .fetch_optional(pool)
        .await
        .map_err(internal)?
        .is_some();
        if taken {
            return Err(bad_input(
                "this email is already confirmed by another account",
            ));
        }
        let r = sqlx::query(
            "UPDATE account SET email_verified = 1, updated_at = ? WHERE address = ? AND email = ?",
        )
        .bind(a::now())
        .bind(&address)
        .bind(&email)
        .execute(pool)
        .await
        .map_err(internal)?;
        if r.rows_affected() == 0 {
            return Err(bad_input(
                "the email changed since the link was sent; ask for a new one",
            ));
        }
        Ok(true)
    }

    /// Ends the caller's session (the token stops working everywhere).
    async fn sign_out(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let c = caller(ctx)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        sqlx::query("UPDATE session SET revoked_at = ? WHERE id = ?")
            .bind(a::now())
            .bind(&c.session)
            .execute(pool)
            .await
            .map_err(internal)?;
        Ok(true)
    }
}

/// A login as the rate limits count it: lowercase, a phone number without its spaces
/// and dashes.
fn normalize_login(login: &str) -> String {
    if login.contains('@') {
        return login.to_lowercase();
    }
    a::normalize_phone(login).unwrap_or_else(|_| login.to_lowercase())
}

/// The accounts a password login may name: a username, an email or a phone number.
/// An email's verified owner alone when there is one (an unverified claim never stands
/// in their way), else the few accounts that claimed it; likewise a phone's.
async fn find_login(pool: &MySqlPool, login: &str) -> Result<Vec<String>, sqlx::Error> {
    if login.contains('@') {
        let rows: Vec<(String, i8)> = sqlx::query_as(
            "SELECT CAST(address AS CHAR), email_verified FROM account WHERE email = ? ORDER BY email_verified DESC, updated_at LIMIT 3",
        )
        .bind(login.to_lowercase())
        .fetch_all(pool)
        .await?;
        return Ok(match rows.first() {
            Some((owner, 1)) => vec![owner.clone()],
            _ => rows.into_iter().map(|r| r.0).collect(),
        });
    }
    if let Ok(phone) = a::normalize_phone(login) {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT CAST(address AS CHAR) FROM account WHERE phone = ? ORDER BY updated_at LIMIT 3",
        )
        .bind(phone)
        .fetch_all(pool)
        .await?;
        if !rows.is_empty() {
            return Ok(rows.into_iter().map(|r| r.0).collect());
        }
    }
    // Usernames are lowercase on chain (`[a-z0-9_]`): any case names the same one.
    Ok(
        repo::user_by(pool, UserKey::Username, &login.to_lowercase(), None)
            .await?
            .map(|u| u.ethereum_address)
            .into_iter()
            .collect(),
    )
}
