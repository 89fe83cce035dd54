//! [`play_season`]: a scripted season of play that exercises every contract function and
//! emits every event, and the [`Season`] it returns: what was created and the expected
//! final state, for tests to hold a read model against.

use crate::{
    chain::Chain,
    events,
    player::{Player, send},
};
use alloy::{
    contract::{CallBuilder, CallDecoder},
    primitives::{Address, B256, Bytes, U256, keccak256},
    providers::Provider,
    rpc::types::{Filter, TransactionReceipt},
    sol_types::SolEvent,
};
use bindings::{
    Communities, CommunityPoints, PointExchange, PointMall, Posts, Profiles, TaskMarket,
};
use eyre::{WrapErr, eyre};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// The numeric statuses the contracts store (`getTask(id).status`, ...).
pub mod status {
    /// Task `Open` (发布).
    pub const TASK_OPEN: u8 = 1;
    /// Task `Claimed` (领取).
    pub const TASK_CLAIMED: u8 = 2;
    /// Task `Submitted`.
    pub const TASK_SUBMITTED: u8 = 3;
    /// Task `Completed` (完成).
    pub const TASK_COMPLETED: u8 = 4;
    /// Task `Expired` (过期).
    pub const TASK_EXPIRED: u8 = 5;
    /// Task `Cancelled`.
    pub const TASK_CANCELLED: u8 = 6;
    /// Task `Disputed`.
    pub const TASK_DISPUTED: u8 = 7;
    /// Every task status.
    pub const TASK_ALL: [u8; 7] = [1, 2, 3, 4, 5, 6, 7];
    /// Order `Ordered` (已下单).
    pub const ORDER_ORDERED: u8 = 1;
    /// Order `Paid` (已支付).
    pub const ORDER_PAID: u8 = 2;
    /// Order `Completed` (已完成).
    pub const ORDER_COMPLETED: u8 = 3;
    /// Order `Cancelled` (已取消).
    pub const ORDER_CANCELLED: u8 = 4;
    /// Every order status.
    pub const ORDER_ALL: [u8; 4] = [1, 2, 3, 4];
    /// Offer `Open`.
    pub const OFFER_OPEN: u8 = 1;
    /// Offer `Filled`.
    pub const OFFER_FILLED: u8 = 2;
    /// Offer `Cancelled`.
    pub const OFFER_CANCELLED: u8 = 3;
}

/// A registered account at the end of the season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonUser {
    /// The account's address (after recoveries).
    pub address: Address,
    /// Its username.
    pub username: String,
    /// keccak256 of its profile document.
    pub profile_hash: B256,
    /// Whether it is verified.
    pub verified: bool,
}

/// A community at the end of the season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonCommunity {
    /// Its id.
    pub id: u64,
    /// Its name (after updates).
    pub name: String,
    /// Its theme (after updates).
    pub theme: String,
    /// Who created it.
    pub creator: Address,
    /// Its members.
    pub members: BTreeSet<Address>,
    /// Its admins.
    pub admins: BTreeSet<Address>,
    /// When each admin became one (unix time, as `Communities.standingOf` says).
    pub admin_since: BTreeMap<Address, u64>,
    /// Accounts banned from it.
    pub banned: BTreeSet<Address>,
    /// keccak256 of its description document (after updates).
    pub description_hash: B256,
    /// Its point token, if created.
    pub points: Option<Address>,
    /// Posts pinned in it.
    pub pinned: BTreeSet<u64>,
}

impl SeasonCommunity {
    /// Members (the contract's `memberCount(id)`).
    pub fn member_count(&self) -> u64 {
        self.members.len() as u64
    }
}

/// A post at the end of the season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonPost {
    /// Its id.
    pub id: u64,
    /// Its community.
    pub community_id: u64,
    /// Its author.
    pub author: Address,
    /// Its title.
    pub title: String,
    /// keccak256 of its current body document.
    pub content_hash: B256,
    /// Whether it was removed.
    pub removed: bool,
    /// Who likes it now.
    pub likers: BTreeSet<Address>,
}

/// A comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonComment {
    /// Its id.
    pub id: u64,
    /// 0 task, 1 community, 2 post.
    pub target_kind: u8,
    /// The target's id.
    pub target_id: u64,
    /// Who commented.
    pub author: Address,
    /// Who removed it (a moderator), if it was removed.
    pub removed_by: Option<Address>,
}

/// A task at the end of the season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonTask {
    /// Its id.
    pub id: u64,
    /// Its community.
    pub community_id: u64,
    /// Who published it.
    pub publisher: Address,
    /// Its title.
    pub title: String,
    /// keccak256 of its specification document.
    pub spec_hash: B256,
    /// `Address::ZERO` for ETH, else the point token.
    pub reward_token: Address,
    /// The escrowed reward.
    pub reward: U256,
    /// Its deadline (unix time).
    pub deadline: u64,
    /// Its final status (see [`status`]).
    pub status: u8,
    /// Its claimer as stored (zero when nobody holds it).
    pub claimer: Address,
    /// The current claim's `workDeadline` (from `TaskClaimed`) while the task is claimed
    /// or submitted; `None` once nobody holds the claim or it ended (disputed, final).
    pub work_deadline: Option<u64>,
    /// The open dispute's `disputeDeadline` (from `DisputeOpened`) while disputed.
    pub dispute_deadline: Option<u64>,
    /// Claimers whose claim the publisher released (they may never claim it again).
    pub released: BTreeSet<Address>,
}

/// A mall item at the end of the season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonItem {
    /// Its id.
    pub id: u64,
    /// Its community.
    pub community_id: u64,
    /// The community's point token (prices are in it).
    pub token: Address,
    /// Its name.
    pub name: String,
    /// keccak256 of its metadata document.
    pub metadata_hash: B256,
    /// Points per unit.
    pub price: U256,
    /// Units left for sale.
    pub stock: u32,
    /// Whether it is for sale.
    pub active: bool,
    /// Sum of its review stars.
    pub rating_sum: u64,
    /// Number of reviews.
    pub rating_count: u64,
}

/// An order at the end of the season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonOrder {
    /// Its id.
    pub id: u64,
    /// The item.
    pub item_id: u64,
    /// The buyer.
    pub buyer: Address,
    /// Units.
    pub quantity: u32,
    /// Total price in points.
    pub amount: U256,
    /// Its final status (see [`status`]).
    pub status: u8,
    /// The review's stars, if reviewed.
    pub stars: Option<u8>,
    /// When it stops reserving stock unpaid (`OrderPlaced.expiresAt`).
    pub expires_at: u64,
}

/// A point-exchange offer at the end of the season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonOffer {
    /// Its id.
    pub id: u64,
    /// Who made it.
    pub maker: Address,
    /// What the maker gives (`Address::ZERO` for ETH).
    pub give_token: Address,
    /// How much.
    pub give_amount: U256,
    /// What the maker wants (`Address::ZERO` for ETH).
    pub want_token: Address,
    /// How much.
    pub want_amount: U256,
    /// The only taker allowed (zero: anyone).
    pub counterparty: Address,
    /// Its final status (see [`status`]).
    pub status: u8,
    /// Who filled it.
    pub taker: Option<Address>,
}

/// What [`play_season`] did and the final state it expects.
#[derive(Debug, Clone, Default)]
pub struct Season {
    /// Registered accounts at the end (after the recovery moved `wangwu`).
    pub users: Vec<SeasonUser>,
    /// Communities, by id.
    pub communities: Vec<SeasonCommunity>,
    /// Posts, by id.
    pub posts: Vec<SeasonPost>,
    /// Comments, by id.
    pub comments: Vec<SeasonComment>,
    /// Tasks, by id; together they end in every status.
    pub tasks: Vec<SeasonTask>,
    /// Mall items, by id.
    pub items: Vec<SeasonItem>,
    /// Orders, by id; together they end in every status.
    pub orders: Vec<SeasonOrder>,
    /// Point-exchange offers, by id.
    pub offers: Vec<SeasonOffer>,
    /// Point balances at the end: `(token, account) -> balance`, for every pair that
    /// appeared in a `Transfer` (contracts' escrows included; zero balances kept).
    /// Folded from the `Transfer` logs, so a test can hold it against `balanceOf`.
    pub balances: BTreeMap<(Address, Address), U256>,
    /// Logs on the chain from block 0 to `last_block` (deployment included), by event
    /// name.
    pub event_counts: BTreeMap<String, usize>,
    /// The same logs by `(contract, event)`; `CommunityPoints` for every point token.
    pub contract_event_counts: BTreeMap<(String, String), usize>,
    /// Every content document whose hash the season put on chain (profiles,
    /// descriptions, bodies, specs, proofs, reasons, evidence, metadata, reviews), by
    /// hash: what a content store would hold.
    pub documents: BTreeMap<B256, String>,
    /// The pictures those documents name (avatars, community icons and banners, post
    /// pictures, item pictures), by hash, with the player who would upload each.
    pub media: BTreeMap<B256, (Address, Vec<u8>)>,
    /// Transactions the season sent (deployment not included).
    pub tx_count: usize,
    /// The deployment's start block.
    pub start_block: u64,
    /// The first block of the season (after the deployment).
    pub first_block: u64,
    /// The head when the season ended.
    pub last_block: u64,
}

impl Season {
    /// The task with id `id`.
    pub fn task(&self, id: u64) -> Option<&SeasonTask> {
        self.tasks.iter().find(|t| t.id == id)
    }

    /// The order with id `id`.
    pub fn order(&self, id: u64) -> Option<&SeasonOrder> {
        self.orders.iter().find(|o| o.id == id)
    }

    /// The user with username `username`.
    pub fn user(&self, username: &str) -> Option<&SeasonUser> {
        self.users.iter().find(|u| u.username == username)
    }

    /// The community with id `id`.
    pub fn community(&self, id: u64) -> Option<&SeasonCommunity> {
        self.communities.iter().find(|c| c.id == id)
    }

    /// The point balance of `account` in `token` (zero if it never held any).
    pub fn balance(&self, token: Address, account: Address) -> U256 {
        self.balances
            .get(&(token, account))
            .copied()
            .unwrap_or_default()
    }

    /// The names of the events seen.
    pub fn event_names(&self) -> BTreeSet<String> {
        self.event_counts.keys().cloned().collect()
    }
}

/// The content document [`play_season`] uses for `text` (`{"text": ...}`, UTF-8 JSON)
/// and its keccak256, the hash that goes on chain.
pub fn document(text: &str) -> (String, B256) {
    let json = serde_json::json!({ "text": text }).to_string();
    let hash = keccak256(json.as_bytes());
    (json, hash)
}

fn pts(n: u64) -> U256 {
    U256::from(n)
}

/// `n` thousandths of an ether.
fn milli_eth(n: u64) -> U256 {
    U256::from(n) * U256::from(1_000_000_000_000_000u64)
}

fn event<E: SolEvent>(receipt: &TransactionReceipt) -> eyre::Result<E> {
    receipt
        .decoded_log::<E>()
        .map(|log| log.data)
        .ok_or_else(|| {
            eyre!(
                "no {} event in transaction {}",
                E::SIGNATURE,
                receipt.transaction_hash
            )
        })
}

fn id(value: U256) -> u64 {
    value.to::<u64>()
}

const DAY: u64 = 24 * 3600;
const TASK_PUBLISHER_ROLE: &str = "TASK_PUBLISHER_ROLE";
const VERIFIER_ROLE: &str = "VERIFIER_ROLE";
const PAUSER_ROLE: &str = "PAUSER_ROLE";
/// `PUSH1 0 PUSH1 0 REVERT`: an account with this code refuses ETH.
const REFUSE_ETH: [u8; 5] = [0x60, 0x00, 0x60, 0x00, 0xfd];

struct Script {
    txs: usize,
    documents: RefCell<BTreeMap<B256, String>>,
    media: RefCell<BTreeMap<B256, (Address, Vec<u8>)>>,
    users: BTreeMap<Address, SeasonUser>,
    communities: BTreeMap<u64, SeasonCommunity>,
    posts: BTreeMap<u64, SeasonPost>,
    comments: Vec<SeasonComment>,
    tasks: BTreeMap<u64, SeasonTask>,
    items: BTreeMap<u64, SeasonItem>,
    orders: BTreeMap<u64, SeasonOrder>,
    offers: BTreeMap<u64, SeasonOffer>,
}

impl Script {
    /// The hash of `text`'s document, which is kept for [`Season::documents`].
    fn doc(&self, text: &str) -> B256 {
        let (json, hash) = document(text);
        self.documents.borrow_mut().insert(hash, json);
        hash
    }

    /// The hash of a demo document written by `owner`; it and its pictures are kept for
    /// [`Season::documents`] and [`Season::media`].
    fn demo_doc(&self, owner: Address, doc: crate::demo_content::Doc) -> B256 {
        let json = doc.json.to_string();
        let hash = keccak256(json.as_bytes());
        self.documents.borrow_mut().insert(hash, json);
        let mut media = self.media.borrow_mut();
        for p in doc.pictures {
            media.entry(p.hash).or_insert((owner, p.bytes));
        }
        hash
    }

    async fn tx<P: Provider, D: CallDecoder>(
        &mut self,
        what: &str,
        call: CallBuilder<P, D>,
    ) -> eyre::Result<TransactionReceipt> {
        self.txs += 1;
        send(call)
            .await
            .wrap_err_with(|| format!("season step {}: {what}", self.txs))
    }

    fn community(&mut self, id: u64) -> eyre::Result<&mut SeasonCommunity> {
        self.communities
            .get_mut(&id)
            .ok_or_else(|| eyre!("no community {id} in the model"))
    }

    fn task(&mut self, id: u64) -> eyre::Result<&mut SeasonTask> {
        self.tasks
            .get_mut(&id)
            .ok_or_else(|| eyre!("no task {id} in the model"))
    }

    fn order(&mut self, id: u64) -> eyre::Result<&mut SeasonOrder> {
        self.orders
            .get_mut(&id)
            .ok_or_else(|| eyre!("no order {id} in the model"))
    }

    fn item(&mut self, id: u64) -> eyre::Result<&mut SeasonItem> {
        self.items
            .get_mut(&id)
            .ok_or_else(|| eyre!("no item {id} in the model"))
    }

    fn offer(&mut self, id: u64) -> eyre::Result<&mut SeasonOffer> {
        self.offers
            .get_mut(&id)
            .ok_or_else(|| eyre!("no offer {id} in the model"))
    }

    async fn register(&mut self, c: &bindings::Contracts, p: &Player) -> eyre::Result<()> {
        let hash = self.demo_doc(p.address, crate::demo_content::profile(&p.name));
        self.tx(
            &format!("{} registers", p.name),
            p.profiles(c).register(p.name.clone(), hash),
        )
        .await?;
        self.users.insert(
            p.address,
            SeasonUser {
                address: p.address,
                username: p.name.clone(),
                profile_hash: hash,
                verified: false,
            },
        );
        Ok(())
    }

    async fn join(&mut self, c: &bindings::Contracts, p: &Player, id: u64) -> eyre::Result<()> {
        let r = self
            .tx(
                &format!("{} joins community {id}", p.name),
                p.communities(c).join(U256::from(id)),
            )
            .await?;
        let joined = event::<Communities::MemberJoined>(&r)?;
        let community = self.community(id)?;
        community.members.insert(p.address);
        if joined.memberCount != U256::from(community.member_count()) {
            return Err(eyre!(
                "community {id}: the chain counts {} members, the model {}",
                joined.memberCount,
                community.member_count()
            ));
        }
        Ok(())
    }

    async fn create_post(
        &mut self,
        c: &bindings::Contracts,
        p: &Player,
        community_id: u64,
        title: &str,
    ) -> eyre::Result<u64> {
        let hash = self.demo_doc(p.address, crate::demo_content::post(title));
        let r = self
            .tx(
                &format!("{} posts {title}", p.name),
                p.posts(c)
                    .createPost(U256::from(community_id), title.into(), hash),
            )
            .await?;
        let post_id = id(event::<Posts::PostCreated>(&r)?.postId);
        self.posts.insert(
            post_id,
            SeasonPost {
                id: post_id,
                community_id,
                author: p.address,
                title: title.into(),
                content_hash: hash,
                removed: false,
                likers: BTreeSet::new(),
            },
        );
        Ok(post_id)
    }

    async fn like(&mut self, c: &bindings::Contracts, p: &Player, post: u64) -> eyre::Result<()> {
        self.tx(
            &format!("{} likes post {post}", p.name),
            p.posts(c).like(U256::from(post)),
        )
        .await?;
        if let Some(post) = self.posts.get_mut(&post) {
            post.likers.insert(p.address);
        }
        Ok(())
    }

    async fn comment(
        &mut self,
        c: &bindings::Contracts,
        p: &Player,
        target_kind: u8,
        target_id: u64,
        text: &str,
    ) -> eyre::Result<u64> {
        let r = self
            .tx(
                &format!("{} comments on {target_kind}/{target_id}", p.name),
                p.posts(c)
                    .comment(target_kind, U256::from(target_id), self.doc(text)),
            )
            .await?;
        let created = event::<Posts::CommentCreated>(&r)?;
        let comment_id = id(created.commentId);
        self.comments.push(SeasonComment {
            id: comment_id,
            target_kind,
            target_id,
            author: p.address,
            removed_by: None,
        });
        Ok(comment_id)
    }

    #[allow(clippy::too_many_arguments)]
    async fn publish(
        &mut self,
        c: &bindings::Contracts,
        p: &Player,
        community_id: u64,
        title: &str,
        token: Address,
        reward: U256,
        deadline: u64,
    ) -> eyre::Result<u64> {
        let market = p.market(c);
        let mut call = market.publishTask(
            U256::from(community_id),
            title.into(),
            self.demo_doc(p.address, crate::demo_content::task(title)),
            token,
            reward,
            deadline,
        );
        if token == Address::ZERO {
            call = call.value(reward);
        }
        let r = self
            .tx(&format!("{} publishes {title}", p.name), call)
            .await?;
        let published = event::<TaskMarket::TaskPublished>(&r)?;
        self.add_task(p, community_id, title, &published)
    }

    fn add_task(
        &mut self,
        p: &Player,
        community_id: u64,
        title: &str,
        published: &TaskMarket::TaskPublished,
    ) -> eyre::Result<u64> {
        let task_id = id(published.id);
        self.tasks.insert(
            task_id,
            SeasonTask {
                id: task_id,
                community_id,
                publisher: p.address,
                title: title.into(),
                spec_hash: published.specHash,
                reward_token: published.rewardToken,
                reward: published.reward,
                deadline: published.deadline,
                status: status::TASK_OPEN,
                claimer: Address::ZERO,
                work_deadline: None,
                dispute_deadline: None,
                released: BTreeSet::new(),
            },
        );
        Ok(task_id)
    }

    async fn claim(&mut self, c: &bindings::Contracts, p: &Player, task: u64) -> eyre::Result<()> {
        let r = self
            .tx(
                &format!("{} claims task {task}", p.name),
                p.market(c).claimTask(U256::from(task)),
            )
            .await?;
        let claimed = event::<TaskMarket::TaskClaimed>(&r)?;
        let t = self.task(task)?;
        t.status = status::TASK_CLAIMED;
        t.claimer = p.address;
        t.work_deadline = Some(claimed.workDeadline);
        Ok(())
    }

    /// Records that task `task` ended in `final_status`: no deadline runs any more.
    fn finish(&mut self, task: u64, final_status: u8) -> eyre::Result<()> {
        let t = self.task(task)?;
        t.status = final_status;
        t.work_deadline = None;
        t.dispute_deadline = None;
        Ok(())
    }

    async fn submit(&mut self, c: &bindings::Contracts, p: &Player, task: u64) -> eyre::Result<()> {
        self.tx(
            &format!("{} submits task {task}", p.name),
            p.market(c).submitWork(
                U256::from(task),
                self.doc(&format!("proof for task {task}")),
            ),
        )
        .await?;
        self.task(task)?.status = status::TASK_SUBMITTED;
        Ok(())
    }

    async fn reject(&mut self, c: &bindings::Contracts, p: &Player, task: u64) -> eyre::Result<()> {
        self.tx(
            &format!("{} rejects task {task}", p.name),
            p.market(c)
                .rejectWork(U256::from(task), self.doc("不符合要求 not what was asked")),
        )
        .await?;
        self.task(task)?.status = status::TASK_CLAIMED;
        Ok(())
    }

    async fn dispute(
        &mut self,
        c: &bindings::Contracts,
        p: &Player,
        task: u64,
    ) -> eyre::Result<()> {
        let r = self
            .tx(
                &format!("{} disputes task {task}", p.name),
                p.market(c)
                    .openDispute(U256::from(task), self.doc("我完成了 I did the work")),
            )
            .await?;
        let opened = event::<TaskMarket::DisputeOpened>(&r)?;
        let t = self.task(task)?;
        t.status = status::TASK_DISPUTED;
        t.work_deadline = None;
        t.dispute_deadline = Some(opened.disputeDeadline);
        Ok(())
    }

    async fn list_item(
        &mut self,
        c: &bindings::Contracts,
        p: &Player,
        community_id: u64,
        name: &str,
        price: u64,
        stock: u32,
    ) -> eyre::Result<u64> {
        let r = self
            .tx(
                &format!("{} lists {name}", p.name),
                p.mall(c).listItem(
                    U256::from(community_id),
                    name.into(),
                    self.demo_doc(p.address, crate::demo_content::item(name)),
                    pts(price),
                    stock,
                ),
            )
            .await?;
        let listed = event::<PointMall::ItemListed>(&r)?;
        let item_id = id(listed.itemId);
        self.items.insert(
            item_id,
            SeasonItem {
                id: item_id,
                community_id,
                token: listed.token,
                name: name.into(),
                metadata_hash: listed.metadataHash,
                price: pts(price),
                stock,
                active: true,
                rating_sum: 0,
                rating_count: 0,
            },
        );
        Ok(item_id)
    }

    fn add_order(&mut self, placed: &PointMall::OrderPlaced) -> eyre::Result<u64> {
        let order_id = id(placed.orderId);
        let item_id = id(placed.itemId);
        self.item(item_id)?.stock = placed.stockLeft;
        self.orders.insert(
            order_id,
            SeasonOrder {
                id: order_id,
                item_id,
                buyer: placed.buyer,
                quantity: placed.quantity,
                amount: placed.amount,
                status: status::ORDER_ORDERED,
                stars: None,
                expires_at: placed.expiresAt,
            },
        );
        Ok(order_id)
    }

    async fn place(
        &mut self,
        c: &bindings::Contracts,
        p: &Player,
        item: u64,
        quantity: u32,
    ) -> eyre::Result<u64> {
        // The buyer bounds the unit price by the one it was shown.
        let price = self.item(item)?.price;
        let r = self
            .tx(
                &format!("{} orders {quantity} of item {item}", p.name),
                p.mall(c).placeOrder(U256::from(item), quantity, price),
            )
            .await?;
        self.add_order(&event::<PointMall::OrderPlaced>(&r)?)
    }

    async fn pay(&mut self, c: &bindings::Contracts, p: &Player, order: u64) -> eyre::Result<()> {
        self.tx(
            &format!("{} pays order {order}", p.name),
            p.mall(c).payOrder(U256::from(order)),
        )
        .await?;
        self.order(order)?.status = status::ORDER_PAID;
        Ok(())
    }

    async fn complete(
        &mut self,
        c: &bindings::Contracts,
        p: &Player,
        order: u64,
    ) -> eyre::Result<()> {
        self.tx(
            &format!("{} delivers order {order}", p.name),
            p.mall(c).completeOrder(U256::from(order)),
        )
        .await?;
        self.order(order)?.status = status::ORDER_COMPLETED;
        Ok(())
    }

    async fn cancel_order(
        &mut self,
        c: &bindings::Contracts,
        p: &Player,
        order: u64,
    ) -> eyre::Result<()> {
        let r = self
            .tx(
                &format!("{} cancels order {order}", p.name),
                p.mall(c).cancelOrder(U256::from(order)),
            )
            .await?;
        let cancelled = event::<PointMall::OrderCancelled>(&r)?;
        let o = self.order(order)?;
        o.status = status::ORDER_CANCELLED;
        let item = o.item_id;
        self.item(item)?.stock = cancelled.stockLeft;
        Ok(())
    }

    async fn review(
        &mut self,
        c: &bindings::Contracts,
        p: &Player,
        order: u64,
        stars: u8,
    ) -> eyre::Result<()> {
        self.tx(
            &format!("{} reviews order {order}", p.name),
            p.mall(c).review(
                U256::from(order),
                stars,
                self.doc(&format!("{stars} 星 stars, 好评")),
            ),
        )
        .await?;
        let o = self.order(order)?;
        o.stars = Some(stars);
        let item = o.item_id;
        let item = self.item(item)?;
        item.rating_sum += u64::from(stars);
        item.rating_count += 1;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn create_offer(
        &mut self,
        c: &bindings::Contracts,
        p: &Player,
        give_token: Address,
        give_amount: U256,
        want_token: Address,
        want_amount: U256,
        counterparty: Address,
        expiry: u64,
    ) -> eyre::Result<u64> {
        let exchange = p.exchange(c);
        let mut call = exchange.createOffer(
            give_token,
            give_amount,
            want_token,
            want_amount,
            counterparty,
            expiry,
        );
        if give_token == Address::ZERO {
            call = call.value(give_amount);
        }
        let r = self.tx(&format!("{} makes an offer", p.name), call).await?;
        let created = event::<PointExchange::OfferCreated>(&r)?;
        let offer_id = id(created.offerId);
        self.offers.insert(
            offer_id,
            SeasonOffer {
                id: offer_id,
                maker: p.address,
                give_token,
                give_amount: created.giveAmount,
                want_token,
                want_amount,
                counterparty,
                status: status::OFFER_OPEN,
                taker: None,
            },
        );
        Ok(offer_id)
    }

    async fn accept_offer(
        &mut self,
        c: &bindings::Contracts,
        p: &Player,
        offer: u64,
    ) -> eyre::Result<()> {
        let (want_token, want_amount) = {
            let o = self.offer(offer)?;
            (o.want_token, o.want_amount)
        };
        let exchange = p.exchange(c);
        let mut call = exchange.acceptOffer(U256::from(offer));
        if want_token == Address::ZERO {
            call = call.value(want_amount);
        }
        self.tx(&format!("{} accepts offer {offer}", p.name), call)
            .await?;
        let o = self.offer(offer)?;
        o.status = status::OFFER_FILLED;
        o.taker = Some(p.address);
        Ok(())
    }

    async fn approve(
        &mut self,
        p: &Player,
        token: Address,
        spender: Address,
        amount: u64,
    ) -> eyre::Result<()> {
        self.tx(
            &format!(
                "{} approves {amount} points of {token} to {spender}",
                p.name
            ),
            p.points(token).approve(spender, pts(amount)),
        )
        .await
        .map(drop)
    }
}

/// Plays a season on a fresh [`Chain`] (from [`crate::start_chain`]; it needs 13
/// accounts and nothing done since the deployment).
///
/// As `admin`, `alice`, `bob`, `xiaoming`, `xiaohong`, `lilei`, `hanmeimei`,
/// `zhangsan`, `lisi`, `wangwu`, `carol` (who register under those usernames),
/// `wangwu_new` (who recovers `wangwu`'s account) and `mallory` (whose recovery request
/// is rejected), it calls every external state-changing function of every contract that
/// an account can call successfully, and so emits every event the contracts can emit:
/// profiles, roles and recovery (of an account that is a member and an admin of
/// Minecraft, so its membership and admin rights move: `MembershipMoved`); three
/// communities (Chinese and English names), joins, leaves, verified admins, bans, pins,
/// two point tokens and awards; posts, edits, removals, likes and comments on posts,
/// communities and tasks, one comment removed by a community admin; fourteen tasks that
/// end in every status (ETH and point rewards, one published with a permit, an abandon,
/// a dispute resolved and one left open, a submission and a cancellation while the
/// market is paused, expiries after a jump in time, a payout finalized after the review
/// period, a claim released after the work period and claimed by another player, a
/// dispute nobody arbitrated split 50/50 after the dispute period, payouts the claimer
/// refused and withdrew later, with `withdraw` and with `withdrawTo`); mall items and
/// orders that end in every status (orders bounded by the price shown, a cart checkout,
/// a checkout with a permit, deliveries, reviews, cancellations of an unpaid and of a
/// paid order, an expired unpaid order cancelled by a stranger); point-exchange offers
/// of points for ETH, ETH for points and points for points across the two communities,
/// filled, cancelled and open; plain ERC-20 transfers, approvals, permits and burns of
/// the points; and a pause and unpause of every contract.
///
/// Not called: `Communities.setPosts` and `Profiles.setCommunities` (the deployment
/// calls them), `CommunityPoints.mint` (only `Communities` may; `award` mints),
/// `PointMall.withdraw` and `PointMall.withdrawTo` (the mall never defers a payout, see
/// [`events::UNREACHABLE`]).
///
/// It advances the chain's clock past the dispute period (`disputePeriod()`, 14 days
/// with the default deployment) and a minute. About 230 transactions, one block each
/// under automine.
pub async fn play_season(chain: &Chain) -> eyre::Result<Season> {
    if chain.players.len() < 13 {
        return Err(eyre!(
            "play_season needs 13 accounts, the chain has {}",
            chain.players.len()
        ));
    }
    let c = chain.contracts();
    let start_block = chain.deployment.start_block;
    let first_block = chain.block_number().await? + 1;
    let [
        admin,
        alice,
        bob,
        xiaoming,
        xiaohong,
        lilei,
        hanmeimei,
        zhangsan,
        lisi,
        wangwu,
        carol,
        wangwu_new,
        mallory,
    ] = std::array::from_fn(|i| &chain.players[i]);
    let mut s = Script {
        txs: 0,
        documents: RefCell::new(BTreeMap::new()),
        media: RefCell::new(BTreeMap::new()),
        users: BTreeMap::new(),
        communities: BTreeMap::new(),
        posts: BTreeMap::new(),
        comments: Vec::new(),
        tasks: BTreeMap::new(),
        items: BTreeMap::new(),
        orders: BTreeMap::new(),
        offers: BTreeMap::new(),
    };

    // ---- Profiles: accounts, verification, roles, recovery --------------------------
    for p in [
        admin, alice, bob, xiaoming, xiaohong, lilei, hanmeimei, zhangsan, lisi, wangwu, carol,
    ] {
        s.register(&c, p).await?;
    }
    let hash = s.doc("alice: 原神玩家, Genshin main, AR 60");
    s.tx(
        "alice updates her profile",
        alice.profiles(&c).updateProfile(hash),
    )
    .await?;
    if let Some(u) = s.users.get_mut(&alice.address) {
        u.profile_hash = hash;
    }
    // Community admins are verified players: hanmeimei and wangwu become admins below.
    for (who, verified) in [
        (alice, true),
        (bob, true),
        (hanmeimei, true),
        (wangwu, true),
        (lilei, true),
        (lilei, false),
    ] {
        s.tx(
            &format!("admin verifies {} = {verified}", who.name),
            admin.profiles(&c).setVerified(who.address, verified),
        )
        .await?;
        if let Some(u) = s.users.get_mut(&who.address) {
            u.verified = verified;
        }
    }
    s.tx(
        "xiaoming applies to publish tasks",
        xiaoming
            .profiles(&c)
            .applyForPublisher(s.doc("我想发布任务 I run a guild")),
    )
    .await?;
    let role = |name: &str| keccak256(name.as_bytes());
    s.tx(
        "admin makes xiaoming a publisher",
        admin
            .profiles(&c)
            .grantRole(role(TASK_PUBLISHER_ROLE), xiaoming.address),
    )
    .await?;
    s.tx(
        "admin makes lisi a verifier",
        admin
            .profiles(&c)
            .grantRole(role(VERIFIER_ROLE), lisi.address),
    )
    .await?;
    s.tx(
        "admin takes lisi's verifier role back",
        admin
            .profiles(&c)
            .revokeRole(role(VERIFIER_ROLE), lisi.address),
    )
    .await?;
    s.tx(
        "admin makes lisi a pauser",
        admin
            .profiles(&c)
            .grantRole(role(PAUSER_ROLE), lisi.address),
    )
    .await?;
    s.tx(
        "lisi renounces pausing",
        lisi.profiles(&c)
            .renounceRole(role(PAUSER_ROLE), lisi.address),
    )
    .await?;
    let r = s
        .tx(
            "wangwu_new asks for wangwu's account",
            wangwu_new
                .profiles(&c)
                .requestRecovery("wangwu".into(), s.doc("我换了手机 new phone, same guild")),
        )
        .await?;
    let recovered = event::<Profiles::RecoveryRequested>(&r)?.requestId;
    let r = s
        .tx(
            "mallory asks for alice's account",
            mallory
                .profiles(&c)
                .requestRecovery("alice".into(), s.doc("trust me")),
        )
        .await?;
    let rejected = event::<Profiles::RecoveryRequested>(&r)?.requestId;
    // wangwu's recovery is approved once he is a member and an admin of a community
    // (below), so it moves those too.
    s.tx(
        "admin rejects mallory's recovery",
        admin.profiles(&c).rejectRecovery(rejected),
    )
    .await?;

    // ---- Pauses (TaskMarket's comes with an exit taken while paused, below) --------
    s.tx("admin pauses Profiles", admin.profiles(&c).pause())
        .await?;
    s.tx("admin unpauses Profiles", admin.profiles(&c).unpause())
        .await?;
    s.tx("admin pauses Communities", admin.communities(&c).pause())
        .await?;
    s.tx(
        "admin unpauses Communities",
        admin.communities(&c).unpause(),
    )
    .await?;
    s.tx("admin pauses Posts", admin.posts(&c).pause()).await?;
    s.tx("admin unpauses Posts", admin.posts(&c).unpause())
        .await?;
    s.tx("admin pauses PointMall", admin.mall(&c).pause())
        .await?;
    s.tx("admin unpauses PointMall", admin.mall(&c).unpause())
        .await?;
    s.tx("admin pauses PointExchange", admin.exchange(&c).pause())
        .await?;
    s.tx("admin unpauses PointExchange", admin.exchange(&c).unpause())
        .await?;

    // ---- Communities -------------------------------------------------------------
    let create = async |s: &mut Script, p: &Player, name: &str, theme: &str| {
        let r = s
            .tx(
                &format!("{} creates {name}", p.name),
                p.communities(&c).createCommunity(
                    name.into(),
                    theme.into(),
                    s.demo_doc(p.address, crate::demo_content::community(name)),
                ),
            )
            .await?;
        let created = event::<Communities::CommunityCreated>(&r)?;
        let cid = id(created.id);
        let since = block_time(chain, &r).await?;
        s.communities.insert(
            cid,
            SeasonCommunity {
                id: cid,
                name: name.into(),
                theme: theme.into(),
                creator: p.address,
                members: BTreeSet::from([p.address]),
                admins: BTreeSet::from([p.address]),
                admin_since: BTreeMap::from([(p.address, since)]),
                banned: BTreeSet::new(),
                description_hash: created.descriptionHash,
                points: None,
                pinned: BTreeSet::new(),
            },
        );
        eyre::Ok(cid)
    };
    let genshin = create(&mut s, alice, "原神 社区", "原神 Genshin Impact").await?;
    let honor = create(&mut s, bob, "王者荣耀 战队", "王者荣耀 Honor of Kings").await?;
    let minecraft = create(&mut s, admin, "Minecraft 建筑党", "Minecraft").await?;
    let (new_name, new_theme) = ("原神 提瓦特冒险家协会", "原神 Genshin Impact 5.x");
    let new_description = s.doc("提瓦特冒险家的家 home of Teyvat's adventurers");
    s.tx(
        "alice renames 原神 社区",
        alice.communities(&c).updateCommunity(
            U256::from(genshin),
            new_name.into(),
            new_theme.into(),
            new_description,
        ),
    )
    .await?;
    {
        let g = s.community(genshin)?;
        g.name = new_name.into();
        g.theme = new_theme.into();
        g.description_hash = new_description;
    }
    for p in [bob, lisi, carol, wangwu] {
        s.join(&c, p, minecraft).await?;
    }
    let r = s
        .tx(
            "admin makes wangwu an admin of Minecraft",
            admin
                .communities(&c)
                .setCommunityAdmin(U256::from(minecraft), wangwu.address, true),
        )
        .await?;
    let since = block_time(chain, &r).await?;
    {
        let m = s.community(minecraft)?;
        m.admins.insert(wangwu.address);
        m.admin_since.insert(wangwu.address, since);
    }
    // The recovery moves the username, profile, verification and roles, and in every
    // community the membership and admin rights (with since when): `MembershipMoved`.
    let r = s
        .tx(
            "admin approves wangwu's recovery",
            admin.profiles(&c).approveRecovery(recovered),
        )
        .await?;
    if let Some(mut u) = s.users.remove(&wangwu.address) {
        u.address = wangwu_new.address;
        s.users.insert(wangwu_new.address, u);
    }
    let moved = event::<Communities::MembershipMoved>(&r)?;
    {
        let m = s.community(minecraft)?;
        m.members.remove(&wangwu.address);
        m.members.insert(wangwu_new.address);
        m.admins.remove(&wangwu.address);
        m.admins.insert(wangwu_new.address);
        if let Some(since) = m.admin_since.remove(&wangwu.address) {
            m.admin_since.insert(wangwu_new.address, since);
        }
        let expected = (
            id(moved.id),
            moved.from,
            moved.to,
            moved.standing,
            Some(moved.adminSince),
            moved.memberCount,
        );
        let model = (
            minecraft,
            wangwu.address,
            wangwu_new.address,
            1,
            m.admin_since.get(&wangwu_new.address).copied(),
            U256::from(m.member_count()),
        );
        if expected != model {
            return Err(eyre!(
                "MembershipMoved says {expected:?}, the model {model:?}"
            ));
        }
    }
    for p in [
        bob, xiaoming, xiaohong, lilei, hanmeimei, zhangsan, lisi, wangwu_new, carol,
    ] {
        s.join(&c, p, genshin).await?;
    }
    for p in [alice, xiaohong, lilei, hanmeimei, carol, zhangsan] {
        s.join(&c, p, honor).await?;
    }
    s.tx(
        "lisi leaves 原神",
        lisi.communities(&c).leave(U256::from(genshin)),
    )
    .await?;
    s.community(genshin)?.members.remove(&lisi.address);
    for (who, on) in [(hanmeimei, true), (bob, true), (bob, false)] {
        let r = s
            .tx(
                &format!("alice sets {} admin of 原神 = {on}", who.name),
                alice
                    .communities(&c)
                    .setCommunityAdmin(U256::from(genshin), who.address, on),
            )
            .await?;
        let since = block_time(chain, &r).await?;
        let g = s.community(genshin)?;
        if on {
            g.admins.insert(who.address);
            g.admin_since.entry(who.address).or_insert(since);
        } else {
            g.admins.remove(&who.address);
            g.admin_since.remove(&who.address);
        }
    }
    s.tx(
        "hanmeimei bans zhangsan from 原神",
        hanmeimei
            .communities(&c)
            .ban(U256::from(genshin), zhangsan.address),
    )
    .await?;
    {
        let g = s.community(genshin)?;
        g.members.remove(&zhangsan.address);
        g.banned.insert(zhangsan.address);
    }
    s.tx(
        "hanmeimei lifts zhangsan's ban",
        hanmeimei
            .communities(&c)
            .unban(U256::from(genshin), zhangsan.address),
    )
    .await?;
    s.community(genshin)?.banned.remove(&zhangsan.address);
    s.join(&c, zhangsan, genshin).await?;
    s.tx(
        "admin bans lisi from Minecraft",
        admin
            .communities(&c)
            .ban(U256::from(minecraft), lisi.address),
    )
    .await?;
    {
        let m = s.community(minecraft)?;
        m.members.remove(&lisi.address);
        m.banned.insert(lisi.address);
    }
    s.tx(
        "admin raises the popularity threshold to 5",
        admin.communities(&c).setPopularityThreshold(U256::from(5)),
    )
    .await?;
    let create_points = async |s: &mut Script, p: &Player, cid: u64, name: &str, symbol: &str| {
        let r = s
            .tx(
                &format!("{} creates points {name}", p.name),
                p.communities(&c)
                    .createPoints(U256::from(cid), name.into(), symbol.into()),
            )
            .await?;
        let token = event::<Communities::PointsCreated>(&r)?.token;
        s.community(cid)?.points = Some(token);
        eyre::Ok(token)
    };
    let ys = create_points(&mut s, alice, genshin, "原石 Primogems", "YS").await?;
    let wz = create_points(&mut s, bob, honor, "王者积分 Honor Points", "WZ").await?;
    for (by, cid, to, amount, source) in [
        (alice, genshin, xiaoming, 5000, "任务预算 task budget"),
        (alice, genshin, xiaohong, 500, "每日签到 daily check-in"),
        (alice, genshin, lilei, 300, "深渊挑战 Abyss challenge"),
        (alice, genshin, carol, 200, "Lantern Rite event"),
        (hanmeimei, genshin, zhangsan, 50, "欢迎回来 welcome back"),
        (bob, honor, admin, 500, "publisher budget"),
        (bob, honor, alice, 1000, "战队赛冠军 team cup winner"),
        (bob, honor, carol, 400, "五杀 penta kill"),
        (bob, honor, xiaohong, 300, "每日签到 daily check-in"),
    ] {
        s.tx(
            &format!("{} awards {amount} to {}", by.name, to.name),
            by.communities(&c)
                .award(U256::from(cid), to.address, pts(amount), source.into()),
        )
        .await?;
    }

    // ---- Posts, likes, comments ------------------------------------------------------
    let notice = s
        .create_post(&c, alice, genshin, "社区公告：欢迎来到提瓦特")
        .await?;
    let guide = s.create_post(&c, bob, genshin, "深渊12层通关攻略").await?;
    let english = s
        .create_post(&c, xiaohong, genshin, "Spiral Abyss floor 12 guide")
        .await?;
    let gacha = s
        .create_post(&c, lilei, genshin, "抽卡记录 gacha log")
        .await?;
    let penta = s
        .create_post(&c, carol, honor, "五杀集锦 Penta kill highlights")
        .await?;
    let test_post = s
        .create_post(&c, xiaohong, honor, "测试帖 test post")
        .await?;
    let hash = s.doc("深渊12层通关攻略（修订版）revised");
    s.tx(
        "bob edits his guide",
        bob.posts(&c).editPost(U256::from(guide), hash),
    )
    .await?;
    if let Some(p) = s.posts.get_mut(&guide) {
        p.content_hash = hash;
    }
    for (who, post) in [(hanmeimei, gacha), (xiaohong, test_post)] {
        s.tx(
            &format!("{} removes post {post}", who.name),
            who.posts(&c).removePost(U256::from(post)),
        )
        .await?;
        if let Some(p) = s.posts.get_mut(&post) {
            p.removed = true;
        }
    }
    for (post, pinned) in [(notice, true), (guide, true), (guide, false)] {
        s.tx(
            &format!("alice pins post {post} = {pinned}"),
            alice
                .communities(&c)
                .pinPost(U256::from(genshin), U256::from(post), pinned),
        )
        .await?;
        let g = s.community(genshin)?;
        if pinned {
            g.pinned.insert(post);
        } else {
            g.pinned.remove(&post);
        }
    }
    for (who, post) in [
        (xiaohong, guide),
        (lilei, guide),
        (carol, guide),
        (alice, guide),
        (bob, english),
        (alice, penta),
        (xiaohong, penta),
    ] {
        s.like(&c, who, post).await?;
    }
    s.tx(
        "lilei unlikes the guide",
        lilei.posts(&c).unlike(U256::from(guide)),
    )
    .await?;
    if let Some(p) = s.posts.get_mut(&guide) {
        p.likers.remove(&lilei.address);
    }
    s.comment(&c, xiaohong, 2, guide, "太强了！great guide")
        .await?;
    let off_topic = s
        .comment(&c, lilei, 2, guide, "求阵容 which team? 加我好友 add me")
        .await?;
    s.comment(&c, lilei, 2, guide, "求阵容 which team?").await?;
    // A community admin hides a comment (its history stays on chain).
    s.tx(
        "hanmeimei removes lilei's off-topic comment",
        hanmeimei.posts(&c).removeComment(U256::from(off_topic)),
    )
    .await?;
    if let Some(cm) = s.comments.iter_mut().find(|cm| cm.id == off_topic) {
        cm.removed_by = Some(hanmeimei.address);
    }
    s.comment(&c, carol, 1, genshin, "Love this community 喜欢")
        .await?;
    s.comment(&c, bob, 1, honor, "周末开黑 weekend games")
        .await?;

    // ---- Tasks --------------------------------------------------------------------------
    let now = chain.timestamp().await?;
    let long = now + 30 * DAY;
    let short = now + 3600;
    s.approve(xiaoming, ys, c.TaskMarket, 100 + 80 + 30).await?;
    let t_approved = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "深渊12层通关",
            Address::ZERO,
            milli_eth(100),
            long,
        )
        .await?;
    let t_resolved = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "每日委托代肝 daily commissions",
            ys,
            pts(100),
            long,
        )
        .await?;
    let t_disputed = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "Build a Raiden Shogun team guide",
            ys,
            pts(80),
            long,
        )
        .await?;
    let t_expired_open = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "限时活动 limited event run",
            ys,
            pts(30),
            short,
        )
        .await?;
    let t_open = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "须弥神瞳全收集 find all Dendroculi",
            Address::ZERO,
            milli_eth(50),
            long,
        )
        .await?;
    // A task published with a permit instead of an approval.
    let title = "圣遗物刷取 artifact farming";
    let permit = xiaoming
        .sign_permit(ys, c.TaskMarket, pts(60), U256::from(long))
        .await?;
    let r = s
        .tx(
            "xiaoming publishes with a permit",
            xiaoming.market(&c).publishTaskWithPermit(
                U256::from(genshin),
                title.into(),
                s.demo_doc(xiaoming.address, crate::demo_content::task(title)),
                ys,
                pts(60),
                long,
                U256::from(long),
                permit.v,
                permit.r,
                permit.s,
            ),
        )
        .await?;
    let t_claimed = s.add_task(
        xiaoming,
        genshin,
        title,
        &event::<TaskMarket::TaskPublished>(&r)?,
    )?;
    let t_submitted = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "Spiral Abyss 36 stars video",
            Address::ZERO,
            milli_eth(20),
            long,
        )
        .await?;
    let t_expired_claimed = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "Weekly boss carry 周本代打",
            Address::ZERO,
            milli_eth(10),
            short,
        )
        .await?;
    let t_cancelled = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "钓鱼成就 fishing achievements",
            Address::ZERO,
            milli_eth(30),
            long,
        )
        .await?;
    let t_finalized = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "Map all Chenyu Vale chests",
            Address::ZERO,
            milli_eth(40),
            long,
        )
        .await?;
    let t_deferred = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "七圣召唤 TCG tournament entry",
            Address::ZERO,
            milli_eth(50),
            long,
        )
        .await?;
    let t_released = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "帮我刷材料 farm ascension materials",
            Address::ZERO,
            milli_eth(15),
            long,
        )
        .await?;
    // An odd reward: the 50/50 split of an expired dispute gives the odd wei to the
    // claimer.
    let t_dispute_expired = s
        .publish(
            &c,
            xiaoming,
            genshin,
            "无人仲裁 Nobody arbitrates this one",
            Address::ZERO,
            milli_eth(25) + U256::from(1),
            long,
        )
        .await?;
    s.approve(admin, wz, c.TaskMarket, 100).await?;
    let t_honor = s
        .publish(
            &c,
            admin,
            honor,
            "王者 巅峰赛 上分 climb the peak",
            wz,
            pts(100),
            long,
        )
        .await?;

    // Completed by approval.
    s.claim(&c, xiaohong, t_approved).await?;
    s.submit(&c, xiaohong, t_approved).await?;
    s.tx(
        "xiaoming approves task",
        xiaoming.market(&c).approveWork(U256::from(t_approved)),
    )
    .await?;
    s.finish(t_approved, status::TASK_COMPLETED)?;
    // Abandoned, claimed again, rejected, disputed, resolved 60/40 by a community admin.
    s.claim(&c, lilei, t_resolved).await?;
    s.tx(
        "lilei abandons",
        lilei.market(&c).abandonTask(U256::from(t_resolved)),
    )
    .await?;
    {
        let t = s.task(t_resolved)?;
        t.status = status::TASK_OPEN;
        t.claimer = Address::ZERO;
        t.work_deadline = None;
    }
    s.claim(&c, carol, t_resolved).await?;
    s.submit(&c, carol, t_resolved).await?;
    s.reject(&c, xiaoming, t_resolved).await?;
    s.dispute(&c, carol, t_resolved).await?;
    s.tx(
        "alice resolves the dispute 60/40",
        alice
            .market(&c)
            .resolveDispute(U256::from(t_resolved), 6000),
    )
    .await?;
    s.finish(t_resolved, status::TASK_COMPLETED)?;
    // Left disputed.
    s.claim(&c, zhangsan, t_disputed).await?;
    s.submit(&c, zhangsan, t_disputed).await?;
    s.reject(&c, xiaoming, t_disputed).await?;
    s.dispute(&c, zhangsan, t_disputed).await?;
    // Left claimed, submitted; claimed before its short deadline passes.
    s.claim(&c, lilei, t_claimed).await?;
    s.claim(&c, bob, t_submitted).await?;
    s.submit(&c, bob, t_submitted).await?;
    s.claim(&c, xiaohong, t_expired_claimed).await?;
    // Claimed and never worked on: released after the work period (below).
    s.claim(&c, zhangsan, t_released).await?;
    // Rejected and disputed; nobody arbitrates, so it splits 50/50 after the dispute
    // period (below).
    s.claim(&c, carol, t_dispute_expired).await?;
    s.submit(&c, carol, t_dispute_expired).await?;
    s.reject(&c, xiaoming, t_dispute_expired).await?;
    s.dispute(&c, carol, t_dispute_expired).await?;
    // While the market is paused nothing new starts, and what started goes on: a
    // cancellation and a submission (finalized after the review period, below).
    s.claim(&c, wangwu_new, t_finalized).await?;
    s.tx("admin pauses TaskMarket", admin.market(&c).pause())
        .await?;
    s.tx(
        "xiaoming cancels while paused",
        xiaoming.market(&c).cancelTask(U256::from(t_cancelled)),
    )
    .await?;
    s.finish(t_cancelled, status::TASK_CANCELLED)?;
    s.submit(&c, wangwu_new, t_finalized).await?;
    s.tx("admin unpauses TaskMarket", admin.market(&c).unpause())
        .await?;
    // Submitted now; approved while carol refuses ETH (below).
    s.claim(&c, carol, t_deferred).await?;
    s.submit(&c, carol, t_deferred).await?;
    // The other community's task, by the system admin, in its points.
    s.claim(&c, xiaohong, t_honor).await?;
    s.submit(&c, xiaohong, t_honor).await?;
    s.tx(
        "admin approves the honor task",
        admin.market(&c).approveWork(U256::from(t_honor)),
    )
    .await?;
    s.finish(t_honor, status::TASK_COMPLETED)?;
    s.comment(&c, lilei, 0, t_approved, "恭喜 congrats").await?;
    s.comment(&c, bob, 0, t_open, "有人一起吗 anyone with me?")
        .await?;
    s.comment(&c, carol, 0, t_disputed, "这个争议怎么样了? any news?")
        .await?;

    // ---- Mall ---------------------------------------------------------------------------
    let pack = s
        .list_item(&c, alice, genshin, "原石礼包 Primogem pack", 50, 100)
        .await?;
    let welkin = s
        .list_item(&c, alice, genshin, "空月祝福 Welkin Moon", 120, 10)
        .await?;
    let voucher = s
        .list_item(&c, bob, honor, "皮肤兑换券 Skin voucher", 80, 5)
        .await?;
    let frame = s
        .list_item(&c, bob, honor, "限定头像框 limited frame", 30, 3)
        .await?;
    for (who, item, price, stock, active) in
        [(alice, welkin, 100, 20, true), (bob, frame, 30, 0, false)]
    {
        s.tx(
            &format!("{} updates item {item}", who.name),
            who.mall(&c)
                .updateItem(U256::from(item), pts(price), stock, active),
        )
        .await?;
        let i = s.item(item)?;
        i.price = pts(price);
        i.stock = stock;
        i.active = active;
    }
    // Ordered, paid, delivered, reviewed.
    let o_done = s.place(&c, xiaohong, pack, 2).await?;
    s.approve(xiaohong, ys, c.PointMall, 250).await?;
    s.pay(&c, xiaohong, o_done).await?;
    s.complete(&c, alice, o_done).await?;
    s.review(&c, xiaohong, o_done, 5).await?;
    // Cancelled unpaid by the buyer; cancelled paid by an admin.
    let o_unpaid = s.place(&c, lilei, pack, 1).await?;
    s.cancel_order(&c, lilei, o_unpaid).await?;
    let o_refunded = s.place(&c, lilei, welkin, 1).await?;
    s.approve(lilei, ys, c.PointMall, 100).await?;
    s.pay(&c, lilei, o_refunded).await?;
    s.cancel_order(&c, alice, o_refunded).await?;
    // Left unpaid: anyone cancels it once it expires (below).
    let o_stale = s.place(&c, lilei, pack, 1).await?;
    // Left ordered; left paid.
    s.place(&c, carol, pack, 1).await?;
    let o_paid = s.place(&c, carol, welkin, 1).await?;
    s.approve(carol, ys, c.PointMall, 100).await?;
    s.pay(&c, carol, o_paid).await?;
    // A two-line cart, bounded by the total shown; one line delivered and reviewed, the
    // other left paid.
    let shown = s.item(pack)?.price + s.item(welkin)?.price;
    let r = s
        .tx(
            "xiaohong checks out a cart",
            xiaohong.mall(&c).checkout(
                vec![U256::from(pack), U256::from(welkin)],
                vec![1, 1],
                shown,
            ),
        )
        .await?;
    let mut cart = Vec::new();
    for log in r.inner.logs() {
        if let Ok(placed) = log.log_decode::<PointMall::OrderPlaced>() {
            cart.push(s.add_order(&placed.inner.data)?);
        }
    }
    for &o in &cart {
        s.order(o)?.status = status::ORDER_PAID;
    }
    let Some(&cart_first) = cart.first() else {
        return Err(eyre!("the cart placed no orders"));
    };
    s.complete(&c, hanmeimei, cart_first).await?;
    s.review(&c, xiaohong, cart_first, 4).await?;
    // A cart paid with a permit, in the other community's points.
    let permit = carol
        .sign_permit(wz, c.PointMall, pts(160), U256::from(long))
        .await?;
    let shown = s.item(voucher)?.price * U256::from(2);
    let r = s
        .tx(
            "carol checks out with a permit",
            carol.mall(&c).checkoutWithPermit(
                vec![U256::from(voucher)],
                vec![2],
                shown,
                wz,
                pts(160),
                U256::from(long),
                permit.v,
                permit.r,
                permit.s,
            ),
        )
        .await?;
    let o_permit = s.add_order(&event::<PointMall::OrderPlaced>(&r)?)?;
    s.order(o_permit)?.status = status::ORDER_PAID;
    s.complete(&c, bob, o_permit).await?;
    s.review(&c, carol, o_permit, 3).await?;

    // ---- Exchange -----------------------------------------------------------------------
    // Points for ETH: filled below while carol refuses ETH.
    s.approve(carol, ys, c.PointExchange, 50).await?;
    let x_deferred = s
        .create_offer(
            &c,
            carol,
            ys,
            pts(50),
            Address::ZERO,
            milli_eth(10),
            Address::ZERO,
            long,
        )
        .await?;
    // Points for ETH: filled much later, while carol refuses ETH again.
    s.approve(carol, ys, c.PointExchange, 20).await?;
    let x_deferred_again = s
        .create_offer(
            &c,
            carol,
            ys,
            pts(20),
            Address::ZERO,
            milli_eth(5),
            Address::ZERO,
            long,
        )
        .await?;
    // ETH for points, reserved for xiaohong.
    let x_eth = s
        .create_offer(
            &c,
            lilei,
            Address::ZERO,
            milli_eth(20),
            ys,
            pts(30),
            xiaohong.address,
            long,
        )
        .await?;
    s.approve(xiaohong, ys, c.PointExchange, 70).await?;
    s.accept_offer(&c, xiaohong, x_eth).await?;
    // Points for points across communities.
    let x_cross = s
        .create_offer(&c, xiaohong, ys, pts(40), wz, pts(20), Address::ZERO, long)
        .await?;
    s.approve(alice, wz, c.PointExchange, 20).await?;
    s.accept_offer(&c, alice, x_cross).await?;
    // Cancelled by its maker.
    s.approve(lilei, ys, c.PointExchange, 10).await?;
    let x_cancelled = s
        .create_offer(&c, lilei, ys, pts(10), wz, pts(10), Address::ZERO, long)
        .await?;
    s.tx(
        "lilei cancels her offer",
        lilei.exchange(&c).cancelOffer(U256::from(x_cancelled)),
    )
    .await?;
    s.offer(x_cancelled)?.status = status::OFFER_CANCELLED;
    // Left open.
    s.approve(xiaohong, wz, c.PointExchange, 10).await?;
    s.create_offer(&c, xiaohong, wz, pts(10), ys, pts(10), Address::ZERO, long)
        .await?;

    // ---- Plain ERC-20 use of the points --------------------------------------------------
    s.tx(
        "xiaohong sends lilei 5 points",
        xiaohong.points(ys).transfer(lilei.address, pts(5)),
    )
    .await?;
    s.approve(lilei, ys, bob.address, 10).await?;
    s.tx(
        "bob pulls 10 of lilei's points",
        bob.points(ys)
            .transferFrom(lilei.address, bob.address, pts(10)),
    )
    .await?;
    s.tx("carol burns a point", carol.points(ys).burn(pts(1)))
        .await?;
    s.approve(lilei, ys, xiaohong.address, 2).await?;
    s.tx(
        "xiaohong burns 2 of lilei's points",
        xiaohong.points(ys).burnFrom(lilei.address, pts(2)),
    )
    .await?;
    let permit = zhangsan
        .sign_permit(ys, bob.address, pts(5), U256::from(long))
        .await?;
    s.tx(
        "bob submits zhangsan's permit",
        bob.points(ys).permit(
            zhangsan.address,
            bob.address,
            pts(5),
            U256::from(long),
            permit.v,
            permit.r,
            permit.s,
        ),
    )
    .await?;

    // ---- Payouts carol refuses, withdrawn later ----------------------------------------------
    chain
        .set_code(carol.address, Bytes::from_static(&REFUSE_ETH))
        .await?;
    s.tx(
        "xiaoming approves carol's work (she refuses ETH)",
        xiaoming.market(&c).approveWork(U256::from(t_deferred)),
    )
    .await?;
    s.finish(t_deferred, status::TASK_COMPLETED)?;
    s.accept_offer(&c, bob, x_deferred).await?;
    chain.set_code(carol.address, Bytes::new()).await?;
    s.tx(
        "carol withdraws from TaskMarket",
        carol.market(&c).withdraw(Address::ZERO),
    )
    .await?;
    s.tx(
        "carol withdraws from PointExchange",
        carol.exchange(&c).withdraw(Address::ZERO),
    )
    .await?;

    // ---- Time passes ---------------------------------------------------------------------------
    chain.increase_time(2 * 3600).await?;
    s.tx(
        "carol expires an open task",
        carol.market(&c).expireTask(U256::from(t_expired_open)),
    )
    .await?;
    s.finish(t_expired_open, status::TASK_EXPIRED)?;
    s.tx(
        "lisi expires a claimed task",
        lisi.market(&c).expireTask(U256::from(t_expired_claimed)),
    )
    .await?;
    s.finish(t_expired_claimed, status::TASK_EXPIRED)?;
    chain.increase_time(3 * DAY + 60).await?;
    s.tx(
        "wangwu finalizes his unreviewed task",
        wangwu_new
            .market(&c)
            .finalizeUnreviewed(U256::from(t_finalized)),
    )
    .await?;
    s.finish(t_finalized, status::TASK_COMPLETED)?;

    // The work period passes with no submission: the publisher takes the claim back, the
    // task is open again, and its old claimer may never claim it again.
    let work_deadline = s
        .task(t_released)?
        .work_deadline
        .ok_or_else(|| eyre!("task {t_released} has no work deadline"))?;
    advance_past(chain, work_deadline).await?;
    s.tx(
        "xiaoming releases zhangsan's stale claim",
        xiaoming.market(&c).releaseClaim(U256::from(t_released)),
    )
    .await?;
    {
        let t = s.task(t_released)?;
        t.status = status::TASK_OPEN;
        t.claimer = Address::ZERO;
        t.work_deadline = None;
        t.released.insert(zhangsan.address);
    }
    if zhangsan
        .market(&c)
        .claimTask(U256::from(t_released))
        .call()
        .await
        .is_ok()
    {
        return Err(eyre!(
            "a released claimer could claim task {t_released} again"
        ));
    }
    s.claim(&c, xiaohong, t_released).await?;
    // The order nobody paid expired long ago: a stranger cancels it and the stock returns.
    let expires_at = s.order(o_stale)?.expires_at;
    advance_past(chain, expires_at).await?;
    s.cancel_order(&c, mallory, o_stale).await?;

    // The dispute period passes with no arbiter: anyone splits the escrow 50/50. carol
    // refuses ETH meanwhile, so her half is credited, and so is an offer filled now; she
    // sends both credits to another wallet of hers with `withdrawTo`.
    let dispute_deadline = s
        .task(t_dispute_expired)?
        .dispute_deadline
        .ok_or_else(|| eyre!("task {t_dispute_expired} has no dispute deadline"))?;
    advance_past(chain, dispute_deadline).await?;
    chain
        .set_code(carol.address, Bytes::from_static(&REFUSE_ETH))
        .await?;
    let r = s
        .tx(
            "lisi settles the unarbitrated dispute",
            lisi.market(&c).expireTask(U256::from(t_dispute_expired)),
        )
        .await?;
    let split = event::<TaskMarket::DisputeExpired>(&r)?;
    if split.claimerAmount != split.publisherAmount + U256::from(1) {
        return Err(eyre!(
            "an odd reward splits with the odd unit to the claimer: {split:?}"
        ));
    }
    s.finish(t_dispute_expired, status::TASK_EXPIRED)?;
    s.accept_offer(&c, alice, x_deferred_again).await?;
    chain.set_code(carol.address, Bytes::new()).await?;
    s.tx(
        "carol sends her TaskMarket credit to another wallet",
        carol.market(&c).withdrawTo(Address::ZERO, lisi.address),
    )
    .await?;
    s.tx(
        "carol sends her PointExchange credit to another wallet",
        carol.exchange(&c).withdrawTo(Address::ZERO, lisi.address),
    )
    .await?;

    // ---- What the chain now holds ----------------------------------------------------------------
    let last_block = chain.block_number().await?;
    let mut season = Season {
        users: s.users.into_values().collect(),
        communities: s.communities.into_values().collect(),
        posts: s.posts.into_values().collect(),
        comments: s.comments,
        tasks: s.tasks.into_values().collect(),
        items: s.items.into_values().collect(),
        orders: s.orders.into_values().collect(),
        offers: s.offers.into_values().collect(),
        tx_count: s.txs,
        documents: s.documents.into_inner(),
        media: s.media.into_inner(),
        start_block,
        first_block,
        last_block,
        ..Season::default()
    };
    tally_logs(chain, &mut season, 0, last_block).await?;
    Ok(season)
}

/// The timestamp of the block `receipt` was mined in.
async fn block_time(chain: &Chain, receipt: &TransactionReceipt) -> eyre::Result<u64> {
    let number = receipt
        .block_number
        .ok_or_else(|| eyre!("a receipt without a block"))?;
    let block = chain
        .provider
        .get_block_by_number(number.into())
        .await?
        .ok_or_else(|| eyre!("block {number} is missing"))?;
    Ok(block.header.timestamp)
}

/// Moves the clock so the next block is a minute past `deadline` (unix seconds).
async fn advance_past(chain: &Chain, deadline: u64) -> eyre::Result<()> {
    let now = chain.timestamp().await?;
    chain.increase_time(deadline.saturating_sub(now) + 60).await
}

/// Names every log of blocks `from..=to` and folds the point transfers into balances.
async fn tally_logs(chain: &Chain, season: &mut Season, from: u64, to: u64) -> eyre::Result<()> {
    let mut names: BTreeMap<Address, &'static str> = chain
        .contracts()
        .named()
        .into_iter()
        .map(|(n, a)| (a, n))
        .collect();
    for community in &season.communities {
        if let Some(token) = community.points {
            names.insert(token, "CommunityPoints");
        }
    }
    let logs = chain
        .provider
        .get_logs(&Filter::new().from_block(from).to_block(to))
        .await
        .wrap_err("reading the season's logs")?;
    for log in logs {
        let contract = names
            .get(&log.address())
            .ok_or_else(|| eyre!("a log from unknown contract {}", log.address()))?;
        let topic0 = *log
            .topic0()
            .ok_or_else(|| eyre!("an anonymous log from {contract}"))?;
        let name = events::event_name(contract, topic0)
            .ok_or_else(|| eyre!("an unknown event {topic0} from {contract}"))?;
        *season.event_counts.entry(name.to_string()).or_default() += 1;
        *season
            .contract_event_counts
            .entry((contract.to_string(), name.to_string()))
            .or_default() += 1;
        if name == "Transfer" {
            let transfer = log.log_decode::<CommunityPoints::Transfer>()?.inner.data;
            let token = log.address();
            if transfer.from != Address::ZERO {
                let balance = season.balances.entry((token, transfer.from)).or_default();
                *balance = balance
                    .checked_sub(transfer.value)
                    .ok_or_else(|| eyre!("{} sent more {token} than it had", transfer.from))?;
            }
            if transfer.to != Address::ZERO {
                *season.balances.entry((token, transfer.to)).or_default() += transfer.value;
            }
        }
    }
    Ok(())
}
