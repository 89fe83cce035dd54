//! `demo-data`: plays the scripted season (every contract function, a dozen players
//! with Chinese and English names, three communities, tasks, orders and offers in every
//! status) on a running chain through real transactions, then stores every document it
//! put on chain in the API's content store, so the web client shows verified bodies.
//!
//! Environment: `RPC_URL` (default http://127.0.0.1:8545), `DEPLOYMENTS` (the
//! deployment file), `API_URL` (default http://127.0.0.1:8080), `DEMO_KEYS` (at least
//! 13 comma-separated private keys; the first deployed the system).
//!
//! It plays only on a chain without players yet; on one that has them it says so and
//! does nothing. The season waits out the work, order and dispute periods with
//! `evm_increaseTime`, so afterwards the chain's clock runs about two weeks (the
//! deployment's `disputePeriod()`) ahead of the wall clock.

use alloy::{
    providers::{Provider as _, ProviderBuilder},
    signers::local::PrivateKeySigner,
    transports::http::reqwest,
};
use bindings::{Deployment, Profiles};
use eyre::{WrapErr as _, eyre};
use std::time::Duration;

fn env(name: &str, default: Option<&str>) -> eyre::Result<String> {
    match (std::env::var(name), default) {
        (Ok(v), _) if !v.is_empty() => Ok(v),
        (_, Some(d)) => Ok(d.to_owned()),
        _ => Err(eyre!("{name} is required")),
    }
}

#[tokio::main]
async fn main() -> eyre::Result<()> {
    let rpc = env("RPC_URL", Some("http://127.0.0.1:8545"))?;
    let api = env("API_URL", Some("http://127.0.0.1:8080"))?;
    let deployment = Deployment::load(env("DEPLOYMENTS", None)?)?;
    let keys: Vec<PrivateKeySigner> = env("DEMO_KEYS", None)?
        .split(',')
        .map(|k| {
            k.trim()
                .parse()
                .wrap_err("a DEMO_KEYS entry is not a private key")
        })
        .collect::<eyre::Result<_>>()?;
    if keys.len() < 13 {
        return Err(eyre!("DEMO_KEYS needs 13 keys, got {}", keys.len()));
    }
    let chain = testkit::Chain::attach(&rpc, deployment.clone(), &keys).await?;

    let profiles = Profiles::new(
        deployment.contracts.Profiles,
        ProviderBuilder::new().connect_http(rpc.parse()?),
    );
    if profiles.isRegistered(keys[1].address()).call().await? {
        println!("demo data: the chain already has players; nothing to do");
        return Ok(());
    }
    let started = std::time::Instant::now();
    let season = testkit::play_season(&chain)
        .await
        .wrap_err("playing the demo season")?;
    let head = chain.provider.get_block_number().await?;

    // The documents behind the on-chain hashes, into the content store, as the signed-in
    // admin (signed-out writers get a small rate).
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    let domain = env("SIWE_DOMAIN", None).unwrap_or_else(|_| {
        api.trim_start_matches("http://")
            .trim_start_matches("https://")
            .trim_end_matches('/')
            .to_owned()
    });
    let token = sign_in(&http, &api, &domain, &keys[0], deployment.chain_id).await?;
    let mut stored = 0;
    for (hash, json) in &season.documents {
        let body = serde_json::json!({
            "query": "mutation($j: String!) { putContent(json: $j) }",
            "variables": { "j": json },
        });
        let mut tries = 0;
        loop {
            tries += 1;
            let r: serde_json::Value = http
                .post(format!("{api}/graphql"))
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await?
                .json()
                .await?;
            match r["data"]["putContent"].as_str() {
                Some(h) if h == format!("{hash:#x}") => break,
                Some(h) => return Err(eyre!("the API stored {json} under {h}, not {hash:#x}")),
                // Signed-out writes are rate limited: wait and go on.
                None if r["errors"][0]["extensions"]["code"] == "RATE_LIMITED" && tries < 30 => {
                    tokio::time::sleep(Duration::from_secs(7)).await;
                }
                None => return Err(eyre!("putContent failed: {r}")),
            }
        }
        stored += 1;
    }
    // The pictures the documents name, each uploaded by the player who owns it (the
    // API re-encodes uploads; these PNGs come back byte for byte, so under their hash).
    let mut tokens = std::collections::HashMap::new();
    for (hash, (owner, bytes)) in &season.media {
        let key = keys
            .iter()
            .find(|k| k.address() == *owner)
            .ok_or_else(|| eyre!("no key for {owner}, who owns picture {hash:#x}"))?;
        if !tokens.contains_key(owner) {
            let t = sign_in(&http, &api, &domain, key, deployment.chain_id).await?;
            tokens.insert(*owner, t);
        }
        let mut tries = 0;
        loop {
            tries += 1;
            let r = http
                .post(format!("{api}/media"))
                .bearer_auth(&tokens[owner])
                .header("content-type", "image/png")
                .body(bytes.clone())
                .send()
                .await?;
            let status = r.status();
            let body: serde_json::Value = r.json().await?;
            match body["hash"].as_str() {
                Some(h) if h == format!("{hash:#x}") => break,
                Some(h) => return Err(eyre!("the API stored picture {hash:#x} as {h}")),
                None if status == reqwest::StatusCode::TOO_MANY_REQUESTS && tries < 30 => {
                    tokio::time::sleep(Duration::from_secs(7)).await;
                }
                None => return Err(eyre!("uploading picture {hash:#x} failed: {status} {body}")),
            }
        }
    }
    // The home page's banners, as the system admin manages them (off chain).
    let banners = [
        (
            "深渊挑战赛开启",
            "组队通关 12 层，瓜分 5000 原石积分",
            "/game-community/1",
        ),
        (
            "任务季：接任务，赚奖励",
            "奖励由合约托管，验收通过即发放",
            "/task-market/",
        ),
    ];
    for (i, (title, subtitle, link)) in banners.iter().enumerate() {
        let picture = testkit::pictures::banner(title);
        let stored: serde_json::Value = http
            .post(format!("{api}/media"))
            .bearer_auth(&token)
            .header("content-type", "image/png")
            .body(picture)
            .send()
            .await?
            .json()
            .await?;
        let hash = stored["hash"]
            .as_str()
            .ok_or_else(|| eyre!("uploading a banner picture failed: {stored}"))?;
        let r: serde_json::Value = http
            .post(format!("{api}/graphql"))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "query": "mutation($b: BannerInput!) { saveBanner(input: $b) { id } }",
                "variables": { "b": {
                    "title": title, "subtitle": subtitle, "link": link,
                    "image": hash, "position": i,
                } },
            }))
            .send()
            .await?
            .json()
            .await?;
        if r["data"]["saveBanner"]["id"].is_null() {
            return Err(eyre!("saveBanner failed: {r}"));
        }
    }
    println!(
        "demo data: {} players, {} communities, {} posts, {} tasks, {} items, {} orders, {} offers, {} documents and {} pictures stored; head block {head} ({:.0?})",
        season.users.len(),
        season.communities.len(),
        season.posts.len(),
        season.tasks.len(),
        season.items.len(),
        season.orders.len(),
        season.offers.len(),
        stored,
        season.media.len(),
        started.elapsed()
    );
    Ok(())
}

async fn gql(
    http: &reqwest::Client,
    api: &str,
    query: &str,
    variables: serde_json::Value,
) -> eyre::Result<serde_json::Value> {
    Ok(http
        .post(format!("{api}/graphql"))
        .json(&serde_json::json!({ "query": query, "variables": variables }))
        .send()
        .await
        .wrap_err_with(|| format!("reaching the API at {api}"))?
        .json()
        .await?)
}

/// Signs in with Sign-In with Ethereum and returns the session token.
async fn sign_in(
    http: &reqwest::Client,
    api: &str,
    domain: &str,
    who: &PrivateKeySigner,
    chain_id: u64,
) -> eyre::Result<String> {
    let r = gql(http, api, "mutation { siweNonce }", serde_json::json!({})).await?;
    let nonce = r["data"]["siweNonce"]
        .as_str()
        .ok_or_else(|| eyre!("siweNonce failed: {r}"))?;
    let message = testkit::siwe::message(
        domain,
        who.address(),
        chain_id,
        nonce,
        "Load the demo data.",
    );
    let signature = testkit::siwe::sign(who, &message)?;
    let r = gql(
        http,
        api,
        "mutation($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token } }",
        serde_json::json!({ "m": message, "s": signature }),
    )
    .await?;
    r["data"]["signIn"]["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| eyre!("signIn failed (is SIWE_DOMAIN {domain} the API's?): {r}"))
}
