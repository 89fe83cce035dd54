//! The whole stack as a player and an auditor meet it: anvil with the system deployed,
//! a fresh database, `indexer run` and `graphql-api serve` as processes; a full season
//! played with alloy (every contract function of INTERFACE §1), every object checked
//! through GraphQL, a live subscription, a time-travel read, `indexer audit` with no
//! differences, and a backup/restore round trip of the off-chain data.
//!
//! The processes are started with the stack launcher's parts (`testkit::stack`); the
//! binaries come from this workspace's target directory (`cargo build -p indexer
//! -p graphql-api`; `scripts/test` builds them first).

use alloy::{
    primitives::{Address, B256, U256},
    providers::Provider as _,
    rpc::types::Filter,
    signers::local::PrivateKeySigner,
    sol_types::SolEvent as _,
    transports::http::reqwest,
};
use futures::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
    process::Command,
    time::{Duration, Instant},
};
use testkit::{
    Season,
    stack::{ApiConfig, Binaries, IndexerConfig, MysqlUrl, Proc, free_port},
    status,
};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest as _};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A database of its own on the test server, dropped at the end.
struct Db {
    url: MysqlUrl,
}

impl Db {
    async fn create() -> Db {
        let base = std::env::var("DATABASE_URL")
            .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into());
        let name = format!("e2e_{}_{}", std::process::id(), free_port());
        let db = Db {
            url: MysqlUrl::parse(&base).unwrap().with_database(&name),
        };
        db.url.create_database().await.unwrap();
        db
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let url = self.url.clone();
        let _ = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(async {
                    let _ = url.drop_database().await;
                })
        })
        .join();
    }
}

struct Stack {
    dir: tempfile::TempDir,
    bins: Binaries,
    indexer: IndexerConfig,
    api: ApiConfig,
    api_addr: String,
    db_url: String,
    http: reqwest::Client,
}

impl Stack {
    fn indexer(&self, command: &str) -> Command {
        self.indexer.command(&self.bins, command).unwrap()
    }

    fn start_indexer(&self) -> Proc {
        self.indexer
            .start(&self.bins, &self.dir.path().join("indexer.log"))
            .unwrap()
    }

    async fn start_api(&self) -> Proc {
        self.api
            .start(&self.bins, &self.dir.path().join("api.log"))
            .await
            .unwrap_or_else(|e| panic!("graphql-api serve did not come up: {e}"))
    }

    async fn gql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let mut req = self
            .http
            .post(format!("http://{}/graphql", self.api_addr))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let v: Value = req.send().await.unwrap().json().await.unwrap();
        assert!(v.get("errors").is_none(), "{query}: {v}");
        v["data"].clone()
    }

    async fn indexed_block(&self) -> u64 {
        let d = self
            .gql("{ indexerStatus { indexedBlock } }", json!({}), None)
            .await;
        d["indexerStatus"]["indexedBlock"].as_u64().unwrap_or(0)
    }

    async fn wait_indexed(&self, block: u64) {
        let started = Instant::now();
        while self.indexed_block().await < block {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the indexer did not reach block {block}: {}",
                std::fs::read_to_string(self.dir.path().join("indexer.log")).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Signs in with SIWE and returns the session token.
    async fn sign_in(&self, who: &PrivateKeySigner, chain_id: u64) -> String {
        let d = self.gql("mutation { siweNonce }", json!({}), None).await;
        let nonce = d["siweNonce"].as_str().unwrap();
        let message = testkit::siwe::message(
            &self.api_addr,
            who.address(),
            chain_id,
            nonce,
            "End-to-end test.",
        );
        let signature = testkit::siwe::sign(who, &message).unwrap();
        let d = self
            .gql(
                "mutation($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token } }",
                json!({ "m": message, "s": signature }),
                None,
            )
            .await;
        d["signIn"]["token"].as_str().unwrap().to_owned()
    }
}

fn lower(a: Address) -> String {
    format!("{a:#x}")
}

fn task_status(s: u8) -> &'static str {
    match s {
        status::TASK_OPEN => "OPEN",
        status::TASK_CLAIMED => "CLAIMED",
        status::TASK_SUBMITTED => "SUBMITTED",
        status::TASK_COMPLETED => "COMPLETED",
        status::TASK_EXPIRED => "EXPIRED",
        status::TASK_CANCELLED => "CANCELLED",
        status::TASK_DISPUTED => "DISPUTED",
        other => panic!("task status {other}"),
    }
}

fn order_status(s: u8) -> &'static str {
    match s {
        status::ORDER_ORDERED => "ORDERED",
        status::ORDER_PAID => "PAID",
        status::ORDER_COMPLETED => "COMPLETED",
        status::ORDER_CANCELLED => "CANCELLED",
        other => panic!("order status {other}"),
    }
}

fn offer_status(s: u8) -> &'static str {
    match s {
        status::OFFER_OPEN => "OPEN",
        status::OFFER_FILLED => "FILLED",
        status::OFFER_CANCELLED => "CANCELLED",
        other => panic!("offer status {other}"),
    }
}

/// The nodes of a connection, keyed by `id`.
fn by_id(conn: &Value) -> BTreeMap<u64, Value> {
    conn["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("not a connection: {conn}"))
        .iter()
        .map(|n| (n["id"].as_str().unwrap().parse().unwrap(), n.clone()))
        .collect()
}

/// Stores every document of the season, signed in as `token`'s account.
async fn store_documents(stack: &Stack, season: &Season, token: &str) {
    for (hash, doc) in &season.documents {
        let d = stack
            .gql(
                "mutation($j: String!) { putContent(json: $j) }",
                json!({ "j": doc }),
                Some(token),
            )
            .await;
        assert_eq!(d["putContent"], format!("{hash:#x}"), "{doc}");
    }
}

/// The whole season, read back through GraphQL and compared with what was played.
async fn check_season(stack: &Stack, season: &Season, admin_token: &str) {
    let d = stack
        .gql(
            "{ users(first: 100) { totalCount nodes { address username verified profile { verified } } } }",
            json!({}),
            None,
        )
        .await;
    let users: BTreeMap<String, &Value> = d["users"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["address"].as_str().unwrap().to_lowercase(), u))
        .collect();
    assert_eq!(users.len(), season.users.len());
    for u in &season.users {
        let got = users[&lower(u.address)];
        assert_eq!(got["username"], u.username.as_str());
        assert_eq!(got["verified"], u.verified, "{}", u.username);
        assert_eq!(
            got["profile"]["verified"], true,
            "{}'s profile document",
            u.username
        );
    }

    let d = stack
        .gql(
            "{ communities(first: 100) { nodes { id name theme memberCount pointsToken description { verified } } } }",
            json!({}),
            None,
        )
        .await;
    let communities = by_id(&d["communities"]);
    assert_eq!(communities.len(), season.communities.len());
    for c in &season.communities {
        let got = &communities[&c.id];
        assert_eq!(got["name"], c.name.as_str());
        assert_eq!(got["theme"], c.theme.as_str());
        assert_eq!(got["memberCount"], c.member_count(), "community {}", c.id);
        assert_eq!(
            got["pointsToken"].as_str().map(str::to_lowercase),
            c.points.map(lower),
            "community {}",
            c.id
        );
        assert_eq!(got["description"]["verified"], true);
        let m = stack
            .gql(
                "query($c: String!) { members(communityId: $c, first: 100) { nodes { account isAdmin adminSince community { id } } } }",
                json!({ "c": c.id.to_string() }),
                None,
            )
            .await;
        assert!(
            m["members"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|n| n["community"]["id"].as_str() == Some(c.id.to_string().as_str()))
        );
        let members: BTreeSet<String> = m["members"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["account"].as_str().unwrap().to_lowercase())
            .collect();
        assert_eq!(
            members,
            c.members.iter().map(|a| lower(*a)).collect(),
            "community {}",
            c.id
        );
        // Since when each admin has been one (a recovery carried one seat over).
        let since: BTreeMap<String, u64> = m["members"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| {
                let at = n["adminSince"].as_u64()?;
                Some((n["account"].as_str().unwrap().to_lowercase(), at))
            })
            .collect();
        let want: BTreeMap<String, u64> =
            c.admin_since.iter().map(|(a, t)| (lower(*a), *t)).collect();
        assert_eq!(since, want, "admins of community {}", c.id);
    }

    let d = stack
        .gql("{ tokens { address communityId symbol } }", json!({}), None)
        .await;
    let tokens: BTreeMap<String, String> = d["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["address"].as_str().unwrap().to_lowercase(),
                t["communityId"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want: BTreeMap<String, String> = season
        .communities
        .iter()
        .filter_map(|c| c.points.map(|p| (lower(p), c.id.to_string())))
        .collect();
    assert_eq!(tokens, want, "one point token per community that made one");

    let d = stack
        .gql(
            "{ posts(first: 100, filter: { includeRemoved: true }) { nodes { id title removed likeCount commentCount authorAddress content { verified text } } } }",
            json!({}),
            None,
        )
        .await;
    let posts = by_id(&d["posts"]);
    assert_eq!(posts.len(), season.posts.len());
    for p in &season.posts {
        let got = &posts[&p.id];
        assert_eq!(got["title"], p.title.as_str());
        assert_eq!(got["removed"], p.removed);
        assert_eq!(got["likeCount"], p.likers.len() as u64, "post {}", p.id);
        let comments = season
            .comments
            .iter()
            .filter(|c| c.target_kind == 2 && c.target_id == p.id && c.removed_by.is_none())
            .count();
        assert_eq!(got["commentCount"], comments as u64, "post {}", p.id);
        assert_eq!(got["content"]["verified"], true, "post {}", p.id);
    }

    let d = stack
        .gql(
            "{ tasks(first: 100) { totalCount nodes { id title status reward rewardToken claimerAddress workDeadline disputeDeadline releasedClaimers spec { verified } rejection { verified } dispute { verified } } } }",
            json!({}),
            None,
        )
        .await;
    let tasks = by_id(&d["tasks"]);
    assert_eq!(tasks.len(), season.tasks.len());
    let mut statuses = BTreeSet::new();
    for t in &season.tasks {
        let got = &tasks[&t.id];
        assert_eq!(got["title"], t.title.as_str());
        assert_eq!(got["status"], task_status(t.status), "task {}", t.id);
        assert_eq!(got["reward"], t.reward.to_string());
        assert_eq!(got["spec"]["verified"], true);
        assert_eq!(got["workDeadline"], json!(t.work_deadline), "task {}", t.id);
        assert_eq!(
            got["disputeDeadline"],
            json!(t.dispute_deadline),
            "task {}",
            t.id
        );
        let released: Vec<String> = got["releasedClaimers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_lowercase())
            .collect();
        assert_eq!(
            released,
            t.released.iter().map(|a| lower(*a)).collect::<Vec<_>>(),
            "task {}",
            t.id
        );
        if t.status == status::TASK_DISPUTED {
            // The claimer and the arbiter can read both sides.
            assert_eq!(got["rejection"]["verified"], true, "task {}", t.id);
            assert_eq!(got["dispute"]["verified"], true, "task {}", t.id);
        }
        statuses.insert(task_status(t.status));
    }
    assert_eq!(
        statuses.len(),
        7,
        "the season leaves tasks in every status: {statuses:?}"
    );

    let d = stack
        .gql(
            "{ items(first: 100, includeInactive: true) { nodes { id name price stock active ratingCount metadata { verified } } } }",
            json!({}),
            None,
        )
        .await;
    let items = by_id(&d["items"]);
    assert_eq!(items.len(), season.items.len());
    for i in &season.items {
        let got = &items[&i.id];
        assert_eq!(got["name"], i.name.as_str());
        assert_eq!(got["price"], i.price.to_string());
        assert_eq!(got["stock"], u64::from(i.stock), "item {}", i.id);
        assert_eq!(got["active"], i.active);
        assert_eq!(got["ratingCount"], i.rating_count);
    }

    // Orders are private: the system admin reads them all.
    let d = stack
        .gql(
            "{ orders(first: 100) { nodes { id buyer status quantity amount reviewed expiresAt } } }",
            json!({}),
            Some(admin_token),
        )
        .await;
    let orders = by_id(&d["orders"]);
    assert_eq!(orders.len(), season.orders.len());
    for o in &season.orders {
        let got = &orders[&o.id];
        assert_eq!(
            got["buyer"].as_str().unwrap().to_lowercase(),
            lower(o.buyer)
        );
        assert_eq!(got["status"], order_status(o.status), "order {}", o.id);
        assert_eq!(got["amount"], o.amount.to_string());
        assert_eq!(got["reviewed"], o.stars.is_some());
        assert_eq!(got["expiresAt"], o.expires_at, "order {}", o.id);
    }

    let d = stack
        .gql(
            "{ offers(first: 100) { nodes { id maker status giveAmount wantAmount taker } } }",
            json!({}),
            None,
        )
        .await;
    let offers = by_id(&d["offers"]);
    assert_eq!(offers.len(), season.offers.len());
    for o in &season.offers {
        let got = &offers[&o.id];
        assert_eq!(got["status"], offer_status(o.status), "offer {}", o.id);
        assert_eq!(got["giveAmount"], o.give_amount.to_string());
        assert_eq!(
            got["taker"].as_str().map(str::to_lowercase),
            o.taker.map(lower),
            "offer {}",
            o.id
        );
    }

    // Point balances of every player.
    for u in &season.users {
        let d = stack
            .gql(
                "query($a: String!) { user(address: $a) { balances { token balance } } }",
                json!({ "a": lower(u.address) }),
                None,
            )
            .await;
        let got: BTreeMap<String, String> = d["user"]["balances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["token"].as_str().unwrap().to_lowercase(),
                    b["balance"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let want: BTreeMap<String, String> = season
            .balances
            .iter()
            .filter(|((_, account), v)| *account == u.address && **v > U256::ZERO)
            .filter(|((token, _), _)| season.communities.iter().any(|c| c.points == Some(*token)))
            .map(|((token, _), v)| (lower(*token), v.to_string()))
            .collect();
        assert_eq!(got, want, "{}'s balances", u.username);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_season_through_the_whole_stack() {
    let chain = testkit::start_chain()
        .await
        .expect("anvil and the deployment");
    let db = Db::create().await;
    let dir = tempfile::tempdir().unwrap();
    let deployments = dir.path().join("deployment.json");
    std::fs::write(
        &deployments,
        serde_json::to_string(&chain.deployment).unwrap(),
    )
    .unwrap();
    let api_addr = format!("127.0.0.1:{}", free_port());
    let stack = Stack {
        bins: Binaries::beside_test(),
        indexer: IndexerConfig {
            database_url: db.url.to_string(),
            rpc_url: chain.endpoint(),
            deployments: deployments.clone(),
            metrics_addr: format!("127.0.0.1:{}", free_port()),
            env: [("POLL_INTERVAL_MS", "50"), ("RUST_LOG", "warn")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .to_vec(),
        },
        api: ApiConfig {
            database_url: db.url.to_string(),
            listen: api_addr.clone(),
            jwt_secret: "an-end-to-end-secret-of-32-bytes-or-more".to_owned(),
            mail_dir: dir.path().join("mail"),
            deployments: Some(deployments),
            siwe_domain: Some(api_addr.clone()),
            public_url: None,
            public_rpc_url: None,
            web_dir: None,
            env: vec![("RUST_LOG".to_owned(), "warn".to_owned())],
        },
        db_url: db.url.to_string(),
        api_addr,
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap(),
        dir,
    };
    let migrated = stack.indexer("migrate").output().unwrap();
    assert!(migrated.status.success(), "{migrated:?}");
    let indexer = stack.start_indexer();
    let api = stack.start_api().await;

    // A subscriber watches new posts and blocks while the season is played.
    let mut req = format!("ws://{}/graphql/ws", stack.api_addr)
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    ws.send(Message::text(
        json!({"type": "connection_init"}).to_string(),
    ))
    .await
    .unwrap();
    for (id, q) in [
        ("posts", "subscription { postCreated { id title } }"),
        ("blocks", "subscription { blockIndexed { number } }"),
    ] {
        ws.send(Message::text(
            json!({"id": id, "type": "subscribe", "payload": {"query": q}}).to_string(),
        ))
        .await
        .unwrap();
    }
    let (collected_tx, mut collected) = tokio::sync::mpsc::unbounded_channel::<Value>();
    let reader = tokio::spawn(async move {
        while let Some(Ok(m)) = ws.next().await {
            if let Message::Text(t) = m {
                let v: Value = serde_json::from_str(&t).unwrap();
                if v["type"] == "next" && collected_tx.send(v).is_err() {
                    return;
                }
            }
        }
    });
    // The feed is live once it pushes a block: until then, mine empty ones (the first
    // block the poller reads is only its starting point, never pushed).
    let live_by = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(
            Instant::now() < live_by,
            "no blockIndexed pushed within 30 s of mining empty blocks"
        );
        chain.mine(1).await.expect("mining an empty block");
        if let Ok(Some(v)) =
            tokio::time::timeout(Duration::from_millis(500), collected.recv()).await
        {
            assert_eq!(v["id"], "blocks", "only empty blocks were mined: {v}");
            break;
        }
    }

    let season = testkit::play_season(&chain)
        .await
        .expect("the season plays");
    assert!(
        season.tx_count > 100,
        "a full season: {} transactions",
        season.tx_count
    );
    let admin_key = chain.admin().signer.clone();
    let admin_token = stack.sign_in(&admin_key, chain.chain_id()).await;
    store_documents(&stack, &season, &admin_token).await;
    stack.wait_indexed(season.last_block).await;

    check_season(&stack, &season, &admin_token).await;

    // The subscription pushed every post and reached the last block.
    let mut pushed_posts = BTreeSet::new();
    let mut last_block_pushed = 0;
    let deadline = Instant::now() + Duration::from_secs(20);
    while (pushed_posts.len() < season.posts.len() || last_block_pushed < season.last_block)
        && Instant::now() < deadline
    {
        if let Ok(Some(v)) = tokio::time::timeout(Duration::from_secs(1), collected.recv()).await {
            match v["id"].as_str() {
                Some("posts") => {
                    pushed_posts.insert(
                        v["payload"]["data"]["postCreated"]["id"]
                            .as_str()
                            .unwrap()
                            .to_owned(),
                    );
                }
                Some("blocks") => {
                    last_block_pushed = last_block_pushed.max(
                        v["payload"]["data"]["blockIndexed"]["number"]
                            .as_u64()
                            .unwrap(),
                    );
                }
                _ => {}
            }
        }
    }
    let want_posts: BTreeSet<String> = season.posts.iter().map(|p| p.id.to_string()).collect();
    assert_eq!(pushed_posts, want_posts, "postCreated pushed every post");
    assert_eq!(
        last_block_pushed, season.last_block,
        "blockIndexed reached the head"
    );
    reader.abort();

    // Time travel: a completed task read as of the block that published it is OPEN.
    let done = season
        .tasks
        .iter()
        .find(|t| t.status == status::TASK_COMPLETED)
        .unwrap();
    let logs = chain
        .provider
        .get_logs(
            &Filter::new()
                .address(chain.contracts().TaskMarket)
                .event_signature(bindings::TaskMarket::TaskPublished::SIGNATURE_HASH)
                .topic1(B256::from(U256::from(done.id)))
                .from_block(season.first_block),
        )
        .await
        .unwrap();
    let published = logs[0].block_number.unwrap();
    let q = "query($id: String!, $b: Int!) { then: task(id: $id, block: { number: $b }) { status } now: task(id: $id) { status } before: task(id: $id, block: { number: 1 }) { status } }";
    let d = stack
        .gql(
            q,
            json!({ "id": done.id.to_string(), "b": published }),
            None,
        )
        .await;
    assert_eq!(d["then"]["status"], "OPEN");
    assert_eq!(d["now"]["status"], "COMPLETED");
    assert_eq!(d["before"], json!(null));

    // The auditor's check: a scratch re-derivation from the chain agrees row by row.
    let audit = stack.indexer("audit").output().unwrap();
    let out = String::from_utf8_lossy(&audit.stdout);
    assert!(
        audit.status.success() && out.contains("0 difference(s)"),
        "indexer audit: {out}\n{}",
        String::from_utf8_lossy(&audit.stderr)
    );

    // Backup and restore: contacts, sessions and documents survive a lost database.
    let alice_key = chain.players[1].signer.clone();
    let alice = stack.sign_in(&alice_key, chain.chain_id()).await;
    stack
        .gql(
            "mutation { updateContact(email: \"alice@example.com\", phone: \"+8613800138000\") { email } }",
            json!({}),
            Some(&alice),
        )
        .await;
    let snapshot_q = "{ me { username email phone } posts(first: 100, filter: { includeRemoved: true }) { nodes { id title content { json verified } } } tasks(first: 100) { nodes { id status spec { verified } } } orders(first: 100) { nodes { id status } } indexerStatus { indexedBlock stateDigest } }";
    let before = stack.gql(snapshot_q, json!({}), Some(&alice)).await;
    let backup = repo_root().join(format!("target/e2e-backup-{}.sql", std::process::id()));
    let run = |script: &str, args: &[&Path]| {
        let out = Command::new(repo_root().join(script))
            .args(args)
            .env("DATABASE_URL", &stack.db_url)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run("scripts/backup", &[&backup]);
    indexer.stop();
    db.url.drop_database().await.unwrap();
    run("scripts/restore", &[&backup]);
    let _ = std::fs::remove_file(&backup);
    let _indexer = stack.start_indexer();
    stack.wait_indexed(season.last_block).await;
    let after = stack.gql(snapshot_q, json!({}), Some(&alice)).await;
    assert_eq!(
        before, after,
        "the API answers the same after restore + re-index"
    );
    assert_eq!(after["me"]["email"], "alice@example.com");
    drop(api);
}
