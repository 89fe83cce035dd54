//! `api-data`: loads a read-model database for the API benchmark (`scripts/bench/api`)
//! straight through SQL: users, communities (with point tokens), tasks in every status,
//! posts, and stored documents for some of the posts, with Chinese and English titles
//! built from a vocabulary and `search_terms` filled with `indexer::search::terms` of the
//! exact text, as the indexer (titles, names) and the API (documents) write them.
//!
//! The database is dropped, created and migrated (`indexer::db::migrate`, the read
//! model's migrations, then the API's own for `content`). Rows are generated in Rust from their ids (deterministic: a rerun
//! loads the same data) and sent as multi-row INSERTs in the text protocol over a few
//! connections. By default the loaded tables' secondary indexes (B-tree and FULLTEXT)
//! are dropped first and built again at the end, in bulk, which is much faster than
//! maintaining them row by row; the tables' `SHOW CREATE TABLE` is checked to be
//! exactly what the migrations made.
//!
//! What is not loaded: `*_history` tables (only time travel reads them), members,
//! likes, comments, items, orders. Every NOT NULL column of the loaded tables has a
//! plausible value, provenance included (`block_number`, `block_hash`, `tx_hash`,
//! `log_index` of a consistent made-up chain), and `indexer_state` says the last block.

use alloy::primitives::keccak256;
use clap::Parser;
use eyre::{Context, bail, eyre};
use indexer::search;
use sqlx::{
    Connection, Executor, MySqlConnection, Row,
    mysql::{MySqlConnectOptions, MySqlPoolOptions},
};
use std::{
    collections::BTreeMap,
    fmt::Write as _,
    path::PathBuf,
    str::FromStr,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Instant,
};

/// Loads a read-model database for the API benchmark.
#[derive(Debug, Parser)]
#[command(name = "api-data")]
struct Args {
    /// The database to create (dropped first if it exists): mysql://user:pass@host:port/db.
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// Registered users.
    #[arg(long, default_value_t = 100_000)]
    users: u64,
    /// Communities (60% with a point token).
    #[arg(long, default_value_t = 10_000)]
    communities: u64,
    /// Tasks (about a third open).
    #[arg(long, default_value_t = 100_000)]
    tasks: u64,
    /// Posts.
    #[arg(long, default_value_t = 1_000_000)]
    posts: u64,
    /// Posts whose document is in the content store (spread evenly over the posts).
    #[arg(long, default_value_t = 100_000)]
    documents: u64,
    /// Rows per INSERT statement.
    #[arg(long, default_value_t = 2_000)]
    batch_rows: u64,
    /// Connections inserting at once.
    #[arg(long, default_value_t = 2)]
    connections: usize,
    /// Keep the secondary indexes while loading (slower; for comparison).
    #[arg(long)]
    keep_indexes: bool,
    /// Where to write the summary (JSON).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The tables loaded, in load order.
const TABLES: [&str; 6] = ["User", "Community", "Token", "Task", "Post", "content"];

/// Chinese words: games, and what players talk about.
const ZH: [&str; 40] = [
    "原神",
    "王者荣耀",
    "英雄联盟",
    "绝地求生",
    "我的世界",
    "塞尔达",
    "宝可梦",
    "魔兽世界",
    "炉石传说",
    "星穹铁道",
    "明日方舟",
    "阴阳师",
    "和平精英",
    "永劫无间",
    "艾尔登法环",
    "黑神话",
    "守望先锋",
    "崩坏",
    "暗黑破坏神",
    "最终幻想",
    "攻略",
    "副本",
    "装备",
    "技能",
    "排位",
    "代练",
    "组队",
    "陪玩",
    "直播",
    "新手",
    "教程",
    "抽卡",
    "角色",
    "地图",
    "赛季",
    "活动",
    "公会",
    "竞技",
    "剧情",
    "速通",
];

/// English words.
const EN: [&str; 40] = [
    "guide",
    "raid",
    "boss",
    "build",
    "speedrun",
    "tier",
    "ranked",
    "loot",
    "quest",
    "patch",
    "meta",
    "strategy",
    "team",
    "clan",
    "tournament",
    "weapon",
    "skill",
    "dungeon",
    "arena",
    "season",
    "event",
    "beginner",
    "tips",
    "review",
    "stream",
    "coaching",
    "carry",
    "farm",
    "craft",
    "mod",
    "map",
    "level",
    "hero",
    "squad",
    "duel",
    "league",
    "mission",
    "reward",
    "trade",
    "update",
];

const COMMUNITY_SUFFIX: [&str; 8] = [
    "攻略组",
    "玩家社区",
    "公会",
    "同好会",
    "交流群",
    "战队",
    "俱乐部",
    "研究所",
];
const THEMES: [&str; 10] = [
    "RPG",
    "MOBA",
    "FPS",
    "Sandbox",
    "Card",
    "Action",
    "Strategy",
    "Casual",
    "开放世界",
    "竞技",
];

/// Task statuses with their share in thousandths (about a third open).
const STATUSES: [(&str, u64); 7] = [
    ("发布", 340),
    ("领取", 150),
    ("已提交", 80),
    ("完成", 250),
    ("过期", 80),
    ("已取消", 80),
    ("争议中", 20),
];

/// The made-up chain: block 1 at this time, one block every 2 s.
const GENESIS_TIME: u64 = 1_735_689_600; // 2025-01-01T00:00:00Z
const CHAIN_ID: u64 = 31_337;
const ZERO_ADDRESS: &str = "0x0000000000000000000000000000000000000000";

/// splitmix64: a well-mixed u64 from any u64.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Deterministic random numbers for one row: the same (table, id) always draws the same.
struct Draw(u64);

impl Draw {
    fn new(table: u64, id: u64) -> Self {
        Draw(mix(table.wrapping_mul(0x1000_0000_01B3) ^ mix(id)))
    }
    fn next(&mut self) -> u64 {
        self.0 = mix(self.0);
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len() as u64) as usize]
    }
    fn hex(&mut self, bytes: usize) -> String {
        let mut s = String::with_capacity(2 + 2 * bytes);
        s.push_str("0x");
        let mut left = bytes;
        while left > 0 {
            let v = self.next().to_be_bytes();
            for b in &v[..left.min(8)] {
                write!(s, "{b:02x}").expect("writing to a String");
            }
            left = left.saturating_sub(8);
        }
        s
    }
}

fn hash_hex(seed: u64, id: u64) -> String {
    Draw::new(seed, id).hex(32)
}

/// The address of user `id` (lowercase, as the indexer stores addresses).
fn user_address(id: u64) -> String {
    Draw::new(1, id).hex(20)
}

fn block_hash(block: u64) -> String {
    hash_hex(1000, block)
}

fn block_time(block: u64) -> u64 {
    GENESIS_TIME + 2 * (block - 1)
}

/// Where rows sit on the made-up chain: users register first, then communities are
/// created, then tasks and posts come in, interleaved.
#[derive(Clone, Copy)]
struct Layout {
    users: u64,
    communities: u64,
    tasks: u64,
    posts: u64,
    documents: u64,
}

const PER_BLOCK: u64 = 100;
const POSTS_PER_BLOCK: u64 = 200;

impl Layout {
    fn user_block(&self, id: u64) -> u64 {
        1 + (id - 1) / PER_BLOCK
    }
    fn community_block(&self, id: u64) -> u64 {
        self.user_block(self.users.max(1)) + 1 + (id - 1) / PER_BLOCK
    }
    fn activity_start(&self) -> u64 {
        self.community_block(self.communities.max(1)) + 1
    }
    fn activity_blocks(&self) -> u64 {
        self.posts.div_ceil(POSTS_PER_BLOCK).max(1)
    }
    fn post_block(&self, id: u64) -> u64 {
        self.activity_start() + (id - 1) / POSTS_PER_BLOCK
    }
    fn task_block(&self, id: u64) -> u64 {
        self.activity_start() + (id - 1) * self.activity_blocks() / self.tasks.max(1)
    }
    fn last_block(&self) -> u64 {
        self.activity_start() + self.activity_blocks()
    }
    /// Whether post `id`'s document is in the content store.
    fn has_document(&self, id: u64) -> bool {
        if self.documents == 0 {
            return false;
        }
        let every = (self.posts / self.documents).max(1);
        (id - 1).is_multiple_of(every) && (id - 1) / every < self.documents
    }
    /// The point token of community `id`, if it created one (60% do).
    fn community_token(&self, id: u64) -> Option<String> {
        (Draw::new(2, id).below(10) < 6).then(|| Draw::new(3, id).hex(20))
    }
}

/// A SQL string literal.
fn lit(out: &mut String, s: &str) {
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// Appends `(v1, v2, …)` where each value is already SQL.
fn tuple(out: &mut String, first: bool, vals: &[&str]) {
    if !first {
        out.push(',');
    }
    out.push('(');
    out.push_str(&vals.join(","));
    out.push(')');
}

fn s(v: &str) -> String {
    let mut o = String::with_capacity(v.len() + 2);
    lit(&mut o, v);
    o
}

fn provenance(block: u64, seed: u64, id: u64, log_index: u64) -> [String; 4] {
    [
        block.to_string(),
        s(&block_hash(block)),
        s(&hash_hex(seed, id)),
        log_index.to_string(),
    ]
}

fn users_sql(l: &Layout, ids: std::ops::Range<u64>) -> String {
    let mut sql = String::from(
        "INSERT INTO `User` (user_id, username, ethereum_address, is_verified, profile_hash, registered_at, \
         block_number, block_hash, tx_hash, log_index) VALUES ",
    );
    for id in ids.clone() {
        let mut d = Draw::new(10, id);
        let block = l.user_block(id);
        let username = format!("{}_{id}", d.pick(&EN));
        let verified = u64::from(d.below(10) < 3).to_string();
        let [bn, bh, tx, li] = provenance(block, 11, id, (id - 1) % PER_BLOCK);
        tuple(
            &mut sql,
            id == ids.start,
            &[
                &id.to_string(),
                &s(&username),
                &s(&user_address(id)),
                &verified,
                &s(&d.hex(32)),
                &block_time(block).to_string(),
                &bn,
                &bh,
                &tx,
                &li,
            ],
        );
    }
    sql
}

fn community_name(id: u64) -> (String, &'static str) {
    let mut d = Draw::new(20, id);
    let game = d.pick(&ZH[..20]);
    let suffix = d.pick(&COMMUNITY_SUFFIX);
    let name = if d.below(2) == 0 {
        format!("{game}{suffix}")
    } else {
        let en = d.pick(&EN);
        let mut en = en.to_owned();
        en[..1].make_ascii_uppercase();
        format!("{game}{suffix} {en} {}", id % 1000)
    };
    (name, d.pick(&THEMES))
}

fn communities_sql(l: &Layout, ids: std::ops::Range<u64>) -> String {
    let mut sql = String::from(
        "INSERT INTO `Community` (community_id, community_name, creator_id, community_contract_address, \
         creator_address, theme, description_hash, member_count, points_name, points_symbol, created_at, \
         block_number, block_hash, tx_hash, log_index, search_terms) VALUES ",
    );
    for id in ids.clone() {
        let mut d = Draw::new(21, id);
        let (name, theme) = community_name(id);
        let creator = 1 + d.below(l.users.max(1));
        let block = l.community_block(id);
        let token = l.community_token(id);
        let (token_sql, pname, psym) = match &token {
            Some(t) => (s(t), s(&format!("{name} Points")), s(&format!("P{id}"))),
            None => ("NULL".into(), "NULL".into(), "NULL".into()),
        };
        let members = 1 + d.below(5_000);
        let [bn, bh, tx, li] = provenance(block, 22, id, (id - 1) % PER_BLOCK);
        tuple(
            &mut sql,
            id == ids.start,
            &[
                &id.to_string(),
                &s(&name),
                &creator.to_string(),
                &token_sql,
                &s(&user_address(creator)),
                &s(theme),
                &s(&d.hex(32)),
                &members.to_string(),
                &pname,
                &psym,
                &block_time(block).to_string(),
                &bn,
                &bh,
                &tx,
                &li,
                &s(&search::terms(&format!("{name} {theme}"))),
            ],
        );
    }
    sql
}

fn tokens_sql(l: &Layout, ids: std::ops::Range<u64>) -> Option<String> {
    let mut sql = String::from(
        "INSERT INTO `Token` (token, community_id, name, symbol, total_supply, created_at, \
         block_number, block_hash, tx_hash, log_index) VALUES ",
    );
    let mut first = true;
    for id in ids {
        let Some(token) = l.community_token(id) else {
            continue;
        };
        let (name, _) = community_name(id);
        let block = l.community_block(id);
        let [bn, bh, tx, li] = provenance(block, 23, id, (id - 1) % PER_BLOCK + 1);
        let supply = 1_000 * (1 + Draw::new(24, id).below(1_000));
        tuple(
            &mut sql,
            first,
            &[
                &s(&token),
                &id.to_string(),
                &s(&format!("{name} Points")),
                &s(&format!("P{id}")),
                &supply.to_string(),
                &block_time(block).to_string(),
                &bn,
                &bh,
                &tx,
                &li,
            ],
        );
        first = false;
    }
    (!first).then_some(sql)
}

fn task_title(d: &mut Draw) -> String {
    let game = d.pick(&ZH[..20]);
    let what = d.pick(&ZH[20..]);
    match d.below(3) {
        0 => format!("{game}{what}"),
        1 => format!("{game}{what} {} {}", d.pick(&EN), d.pick(&EN)),
        _ => format!("{} {} {} {game}", d.pick(&EN), d.pick(&EN), d.pick(&EN)),
    }
}

fn status_of(d: &mut Draw) -> &'static str {
    let mut r = d.below(1000);
    for (label, share) in STATUSES {
        if r < share {
            return label;
        }
        r -= share;
    }
    STATUSES[0].0
}

fn tasks_sql(l: &Layout, ids: std::ops::Range<u64>) -> String {
    let mut sql = String::from(
        "INSERT INTO `Task` (task_id, task_name, task_price, task_status, community_id, publisher, claimer, \
         reward_token, spec_hash, deadline, rejected, submitted_at, proof_hash, created_at, updated_at, \
         block_number, block_hash, tx_hash, log_index, search_terms) VALUES ",
    );
    for id in ids.clone() {
        let mut d = Draw::new(30, id);
        let title = task_title(&mut d);
        let status = status_of(&mut d);
        let community = 1 + d.below(l.communities.max(1));
        let publisher = user_address(1 + d.below(l.users.max(1)));
        let (token, price) = match l.community_token(community) {
            Some(t) if d.below(10) < 3 => (t, (10 * (1 + d.below(500))).to_string()),
            _ => (
                ZERO_ADDRESS.to_owned(),
                format!("{}000000000000000", 1 + d.below(2_000)),
            ),
        };
        let created_block = l.task_block(id);
        let created = block_time(created_block);
        let deadline = created + 86_400 * (3 + d.below(28));
        let claimed = !matches!(status, "发布" | "过期" | "已取消");
        let submitted = matches!(status, "已提交" | "完成" | "争议中");
        let claimer = if claimed {
            s(&user_address(1 + d.below(l.users.max(1))))
        } else {
            "NULL".into()
        };
        let (submitted_at, proof) = if submitted {
            (
                (created + 3_600 + d.below(86_400)).to_string(),
                s(&d.hex(32)),
            )
        } else {
            ("NULL".into(), "NULL".into())
        };
        let rejected = if status == "争议中" { "1" } else { "0" };
        // The last change: the creation for open tasks, a later block otherwise.
        let block = if status == "发布" {
            created_block
        } else {
            (created_block + 1 + d.below(2_000)).min(l.last_block())
        };
        let [bn, bh, tx, li] = provenance(block, 31, id, 200 + (id - 1) % PER_BLOCK);
        tuple(
            &mut sql,
            id == ids.start,
            &[
                &id.to_string(),
                &s(&title),
                &price,
                &s(status),
                &community.to_string(),
                &s(&publisher),
                &claimer,
                &s(&token),
                &s(&d.hex(32)),
                &deadline.to_string(),
                rejected,
                &submitted_at,
                &proof,
                &created.to_string(),
                &block_time(block).to_string(),
                &bn,
                &bh,
                &tx,
                &li,
                &s(&search::terms(&title)),
            ],
        );
    }
    sql
}

fn post_title(d: &mut Draw, id: u64) -> String {
    match d.below(4) {
        0 => format!("{}{}{}", d.pick(&ZH), d.pick(&ZH), d.pick(&ZH)),
        1 => format!(
            "{}{} {} {}",
            d.pick(&ZH),
            d.pick(&ZH),
            d.pick(&EN),
            d.pick(&EN)
        ),
        2 => {
            let mut first = d.pick(&EN).to_owned();
            first[..1].make_ascii_uppercase();
            format!(
                "{first} {} {} for {}",
                d.pick(&EN),
                d.pick(&EN),
                d.pick(&ZH[..20])
            )
        }
        _ => format!(
            "【{}】{}{}：{} {} 第{}期",
            d.pick(&ZH[..20]),
            d.pick(&ZH[20..]),
            d.pick(&ZH[20..]),
            d.pick(&EN),
            d.pick(&EN),
            1 + id % 300
        ),
    }
}

/// Post `id`'s document (JSON, as the web client would store it) and its body text.
fn post_document(id: u64, title: &str) -> String {
    let mut d = Draw::new(41, id);
    let mut body = String::new();
    let mut english = false;
    for i in 0..(8 + d.below(16)) {
        if i > 0 && d.below(4) == 0 {
            body.push('，');
            english = false;
        }
        if d.below(2) == 0 {
            body.push_str(d.pick(&ZH));
            english = false;
        } else {
            if english {
                body.push(' ');
            }
            body.push_str(d.pick(&EN));
            english = true;
        }
    }
    body.push('。');
    serde_json::json!({ "title": title, "body": body }).to_string()
}

/// The posts of `ids` and, for those with a stored document, the `content` rows.
fn posts_sql(l: &Layout, ids: std::ops::Range<u64>) -> (String, Option<String>) {
    let mut sql = String::from(
        "INSERT INTO `Post` (post_id, post_title, post_time, publisher_id, community_id, author, content_hash, \
         removed, pinned, like_count, comment_count, created_at, edited_at, \
         block_number, block_hash, tx_hash, log_index, search_terms) VALUES ",
    );
    let mut docs = String::from(
        "INSERT INTO `content` (hash, body, byte_size, search_terms, created_by, created_at) VALUES ",
    );
    let mut any_doc = false;
    for id in ids.clone() {
        let mut d = Draw::new(40, id);
        let title = post_title(&mut d, id);
        let community = 1 + d.below(l.communities.max(1));
        let user = 1 + d.below(l.users.max(1));
        let author = user_address(user);
        let block = l.post_block(id);
        let created = block_time(block);
        let content_hash = if l.has_document(id) {
            let doc = post_document(id, &title);
            let hash = format!("{:#x}", keccak256(doc.as_bytes()));
            // The API's terms of a document: every string value, at most 16 KiB.
            let value: serde_json::Value = serde_json::from_str(&doc).expect("our own JSON");
            let mut words = String::new();
            if let serde_json::Value::Object(o) = &value {
                for v in o.values() {
                    words.push_str(v.as_str().unwrap_or_default());
                    words.push(' ');
                }
            }
            tuple(
                &mut docs,
                !any_doc,
                &[
                    &s(&hash),
                    &s(&doc),
                    &doc.len().to_string(),
                    &s(&search::terms_limited(&words, 16 * 1024)),
                    &s(&author),
                    &created.to_string(),
                ],
            );
            any_doc = true;
            hash
        } else {
            d.hex(32)
        };
        let removed = u64::from(d.below(100) == 0).to_string();
        let pinned = u64::from(d.below(500) == 0).to_string();
        let likes = (d.below(1_000) * d.below(1_000) / 1_000).to_string();
        let comments = d.below(30).to_string();
        let edited = if d.below(20) == 0 {
            (created + 60 + d.below(86_400)).to_string()
        } else {
            "NULL".into()
        };
        let [bn, bh, tx, li] = provenance(block, 42, id, (id - 1) % POSTS_PER_BLOCK);
        tuple(
            &mut sql,
            id == ids.start,
            &[
                &id.to_string(),
                &s(&title),
                &format!("FROM_UNIXTIME({created})"),
                &user.to_string(),
                &community.to_string(),
                &s(&author),
                &s(&content_hash),
                &removed,
                &pinned,
                &likes,
                &comments,
                &created.to_string(),
                &edited,
                &bn,
                &bh,
                &tx,
                &li,
                &s(&search::terms(&title)),
            ],
        );
    }
    (sql, any_doc.then_some(docs))
}

/// One INSERT job: a table and a range of ids.
#[derive(Clone, Debug)]
struct Job {
    table: &'static str,
    ids: std::ops::Range<u64>,
}

fn jobs(l: &Layout, batch: u64) -> Vec<Job> {
    let mut out = Vec::new();
    // Posts first: the biggest table, so the other connection never idles at the end.
    for (table, n) in [
        ("Post", l.posts),
        ("Task", l.tasks),
        ("User", l.users),
        ("Community", l.communities),
    ] {
        let mut start = 1;
        while start <= n {
            let end = (start + batch).min(n + 1);
            out.push(Job {
                table,
                ids: start..end,
            });
            start = end;
        }
    }
    out
}

async fn run_job(conn: &mut MySqlConnection, l: &Layout, job: &Job) -> eyre::Result<()> {
    let ids = job.ids.clone();
    let statements: Vec<String> = match job.table {
        "User" => vec![users_sql(l, ids)],
        "Community" => {
            let mut v = vec![communities_sql(l, ids.clone())];
            v.extend(tokens_sql(l, ids));
            v
        }
        "Task" => vec![tasks_sql(l, ids)],
        "Post" => {
            let (posts, docs) = posts_sql(l, ids);
            let mut v = vec![posts];
            v.extend(docs);
            v
        }
        other => bail!("no generator for {other}"),
    };
    for sql in statements {
        conn.execute(sqlx::raw_sql(&sql))
            .await
            .with_context(|| format!("inserting {} {:?}", job.table, job.ids))?;
    }
    Ok(())
}

/// A secondary index, as `information_schema.STATISTICS` describes it.
#[derive(Debug)]
struct Index {
    name: String,
    unique: bool,
    fulltext: bool,
    columns: Vec<String>,
}

async fn secondary_indexes(conn: &mut MySqlConnection, table: &str) -> eyre::Result<Vec<Index>> {
    // SHOW INDEX lists them in the table's order, one row per column.
    let rows = sqlx::query(&format!("SHOW INDEX FROM `{table}`"))
        .fetch_all(&mut *conn)
        .await?;
    let mut out: Vec<Index> = Vec::new();
    for r in rows {
        let name: String = r.try_get_unchecked("Key_name")?;
        if name == "PRIMARY" {
            continue;
        }
        let non_unique: i64 = r.try_get_unchecked("Non_unique")?;
        let kind: String = r.try_get_unchecked("Index_type")?;
        let col: String = r.try_get_unchecked("Column_name")?;
        let sub: Option<i64> = r.try_get_unchecked("Sub_part")?;
        let col = match sub {
            Some(n) => format!("`{col}`({n})"),
            None => format!("`{col}`"),
        };
        match out.last_mut() {
            Some(i) if i.name == name => i.columns.push(col),
            _ => out.push(Index {
                name,
                unique: non_unique == 0,
                fulltext: kind == "FULLTEXT",
                columns: vec![col],
            }),
        }
    }
    Ok(out)
}

async fn show_create(conn: &mut MySqlConnection, table: &str) -> eyre::Result<String> {
    let row = sqlx::query(&format!("SHOW CREATE TABLE `{table}`"))
        .fetch_one(&mut *conn)
        .await?;
    let sql: String = row.try_get(1)?;
    // Compared as a set of lines: rebuilt indexes may be listed in another order, and
    // table options (AUTO_INCREMENT and the like) are not part of the schema.
    let mut lines: Vec<String> = sql
        .lines()
        .filter(|l| !l.starts_with(") ENGINE"))
        .map(|l| l.trim().trim_end_matches(',').to_owned())
        .collect();
    lines.sort();
    Ok(lines.join("\n"))
}

/// The index clauses of `indexes`: B-trees in one ALTER, each FULLTEXT in its own
/// (InnoDB builds one at a time).
fn add_index_statements(table: &str, indexes: &[Index]) -> Vec<String> {
    let clause = |i: &Index| {
        let kind = if i.fulltext {
            "FULLTEXT INDEX"
        } else if i.unique {
            "UNIQUE INDEX"
        } else {
            "INDEX"
        };
        format!("ADD {kind} `{}` ({})", i.name, i.columns.join(", "))
    };
    let btree: Vec<String> = indexes.iter().filter(|i| !i.fulltext).map(clause).collect();
    let mut out = Vec::new();
    if !btree.is_empty() {
        out.push(format!("ALTER TABLE `{table}` {}", btree.join(", ")));
    }
    for i in indexes.iter().filter(|i| i.fulltext) {
        out.push(format!("ALTER TABLE `{table}` {}", clause(i)));
    }
    out
}

fn split_url(url: &str) -> eyre::Result<(String, String)> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let (server, db) = base
        .rsplit_once('/')
        .filter(|(server, db)| server.contains("://") && !server.ends_with('/') && !db.is_empty())
        .ok_or_else(|| eyre!("DATABASE_URL must name a database: mysql://user@host:port/db"))?;
    if !db.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        bail!("database name {db:?}: use letters, digits and _");
    }
    let server = match query {
        Some(q) => format!("{server}/?{q}"),
        None => server.to_owned(),
    };
    Ok((server, db.to_owned()))
}

#[tokio::main]
async fn main() -> eyre::Result<()> {
    let args = Args::parse();
    if args.users == 0 || args.communities == 0 {
        bail!("at least one user and one community");
    }
    if args.documents > args.posts {
        bail!("--documents must not exceed --posts");
    }
    let started = Instant::now();
    let (server, db) = split_url(&args.database_url)?;
    let mut admin = MySqlConnection::connect_with(&MySqlConnectOptions::from_str(&server)?)
        .await
        .context("connecting to the database server")?;
    admin
        .execute(format!("DROP DATABASE IF EXISTS `{db}`").as_str())
        .await?;
    admin
        .execute(
            format!("CREATE DATABASE `{db}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin").as_str(),
        )
        .await?;
    admin.close().await?;

    let pool = MySqlPoolOptions::new()
        .max_connections(args.connections as u32 + 1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute(
                    "SET SESSION time_zone = '+00:00', unique_checks = 0, foreign_key_checks = 0",
                )
                .await?;
                Ok(())
            })
        })
        .connect(&args.database_url)
        .await
        .context("connecting to DATABASE_URL")?;
    indexer::db::migrate(&pool).await.context("migrations")?;
    // The off-chain tables (`content`) are the API's: its migrations, as `graphql-api
    // serve` / `graphql-api migrate` apply them.
    let mut api = sqlx::migrate!("../../graphql-api/migrations");
    api.set_ignore_missing(true);
    indexer::db::run_migrations(&pool, &api)
        .await
        .context("the API's migrations")?;
    let migrated = Instant::now();

    let mut conn = pool.acquire().await?;
    let mut schema = Vec::new();
    let mut dropped = Vec::new();
    for table in TABLES {
        schema.push(show_create(&mut conn, table).await?);
        if !args.keep_indexes {
            let indexes = secondary_indexes(&mut conn, table).await?;
            if !indexes.is_empty() {
                let drops: Vec<String> = indexes
                    .iter()
                    .map(|i| format!("DROP INDEX `{}`", i.name))
                    .collect();
                conn.execute(format!("ALTER TABLE `{table}` {}", drops.join(", ")).as_str())
                    .await
                    .with_context(|| format!("dropping the indexes of {table}"))?;
            }
            dropped.push((table, indexes));
        }
    }
    drop(conn);

    let layout = Layout {
        users: args.users,
        communities: args.communities,
        tasks: args.tasks,
        posts: args.posts,
        documents: args.documents,
    };
    let jobs = Arc::new(jobs(&layout, args.batch_rows.max(1)));
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..args.connections.max(1) {
        let (pool, jobs, next) = (pool.clone(), jobs.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut conn = pool.acquire().await?;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else {
                    return eyre::Ok(());
                };
                run_job(&mut conn, &layout, job).await?;
            }
        }));
    }
    for w in workers {
        w.await??;
    }
    let loaded = Instant::now();
    eprintln!(
        "api-data: rows inserted in {:.1} s",
        (loaded - migrated).as_secs_f64()
    );

    let mut conn = pool.acquire().await?;
    let mut index_secs = BTreeMap::new();
    for (table, indexes) in &dropped {
        let t = Instant::now();
        for sql in add_index_statements(table, indexes) {
            conn.execute(sql.as_str())
                .await
                .with_context(|| sql.clone())?;
        }
        if !indexes.is_empty() {
            index_secs.insert(table.to_string(), t.elapsed().as_secs_f64());
        }
    }
    for (table, before) in TABLES.iter().zip(&schema) {
        let after = show_create(&mut conn, table).await?;
        if &after != before {
            bail!("{table}'s schema changed while loading:\n{before}\n---\n{after}");
        }
    }
    let indexed = Instant::now();
    let last = layout.last_block();
    sqlx::query(
        "INSERT INTO indexer_state (id, chain_id, indexed_block, indexed_hash, state_digest, head_block, updated_at) \
         VALUES (1, ?, ?, ?, ?, ?, ?)",
    )
    .bind(CHAIN_ID)
    .bind(last)
    .bind(block_hash(last))
    .bind(hash_hex(1001, last))
    .bind(last)
    .bind(block_time(last))
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO indexed_block (block_number, block_hash, parent_hash, block_time, event_count, state_digest) \
         VALUES (?, ?, ?, ?, 0, ?)",
    )
    .bind(last)
    .bind(block_hash(last))
    .bind(block_hash(last - 1))
    .bind(block_time(last))
    .bind(hash_hex(1001, last))
    .execute(&mut *conn)
    .await?;
    conn.execute(
        format!(
            "ANALYZE TABLE {}",
            TABLES.map(|t| format!("`{t}`")).join(", ")
        )
        .as_str(),
    )
    .await?;
    let mut counts = BTreeMap::new();
    for table in TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM `{table}`"))
            .fetch_one(&mut *conn)
            .await?;
        counts.insert(table.to_string(), n);
    }
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM Task WHERE task_status = '发布'")
        .fetch_one(&mut *conn)
        .await?;
    let done = Instant::now();
    let summary = serde_json::json!({
        "database": db,
        "rows": counts,
        "openTasks": open,
        "lastBlock": last,
        "batchRows": args.batch_rows,
        "connections": args.connections,
        "keepIndexes": args.keep_indexes,
        "seconds": {
            "migrate": (migrated - started).as_secs_f64(),
            "insert": (loaded - migrated).as_secs_f64(),
            "indexes": (indexed - loaded).as_secs_f64(),
            "indexesByTable": index_secs,
            "total": (done - started).as_secs_f64(),
        },
    });
    eprintln!(
        "api-data: {} users, {} communities, {} tasks ({open} open), {} posts, {} documents in {:.1} s \
         (insert {:.1} s, indexes {:.1} s)",
        counts["User"],
        counts["Community"],
        counts["Task"],
        counts["Post"],
        counts["content"],
        (done - started).as_secs_f64(),
        (loaded - migrated).as_secs_f64(),
        (indexed - loaded).as_secs_f64(),
    );
    if let Some(out) = &args.out {
        if let Some(dir) = out.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(out, serde_json::to_string_pretty(&summary)? + "\n")?;
    }
    println!("{summary}");
    Ok(())
}
