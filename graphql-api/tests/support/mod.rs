//! Shared by the API's router-level tests: calling the router, signing in, and rows
//! written straight into the read model (as the indexer would).
#![allow(dead_code)]

use alloy::signers::{SignerSync as _, local::PrivateKeySigner};
use axum::{body::Body, http::Request};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use sqlx::MySqlPool;
use tower::ServiceExt as _;

/// Anvil's dev keys 0..4 (the first is the deployer / system admin).
pub(crate) const KEYS: [&str; 4] = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
];

pub(crate) fn signer(i: usize) -> PrivateKeySigner {
    KEYS[i].parse().unwrap()
}

/// The stored (lowercase) form of a signer's address.
pub(crate) fn addr(s: &PrivateKeySigner) -> String {
    format!("{:#x}", s.address())
}

/// POSTs a GraphQL request, with a bearer token if given.
pub(crate) async fn call(
    app: &axum::Router,
    query: &str,
    variables: Value,
    token: Option<&str>,
) -> Value {
    let mut req = Request::post("/graphql").header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let body = json!({ "query": query, "variables": variables }).to_string();
    let resp = app
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&bytes)))
}

/// The first error's `code` (or "" when none).
pub(crate) fn code(v: &Value) -> &str {
    v["errors"][0]["extensions"]["code"].as_str().unwrap_or("")
}

pub(crate) fn now_rfc3339(offset_secs: i64) -> String {
    (time::OffsetDateTime::now_utc() + time::Duration::seconds(offset_secs))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// An EIP-4361 message for `who`.
pub(crate) fn siwe_message(
    who: &PrivateKeySigner,
    domain: &str,
    chain_id: u64,
    nonce: &str,
) -> String {
    format!(
        "{domain} wants you to sign in with your Ethereum account:\n{}\n\nSign in to Game Community.\n\nURI: http://{domain}\nVersion: 1\nChain ID: {chain_id}\nNonce: {nonce}\nIssued At: {}",
        who.address().to_checksum(None),
        now_rfc3339(0)
    )
}

/// `personal_sign` of `message`, 0x hex.
pub(crate) fn sign(who: &PrivateKeySigner, message: &str) -> String {
    let sig = who.sign_message_sync(message.as_bytes()).unwrap();
    format!("0x{}", hex::encode(sig.as_bytes()))
}

/// Signs in `who` by SIWE on an app whose SIWE domain is `localhost`; returns the token.
pub(crate) async fn sign_in(app: &axum::Router, who: &PrivateKeySigner) -> String {
    let n = call(app, "mutation { siweNonce }", json!({}), None).await;
    let nonce = n["data"]["siweNonce"]
        .as_str()
        .unwrap_or_else(|| panic!("{n}"))
        .to_owned();
    let msg = siwe_message(who, "localhost", 31337, &nonce);
    let r = call(
        app,
        "mutation($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token address } }",
        json!({ "m": msg, "s": sign(who, &msg) }),
        None,
    )
    .await;
    r["data"]["signIn"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_owned()
}

const PROV: &str = "7, '0x00000000000000000000000000000000000000000000000000000000000000b7', '0x00000000000000000000000000000000000000000000000000000000000000a7', 0";

/// The indexer's bookkeeping: chain 31337 at `block`.
pub(crate) async fn indexer_at(pool: &MySqlPool, block: u64, hash: &str) {
    sqlx::query(
        "INSERT INTO indexer_state (id, chain_id, indexed_block, indexed_hash, state_digest, head_block, updated_at) \
         VALUES (1, 31337, ?, ?, ?, ?, 0) ON DUPLICATE KEY UPDATE indexed_block = VALUES(indexed_block), \
         indexed_hash = VALUES(indexed_hash), state_digest = VALUES(state_digest), head_block = VALUES(head_block)",
    )
    .bind(block)
    .bind(hash)
    .bind(format!("0x{:064x}", block * 31))
    .bind(block)
    .execute(pool)
    .await
    .unwrap();
}

pub(crate) async fn user(pool: &MySqlPool, id: u32, address: &str, username: &str) {
    sqlx::query(&format!(
        "INSERT INTO `User` (user_id, username, ethereum_address, is_verified, profile_hash, registered_at, block_number, block_hash, tx_hash, log_index) \
         VALUES (?, ?, ?, 1, '0x{:064x}', 1700000000, {PROV})", 0
    ))
    .bind(id)
    .bind(username)
    .bind(address)
    .execute(pool)
    .await
    .unwrap();
}

pub(crate) async fn role(pool: &MySqlPool, role: &str, address: &str) {
    sqlx::query(&format!(
        "INSERT INTO RoleMember (role, account, granted, block_number, block_hash, tx_hash, log_index) VALUES (?, ?, 1, {PROV})"
    ))
    .bind(role)
    .bind(address)
    .execute(pool)
    .await
    .unwrap();
}

pub(crate) async fn member(pool: &MySqlPool, community: u64, address: &str, admin: bool) {
    sqlx::query(&format!(
        "INSERT INTO Member (community_id, account, status, is_admin, joined_at, block_number, block_hash, tx_hash, log_index) VALUES (?, ?, 'member', ?, 1700000000, {PROV})"
    ))
    .bind(community)
    .bind(address)
    .bind(admin)
    .execute(pool)
    .await
    .unwrap();
}

pub(crate) async fn order(pool: &MySqlPool, id: u64, buyer: &str, community: u64) {
    sqlx::query(&format!(
        "INSERT INTO Orders (order_id, order_item, order_amount, order_status, item_id, community_id, buyer, quantity, token, reviewed, created_at, updated_at, block_number, block_hash, tx_hash, log_index) \
         VALUES (?, '皮肤 Skin', 30, '已支付', 1, ?, ?, 1, '0x00000000000000000000000000000000000000aa', 0, 1700000000, 1700000000, {PROV})"
    ))
    .bind(id)
    .bind(community)
    .bind(buyer)
    .execute(pool)
    .await
    .unwrap();
}

/// A task row as the indexer writes it, changed in `block`.
pub(crate) async fn task(pool: &MySqlPool, id: u64, title: &str, status: &str, block: u64) {
    sqlx::query(
        "INSERT INTO Task (task_id, task_name, task_price, task_status, community_id, publisher, reward_token, spec_hash, deadline, rejected, created_at, updated_at, search_terms, block_number, block_hash, tx_hash, log_index) \
         VALUES (?, ?, 100, ?, 1, '0x00000000000000000000000000000000000000bb', '0x0000000000000000000000000000000000000000', ?, 1900000000, 0, 1700000000, 1700000000, ?, ?, ?, ?, 0) \
         ON DUPLICATE KEY UPDATE task_status = VALUES(task_status), block_number = VALUES(block_number)",
    )
    .bind(id)
    .bind(title)
    .bind(status)
    .bind(format!("0x{:064x}", id))
    .bind(read_model::search::terms(title))
    .bind(block)
    .bind(format!("0x{:064x}", block))
    .bind(format!("0x{:064x}", block + 1000))
    .execute(pool)
    .await
    .unwrap();
}

/// A post row as the indexer writes it.
pub(crate) async fn post(
    pool: &MySqlPool,
    id: u64,
    community: u64,
    title: &str,
    content_hash: &str,
    block: u64,
) {
    sqlx::query(
        "INSERT INTO Post (post_id, post_title, post_time, community_id, author, content_hash, removed, pinned, like_count, comment_count, created_at, search_terms, block_number, block_hash, tx_hash, log_index) \
         VALUES (?, ?, '2024-01-01 00:00:00', ?, '0x00000000000000000000000000000000000000bb', ?, 0, 0, 0, 0, 1700000000, ?, ?, ?, ?, 0)",
    )
    .bind(id)
    .bind(title)
    .bind(community)
    .bind(content_hash)
    .bind(read_model::search::terms(title))
    .bind(block)
    .bind(format!("0x{:064x}", block))
    .bind(format!("0x{:064x}", block + 2000))
    .execute(pool)
    .await
    .unwrap();
}

/// A community row as the indexer writes it.
pub(crate) async fn community(pool: &MySqlPool, id: u64, name: &str, theme: &str) {
    sqlx::query(&format!(
        "INSERT INTO Community (community_id, community_name, creator_address, theme, description_hash, member_count, created_at, search_terms, block_number, block_hash, tx_hash, log_index) \
         VALUES (?, ?, '0x00000000000000000000000000000000000000bb', ?, '0x{:064x}', 3, 1700000000, ?, {PROV})", 0
    ))
    .bind(id)
    .bind(name)
    .bind(theme)
    .bind(read_model::search::terms(&format!("{name} {theme}")))
    .execute(pool)
    .await
    .unwrap();
}

/// The URL of the test's own database: `DATABASE_URL`'s server, `pool`'s database.
pub(crate) async fn database_url(pool: &MySqlPool) -> String {
    let db: String = sqlx::query_scalar("SELECT DATABASE()")
        .fetch_one(pool)
        .await
        .unwrap();
    let server = std::env::var("DATABASE_URL").unwrap();
    format!("{}/{db}", server.rsplit_once('/').unwrap().0)
}

/// A `graphql-api serve` process on a free loopback port (`.1`), killed when dropped.
pub(crate) struct Served(pub(crate) std::process::Child, pub(crate) String);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `graphql-api serve` on `database_url` with `env` and waits until it listens.
pub(crate) async fn serve(database_url: &str, env: &[(&str, &str)]) -> Served {
    let addr = format!("127.0.0.1:{}", testkit::stack::free_port());
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_graphql-api"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("LISTEN_ADDR", &addr)
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let served = Served(child, addr.clone());
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(&addr).await.is_ok() {
            return served;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("graphql-api serve did not listen on {addr}");
}

/// Counts the SELECTs sqlx logs (target `sqlx::query`, one event per statement; a new
/// connection's own setup statements are not the resolvers' and are left out).
pub(crate) struct CountQueries(pub(crate) std::sync::Arc<std::sync::atomic::AtomicUsize>);

struct IsSelect(bool);

impl tracing::field::Visit for IsSelect {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "db.statement" || field.name() == "summary" {
            self.0 |= value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("select");
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.record_str(field, format!("{value:?}").trim_matches('"'));
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountQueries {
    fn on_event(&self, e: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if e.metadata().target() == "sqlx::query" {
            let mut v = IsSelect(false);
            e.record(&mut v);
            if v.0 {
                self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }
}
