//! `gen-chain`: deploys the system on anvil and generates a busy chain for the indexer
//! benchmark: at least `--min-events` logs mixed across every contract (registrations,
//! verification, communities, joins, point tokens, awards, posts, likes, comments, tasks
//! paid in ETH and in points, mall orders and reviews, point trades).
//!
//! Transactions are signed locally with explicit nonces, sent in JSON-RPC batches with
//! automine off, and mined `--block-txs` at a time with `evm_mine`. The work goes in
//! rounds: within a round no transaction depends on another sender's transaction of the
//! same round, so the order anvil puts them in does not matter; ids (posts, tasks,
//! orders, offers) are learned from the round's receipts, which are all checked.

use alloy::{
    eips::BlockNumberOrTag,
    network::EthereumWallet,
    node_bindings::{Anvil, AnvilInstance},
    primitives::{Address, B256, Bytes, U256, keccak256},
    providers::{Provider, ProviderBuilder},
    rpc::types::{Filter, Log},
    signers::local::PrivateKeySigner,
    sol_types::{SolCall, SolEvent},
};
use bench::{ANVIL_KEY_0, Cast, Node, Rng, Wallets, World, WorldCommunity, check_receipts};
use bindings::{
    Communities, CommunityPoints, Deployment, PointExchange, PointMall, Posts, Profiles, TaskMarket,
};
use clap::Parser;
use eyre::{Context, bail, eyre};
use std::{
    collections::{BTreeMap, HashMap, HashSet},
    path::PathBuf,
    time::Instant,
};
use testkit::{
    deploy::{DeployConfig, deploy_all},
    tools,
};

/// Deploys the system on anvil and generates a busy chain for the indexer benchmark.
#[derive(Debug, Parser)]
#[command(name = "gen-chain")]
struct Args {
    /// anvil's JSON-RPC URL; without it an anvil is started for the run (and stopped at
    /// the end, which only makes sense to try the generator).
    #[arg(long, env = "RPC_URL")]
    rpc_url: Option<String>,
    /// Where to write the deployment file (INTERFACE §1.8).
    #[arg(long, default_value = "target/bench/deployment.json")]
    deployment: PathBuf,
    /// Where to write the world file `head-lag` reads.
    #[arg(long, default_value = "target/bench/world.json")]
    world: PathBuf,
    /// Where to write the summary (JSON).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Keep generating rounds until at least this many logs were emitted.
    #[arg(long, default_value_t = 200_000)]
    min_events: u64,
    /// Transactions per mined block.
    #[arg(long, default_value_t = 300)]
    block_txs: usize,
    /// Players.
    #[arg(long, default_value_t = 1_000)]
    players: usize,
    /// Communities (one creator each).
    #[arg(long, default_value_t = 20)]
    communities: usize,
    /// Task publishers.
    #[arg(long, default_value_t = 20)]
    publishers: usize,
    /// Communities each player joins.
    #[arg(long, default_value_t = 3)]
    joins: usize,
    /// Seed of the derived accounts and of the random choices.
    #[arg(long, default_value = "indexer-bench")]
    seed: String,
    /// The deployer and system admin (anvil's key #0 by default).
    #[arg(long, default_value = ANVIL_KEY_0)]
    admin_key: String,
}

/// Gas limits (generous: the receipts are checked, and blocks have a huge gas limit).
mod gas {
    pub(crate) const SMALL: u64 = 200_000;
    pub(crate) const MEDIUM: u64 = 400_000;
    pub(crate) const CHECKOUT: u64 = 1_000_000;
    pub(crate) const CREATE_POINTS: u64 = 4_000_000;
}

const ETH: Address = Address::ZERO;

struct Community {
    id: u64,
    admin: usize,
    token: Address,
    members: Vec<usize>,
    items: Vec<U256>,
}

#[derive(Clone, Copy)]
struct Task {
    id: U256,
    publisher: usize,
}

#[derive(Clone, Copy)]
struct Order {
    id: U256,
    buyer: usize,
    community: usize,
}

#[derive(Clone, Copy)]
struct Offer {
    id: U256,
    maker: usize,
    want_token: Address,
    want_amount: U256,
    community: usize,
}

struct Gen {
    node: Node,
    wallets: Wallets,
    cast: Cast,
    d: Deployment,
    block_txs: usize,
    rng: Rng,
    names: HashMap<B256, String>,
    index_of: HashMap<Address, usize>,
    // What exists (learned from receipts).
    communities: Vec<Community>,
    community_of_item: HashMap<U256, usize>,
    member_of: Vec<Vec<usize>>,
    /// Posts and the index of their community (only its members like them).
    posts: Vec<(U256, usize)>,
    liked: HashSet<(U256, usize)>,
    open_tasks: Vec<Task>,
    /// Claimed tasks and their claimers.
    claimed: Vec<(Task, usize)>,
    submitted: Vec<Task>,
    paid_orders: Vec<Order>,
    completed_orders: Vec<Order>,
    open_offers: Vec<Offer>,
    // Tallies.
    txs: u64,
    logs: u64,
    by_event: BTreeMap<String, u64>,
    first_block: Option<u64>,
    last_block: u64,
    deadline: u64,
}

fn doc(text: &str) -> B256 {
    keccak256(text.as_bytes())
}

impl Gen {
    fn community_index(&self, id: U256) -> eyre::Result<usize> {
        self.communities
            .iter()
            .position(|c| U256::from(c.id) == id)
            .ok_or_else(|| eyre!("unknown community {id}"))
    }

    fn random_player(&mut self) -> usize {
        let i = self.rng.below(self.cast.players);
        self.cast.player(i)
    }

    /// Sends `txs` in blocks of `block_txs`, checks every receipt and learns from the logs.
    async fn round(&mut self, txs: Vec<Bytes>, what: &str) -> eyre::Result<()> {
        if txs.is_empty() {
            return Ok(());
        }
        let first = self.node.provider.get_block_number().await? + 1;
        for chunk in txs.chunks(self.block_txs) {
            self.node
                .send_raw_batch(chunk)
                .await
                .context(what.to_owned())?;
            self.node.mine().await?;
        }
        let last = self.node.provider.get_block_number().await?;
        let receipts = self.node.block_receipts(first, last).await?;
        check_receipts(&receipts, txs.len(), what)?;
        self.txs += txs.len() as u64;
        self.first_block.get_or_insert(first);
        self.last_block = last;
        for (_, rs) in &receipts {
            for r in rs {
                for log in r.inner.logs() {
                    self.absorb(log)?;
                }
            }
        }
        Ok(())
    }

    /// Learns what a log created.
    fn absorb(&mut self, log: &Log) -> eyre::Result<()> {
        self.logs += 1;
        let Some(topic) = log.topic0() else {
            return Ok(());
        };
        let name = self
            .names
            .get(topic)
            .cloned()
            .unwrap_or_else(|| format!("{topic}"));
        *self.by_event.entry(name).or_default() += 1;
        let c = &self.d.contracts;
        let inner = &log.inner;
        if log.address() == c.Communities {
            if *topic == Communities::CommunityCreated::SIGNATURE_HASH {
                let e = Communities::CommunityCreated::decode_log(inner)?.data;
                let admin = self.index_of[&e.creator];
                self.communities.push(Community {
                    id: e.id.to(),
                    admin,
                    token: Address::ZERO,
                    members: Vec::new(),
                    items: Vec::new(),
                });
                self.communities.sort_by_key(|c| c.id);
            } else if *topic == Communities::PointsCreated::SIGNATURE_HASH {
                let e = Communities::PointsCreated::decode_log(inner)?.data;
                let i = self.community_index(e.id)?;
                self.communities[i].token = e.token;
            }
        } else if log.address() == c.Posts && *topic == Posts::PostCreated::SIGNATURE_HASH {
            let e = Posts::PostCreated::decode_log(inner)?.data;
            let k = self.community_index(e.communityId)?;
            self.posts.push((e.postId, k));
        } else if log.address() == c.TaskMarket
            && *topic == TaskMarket::TaskPublished::SIGNATURE_HASH
        {
            let e = TaskMarket::TaskPublished::decode_log(inner)?.data;
            self.open_tasks.push(Task {
                id: e.id,
                publisher: self.index_of[&e.publisher],
            });
        } else if log.address() == c.PointMall {
            if *topic == PointMall::ItemListed::SIGNATURE_HASH {
                let e = PointMall::ItemListed::decode_log(inner)?.data;
                let i = self.community_index(e.communityId)?;
                self.communities[i].items.push(e.itemId);
                self.community_of_item.insert(e.itemId, i);
            } else if *topic == PointMall::OrderPlaced::SIGNATURE_HASH {
                // Every order comes from `checkout`, which pays it in the same call.
                let e = PointMall::OrderPlaced::decode_log(inner)?.data;
                self.paid_orders.push(Order {
                    id: e.orderId,
                    buyer: self.index_of[&e.buyer],
                    community: self.community_of_item[&e.itemId],
                });
            }
        } else if log.address() == c.PointExchange
            && *topic == PointExchange::OfferCreated::SIGNATURE_HASH
        {
            let e = PointExchange::OfferCreated::decode_log(inner)?.data;
            let token = if e.giveToken == ETH {
                e.wantToken
            } else {
                e.giveToken
            };
            let community = self
                .communities
                .iter()
                .position(|c| c.token == token)
                .ok_or_else(|| eyre!("offer {} in an unknown token", e.offerId))?;
            self.open_offers.push(Offer {
                id: e.offerId,
                maker: self.index_of[&e.maker],
                want_token: e.wantToken,
                want_amount: e.wantAmount,
                community,
            });
        }
        Ok(())
    }

    /// Accounts, roles, communities, point tokens, funding, allowances and mall items.
    async fn setup(&mut self, joins: usize) -> eyre::Result<()> {
        let c = self.d.contracts;
        let cast = self.cast;
        let t = Instant::now();

        // Everyone registers.
        let mut txs = Vec::new();
        for i in 1..cast.total() {
            let username = if i < cast.publisher(0) {
                format!("creator_{i:03}")
            } else if i < cast.player(0) {
                format!("publisher_{i:03}")
            } else {
                format!("player_{i:05}")
            };
            let profile = doc(&format!("{{\"displayName\":\"{username}\"}}"));
            txs.push(self.wallets.call(
                i,
                c.Profiles,
                Profiles::registerCall {
                    username,
                    profileHash: profile,
                },
                gas::SMALL,
            )?);
        }
        self.round(txs, "register").await?;

        // The admin verifies the creators and makes the publishers publishers.
        let mut txs = Vec::new();
        let role = keccak256("TASK_PUBLISHER_ROLE");
        for i in 0..cast.creators {
            let user = self.wallets.accounts[cast.creator(i)].address;
            txs.push(self.wallets.call(
                0,
                c.Profiles,
                Profiles::setVerifiedCall {
                    user,
                    verified: true,
                },
                gas::SMALL,
            )?);
        }
        for i in 0..cast.publishers {
            let account = self.wallets.accounts[cast.publisher(i)].address;
            txs.push(self.wallets.call(
                0,
                c.Profiles,
                Profiles::grantRoleCall { role, account },
                gas::SMALL,
            )?);
        }
        self.round(txs, "verify and grant roles").await?;

        // Each creator founds a community.
        const GAMES: [&str; 10] = [
            "原神 Genshin Impact",
            "Minecraft",
            "League of Legends",
            "王者荣耀 Honor of Kings",
            "Elden Ring",
            "Stardew Valley",
            "Counter-Strike 2",
            "崩坏：星穹铁道 Star Rail",
            "Dota 2",
            "Zelda TOTK",
        ];
        let mut txs = Vec::new();
        for i in 0..cast.creators {
            let game = GAMES[i % GAMES.len()];
            txs.push(self.wallets.call(
                cast.creator(i),
                c.Communities,
                Communities::createCommunityCall {
                    name: format!("{game} guild {i}"),
                    theme: game.to_owned(),
                    descriptionHash: doc(&format!("community {i}")),
                },
                gas::MEDIUM,
            )?);
        }
        self.round(txs, "create communities").await?;
        if self.communities.len() != cast.creators {
            bail!("{} communities created", self.communities.len());
        }

        // Players join communities.
        let mut txs = Vec::new();
        for p in 0..cast.players {
            let who = cast.player(p);
            let mut chosen = Vec::new();
            while chosen.len() < joins.min(self.communities.len()) {
                let k = self.rng.below(self.communities.len());
                if !chosen.contains(&k) {
                    chosen.push(k);
                }
            }
            for &k in &chosen {
                let id = U256::from(self.communities[k].id);
                txs.push(self.wallets.call(
                    who,
                    c.Communities,
                    Communities::joinCall { id },
                    gas::SMALL,
                )?);
                self.communities[k].members.push(who);
            }
            self.member_of[who] = chosen;
        }
        self.round(txs, "join communities").await?;

        // Each community creates its points.
        let mut txs = Vec::new();
        for k in 0..self.communities.len() {
            let (id, admin) = (self.communities[k].id, self.communities[k].admin);
            txs.push(self.wallets.call(
                admin,
                c.Communities,
                Communities::createPointsCall {
                    id: U256::from(id),
                    name: format!("Guild {id} Points"),
                    symbol: format!("GP{id}"),
                },
                gas::CREATE_POINTS,
            )?);
        }
        self.round(txs, "create points").await?;

        // Points for everyone, allowances, and the mall's items.
        let mut txs = Vec::new();
        for k in 0..self.communities.len() {
            let (id, admin) = (
                U256::from(self.communities[k].id),
                self.communities[k].admin,
            );
            let members = self.communities[k].members.clone();
            for &m in &members {
                let to = self.wallets.accounts[m].address;
                txs.push(self.wallets.call(
                    admin,
                    c.Communities,
                    Communities::awardCall {
                        id,
                        to,
                        amount: U256::from(1_000_000),
                        source: "welcome bonus".into(),
                    },
                    gas::SMALL,
                )?);
            }
            for p in 0..cast.publishers {
                let to = self.wallets.accounts[cast.publisher(p)].address;
                txs.push(self.wallets.call(
                    admin,
                    c.Communities,
                    Communities::awardCall {
                        id,
                        to,
                        amount: U256::from(1_000_000_000),
                        source: "publisher budget".into(),
                    },
                    gas::SMALL,
                )?);
            }
            for n in 0..10 {
                txs.push(self.wallets.call(
                    admin,
                    c.PointMall,
                    PointMall::listItemCall {
                        communityId: id,
                        name: format!("Skin #{n} of guild {id}"),
                        metadataHash: doc(&format!("item {id}/{n}")),
                        price: U256::from(1 + n),
                        stock: 4_000_000_000,
                    },
                    gas::MEDIUM,
                )?);
            }
        }
        for p in 0..cast.players {
            let who = cast.player(p);
            for k in self.member_of[who].clone() {
                let token = self.communities[k].token;
                for spender in [c.PointMall, c.PointExchange] {
                    txs.push(self.wallets.call(
                        who,
                        token,
                        CommunityPoints::approveCall {
                            spender,
                            value: U256::MAX,
                        },
                        gas::SMALL,
                    )?);
                }
            }
        }
        for p in 0..cast.publishers {
            for k in 0..self.communities.len() {
                let token = self.communities[k].token;
                txs.push(self.wallets.call(
                    cast.publisher(p),
                    token,
                    CommunityPoints::approveCall {
                        spender: c.TaskMarket,
                        value: U256::MAX,
                    },
                    gas::SMALL,
                )?);
            }
        }
        self.round(txs, "award points, approve, list items").await?;
        println!(
            "gen-chain: setup done in {:.1}s: {} txs, {} logs, blocks {}..={}",
            t.elapsed().as_secs_f64(),
            self.txs,
            self.logs,
            self.first_block.unwrap_or_default(),
            self.last_block
        );
        Ok(())
    }

    /// One round of everyday activity on every contract.
    async fn play_round(&mut self, r: u64) -> eyre::Result<()> {
        let c = self.d.contracts;
        let cast = self.cast;
        let mut txs = Vec::new();

        // Posts, likes (of earlier posts), comments (on earlier targets).
        for _ in 0..150 {
            let who = self.random_player();
            let k = self.member_of[who][self.rng.below(self.member_of[who].len())];
            let n = self.rng.next_u64() % 1000;
            txs.push(self.wallets.call(
                who,
                c.Posts,
                Posts::createPostCall {
                    communityId: U256::from(self.communities[k].id),
                    title: format!("Round {r}: run #{n} notes and build"),
                    contentHash: doc(&format!("post {r}/{n}")),
                },
                gas::SMALL,
            )?);
        }
        if !self.posts.is_empty() {
            for _ in 0..300 {
                let (post, k) = self.posts[self.rng.below(self.posts.len())];
                let members = &self.communities[k].members;
                let who = members[self.rng.below(members.len())];
                if self.liked.insert((post, who)) {
                    txs.push(self.wallets.call(
                        who,
                        c.Posts,
                        Posts::likeCall { postId: post },
                        gas::SMALL,
                    )?);
                }
            }
        }
        let known_tasks: u64 = self.by_event.get("TaskPublished").copied().unwrap_or(0);
        for i in 0..150u64 {
            let who = self.random_player();
            let (kind, target) = match self.rng.below(3) {
                0 if known_tasks > 0 => (0u8, U256::from(1 + self.rng.next_u64() % known_tasks)),
                1 => (
                    1u8,
                    U256::from(self.communities[self.rng.below(self.communities.len())].id),
                ),
                _ if !self.posts.is_empty() => {
                    (2u8, self.posts[self.rng.below(self.posts.len())].0)
                }
                _ => (
                    1u8,
                    U256::from(self.communities[self.rng.below(self.communities.len())].id),
                ),
            };
            txs.push(self.wallets.call(
                who,
                c.Posts,
                Posts::commentCall {
                    targetKind: kind,
                    targetId: target,
                    contentHash: doc(&format!("comment {r}/{i}")),
                },
                gas::SMALL,
            )?);
        }

        // Awards.
        for _ in 0..50 {
            let k = self.rng.below(self.communities.len());
            let members = &self.communities[k].members;
            let to = self.wallets.accounts[members[self.rng.below(members.len())]].address;
            let amount = U256::from(10 + self.rng.next_u64() % 90);
            let (id, admin) = (
                U256::from(self.communities[k].id),
                self.communities[k].admin,
            );
            txs.push(self.wallets.call(
                admin,
                c.Communities,
                Communities::awardCall {
                    id,
                    to,
                    amount,
                    source: "weekly quest".into(),
                },
                gas::SMALL,
            )?);
        }

        // Tasks move one step per round: approve, submit, claim, publish.
        for t in std::mem::take(&mut self.submitted) {
            txs.push(self.wallets.call(
                t.publisher,
                c.TaskMarket,
                TaskMarket::approveWorkCall { id: t.id },
                gas::MEDIUM,
            )?);
        }
        for (t, claimer) in std::mem::take(&mut self.claimed) {
            txs.push(self.wallets.call(
                claimer,
                c.TaskMarket,
                TaskMarket::submitWorkCall {
                    id: t.id,
                    proofHash: doc(&format!("proof {}", t.id)),
                },
                gas::SMALL,
            )?);
            self.submitted.push(t);
        }
        for t in std::mem::take(&mut self.open_tasks) {
            let claimer = self.random_player();
            txs.push(self.wallets.call(
                claimer,
                c.TaskMarket,
                TaskMarket::claimTaskCall { id: t.id },
                gas::SMALL,
            )?);
            self.claimed.push((t, claimer));
        }
        for i in 0..60u64 {
            let publisher = cast.publisher(self.rng.below(cast.publishers));
            let k = self.rng.below(self.communities.len());
            let in_eth = i % 2 == 0;
            let (token, reward, value) = if in_eth {
                let wei = U256::from(1_000_000_000_000_000u64 + self.rng.next_u64() % 1_000_000);
                (ETH, wei, wei)
            } else {
                (
                    self.communities[k].token,
                    U256::from(10 + self.rng.next_u64() % 90),
                    U256::ZERO,
                )
            };
            let call = TaskMarket::publishTaskCall {
                communityId: U256::from(self.communities[k].id),
                title: format!("Bounty r{r}-{i}: clear the weekly raid"),
                specHash: doc(&format!("task {r}/{i}")),
                rewardToken: token,
                reward,
                deadline: self.deadline,
            };
            txs.push(self.wallets.sign(
                publisher,
                c.TaskMarket,
                value,
                call.abi_encode(),
                gas::MEDIUM,
            )?);
        }

        // Mall: reviews of completed orders, delivery of paid ones, new carts.
        for o in std::mem::take(&mut self.completed_orders) {
            if self.rng.below(2) == 0 {
                let stars = 1 + self.rng.below(5) as u8;
                txs.push(self.wallets.call(
                    o.buyer,
                    c.PointMall,
                    PointMall::reviewCall {
                        orderId: o.id,
                        stars,
                        contentHash: doc(&format!("review {}", o.id)),
                    },
                    gas::SMALL,
                )?);
            }
        }
        for o in std::mem::take(&mut self.paid_orders) {
            let admin = self.communities[o.community].admin;
            txs.push(self.wallets.call(
                admin,
                c.PointMall,
                PointMall::completeOrderCall { orderId: o.id },
                gas::SMALL,
            )?);
            self.completed_orders.push(o);
        }
        for _ in 0..100 {
            let who = self.random_player();
            let k = self.member_of[who][self.rng.below(self.member_of[who].len())];
            let items = &self.communities[k].items;
            let item_ids: Vec<U256> = (0..3).map(|_| items[self.rng.below(items.len())]).collect();
            txs.push(self.wallets.call(
                who,
                c.PointMall,
                PointMall::checkoutCall {
                    itemIds: item_ids,
                    quantities: vec![1, 1, 1],
                    // The generator does not model price changes: no bound.
                    maxTotal: U256::MAX,
                },
                gas::CHECKOUT,
            )?);
        }

        // Exchange: fill or cancel earlier offers, make new ones.
        for o in std::mem::take(&mut self.open_offers) {
            if self.rng.below(2) == 0 {
                txs.push(self.wallets.call(
                    o.maker,
                    c.PointExchange,
                    PointExchange::cancelOfferCall { offerId: o.id },
                    gas::SMALL,
                )?);
                continue;
            }
            let taker = if o.want_token == ETH {
                self.random_player()
            } else {
                let members = &self.communities[o.community].members;
                members[self.rng.below(members.len())]
            };
            if taker == o.maker {
                txs.push(self.wallets.call(
                    o.maker,
                    c.PointExchange,
                    PointExchange::cancelOfferCall { offerId: o.id },
                    gas::SMALL,
                )?);
                continue;
            }
            let value = if o.want_token == ETH {
                o.want_amount
            } else {
                U256::ZERO
            };
            let call = PointExchange::acceptOfferCall { offerId: o.id };
            txs.push(self.wallets.sign(
                taker,
                c.PointExchange,
                value,
                call.abi_encode(),
                gas::MEDIUM,
            )?);
        }
        for i in 0..60u64 {
            let who = self.random_player();
            let k = self.member_of[who][self.rng.below(self.member_of[who].len())];
            let token = self.communities[k].token;
            let points = U256::from(1 + self.rng.next_u64() % 20);
            let wei = U256::from(100_000_000_000_000u64);
            let (give, give_amount, want, want_amount, value) = if i % 2 == 0 {
                (token, points, ETH, wei, U256::ZERO)
            } else {
                (ETH, wei, token, points, wei)
            };
            let call = PointExchange::createOfferCall {
                giveToken: give,
                giveAmount: give_amount,
                wantToken: want,
                wantAmount: want_amount,
                counterparty: Address::ZERO,
                expiry: self.deadline,
            };
            txs.push(self.wallets.sign(
                who,
                c.PointExchange,
                value,
                call.abi_encode(),
                gas::MEDIUM,
            )?);
        }

        self.round(txs, &format!("round {r}")).await
    }
}

#[tokio::main]
async fn main() -> eyre::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let mut _anvil: Option<AnvilInstance> = None;
    let url = match &args.rpc_url {
        Some(url) => url.clone(),
        None => {
            let anvil = Anvil::at(tools::anvil_path())
                .args(["--gas-limit", "10000000000"])
                .try_spawn()
                .context("starting anvil (run `npm ci` first)")?;
            let url = anvil.endpoint();
            _anvil = Some(anvil);
            url
        }
    };
    let node = Node::connect(&url).await?;

    // Deploy with automine on (deploy_all waits for receipts), then take over mining.
    node.set_automine(true).await?;
    let admin: PrivateKeySigner = args.admin_key.parse().context("parsing --admin-key")?;
    let admin_address = admin.address();
    let deployer = ProviderBuilder::new()
        .wallet(EthereumWallet::from(admin))
        .connect(&url)
        .await?
        .erased();
    let deployment = deploy_all(deployer, DeployConfig::new(admin_address))
        .await
        .context("deploying")?;
    node.set_automine(false).await?;
    if let Some(dir) = args.deployment.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.deployment, serde_json::to_vec_pretty(&deployment)?)
        .with_context(|| format!("writing {}", args.deployment.display()))?;
    println!(
        "gen-chain: deployed at block {} (chain {}), wrote {}",
        deployment.start_block,
        deployment.chain_id,
        args.deployment.display()
    );

    let cast = Cast {
        creators: args.communities,
        publishers: args.publishers,
        players: args.players,
    };
    if args.communities == 0 || args.publishers == 0 || args.players < 3 || args.joins == 0 {
        bail!("need at least one community and publisher, three players and one join");
    }
    let mut wallets = Wallets::derive(&args.admin_key, &args.seed, cast, node.chain_id)?;
    wallets.sync_nonces(&node).await?;
    let addresses = wallets.addresses();
    node.set_balances(&addresses[1..], U256::from(10u64).pow(U256::from(24)))
        .await?;
    let now = node
        .provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await?
        .ok_or_else(|| eyre!("no latest block"))?
        .header
        .timestamp;

    let mut g = Gen {
        node: node.clone(),
        wallets,
        cast,
        d: deployment.clone(),
        block_txs: args.block_txs.max(1),
        rng: Rng::new(u64::from_be_bytes(
            keccak256(args.seed.as_bytes())[..8]
                .try_into()
                .expect("8 bytes"),
        )),
        names: bench::event_names(),
        index_of: addresses.iter().enumerate().map(|(i, a)| (*a, i)).collect(),
        communities: Vec::new(),
        community_of_item: HashMap::new(),
        member_of: vec![Vec::new(); cast.total()],
        posts: Vec::new(),
        liked: HashSet::new(),
        open_tasks: Vec::new(),
        claimed: Vec::new(),
        submitted: Vec::new(),
        paid_orders: Vec::new(),
        completed_orders: Vec::new(),
        open_offers: Vec::new(),
        txs: 0,
        logs: 0,
        by_event: BTreeMap::new(),
        first_block: None,
        last_block: 0,
        deadline: now + 200 * 24 * 3600,
    };
    g.setup(args.joins).await?;
    let t = Instant::now();
    let mut r = 0;
    while g.logs < args.min_events {
        r += 1;
        g.play_round(r).await?;
        if r % 10 == 0 {
            println!(
                "gen-chain: round {r}: {} txs, {} logs, block {} ({:.0} tx/s)",
                g.txs,
                g.logs,
                g.last_block,
                g.txs as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    let gen_secs = t.elapsed().as_secs_f64();

    // Cross-check with eth_getLogs what an indexer will see from the start block on.
    let mut addresses_watched: Vec<Address> = deployment
        .contracts
        .named()
        .iter()
        .map(|(_, a)| *a)
        .collect();
    addresses_watched.extend(g.communities.iter().map(|c| c.token));
    let last = g.last_block;
    let first = g.first_block.unwrap_or(deployment.start_block);
    let (mut seen, mut seen_generated) = (0u64, 0u64);
    let mut from = deployment.start_block;
    while from <= last {
        let to = (from + 49).min(last);
        let filter = Filter::new()
            .address(addresses_watched.clone())
            .from_block(from)
            .to_block(to);
        for log in node.provider.get_logs(&filter).await? {
            seen += 1;
            if log.block_number.unwrap_or_default() >= first {
                seen_generated += 1;
            }
        }
        from = to + 1;
    }
    if seen_generated != g.logs {
        bail!(
            "eth_getLogs returns {seen_generated} logs for blocks {first}..={last}, the receipts hold {}",
            g.logs
        );
    }

    let world = World {
        seed: args.seed.clone(),
        admin_key: args.admin_key.clone(),
        cast,
        deployment: deployment.clone(),
        communities: g
            .communities
            .iter()
            .map(|c| WorldCommunity {
                id: c.id,
                admin: c.admin,
                token: c.token,
                members: c.members.clone(),
            })
            .collect(),
        last_block: last,
    };
    if let Some(dir) = args.world.parent() {
        std::fs::create_dir_all(dir)?;
    }
    world.save(&args.world)?;

    let secs = started.elapsed().as_secs_f64();
    let summary = serde_json::json!({
        "events": seen,
        "generatedLogs": g.logs,
        "transactions": g.txs,
        "startBlock": deployment.start_block,
        "firstBlock": first,
        "lastBlock": last,
        "blocks": last - deployment.start_block + 1,
        "rounds": r,
        "seconds": secs,
        "roundSeconds": gen_secs,
        "txPerSecond": g.txs as f64 / secs,
        "accounts": cast.total(),
        "communities": g.communities.len(),
        "byEvent": g.by_event,
    });
    println!("gen-chain: logs by event:");
    for (name, n) in &g.by_event {
        println!("  {name:<22} {n:>8}");
    }
    println!(
        "gen-chain: {seen} events (eth_getLogs from block {}), {} txs in blocks {first}..={last} ({} blocks), {:.1}s ({:.0} tx/s)",
        deployment.start_block,
        g.txs,
        last - first + 1,
        secs,
        g.txs as f64 / secs
    );
    if let Some(out) = &args.out {
        std::fs::write(out, serde_json::to_vec_pretty(&summary)?)
            .with_context(|| format!("writing {}", out.display()))?;
    }
    Ok(())
}
