//! How each event changes the read model. Every row is filled from the event itself
//! (and rows the read model already has): the chain is never asked.

use crate::{
    decode::Event,
    model::{
        BALANCE, COMMENT, COMMUNITY, ESCROW_CREDIT, ITEM, Key, MEMBER, OFFER, ORDERS, POINT, POST,
        POST_LIKE, PUBLISHER_APPLICATION, RECOVERY_REQUEST, REVIEW, ROLE_MEMBER, Row, SETTING,
        TASK, TASK_RELEASE, TOKEN, TRANSACTION, TableSpec, USER, Val,
    },
    search,
    store::Batch,
};
use alloy::primitives::{Address, B256, U256, keccak256};
use bindings::{
    Communities::CommunitiesEvents as C, CommunityPoints::CommunityPointsEvents as P, Contracts,
    PointExchange::PointExchangeEvents as X, PointMall::PointMallEvents as M,
    Posts::PostsEvents as Po, Profiles::ProfilesEvents as Pr, TaskMarket::TaskMarketEvents as T,
};
use sqlx::{MySqlConnection, Row as _};
use std::collections::HashMap;

/// Lowercase 0x hex of an address, as stored.
pub fn addr(a: Address) -> String {
    format!("{a:#x}")
}

/// 0x hex of a 32-byte hash, as stored.
pub fn hash(h: B256) -> String {
    format!("{h:#x}")
}

/// The largest amount `DECIMAL(65,0)` holds.
fn max_decimal() -> U256 {
    U256::from(10u64).pow(U256::from(65u64)) - U256::from(1u64)
}

/// An amount as stored, or `None` when it does not fit `DECIMAL(65,0)`.
pub fn amount(v: U256) -> Option<String> {
    (v <= max_decimal()).then(|| v.to_string())
}

fn parse_amount(v: &Val) -> U256 {
    v.as_str()
        .and_then(|s| U256::from_str_radix(s, 10).ok())
        .unwrap_or_default()
}

fn u64_of(v: U256) -> Option<u64> {
    u64::try_from(v).ok()
}

/// What the projector keeps between batches: who is which user, which tokens are
/// watched, and the next indexer-assigned ids. Reloaded from MySQL after a failed
/// batch or a rollback, so it never drifts from the tables.
#[derive(Debug, Clone)]
pub struct Directory {
    users: HashMap<Address, u64>,
    /// Point tokens: token → community id.
    pub tokens: HashMap<Address, u64>,
    next_user: u64,
    next_transaction: u64,
    next_point: u64,
    next_application: u64,
}

impl Default for Directory {
    /// The directory of an empty read model: ids start at 1.
    fn default() -> Self {
        Self {
            users: HashMap::new(),
            tokens: HashMap::new(),
            next_user: 1,
            next_transaction: 1,
            next_point: 1,
            next_application: 1,
        }
    }
}

impl Directory {
    /// Loads the directory from the tables.
    pub async fn load(conn: &mut MySqlConnection) -> Result<Self, sqlx::Error> {
        let mut dir = Directory::default();
        for r in sqlx::query("SELECT user_id, CAST(ethereum_address AS CHAR) FROM `User`")
            .fetch_all(&mut *conn)
            .await?
        {
            let id: u32 = r.try_get(0)?;
            let a: String = r.try_get(1)?;
            if let Ok(a) = a.parse::<Address>() {
                dir.users.insert(a, id.into());
            }
        }
        for r in sqlx::query("SELECT CAST(token AS CHAR), community_id FROM `Token`")
            .fetch_all(&mut *conn)
            .await?
        {
            let t: String = r.try_get(0)?;
            let c: u64 = r.try_get(1)?;
            if let Ok(t) = t.parse::<Address>() {
                dir.tokens.insert(t, c);
            }
        }
        let max = async |sql: &str, conn: &mut MySqlConnection| -> Result<u64, sqlx::Error> {
            let v: Option<u64> = sqlx::query_scalar(sql).fetch_one(conn).await?;
            Ok(v.unwrap_or(0) + 1)
        };
        dir.next_user = max("SELECT CAST(MAX(user_id) AS UNSIGNED) FROM `User`", conn).await?;
        dir.next_transaction = max("SELECT MAX(transaction_id) FROM `Transaction`", conn).await?;
        dir.next_point = max("SELECT MAX(point_id) FROM `Point`", conn).await?;
        dir.next_application = max(
            "SELECT MAX(application_id) FROM `PublisherApplication`",
            conn,
        )
        .await?;
        Ok(dir)
    }

    /// The user id of `a`, if registered.
    pub fn user(&self, a: Address) -> Option<u64> {
        self.users.get(&a).copied()
    }
}

/// What projecting one log did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The read model changed (or the event needs no row, like an `Approval`).
    Applied,
    /// A new point token must be watched from this block on.
    NewToken(Address),
    /// The log was well-formed but cannot be projected (e.g. an amount beyond
    /// `DECIMAL(65,0)`); it is logged and counted, the batch goes on.
    Skipped(String),
}

/// The name a role id is stored under.
pub fn role_name(role: B256) -> String {
    let known = [
        (B256::ZERO, "SYSTEM_ADMIN"),
        (keccak256("VERIFIER_ROLE"), "VERIFIER"),
        (keccak256("TASK_PUBLISHER_ROLE"), "TASK_PUBLISHER"),
        (keccak256("PAUSER_ROLE"), "PAUSER"),
    ];
    known
        .iter()
        .find(|(r, _)| *r == role)
        .map_or_else(|| hash(role), |(_, n)| (*n).to_owned())
}

/// The seed's task status labels.
pub mod task_status {
    /// `Open`.
    pub const OPEN: &str = "发布";
    /// `Claimed`.
    pub const CLAIMED: &str = "领取";
    /// `Submitted`.
    pub const SUBMITTED: &str = "已提交";
    /// `Completed`.
    pub const COMPLETED: &str = "完成";
    /// `Expired`.
    pub const EXPIRED: &str = "过期";
    /// `Cancelled`.
    pub const CANCELLED: &str = "已取消";
    /// `Disputed`.
    pub const DISPUTED: &str = "争议中";
}

/// The seed's order status labels.
pub mod order_status {
    /// `Ordered`.
    pub const ORDERED: &str = "已下单";
    /// `Paid`.
    pub const PAID: &str = "已支付";
    /// `Completed`.
    pub const COMPLETED: &str = "已完成";
    /// `Cancelled`.
    pub const CANCELLED: &str = "已取消";
}

fn id(v: U256) -> Key {
    Key::id(u64_of(v).unwrap_or(u64::MAX))
}

fn pair(a: U256, b: Address) -> Key {
    Key(vec![Val::U(u64_of(a).unwrap_or(u64::MAX)), Val::S(addr(b))])
}

fn setting_key(contract: Address, name: &str) -> Key {
    Key(vec![Val::S(addr(contract)), Val::S(name.to_owned())])
}

fn tok_acct(token: Address, account: Address) -> Key {
    Key(vec![Val::S(addr(token)), Val::S(addr(account))])
}

/// The rows projecting `event` will read, so a batch can load them in bulk first.
pub fn prefetch_keys(
    event: &Event,
    c: &Contracts,
    dir: &Directory,
) -> Vec<(&'static TableSpec, Key)> {
    let user = |a: Address| dir.user(a).map(|u| (&USER, Key::id(u)));
    let credit = |contract: Address, a: Address, t: Address| {
        (
            &ESCROW_CREDIT,
            Key(vec![
                Val::S(addr(contract)),
                Val::S(addr(a)),
                Val::S(addr(t)),
            ]),
        )
    };
    match event {
        Event::Profiles(e) => match e {
            Pr::ProfileUpdated(e) => user(e.account).into_iter().collect(),
            Pr::VerificationChanged(e) => user(e.account).into_iter().collect(),
            Pr::RecoveryApproved(e) => {
                let mut v = vec![(&RECOVERY_REQUEST, id(e.requestId))];
                v.extend(user(e.oldAccount));
                v
            }
            Pr::RecoveryRejected(e) => vec![(&RECOVERY_REQUEST, id(e.requestId))],
            Pr::Paused(_) | Pr::Unpaused(_) => vec![(&SETTING, setting_key(c.Profiles, "paused"))],
            Pr::CommunitiesSet(_) => vec![(&SETTING, setting_key(c.Profiles, "communities"))],
            Pr::RoleGranted(e) => vec![(
                &ROLE_MEMBER,
                Key(vec![Val::S(role_name(e.role)), Val::S(addr(e.account))]),
            )],
            Pr::RoleRevoked(e) => vec![(
                &ROLE_MEMBER,
                Key(vec![Val::S(role_name(e.role)), Val::S(addr(e.account))]),
            )],
            _ => vec![],
        },
        Event::Communities(e) => match e {
            C::CommunityUpdated(e) => vec![(&COMMUNITY, id(e.id))],
            C::MemberJoined(e) => vec![(&COMMUNITY, id(e.id)), (&MEMBER, pair(e.id, e.account))],
            C::MemberLeft(e) => vec![(&COMMUNITY, id(e.id)), (&MEMBER, pair(e.id, e.account))],
            C::MemberBanned(e) => vec![(&COMMUNITY, id(e.id)), (&MEMBER, pair(e.id, e.account))],
            C::MemberUnbanned(e) => vec![(&MEMBER, pair(e.id, e.account))],
            C::CommunityAdminSet(e) => vec![(&MEMBER, pair(e.id, e.account))],
            C::MembershipMoved(e) => vec![
                (&COMMUNITY, id(e.id)),
                (&MEMBER, pair(e.id, e.from)),
                (&MEMBER, pair(e.id, e.to)),
            ],
            C::PostPinned(e) => vec![(&POST, id(e.postId))],
            C::PointsCreated(e) => vec![(&COMMUNITY, id(e.id))],
            C::Paused(_) | C::Unpaused(_) => vec![(&SETTING, setting_key(c.Communities, "paused"))],
            C::PopularityThresholdSet(_) => {
                vec![(&SETTING, setting_key(c.Communities, "popularity_threshold"))]
            }
            C::PostsSet(_) => vec![(&SETTING, setting_key(c.Communities, "posts"))],
            _ => vec![],
        },
        Event::Posts(e) => match e {
            Po::PostEdited(e) => vec![(&POST, id(e.postId))],
            Po::PostRemoved(e) => vec![(&POST, id(e.postId))],
            Po::PostLiked(e) => vec![
                (&POST, id(e.postId)),
                (&POST_LIKE, pair(e.postId, e.account)),
            ],
            Po::PostUnliked(e) => vec![
                (&POST, id(e.postId)),
                (&POST_LIKE, pair(e.postId, e.account)),
            ],
            Po::CommentCreated(e) if e.targetKind == 2 => vec![(&POST, id(e.targetId))],
            Po::CommentRemoved(e) => vec![(&COMMENT, id(e.commentId))],
            Po::Paused(_) | Po::Unpaused(_) => vec![(&SETTING, setting_key(c.Posts, "paused"))],
            _ => vec![],
        },
        Event::TaskMarket(e) => match e {
            T::TaskClaimed(e) => vec![(&TASK, id(e.id))],
            T::TaskAbandoned(e) => vec![(&TASK, id(e.id))],
            T::TaskClaimReleased(e) => vec![
                (&TASK, id(e.taskId)),
                (&TASK_RELEASE, pair(e.taskId, e.claimer)),
            ],
            T::DisputeExpired(e) => vec![(&TASK, id(e.id))],
            T::WorkSubmitted(e) => vec![(&TASK, id(e.id))],
            T::WorkApproved(e) => vec![(&TASK, id(e.id))],
            T::WorkRejected(e) => vec![(&TASK, id(e.id))],
            T::DisputeOpened(e) => vec![(&TASK, id(e.id))],
            T::DisputeResolved(e) => vec![(&TASK, id(e.id))],
            T::TaskCancelled(e) => vec![(&TASK, id(e.id))],
            T::TaskExpired(e) => vec![(&TASK, id(e.id))],
            T::TaskFinalized(e) => vec![(&TASK, id(e.id))],
            T::PayoutDeferred(e) => vec![credit(c.TaskMarket, e.account, e.token)],
            T::Withdrawn(e) => vec![credit(c.TaskMarket, e.account, e.token)],
            T::WithdrawnTo(e) => vec![credit(c.TaskMarket, e.account, e.token)],
            T::Paused(_) | T::Unpaused(_) => vec![(&SETTING, setting_key(c.TaskMarket, "paused"))],
            _ => vec![],
        },
        Event::PointMall(e) => match e {
            M::ItemUpdated(e) => vec![(&ITEM, id(e.itemId))],
            M::OrderPlaced(e) => vec![(&ITEM, id(e.itemId))],
            M::OrderPaid(e) => vec![(&ORDERS, id(e.orderId))],
            M::OrderCompleted(e) => vec![(&ORDERS, id(e.orderId))],
            M::OrderCancelled(e) => vec![(&ORDERS, id(e.orderId))],
            M::OrderReviewed(e) => vec![(&ORDERS, id(e.orderId)), (&ITEM, id(e.itemId))],
            M::PayoutDeferred(e) => vec![credit(c.PointMall, e.account, e.token)],
            M::Withdrawn(e) => vec![credit(c.PointMall, e.account, e.token)],
            M::WithdrawnTo(e) => vec![credit(c.PointMall, e.account, e.token)],
            M::Paused(_) | M::Unpaused(_) => vec![(&SETTING, setting_key(c.PointMall, "paused"))],
            _ => vec![],
        },
        Event::PointExchange(e) => match e {
            X::OfferAccepted(e) => vec![(&OFFER, id(e.offerId))],
            X::OfferCancelled(e) => vec![(&OFFER, id(e.offerId))],
            X::PayoutDeferred(e) => vec![credit(c.PointExchange, e.account, e.token)],
            X::Withdrawn(e) => vec![credit(c.PointExchange, e.account, e.token)],
            X::WithdrawnTo(e) => vec![credit(c.PointExchange, e.account, e.token)],
            X::Paused(_) | X::Unpaused(_) => {
                vec![(&SETTING, setting_key(c.PointExchange, "paused"))]
            }
            _ => vec![],
        },
        Event::Points {
            token,
            event: P::Transfer(e),
            ..
        } => {
            let mut v = vec![(&TOKEN, Key(vec![Val::S(addr(*token))]))];
            for a in [e.from, e.to] {
                if a != Address::ZERO {
                    v.push((&BALANCE, tok_acct(*token, a)));
                }
            }
            v
        }
        Event::Points { .. } => vec![],
    }
}

/// Rows a second prefetch round loads: those named by rows the first round loaded
/// (an order's item, for the order events that carry only the order's id; a removed
/// comment's post).
pub fn second_round_keys(event: &Event, batch: &Batch) -> Vec<(&'static TableSpec, Key)> {
    if let Event::Posts(Po::CommentRemoved(e)) = event {
        return batch
            .peek(&COMMENT, &id(e.commentId))
            .filter(|row| row.str("comment_object_type") == "帖子")
            .map(|row| vec![(&POST, Key::id(row.u64("target_id")))])
            .unwrap_or_default();
    }
    let order = match event {
        Event::PointMall(M::OrderCompleted(e)) => e.orderId,
        Event::PointMall(M::OrderCancelled(e)) => e.orderId,
        _ => return vec![],
    };
    batch
        .peek(&ORDERS, &id(order))
        .map(|row| vec![(&ITEM, Key::id(row.u64("item_id")))])
        .unwrap_or_default()
}

/// Projects one event into the batch.
pub struct Projector<'a> {
    /// The batch being filled.
    pub batch: &'a mut Batch,
    /// The transaction the batch runs in (for rows no prefetch covered).
    pub conn: &'a mut MySqlConnection,
    /// Users, tokens and ids.
    pub dir: &'a mut Directory,
    /// The deployed contracts.
    pub contracts: &'a Contracts,
}

type R<T> = Result<T, sqlx::Error>;

impl Projector<'_> {
    async fn get(&mut self, spec: &'static TableSpec, key: Key) -> R<Option<Row>> {
        self.batch.get(self.conn, spec, &key).await
    }

    /// Loads a row the event implies exists; a missing one means the read model was
    /// built from another chain (or a bug), which a skip reports instead of a panic.
    async fn must(&mut self, spec: &'static TableSpec, key: Key) -> R<Result<Row, Outcome>> {
        Ok(self.get(spec, key.clone()).await?.ok_or_else(|| {
            Outcome::Skipped(format!(
                "{} {:?} is not in the read model",
                spec.name, key.0
            ))
        }))
    }

    fn now(&self) -> u64 {
        self.batch.ctx.block_time
    }

    async fn setting(&mut self, contract: Address, name: &str, value: String) -> R<()> {
        let key = setting_key(contract, name);
        let mut row = self
            .get(&SETTING, key)
            .await?
            .unwrap_or_else(|| Row::new(&SETTING));
        row.set("contract", addr(contract))
            .set("name", name)
            .set("value", value);
        self.batch.put(row);
        Ok(())
    }

    /// Applies `event` to the batch.
    pub async fn apply(&mut self, event: &Event, emitter: Address) -> R<Outcome> {
        match event {
            Event::Profiles(e) => self.profiles(e, emitter).await,
            Event::Communities(e) => self.communities(e, emitter).await,
            Event::Posts(e) => self.posts(e, emitter).await,
            Event::TaskMarket(e) => self.task_market(e, emitter).await,
            Event::PointMall(e) => self.point_mall(e, emitter).await,
            Event::PointExchange(e) => self.point_exchange(e, emitter).await,
            Event::Points {
                token,
                community_id,
                event,
            } => self.points(*token, *community_id, event).await,
        }
    }

    async fn user_row(&mut self, account: Address) -> R<Result<Row, Outcome>> {
        match self.dir.user(account) {
            Some(u) => self.must(&USER, Key::id(u)).await,
            None => Ok(Err(Outcome::Skipped(format!(
                "{account} is not a registered user"
            )))),
        }
    }

    async fn profiles(&mut self, e: &Pr, emitter: Address) -> R<Outcome> {
        match e {
            Pr::UserRegistered(e) => {
                let user_id = self.dir.next_user;
                self.dir.next_user += 1;
                self.dir.users.insert(e.account, user_id);
                let mut row = Row::new(&USER);
                row.set("user_id", user_id)
                    .set("username", e.username.as_str())
                    .set("ethereum_address", addr(e.account))
                    .set("is_verified", false)
                    .set("profile_hash", hash(e.profileHash))
                    .set("registered_at", self.now());
                self.batch.put(row);
            }
            Pr::ProfileUpdated(e) => {
                let mut row = match self.user_row(e.account).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                row.set("profile_hash", hash(e.profileHash));
                self.batch.put(row);
            }
            Pr::VerificationChanged(e) => {
                let mut row = match self.user_row(e.account).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                row.set("is_verified", e.verified);
                self.batch.put(row);
            }
            Pr::PublisherApplied(e) => {
                let application_id = self.dir.next_application;
                self.dir.next_application += 1;
                let mut row = Row::new(&PUBLISHER_APPLICATION);
                row.set("application_id", application_id)
                    .set("account", addr(e.account))
                    .set("application_hash", hash(e.applicationHash))
                    .set("created_at", self.now());
                self.batch.append(row);
            }
            Pr::RecoveryRequested(e) => {
                let mut row = Row::new(&RECOVERY_REQUEST);
                row.set("request_id", u64_of(e.requestId))
                    .set("username", e.username.as_str())
                    .set("old_account", addr(e.oldAccount))
                    .set("new_account", addr(e.newAccount))
                    .set("evidence_hash", hash(e.evidenceHash))
                    .set("status", "pending")
                    .set("created_at", self.now())
                    .set("updated_at", self.now());
                self.batch.put(row);
            }
            Pr::RecoveryApproved(e) => {
                let mut request = match self.must(&RECOVERY_REQUEST, id(e.requestId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                let mut user = match self.user_row(e.oldAccount).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                request
                    .set("status", "approved")
                    .set("updated_at", self.now());
                self.batch.put(request);
                let user_id = user.u64("user_id");
                user.set("ethereum_address", addr(e.newAccount))
                    .set("profile_hash", hash(e.profileHash))
                    .set("is_verified", e.verified);
                self.batch.put(user);
                self.dir.users.remove(&e.oldAccount);
                self.dir.users.insert(e.newAccount, user_id);
            }
            Pr::RecoveryRejected(e) => {
                let mut request = match self.must(&RECOVERY_REQUEST, id(e.requestId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                request
                    .set("status", "rejected")
                    .set("updated_at", self.now());
                self.batch.put(request);
            }
            Pr::RoleGranted(e) => self.role(e.role, e.account, true).await?,
            Pr::RoleRevoked(e) => self.role(e.role, e.account, false).await?,
            Pr::Paused(_) => self.setting(emitter, "paused", "true".into()).await?,
            Pr::Unpaused(_) => self.setting(emitter, "paused", "false".into()).await?,
            Pr::CommunitiesSet(e) => {
                self.setting(emitter, "communities", addr(e.communities))
                    .await?
            }
            Pr::RoleAdminChanged(_) => {}
        }
        Ok(Outcome::Applied)
    }

    async fn role(&mut self, role: B256, account: Address, granted: bool) -> R<()> {
        let key = Key(vec![Val::S(role_name(role)), Val::S(addr(account))]);
        let mut row = self
            .get(&ROLE_MEMBER, key)
            .await?
            .unwrap_or_else(|| Row::new(&ROLE_MEMBER));
        row.set("role", role_name(role))
            .set("account", addr(account))
            .set("granted", granted);
        self.batch.put(row);
        Ok(())
    }

    async fn member(&mut self, community: U256, account: Address) -> R<Row> {
        Ok(match self.get(&MEMBER, pair(community, account)).await? {
            Some(r) => r,
            None => {
                let mut r = Row::new(&MEMBER);
                r.set("community_id", u64_of(community))
                    .set("account", addr(account))
                    .set("status", "left")
                    .set("is_admin", false)
                    .set("joined_at", self.now())
                    .set("admin_since", Val::Null);
                r
            }
        })
    }

    async fn member_count(&mut self, community: U256, count: U256) -> R<Option<Outcome>> {
        let mut row = match self.must(&COMMUNITY, id(community)).await? {
            Ok(r) => r,
            Err(o) => return Ok(Some(o)),
        };
        row.set("member_count", u64_of(count));
        self.batch.put(row);
        Ok(None)
    }

    /// A recovery moved `from`'s standing in one community to `to`: `from` is left with
    /// nothing there (its row, if any, says `left`), `to`'s row takes the merged
    /// standing the event states, and the community its member count.
    async fn membership_moved(&mut self, e: &bindings::Communities::MembershipMoved) -> R<Outcome> {
        if let Some(o) = self.member_count(e.id, e.memberCount).await? {
            return Ok(o);
        }
        let from = self.get(&MEMBER, pair(e.id, e.from)).await?;
        let existing_to = self.get(&MEMBER, pair(e.id, e.to)).await?;
        let status = match e.standing {
            1 => "member",
            2 => "banned",
            _ => "left",
        };
        let since = (e.adminSince != 0).then_some(e.adminSince);
        // A membership that moved keeps the time the account joined; any other standing
        // keeps the new address's own row as it was.
        let was_member = |r: &Option<Row>| {
            r.as_ref()
                .filter(|r| r.str("status") == "member")
                .map(|r| r.u64("joined_at"))
        };
        let joined_at = match (status, &existing_to, &from) {
            ("member", _, _) if was_member(&existing_to).is_some() => was_member(&existing_to),
            ("member", _, _) => was_member(&from),
            (_, Some(t), _) => Some(t.u64("joined_at")),
            (_, None, Some(f)) => Some(f.u64("joined_at")),
            _ => None,
        }
        .unwrap_or_else(|| self.now());
        if let Some(mut f) = from {
            f.set("status", "left")
                .set("is_admin", false)
                .set("admin_since", Val::Null);
            self.batch.put(f);
        }
        // Nothing to record for an address that never took part and gets nothing.
        if existing_to.is_some() || status != "left" || since.is_some() {
            let mut t = self.member(e.id, e.to).await?;
            t.set("status", status)
                .set("is_admin", since.is_some())
                .set("admin_since", since)
                .set("joined_at", joined_at);
            self.batch.put(t);
        }
        Ok(Outcome::Applied)
    }

    async fn communities(&mut self, e: &C, emitter: Address) -> R<Outcome> {
        match e {
            C::CommunityCreated(e) => {
                let mut row = Row::new(&COMMUNITY);
                row.set("community_id", u64_of(e.id))
                    .set("community_name", e.name.as_str())
                    .set("creator_id", self.dir.user(e.creator))
                    .set("community_contract_address", Val::Null)
                    .set("creator_address", addr(e.creator))
                    .set("theme", e.theme.as_str())
                    .set("description_hash", hash(e.descriptionHash))
                    .set("member_count", 0u64)
                    .set("points_name", Val::Null)
                    .set("points_symbol", Val::Null)
                    .set("created_at", self.now())
                    .set("search_terms", community_terms(&e.name, &e.theme));
                self.batch.put(row);
            }
            C::CommunityUpdated(e) => {
                let mut row = match self.must(&COMMUNITY, id(e.id)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                row.set("community_name", e.name.as_str())
                    .set("theme", e.theme.as_str())
                    .set("description_hash", hash(e.descriptionHash))
                    .set("search_terms", community_terms(&e.name, &e.theme));
                self.batch.put(row);
            }
            C::MemberJoined(e) => {
                if let Some(o) = self.member_count(e.id, e.memberCount).await? {
                    return Ok(o);
                }
                let mut m = self.member(e.id, e.account).await?;
                m.set("status", "member").set("joined_at", self.now());
                self.batch.put(m);
            }
            C::MemberLeft(e) => {
                if let Some(o) = self.member_count(e.id, e.memberCount).await? {
                    return Ok(o);
                }
                let mut m = self.member(e.id, e.account).await?;
                m.set("status", "left")
                    .set("is_admin", false)
                    .set("admin_since", Val::Null);
                self.batch.put(m);
            }
            C::MemberBanned(e) => {
                if let Some(o) = self.member_count(e.id, e.memberCount).await? {
                    return Ok(o);
                }
                let mut m = self.member(e.id, e.account).await?;
                m.set("status", "banned")
                    .set("is_admin", false)
                    .set("admin_since", Val::Null);
                self.batch.put(m);
            }
            C::MemberUnbanned(e) => {
                let mut m = self.member(e.id, e.account).await?;
                m.set("status", "left");
                self.batch.put(m);
            }
            C::CommunityAdminSet(e) => {
                let mut m = self.member(e.id, e.account).await?;
                // An admin keeps the time it first became one (arbiters must predate a
                // claim); the contract stores the block's time, as here.
                let since = match (e.isAdmin, m.get("admin_since")) {
                    (false, _) => Val::Null,
                    (true, Val::U(t)) if m.get("is_admin") == &Val::B(true) => Val::U(*t),
                    (true, _) => Val::U(self.now()),
                };
                m.set("is_admin", e.isAdmin).set("admin_since", since);
                self.batch.put(m);
            }
            C::MembershipMoved(e) => return self.membership_moved(e).await,
            C::PostPinned(e) => {
                let mut row = match self.must(&POST, id(e.postId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                row.set("pinned", e.pinned);
                self.batch.put(row);
            }
            C::PointsCreated(e) => {
                let mut row = match self.must(&COMMUNITY, id(e.id)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                row.set("community_contract_address", addr(e.token))
                    .set("points_name", e.name.as_str())
                    .set("points_symbol", e.symbol.as_str());
                self.batch.put(row);
                let community_id = u64_of(e.id).unwrap_or(u64::MAX);
                let mut token = Row::new(&TOKEN);
                token
                    .set("token", addr(e.token))
                    .set("community_id", community_id)
                    .set("name", e.name.as_str())
                    .set("symbol", e.symbol.as_str())
                    .set("total_supply", "0")
                    .set("created_at", self.now());
                self.batch.put(token);
                self.dir.tokens.insert(e.token, community_id);
                return Ok(Outcome::NewToken(e.token));
            }
            C::PointsAwarded(e) => {
                // The mint's Transfer came first in the same transaction: its ledger
                // row learns what the points were for.
                let tx = self.batch.ctx.tx_hash.clone();
                let to = addr(e.to);
                let want = amount(e.amount);
                let community = Val::U(u64_of(e.id).unwrap_or(u64::MAX));
                let rows = self.batch.appended_mut(&POINT);
                if let Some(row) = rows.iter_mut().rev().find(|r| {
                    r.str("tx_hash") == tx
                        && r.str("account") == to
                        && r.str("source") == "mint"
                        && r.get("community_id") == &community
                        && want.as_deref() == Some(r.str("point_amount"))
                }) {
                    // Point.source is VARCHAR(255); a longer source is kept whole in
                    // the log, its first 255 characters here.
                    let source: String = e.source.chars().take(255).collect();
                    row.set("source", source);
                } else {
                    return Ok(Outcome::Skipped(format!(
                        "PointsAwarded without its mint in tx {tx}"
                    )));
                }
            }
            C::PopularityThresholdSet(e) => {
                self.setting(emitter, "popularity_threshold", e.threshold.to_string())
                    .await?
            }
            C::PostsSet(e) => self.setting(emitter, "posts", addr(e.posts)).await?,
            C::Paused(_) => self.setting(emitter, "paused", "true".into()).await?,
            C::Unpaused(_) => self.setting(emitter, "paused", "false".into()).await?,
        }
        Ok(Outcome::Applied)
    }

    async fn posts(&mut self, e: &Po, emitter: Address) -> R<Outcome> {
        match e {
            Po::PostCreated(e) => {
                let mut row = Row::new(&POST);
                row.set("post_id", u64_of(e.postId))
                    .set("post_title", e.title.as_str())
                    .set("search_terms", search::terms(&e.title))
                    .set("post_time", self.now())
                    .set("publisher_id", self.dir.user(e.author))
                    .set("community_id", u64_of(e.communityId))
                    .set("author", addr(e.author))
                    .set("content_hash", hash(e.contentHash))
                    .set("removed", false)
                    .set("pinned", false)
                    .set("like_count", 0u64)
                    .set("comment_count", 0u64)
                    .set("created_at", self.now())
                    .set("edited_at", Val::Null);
                self.batch.put(row);
            }
            Po::PostEdited(e) => {
                let mut row = match self.must(&POST, id(e.postId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                row.set("content_hash", hash(e.contentHash))
                    .set("edited_at", self.now());
                self.batch.put(row);
            }
            Po::PostRemoved(e) => {
                let mut row = match self.must(&POST, id(e.postId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                row.set("removed", true);
                self.batch.put(row);
            }
            Po::PostLiked(e) => return self.like(e.postId, e.account, true).await,
            Po::PostUnliked(e) => return self.like(e.postId, e.account, false).await,
            Po::CommentCreated(e) => {
                let kind = match e.targetKind {
                    0 => "任务",
                    1 => "社区",
                    2 => "帖子",
                    k => return Ok(Outcome::Skipped(format!("comment target kind {k}"))),
                };
                // The post first: a comment on a post the read model lacks writes nothing.
                let post = if e.targetKind == 2 {
                    match self.must(&POST, id(e.targetId)).await? {
                        Ok(r) => Some(r),
                        Err(o) => return Ok(o),
                    }
                } else {
                    None
                };
                let mut row = Row::new(&COMMENT);
                row.set("comment_id", u64_of(e.commentId))
                    .set("user_id", self.dir.user(e.author))
                    .set("comment_time", self.now())
                    .set("comment_object_type", kind)
                    .set("target_id", u64_of(e.targetId))
                    .set("author", addr(e.author))
                    .set("content_hash", hash(e.contentHash))
                    .set("created_at", self.now())
                    .set("removed", false)
                    .set("removed_by", Val::Null);
                self.batch.put(row);
                if let Some(mut post) = post {
                    let n = post.u64("comment_count") + 1;
                    post.set("comment_count", n);
                    self.batch.put(post);
                }
            }
            Po::CommentRemoved(e) => {
                let mut row = match self.must(&COMMENT, id(e.commentId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                // A post counts its visible comments.
                let post = if row.str("comment_object_type") == "帖子"
                    && row.get("removed") != &Val::B(true)
                {
                    match self.must(&POST, Key::id(row.u64("target_id"))).await? {
                        Ok(r) => Some(r),
                        Err(o) => return Ok(o),
                    }
                } else {
                    None
                };
                row.set("removed", true).set("removed_by", addr(e.by));
                self.batch.put(row);
                if let Some(mut post) = post {
                    let n = post.u64("comment_count").saturating_sub(1);
                    post.set("comment_count", n);
                    self.batch.put(post);
                }
            }
            Po::Paused(_) => self.setting(emitter, "paused", "true".into()).await?,
            Po::Unpaused(_) => self.setting(emitter, "paused", "false".into()).await?,
        }
        Ok(Outcome::Applied)
    }

    async fn like(&mut self, post_id: U256, account: Address, liked: bool) -> R<Outcome> {
        let mut post = match self.must(&POST, id(post_id)).await? {
            Ok(r) => r,
            Err(o) => return Ok(o),
        };
        let n = post.u64("like_count");
        post.set(
            "like_count",
            if liked { n + 1 } else { n.saturating_sub(1) },
        );
        self.batch.put(post);
        let mut row = self
            .get(&POST_LIKE, pair(post_id, account))
            .await?
            .unwrap_or_else(|| Row::new(&POST_LIKE));
        row.set("post_id", u64_of(post_id))
            .set("account", addr(account))
            .set("liked", liked);
        self.batch.put(row);
        Ok(Outcome::Applied)
    }

    async fn task(&mut self, task_id: U256, status: &str, f: impl FnOnce(&mut Row)) -> R<Outcome> {
        let mut row = match self.must(&TASK, id(task_id)).await? {
            Ok(r) => r,
            Err(o) => return Ok(o),
        };
        row.set("task_status", status).set("updated_at", self.now());
        f(&mut row);
        self.batch.put(row);
        Ok(Outcome::Applied)
    }

    async fn credit(
        &mut self,
        contract: Address,
        account: Address,
        token: Address,
        delta: U256,
        add: bool,
    ) -> R<Outcome> {
        let key = Key(vec![
            Val::S(addr(contract)),
            Val::S(addr(account)),
            Val::S(addr(token)),
        ]);
        let mut row = match self.get(&ESCROW_CREDIT, key).await? {
            Some(r) => r,
            None => {
                let mut r = Row::new(&ESCROW_CREDIT);
                r.set("contract", addr(contract))
                    .set("account", addr(account))
                    .set("token", addr(token))
                    .set("owed", "0");
                r
            }
        };
        let owed = parse_amount(row.get("owed"));
        let next = if add {
            owed.checked_add(delta)
        } else {
            owed.checked_sub(delta)
        };
        let Some(next) = next.and_then(amount) else {
            return Ok(Outcome::Skipped(format!(
                "escrow credit of {account} out of range"
            )));
        };
        row.set("owed", next);
        self.batch.put(row);
        Ok(Outcome::Applied)
    }

    async fn task_market(&mut self, e: &T, emitter: Address) -> R<Outcome> {
        use task_status::*;
        let now = self.now();
        match e {
            T::TaskPublished(e) => {
                let Some(reward) = amount(e.reward) else {
                    return Ok(Outcome::Skipped("task reward beyond DECIMAL(65,0)".into()));
                };
                let mut row = Row::new(&TASK);
                row.set("task_id", u64_of(e.id))
                    .set("task_name", e.title.as_str())
                    .set("search_terms", search::terms(&e.title))
                    .set("task_price", reward)
                    .set("task_status", OPEN)
                    .set("community_id", u64_of(e.communityId))
                    .set("publisher", addr(e.publisher))
                    .set("claimer", Val::Null)
                    .set("reward_token", addr(e.rewardToken))
                    .set("spec_hash", hash(e.specHash))
                    .set("deadline", e.deadline)
                    .set("rejected", false)
                    .set("submitted_at", Val::Null)
                    .set("proof_hash", Val::Null)
                    .set("created_at", now)
                    .set("updated_at", now);
                self.batch.put(row);
                Ok(Outcome::Applied)
            }
            T::TaskClaimed(e) => {
                let claimer = addr(e.claimer);
                self.task(e.id, CLAIMED, |r| {
                    r.set("claimer", claimer)
                        .set("claimed_at", now)
                        .set("work_deadline", e.workDeadline);
                })
                .await
            }
            T::TaskAbandoned(e) => self.task(e.id, OPEN, reopen).await,
            T::TaskClaimReleased(e) => {
                let outcome = self.task(e.taskId, OPEN, reopen).await?;
                if outcome != Outcome::Applied {
                    return Ok(outcome);
                }
                let mut row = self
                    .get(&TASK_RELEASE, pair(e.taskId, e.claimer))
                    .await?
                    .unwrap_or_else(|| Row::new(&TASK_RELEASE));
                row.set("task_id", u64_of(e.taskId))
                    .set("claimer", addr(e.claimer))
                    .set("released_at", now);
                self.batch.put(row);
                Ok(Outcome::Applied)
            }
            T::WorkSubmitted(e) => {
                let proof = hash(e.proofHash);
                self.task(e.id, SUBMITTED, |r| {
                    r.set("submitted_at", now)
                        .set("proof_hash", proof)
                        .set("rejected", false);
                })
                .await
            }
            T::WorkApproved(e) => self.task(e.id, COMPLETED, end_claim).await,
            T::WorkRejected(e) => {
                self.task(e.id, CLAIMED, |r| {
                    r.set("rejected", true)
                        .set("rejection_hash", hash(e.reasonHash));
                })
                .await
            }
            T::DisputeOpened(e) => {
                self.task(e.id, DISPUTED, |r| {
                    r.set("dispute_hash", hash(e.reasonHash))
                        .set("work_deadline", Val::Null)
                        .set("dispute_deadline", e.disputeDeadline);
                })
                .await
            }
            T::DisputeResolved(e) => self.task(e.id, COMPLETED, end_claim).await,
            // Split 50/50 after `disputePeriod()`; the TaskPaid events follow.
            T::DisputeExpired(e) => self.task(e.id, EXPIRED, end_claim).await,
            T::TaskCancelled(e) => self.task(e.id, CANCELLED, end_claim).await,
            T::TaskExpired(e) => self.task(e.id, EXPIRED, end_claim).await,
            T::TaskFinalized(e) => self.task(e.id, COMPLETED, end_claim).await,
            T::TaskPaid(e) => {
                let Some(value) = amount(e.amount) else {
                    return Ok(Outcome::Skipped("payout beyond DECIMAL(65,0)".into()));
                };
                let transaction_id = self.dir.next_transaction;
                self.dir.next_transaction += 1;
                let mut row = Row::new(&TRANSACTION);
                row.set("transaction_id", transaction_id)
                    .set("task_id", u64_of(e.taskId))
                    .set("sender_id", self.dir.user(e.from))
                    .set("receiver_id", self.dir.user(e.to))
                    .set("transaction_amount", value)
                    .set("token", addr(e.token))
                    .set("sender", addr(e.from))
                    .set("receiver", addr(e.to))
                    .set("created_at", now);
                self.batch.append(row);
                Ok(Outcome::Applied)
            }
            T::PayoutDeferred(e) => {
                self.credit(emitter, e.account, e.token, e.amount, true)
                    .await
            }
            T::Withdrawn(e) => {
                self.credit(emitter, e.account, e.token, e.amount, false)
                    .await
            }
            T::WithdrawnTo(e) => {
                self.credit(emitter, e.account, e.token, e.amount, false)
                    .await
            }
            T::Paused(_) => {
                self.setting(emitter, "paused", "true".into()).await?;
                Ok(Outcome::Applied)
            }
            T::Unpaused(_) => {
                self.setting(emitter, "paused", "false".into()).await?;
                Ok(Outcome::Applied)
            }
        }
    }

    async fn order(&mut self, order_id: U256, status: &str) -> R<Result<Row, Outcome>> {
        let mut row = match self.must(&ORDERS, id(order_id)).await? {
            Ok(r) => r,
            Err(o) => return Ok(Err(o)),
        };
        row.set("order_status", status)
            .set("updated_at", self.now());
        Ok(Ok(row))
    }

    async fn point_mall(&mut self, e: &M, emitter: Address) -> R<Outcome> {
        use order_status::*;
        let now = self.now();
        match e {
            M::ItemListed(e) => {
                let Some(price) = amount(e.price) else {
                    return Ok(Outcome::Skipped("price beyond DECIMAL(65,0)".into()));
                };
                let mut row = Row::new(&ITEM);
                row.set("item_id", u64_of(e.itemId))
                    .set("community_id", u64_of(e.communityId))
                    .set("token", addr(e.token))
                    .set("name", e.name.as_str())
                    .set("metadata_hash", hash(e.metadataHash))
                    .set("price", price)
                    .set("stock", u64::from(e.stock))
                    .set("active", true)
                    .set("rating_sum", 0u64)
                    .set("rating_count", 0u64)
                    .set("sold", 0u64)
                    .set("created_at", now);
                self.batch.put(row);
            }
            M::ItemUpdated(e) => {
                let mut row = match self.must(&ITEM, id(e.itemId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                let Some(price) = amount(e.price) else {
                    return Ok(Outcome::Skipped("price beyond DECIMAL(65,0)".into()));
                };
                row.set("price", price)
                    .set("stock", u64::from(e.stock))
                    .set("active", e.active);
                self.batch.put(row);
            }
            M::OrderPlaced(e) => {
                let mut item = match self.must(&ITEM, id(e.itemId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                let Some(total) = amount(e.amount) else {
                    return Ok(Outcome::Skipped("order amount beyond DECIMAL(65,0)".into()));
                };
                let mut row = Row::new(&ORDERS);
                row.set("order_id", u64_of(e.orderId))
                    .set("user_id", self.dir.user(e.buyer))
                    .set("order_item", item.str("name").to_owned())
                    .set("order_amount", total)
                    .set("order_status", ORDERED)
                    .set("item_id", u64_of(e.itemId))
                    .set("community_id", item.get("community_id").clone())
                    .set("buyer", addr(e.buyer))
                    .set("quantity", u64::from(e.quantity))
                    .set("token", item.str("token").to_owned())
                    .set("reviewed", false)
                    .set("created_at", now)
                    .set("updated_at", now)
                    .set("expires_at", e.expiresAt);
                self.batch.put(row);
                item.set("stock", u64::from(e.stockLeft));
                self.batch.put(item);
            }
            M::OrderPaid(e) => match self.order(e.orderId, PAID).await? {
                Ok(row) => self.batch.put(row),
                Err(o) => return Ok(o),
            },
            M::OrderCompleted(e) => {
                let row = match self.order(e.orderId, COMPLETED).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                let quantity = row.u64("quantity");
                let item_id = row.u64("item_id");
                let mut item = match self.must(&ITEM, Key::id(item_id)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                self.batch.put(row);
                let sold = item.u64("sold") + quantity;
                item.set("sold", sold);
                self.batch.put(item);
            }
            M::OrderCancelled(e) => {
                let row = match self.order(e.orderId, CANCELLED).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                let item_id = row.u64("item_id");
                let mut item = match self.must(&ITEM, Key::id(item_id)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                self.batch.put(row);
                item.set("stock", u64::from(e.stockLeft));
                self.batch.put(item);
            }
            M::OrderReviewed(e) => {
                let mut order = match self.must(&ORDERS, id(e.orderId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                let mut item = match self.must(&ITEM, id(e.itemId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                order.set("reviewed", true).set("updated_at", now);
                self.batch.put(order);
                let sum = item.u64("rating_sum") + u64::from(e.stars);
                let count = item.u64("rating_count") + 1;
                item.set("rating_sum", sum).set("rating_count", count);
                self.batch.put(item);
                let mut review = Row::new(&REVIEW);
                review
                    .set("order_id", u64_of(e.orderId))
                    .set("item_id", u64_of(e.itemId))
                    .set("buyer", addr(e.buyer))
                    .set("stars", u64::from(e.stars))
                    .set("content_hash", hash(e.contentHash))
                    .set("created_at", now);
                self.batch.append(review);
            }
            M::PayoutDeferred(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, true)
                    .await;
            }
            M::Withdrawn(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, false)
                    .await;
            }
            M::WithdrawnTo(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, false)
                    .await;
            }
            M::Paused(_) => self.setting(emitter, "paused", "true".into()).await?,
            M::Unpaused(_) => self.setting(emitter, "paused", "false".into()).await?,
        }
        Ok(Outcome::Applied)
    }

    async fn point_exchange(&mut self, e: &X, emitter: Address) -> R<Outcome> {
        let now = self.now();
        match e {
            X::OfferCreated(e) => {
                let (Some(give), Some(want)) = (amount(e.giveAmount), amount(e.wantAmount)) else {
                    return Ok(Outcome::Skipped("offer amount beyond DECIMAL(65,0)".into()));
                };
                let mut row = Row::new(&OFFER);
                row.set("offer_id", u64_of(e.offerId))
                    .set("maker", addr(e.maker))
                    .set("give_token", addr(e.giveToken))
                    .set("give_amount", give)
                    .set("want_token", addr(e.wantToken))
                    .set("want_amount", want)
                    .set("counterparty", addr(e.counterparty))
                    .set("expiry", e.expiry)
                    .set("status", "open")
                    .set("taker", Val::Null)
                    .set("created_at", now)
                    .set("updated_at", now);
                self.batch.put(row);
            }
            X::OfferAccepted(e) => {
                let mut row = match self.must(&OFFER, id(e.offerId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                row.set("status", "filled")
                    .set("taker", addr(e.taker))
                    .set("updated_at", now);
                self.batch.put(row);
            }
            X::OfferCancelled(e) => {
                let mut row = match self.must(&OFFER, id(e.offerId)).await? {
                    Ok(r) => r,
                    Err(o) => return Ok(o),
                };
                row.set("status", "cancelled").set("updated_at", now);
                self.batch.put(row);
            }
            X::PayoutDeferred(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, true)
                    .await;
            }
            X::Withdrawn(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, false)
                    .await;
            }
            X::WithdrawnTo(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, false)
                    .await;
            }
            X::Paused(_) => self.setting(emitter, "paused", "true".into()).await?,
            X::Unpaused(_) => self.setting(emitter, "paused", "false".into()).await?,
        }
        Ok(Outcome::Applied)
    }

    fn source_label(&self, from: Address, to: Address) -> &'static str {
        let c = self.contracts;
        if from == Address::ZERO {
            "mint"
        } else if to == Address::ZERO {
            if from == c.PointMall {
                "mall redemption"
            } else {
                "burn"
            }
        } else if to == c.TaskMarket {
            "task escrow"
        } else if from == c.TaskMarket {
            "task payout"
        } else if to == c.PointMall {
            "mall payment"
        } else if from == c.PointMall {
            "mall refund"
        } else if to == c.PointExchange {
            "exchange escrow"
        } else if from == c.PointExchange {
            "exchange"
        } else {
            "transfer"
        }
    }

    async fn points(&mut self, token: Address, community_id: u64, e: &P) -> R<Outcome> {
        let P::Transfer(e) = e else {
            // Approvals and EIP-712 domain changes change nothing the read model keeps.
            return Ok(Outcome::Applied);
        };
        let Some(value) = amount(e.value) else {
            return Ok(Outcome::Skipped(format!(
                "transfer of {} beyond DECIMAL(65,0)",
                e.value
            )));
        };
        // Balances first: a token that moves more than an account holds misbehaves,
        // and the log is skipped whole.
        let mut updates = Vec::new();
        for (account, add) in [(e.from, false), (e.to, true)] {
            if account == Address::ZERO {
                continue;
            }
            // A transfer to oneself: the credit applies to the row the debit produced.
            let earlier = updates
                .iter()
                .position(|r: &Row| r.str("account") == addr(account));
            let loaded = match earlier {
                Some(i) => Some(updates.remove(i)),
                None => self.get(&BALANCE, tok_acct(token, account)).await?,
            };
            let mut row = match loaded {
                Some(r) => r,
                None => {
                    let mut r = Row::new(&BALANCE);
                    r.set("token", addr(token))
                        .set("account", addr(account))
                        .set("balance", "0");
                    r
                }
            };
            let balance = parse_amount(row.get("balance"));
            let next = if add {
                balance.checked_add(e.value)
            } else {
                balance.checked_sub(e.value)
            };
            let Some(next) = next.and_then(amount) else {
                return Ok(Outcome::Skipped(format!(
                    "token {token} moved {} it does not hold for {account}",
                    e.value
                )));
            };
            row.set("balance", next);
            updates.push(row);
        }
        if e.from == Address::ZERO || e.to == Address::ZERO {
            let mut supply = match self.must(&TOKEN, Key(vec![Val::S(addr(token))])).await? {
                Ok(r) => r,
                Err(o) => return Ok(o),
            };
            let total = parse_amount(supply.get("total_supply"));
            let next = if e.from == Address::ZERO {
                total.checked_add(e.value)
            } else {
                total.checked_sub(e.value)
            };
            let Some(next) = next.and_then(amount) else {
                return Ok(Outcome::Skipped(format!(
                    "token {token} supply out of range"
                )));
            };
            supply.set("total_supply", next);
            self.batch.put(supply);
        }
        for row in updates {
            self.batch.put(row);
        }
        let source = self.source_label(e.from, e.to);
        let now = self.now();
        let debit = if e.value.is_zero() { "" } else { "-" };
        for (account, counterparty, sign) in [(e.from, e.to, debit), (e.to, e.from, "")] {
            if account == Address::ZERO {
                continue;
            }
            let point_id = self.dir.next_point;
            self.dir.next_point += 1;
            let mut row = Row::new(&POINT);
            row.set("point_id", point_id)
                .set("user_id", self.dir.user(account))
                .set("point_amount", format!("{sign}{value}"))
                .set("source", source)
                .set("transaction_time", now)
                .set("account", addr(account))
                .set("token", addr(token))
                .set("community_id", community_id)
                .set("counterparty", addr(counterparty))
                .set("created_at", now);
            self.batch.append(row);
        }
        Ok(Outcome::Applied)
    }
}

/// A claim that is given up or released: the task is open again, nobody holds it.
fn reopen(r: &mut Row) {
    r.set("claimer", Val::Null)
        .set("rejected", false)
        .set("submitted_at", Val::Null)
        .set("proof_hash", Val::Null)
        .set("claimed_at", Val::Null)
        .set("work_deadline", Val::Null);
}

/// A task whose claim (or dispute) ended for good: no deadline runs any more.
fn end_claim(r: &mut Row) {
    r.set("work_deadline", Val::Null)
        .set("dispute_deadline", Val::Null);
}

/// A community's search terms: its name and its theme.
fn community_terms(name: &str, theme: &str) -> String {
    search::terms(&format!("{name} {theme}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_hashes_are_lowercase_hex() {
        let a: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
            .parse()
            .unwrap();
        assert_eq!(addr(a), "0x5fbdb2315678afecb367f032d93f642f64180aa3");
        assert_eq!(hash(B256::ZERO).len(), 66);
    }

    #[test]
    fn amounts_beyond_decimal_65_are_refused() {
        assert_eq!(amount(U256::from(42u64)).as_deref(), Some("42"));
        assert!(amount(max_decimal()).is_some());
        assert!(amount(max_decimal() + U256::from(1u64)).is_none());
        assert!(amount(U256::MAX).is_none());
    }

    #[test]
    fn known_roles_have_names() {
        assert_eq!(role_name(B256::ZERO), "SYSTEM_ADMIN");
        assert_eq!(
            role_name(keccak256("TASK_PUBLISHER_ROLE")),
            "TASK_PUBLISHER"
        );
        assert!(role_name(keccak256("OTHER")).starts_with("0x"));
    }
}
