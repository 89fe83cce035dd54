//! The relayer against a real anvil and the deployed system: players with no ETH act
//! through it; refusals say why (policy, signature, nonce, quota, the decoded error a
//! simulation hits); a transaction the node dropped is replaced with higher fees and
//! does not hold back the ones after it; and a relaying process killed with SIGKILL
//! again and again loses no accepted request and executes none twice.

mod support;

use alloy::{
    primitives::{Address, B256, U256, aliases::U48},
    providers::Provider as _,
    signers::{SignerSync as _, local::PrivateKeySigner},
    sol_types::{SolCall, SolStruct as _},
};
use bindings::{Communities, Posts, Profiles, TaskMarket};
use graphql_api::relayer::{
    self, RelayError, Relayer, Settings, Status,
    request::{ForwardRequest, RawRequest},
    store,
};
use serde_json::json;
use sqlx::MySqlPool;
use std::{sync::Arc, time::Duration};
use support::*;
use testkit::{Chain, send};

/// The sponsor: a dev account of its own (not one the tests play).
const SPONSOR: usize = 19;

fn contracts(chain: &Chain) -> Vec<(&'static str, Address)> {
    let c = chain.deployment.contracts;
    c.named()
        .into_iter()
        .chain([("Forwarder", c.Forwarder)])
        .collect()
}

fn relayer_for(pool: &MySqlPool, chain: &Chain, settings: Settings) -> Arc<Relayer> {
    let node = relayer::chain::Chain::new(
        &chain.endpoint,
        chain.players[SPONSOR].signer.clone(),
        chain.deployment.contracts.Forwarder,
        chain.deployment.chain_id,
    )
    .unwrap();
    Arc::new(Relayer::new(
        pool.clone(),
        node,
        &contracts(chain),
        settings,
    ))
}

fn fast() -> Settings {
    Settings {
        poll: Duration::from_millis(20),
        bump_after: Duration::from_secs(1),
        ..Settings::default()
    }
}

fn unix_now() -> u64 {
    graphql_api::auth::now()
}

/// `who`'s signed request to call `to` with `data`, nonce `nonce`.
fn signed(
    r: &Relayer,
    who: &PrivateKeySigner,
    to: Address,
    data: Vec<u8>,
    nonce: u64,
) -> (RawRequest, String) {
    let deadline = unix_now() + 3600;
    let req = ForwardRequest {
        from: who.address(),
        to,
        value: U256::ZERO,
        gas: U256::from(400_000),
        nonce: U256::from(nonce),
        deadline: U48::from(deadline),
        data: data.into(),
    };
    let sig = who
        .sign_hash_sync(&req.eip712_signing_hash(&r.rules.domain))
        .unwrap();
    let raw = RawRequest {
        from: who.address().to_string(),
        to: to.to_string(),
        value: "0".into(),
        gas: "400000".into(),
        nonce: nonce.to_string(),
        deadline: deadline.to_string(),
        data: req.data.to_string(),
    };
    (raw, alloy::hex::encode_prefixed(sig.as_bytes()))
}

fn register(name: &str) -> Vec<u8> {
    Profiles::registerCall {
        username: name.into(),
        profileHash: B256::repeat_byte(7),
    }
    .abi_encode()
}

/// GET `path` from the router, as JSON.
async fn get_json(app: &axum::Router, path: &str) -> serde_json::Value {
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    let resp = app
        .clone()
        .oneshot(
            axum::http::Request::get(path)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

/// Waits until request `id` is final and returns it.
async fn settled(pool: &MySqlPool, id: u64) -> store::Row {
    for _ in 0..600 {
        let row = store::get(pool, id).await.unwrap().unwrap();
        if row.status.is_final() {
            return row;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "request {id} never settled: {:?}",
        store::get(pool, id).await
    );
}

/// The system admin registers and opens a community; returns its id.
async fn community(chain: &Chain) -> U256 {
    let c = chain.deployment.contracts;
    let admin = chain.admin();
    send(admin.profiles(&c).register("admin".into(), B256::ZERO))
        .await
        .unwrap();
    let communities = admin.communities(&c);
    let create = communities.createCommunity("原神".into(), "rpg".into(), B256::repeat_byte(1));
    let id = create.call().await.unwrap();
    send(create).await.unwrap();
    id
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn players_without_eth_register_join_post_and_like_through_the_relayer(pool: MySqlPool) {
    let chain = testkit::start_chain().await.unwrap();
    let c = chain.deployment.contracts;
    let community = community(&chain).await;
    let r = relayer_for(&pool, &chain, fast());
    tokio::spawn(relayer::sender::run(r.clone()));
    let sponsor_before = chain.provider.get_balance(r.chain.sponsor).await.unwrap();

    let alice = PrivateKeySigner::random();
    let bob = PrivateKeySigner::random();
    let mut last = None;
    for (who, name) in [(&alice, "alice_nogas"), (&bob, "bob_nogas")] {
        let (raw, sig) = signed(&r, who, c.Profiles, register(name), 0);
        let row = r.relay(&raw, &sig, "127.0.0.1", unix_now()).await.unwrap();
        assert_eq!(row.status, Status::Queued);
        assert_eq!(row.call_name, "Profiles.register");
        last = Some(settled(&pool, row.id).await);
    }
    assert_eq!(last.unwrap().status, Status::Mined);
    let profiles = Profiles::new(c.Profiles, &chain.provider);
    assert!(profiles.isRegistered(alice.address()).call().await.unwrap());
    assert_eq!(
        profiles.usernameOf(bob.address()).call().await.unwrap(),
        "bob_nogas"
    );

    // Join, post (as alice: the post's author is the signer, not the sponsor), like (bob).
    let steps: Vec<(&PrivateKeySigner, Address, Vec<u8>, u64)> = vec![
        (
            &alice,
            c.Communities,
            Communities::joinCall { id: community }.abi_encode(),
            1,
        ),
        (
            &bob,
            c.Communities,
            Communities::joinCall { id: community }.abi_encode(),
            1,
        ),
        (
            &alice,
            c.Posts,
            Posts::createPostCall {
                communityId: community,
                title: "新手求带：深渊12层".into(),
                contentHash: B256::repeat_byte(9),
            }
            .abi_encode(),
            2,
        ),
        (
            &bob,
            c.Posts,
            Posts::likeCall {
                postId: U256::from(1),
            }
            .abi_encode(),
            2,
        ),
    ];
    for (who, to, data, nonce) in steps {
        let (raw, sig) = signed(&r, who, to, data, nonce);
        let row = r.relay(&raw, &sig, "127.0.0.1", unix_now()).await.unwrap();
        let done = settled(&pool, row.id).await;
        assert_eq!(done.status, Status::Mined, "{done:?}");
        assert!(done.tx_hash.is_some() && done.block_number.is_some());
    }
    let posts = Posts::new(c.Posts, &chain.provider);
    let post = posts.getPost(U256::from(1)).call().await.unwrap();
    assert_eq!(post.author, alice.address());
    assert!(
        posts
            .hasLiked(U256::from(1), bob.address())
            .call()
            .await
            .unwrap()
    );
    // Nobody but the sponsor paid.
    for who in [&alice, &bob] {
        assert_eq!(
            chain.provider.get_balance(who.address()).await.unwrap(),
            U256::ZERO
        );
    }
    assert!(chain.provider.get_balance(r.chain.sponsor).await.unwrap() < sponsor_before);
    assert!(r.balance().is_some_and(|b| !b.low), "the balance was read");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn refusals_name_the_reason_and_the_decoded_error(pool: MySqlPool) {
    let chain = testkit::start_chain().await.unwrap();
    let c = chain.deployment.contracts;
    let settings = Settings {
        quota_per_account: 2,
        quota_per_ip: 3,
        ..fast()
    };
    let r = relayer_for(&pool, &chain, settings);
    let now = unix_now();
    let carol = PrivateKeySigner::random();

    // Value-bearing calls are the player's own transactions.
    let (raw, sig) = signed(
        &r,
        &carol,
        c.TaskMarket,
        TaskMarket::cancelTaskCall { id: U256::from(1) }.abi_encode(),
        0,
    );
    let e = r.relay(&raw, &sig, "10.0.0.1", now).await.unwrap_err();
    assert!(
        matches!(&e, RelayError::Refused(x) if x.reason() == "NOT_SPONSORED"),
        "{e}"
    );

    // A like of a post that does not exist: refused with the contract's own error.
    let (raw, sig) = signed(
        &r,
        &carol,
        c.Posts,
        Posts::likeCall {
            postId: U256::from(42),
        }
        .abi_encode(),
        0,
    );
    match r.relay(&raw, &sig, "10.0.0.1", now).await.unwrap_err() {
        RelayError::Reverts(Some(d)) => {
            assert_eq!(d.name, "PostsUnknownPost", "{d:?}");
            assert_eq!(d.text, "PostsUnknownPost(postId: 42)");
        }
        other => panic!("expected a decoded revert, got {other}"),
    }

    // A nonce ahead of the chain's is refused (it could never run).
    let (raw, sig) = signed(&r, &carol, c.Profiles, register("carol_nogas"), 5);
    let e = r.relay(&raw, &sig, "10.0.0.1", now).await.unwrap_err();
    assert!(
        matches!(&e, RelayError::Refused(x) if x.reason() == "NONCE"),
        "{e}"
    );

    // Accepted once; the same signed request again is the same request, not a second one.
    let (raw, sig) = signed(&r, &carol, c.Profiles, register("carol_nogas"), 0);
    let first = r.relay(&raw, &sig, "10.0.0.1", now).await.unwrap();
    let again = r.relay(&raw, &sig, "10.0.0.1", now).await.unwrap();
    assert_eq!(first.id, again.id);
    // The next one must use nonce 1 (0 is queued): 0 again with other data is refused.
    let (raw, sig) = signed(
        &r,
        &carol,
        c.Profiles,
        Profiles::updateProfileCall {
            profileHash: B256::repeat_byte(3),
        }
        .abi_encode(),
        0,
    );
    let e = r.relay(&raw, &sig, "10.0.0.1", now).await.unwrap_err();
    assert!(
        matches!(&e, RelayError::Refused(x) if x.reason() == "NONCE"),
        "{e}"
    );
    assert_eq!(r.next_nonce(carol.address()).await.unwrap(), 1);

    // Quotas: two a day per account, three per IP.
    let (raw, sig) = signed(
        &r,
        &carol,
        c.Profiles,
        Profiles::updateProfileCall {
            profileHash: B256::repeat_byte(3),
        }
        .abi_encode(),
        1,
    );
    r.relay(&raw, &sig, "10.0.0.1", now).await.unwrap();
    let (raw, sig) = signed(
        &r,
        &carol,
        c.Profiles,
        Profiles::updateProfileCall {
            profileHash: B256::repeat_byte(4),
        }
        .abi_encode(),
        2,
    );
    let e = r.relay(&raw, &sig, "10.0.0.2", now).await.unwrap_err();
    assert!(matches!(e, RelayError::Quota(_)), "{e}");
    assert_eq!(r.remaining_today(carol.address(), now).await.unwrap(), 0);
    let dave = PrivateKeySigner::random();
    let (raw, sig) = signed(&r, &dave, c.Profiles, register("dave_nogas"), 0);
    r.relay(&raw, &sig, "10.0.0.1", now).await.unwrap();
    let erin = PrivateKeySigner::random();
    let (raw, sig) = signed(&r, &erin, c.Profiles, register("erin_nogas"), 0);
    let e = r.relay(&raw, &sig, "10.0.0.1", now).await.unwrap_err();
    assert!(matches!(e, RelayError::Quota(_)), "the IP's fourth: {e}");
    // Tomorrow the account may again.
    assert_eq!(
        r.remaining_today(carol.address(), now + 86_400)
            .await
            .unwrap(),
        2
    );

    // Through GraphQL: the reason and the error name are extensions.
    let mut cfg = graphql_api::AppConfig::local();
    cfg.relayer = Some(r.clone());
    let app = graphql_api::app_with(pool.clone(), cfg);
    let frank = PrivateKeySigner::random();
    let (raw, sig) = signed(
        &r,
        &frank,
        c.Posts,
        Posts::likeCall {
            postId: U256::from(42),
        }
        .abi_encode(),
        0,
    );
    let q = "mutation($r: ForwardRequestInput!, $s: String!) { relay(request: $r, signature: $s) { id status } }";
    let input = json!({"from": raw.from, "to": raw.to, "value": raw.value, "gas": raw.gas, "nonce": raw.nonce, "deadline": raw.deadline, "data": raw.data});
    let v = call(&app, q, json!({"r": input, "s": sig}), None).await;
    assert_eq!(code(&v), "BAD_INPUT", "{v}");
    assert_eq!(v["errors"][0]["extensions"]["reason"], "REVERTS", "{v}");
    assert!(v["errors"][0]["extensions"]["errorName"].is_string(), "{v}");
    let mut bad = input.clone();
    bad["value"] = json!("5");
    let v = call(&app, q, json!({"r": bad, "s": sig}), None).await;
    assert_eq!(code(&v), "FORBIDDEN", "{v}");
    assert_eq!(
        v["errors"][0]["extensions"]["reason"], "NOT_SPONSORED",
        "{v}"
    );
    let v = call(
        &app,
        "{ sponsorship { enabled forwarder functions { contract functionName } } }",
        json!({}),
        None,
    )
    .await;
    assert_eq!(v["data"]["sponsorship"]["enabled"], true, "{v}");
    let fns = v["data"]["sponsorship"]["functions"].as_array().unwrap();
    assert!(
        fns.iter()
            .any(|f| f["contract"] == "Posts" && f["functionName"] == "like"),
        "{v}"
    );
    assert!(
        !fns.iter().any(|f| f["functionName"] == "publishTask"),
        "{v}"
    );
    // A sponsor under the minimum balance shows in /healthz (and the metrics).
    let poor = relayer_for(
        &pool,
        &chain,
        Settings {
            min_balance: U256::MAX,
            ..fast()
        },
    );
    tokio::spawn(relayer::sender::run(poor.clone()));
    for _ in 0..200 {
        if poor.balance().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(poor.balance().unwrap().low);
    let mut cfg = graphql_api::AppConfig::local();
    cfg.relayer = Some(poor);
    let health = get_json(&graphql_api::app_with(pool.clone(), cfg), "/healthz").await;
    assert_eq!(health["status"], "degraded", "{health}");
    assert_eq!(health["relayer"]["low"], true, "{health}");
    assert!(health["relayer"]["balanceWei"].is_string(), "{health}");
    assert!(graphql_api::metrics::render().contains("api_relayer_sponsor_balance_eth"));
    let mut cfg = graphql_api::AppConfig::local();
    cfg.relayer = Some(r.clone());
    let health = get_json(&graphql_api::app_with(pool.clone(), cfg), "/healthz").await;
    assert_eq!(
        health["relayer"]["sponsor"],
        r.chain.sponsor.to_checksum(None),
        "{health}"
    );

    // Without a relayer: RELAYER_OFF.
    let app = graphql_api::app_with(pool.clone(), graphql_api::AppConfig::local());
    let v = call(&app, q, json!({"r": input, "s": sig}), None).await;
    assert_eq!(v["errors"][0]["extensions"]["reason"], "RELAYER_OFF", "{v}");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn a_pause_between_acceptance_and_sending_fails_the_request_with_its_reason(pool: MySqlPool) {
    let chain = testkit::start_chain().await.unwrap();
    let c = chain.deployment.contracts;
    let community = community(&chain).await;
    // Alice (a funded player) posts directly.
    let alice = &chain.players[1];
    send(alice.profiles(&c).register("alice".into(), B256::ZERO))
        .await
        .unwrap();
    send(alice.communities(&c).join(community)).await.unwrap();
    send(
        alice
            .posts(&c)
            .createPost(community, "求组队".into(), B256::repeat_byte(5)),
    )
    .await
    .unwrap();
    // A gasless player's register, join and like are accepted while nothing sends.
    let r = relayer_for(&pool, &chain, fast());
    let bob = PrivateKeySigner::random();
    let calls = [
        (c.Profiles, register("bob_paused")),
        (
            c.Communities,
            Communities::joinCall { id: community }.abi_encode(),
        ),
        (
            c.Posts,
            Posts::likeCall {
                postId: U256::from(1),
            }
            .abi_encode(),
        ),
    ];
    let mut ids = Vec::new();
    for (nonce, (to, data)) in calls.into_iter().enumerate() {
        let (raw, sig) = signed(&r, &bob, to, data, nonce as u64);
        ids.push(
            r.relay(&raw, &sig, "127.0.0.1", unix_now())
                .await
                .unwrap()
                .id,
        );
    }
    // The system admin pauses Posts before the relayer gets to the like.
    send(chain.admin().posts(&c).pause()).await.unwrap();
    tokio::spawn(relayer::sender::run(r.clone()));
    assert_eq!(settled(&pool, ids[0]).await.status, Status::Mined);
    assert_eq!(settled(&pool, ids[1]).await.status, Status::Mined);
    let like = settled(&pool, ids[2]).await;
    assert_eq!(like.status, Status::Failed, "{like:?}");
    assert_eq!(
        like.error_name.as_deref(),
        Some("EnforcedPause"),
        "{like:?}"
    );
    assert!(like.tx_hash.is_none(), "nothing was sent for it: {like:?}");
    // The sponsor paid for no reverted transaction, and bob's forwarder nonce stops at 2.
    let forwarder = bindings::Forwarder::new(c.Forwarder, &chain.provider);
    assert_eq!(
        forwarder.nonces(bob.address()).call().await.unwrap(),
        U256::from(2)
    );
    assert_eq!(store::txs(&pool, ids[2]).await.unwrap().len(), 0);
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn a_dropped_transaction_is_replaced_and_does_not_hold_back_the_rest(pool: MySqlPool) {
    let chain = testkit::start_chain().await.unwrap();
    let c = chain.deployment.contracts;
    let r = relayer_for(&pool, &chain, fast());
    chain.set_automine(false).await.unwrap();
    tokio::spawn(relayer::sender::run(r.clone()));
    let players: Vec<PrivateKeySigner> = (0..3).map(|_| PrivateKeySigner::random()).collect();
    let mut ids = Vec::new();
    for (i, p) in players.iter().enumerate() {
        let (raw, sig) = signed(&r, p, c.Profiles, register(&format!("stuck_{i}")), 0);
        ids.push(
            r.relay(&raw, &sig, "127.0.0.1", unix_now())
                .await
                .unwrap()
                .id,
        );
    }
    // All three go out with consecutive sponsor nonces.
    let mut sent = Vec::new();
    for _ in 0..200 {
        sent = Vec::new();
        for id in &ids {
            sent.push(store::get(&pool, *id).await.unwrap().unwrap());
        }
        if sent.iter().all(|row| row.status == Status::Sent) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let nonces: Vec<u64> = sent
        .iter()
        .map(|row| row.sponsor_nonce.expect("sent"))
        .collect();
    assert_eq!(nonces[1], nonces[0] + 1);
    assert_eq!(nonces[2], nonces[0] + 2);
    // The node loses the first one: the other two cannot be mined past the gap.
    let first = sent[0].tx_hash.clone().unwrap();
    let _: serde_json::Value = chain
        .provider
        .raw_request("anvil_dropTransaction".into(), (first.clone(),))
        .await
        .unwrap();
    chain.mine(1).await.unwrap();
    for id in &ids {
        assert_ne!(
            store::get(&pool, *id).await.unwrap().unwrap().status,
            Status::Mined
        );
    }
    // After bump_after the first is replaced (same nonce, higher fees) and all go through.
    let mut mined = false;
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        chain.mine(1).await.unwrap();
        let rows =
            futures_util::future::join_all(ids.iter().map(|id| store::get(&pool, *id))).await;
        if rows
            .iter()
            .all(|row| row.as_ref().unwrap().as_ref().unwrap().status == Status::Mined)
        {
            mined = true;
            break;
        }
    }
    assert!(mined, "all three were mined");
    let txs = store::txs(&pool, ids[0]).await.unwrap();
    assert!(txs.len() >= 2, "the first was replaced: {txs:?}");
    assert!(
        txs[1].fees.max_fee > txs[0].fees.max_fee,
        "with a higher fee"
    );
    let row = store::get(&pool, ids[0]).await.unwrap().unwrap();
    assert_ne!(
        row.tx_hash.as_deref(),
        Some(first.as_str()),
        "the replacement was mined"
    );
    for (i, p) in players.iter().enumerate() {
        let name = Profiles::new(c.Profiles, &chain.provider)
            .usernameOf(p.address())
            .call()
            .await
            .unwrap();
        assert_eq!(name, format!("stuck_{i}"));
    }
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn kill_9_while_relaying_loses_nothing_and_executes_nothing_twice(pool: MySqlPool) {
    let chain = testkit::start_chain_with(testkit::ChainOptions {
        block_time: Some(2),
        ..Default::default()
    })
    .await
    .unwrap();
    let c = chain.deployment.contracts;
    let dir = tempfile::tempdir().unwrap();
    let deployment = dir.path().join("deployment.json");
    std::fs::write(
        &deployment,
        serde_json::to_string(&chain.deployment).unwrap(),
    )
    .unwrap();
    let url = database_url(&pool).await;
    let key = alloy::hex::encode_prefixed(chain.players[SPONSOR].signer.to_bytes());
    let deployment_path = deployment.to_string_lossy().to_string();
    let env = [
        ("DEPLOYMENTS", deployment_path.as_str()),
        ("PUBLIC_RPC_URL", chain.endpoint.as_str()),
        ("RELAYER_KEY", key.as_str()),
        ("RELAYER_POLL_MS", "20"),
        ("RELAYER_BUMP_SECS", "3"),
    ];
    // Requests are signed against the relayer's domain (read from an in-process one).
    let r = relayer_for(&pool, &chain, fast());
    const PLAYERS: usize = 12;
    let players: Vec<PrivateKeySigner> = (0..PLAYERS).map(|_| PrivateKeySigner::random()).collect();
    let q = "mutation($r: ForwardRequestInput!, $s: String!) { relay(request: $r, signature: $s) { id } }";
    let http = alloy::transports::http::reqwest::Client::new();
    let mut api = serve(&url, &env).await;
    // Four requests each: register, then three profile updates. A player's request
    // waits for the one before it to be mined, so they are sent in waves.
    let calls = |i: usize| {
        [
            register(&format!("killed_{i}")),
            Profiles::updateProfileCall {
                profileHash: B256::repeat_byte(0xee),
            }
            .abi_encode(),
            Profiles::updateProfileCall {
                profileHash: B256::repeat_byte(0xdd),
            }
            .abi_encode(),
            Profiles::updateProfileCall {
                profileHash: B256::repeat_byte(i as u8 + 1),
            }
            .abi_encode(),
        ]
    };
    let finals = async || -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM relay_request WHERE status IN ('mined', 'failed')")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let sent = async || -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM relay_tx")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    // Eight rounds, each against a fresh process: half the players' next requests go in,
    // then the process is killed with SIGKILL as soon as it has sent something (so kills
    // land between storing a transaction and broadcasting it, or just after), or after
    // at most 2 s. Every round brings new work, so every kill lands mid-run.
    const ROUNDS: usize = 8;
    let mut ids = Vec::new();
    let mut after_a_send = 0;
    for round in 0..ROUNDS {
        let nonce = round / 2;
        let half = PLAYERS / 2;
        let before = sent().await;
        for (i, p) in players.iter().enumerate().skip(round % 2 * half).take(half) {
            let (raw, sig) = signed(&r, p, c.Profiles, calls(i)[nonce].clone(), nonce as u64);
            let input = json!({"from": raw.from, "to": raw.to, "value": raw.value, "gas": raw.gas, "nonce": raw.nonce, "deadline": raw.deadline, "data": raw.data});
            let body = json!({"query": q, "variables": {"r": input, "s": sig}});
            let text = http
                .post(format!("http://{}/graphql", api.1))
                .header("content-type", "application/json")
                .body(body.to_string())
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            ids.push(
                v["data"]["relay"]["id"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{v}"))
                    .parse::<u64>()
                    .unwrap(),
            );
        }
        for _ in 0..80 {
            if sent().await > before {
                after_a_send += 1;
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        api.0.kill().unwrap(); // SIGKILL
        api.0.wait().unwrap();
        api = serve(&url, &env).await;
    }
    let kills = ROUNDS;
    // Then the last process finishes the work.
    let started = std::time::Instant::now();
    while (finals().await as usize) < ids.len() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "after {kills} kills, {} of {} requests ended within 2 minutes",
            finals().await,
            ids.len()
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    api.0.kill().unwrap();
    api.0.wait().unwrap();
    assert!(after_a_send >= 3, "{after_a_send} kills right after a send");
    // Every accepted request was mined, once.
    for id in &ids {
        let row = store::get(&pool, *id).await.unwrap().unwrap();
        assert_eq!(row.status, Status::Mined, "{row:?}");
    }
    let profiles = Profiles::new(c.Profiles, &chain.provider);
    let forwarder = bindings::Forwarder::new(c.Forwarder, &chain.provider);
    for (i, p) in players.iter().enumerate() {
        assert_eq!(
            profiles.usernameOf(p.address()).call().await.unwrap(),
            format!("killed_{i}")
        );
        assert_eq!(
            profiles.profileHashOf(p.address()).call().await.unwrap(),
            B256::repeat_byte(i as u8 + 1)
        );
        // Four requests, four executions: the forwarder's nonce says how many ran.
        assert_eq!(
            forwarder.nonces(p.address()).call().await.unwrap(),
            U256::from(4)
        );
    }
    // No request had two of its transactions mined: one successful execution each.
    let logs = chain
        .provider
        .get_logs(
            &alloy::rpc::types::Filter::new()
                .address(c.Forwarder)
                .from_block(0),
        )
        .await
        .unwrap();
    assert_eq!(
        logs.len(),
        ids.len(),
        "one ExecutedForwardRequest per request"
    );
}
