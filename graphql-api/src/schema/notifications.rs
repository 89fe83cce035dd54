//! Notifications: the signed-in account's own, from the chain-derived `Notification`
//! rows; read state, mail settings and blocks are the API's (`crate::notifications`).
//! Nobody reads another account's notifications: every query takes the caller's address
//! from its session, never from an argument.

use super::{
    context::{caller, limit},
    loaders::{User, user},
    types::{Source, Total, connection, int, page, parse_address},
};
use crate::{
    auth::{self, limit::Rule},
    error::{ApiResult, bad_input, internal, not_found, other},
    notifications::{self as store, Blocked, EmailMode as StoredMode, Marked, Position},
};
use async_graphql::{
    Context, Enum, InputObject, Object, SimpleObject,
    connection::{Connection, EmptyFields},
};
use read_model::NotificationRow;
use sqlx::MySqlPool;

/// What a notification tells.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "read_model::NotificationKind")]
pub enum NotificationKind {
    /// To the publisher: a player claimed the task (actor: the claimer).
    TaskClaimed,
    /// To the publisher: the claimer gave the task up.
    TaskAbandoned,
    /// To the publisher: the claimer submitted work.
    TaskSubmitted,
    /// To the claimer: the work was approved (actor null: by the review period running out).
    TaskApproved,
    /// To the claimer: the work was rejected.
    TaskRejected,
    /// To the publisher: the claimer disputed a rejection.
    TaskDisputed,
    /// To publisher and claimer: the dispute was settled (actor null: split 50/50 by time).
    TaskResolved,
    /// To the former claimer: the publisher took the claim back.
    TaskClaimReleased,
    /// To publisher and claimer: the task expired.
    TaskExpired,
    /// To the publisher: the task was cancelled and refunded.
    TaskCancelled,
    /// To the publisher: a comment on the task.
    TaskCommented,
    /// To the author: a comment on the post.
    PostCommented,
    /// To the author: likes on the post, batched (`actorCount` people like it).
    PostLiked,
    /// To the author: a moderator removed the post.
    PostRemoved,
    /// To the author: a moderator removed the comment.
    CommentRemoved,
    /// To the admin who listed the item: an order was paid.
    OrderPaid,
    /// To the buyer: the order was delivered.
    OrderCompleted,
    /// To the buyer and the item's lister: the order was cancelled.
    OrderCancelled,
    /// To the admin who listed the item: a review.
    ItemReviewed,
    /// To the maker: the offer was filled.
    OfferAccepted,
    /// To the maker: the expired offer was cancelled and refunded.
    OfferExpired,
    /// To the account: it became a community admin.
    AdminGranted,
    /// To the account: it was banned from a community.
    MemberBanned,
    /// To the account: it was verified.
    Verified,
    /// To the account: it may publish tasks now.
    PublisherGranted,
    /// To the requesting wallet: its recovery was approved.
    RecoveryApproved,
    /// To the requesting wallet: its recovery was rejected.
    RecoveryRejected,
    /// To the account: an admin awarded it points (`amount` of `token`; `title`: why).
    PointsAwarded,
}

/// What a notification is about (where it links to).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "read_model::NotificationObject")]
pub enum NotificationObject {
    /// A task.
    Task,
    /// A post.
    Post,
    /// A comment (its post or task in `postId` / `taskId`).
    Comment,
    /// An order.
    Order,
    /// A mall item.
    Item,
    /// An exchange offer.
    Offer,
    /// A community.
    Community,
    /// A recovery request.
    Recovery,
    /// The recipient's own account.
    Account,
}

/// One notification of the signed-in account.
pub struct Notification {
    row: NotificationRow,
    read: bool,
}

impl Notification {
    /// A row, read when it is at or before the watermark `mark`.
    pub fn new(row: NotificationRow, mark: Position) -> Self {
        let read = (row.block_number, row.log_index) <= mark;
        Self { row, read }
    }
}

/// One notification of the signed-in account.
#[Object]
impl Notification {
    /// Unique among the account's notifications; `markNotificationsRead(upTo:)` takes it.
    async fn id(&self) -> &str {
        &self.row.ref_key
    }
    /// What happened.
    async fn kind(&self) -> ApiResult<NotificationKind> {
        read_model::NotificationKind::from_label(&self.row.kind)
            .map(Into::into)
            .ok_or_else(|| other(format!("unknown notification kind {:?}", self.row.kind)))
    }
    /// Who did it (lowercase 0x hex), if anyone in particular.
    async fn actor(&self) -> Option<&str> {
        self.row.actor.as_deref()
    }
    /// The actor's profile.
    async fn actor_user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        match &self.row.actor {
            Some(a) => user(ctx, a).await,
            None => Ok(None),
        }
    }
    /// 1, or for `POST_LIKED` how many people like the post.
    async fn actor_count(&self) -> i64 {
        int(self.row.actor_count)
    }
    /// What it is about.
    async fn object_type(&self) -> ApiResult<NotificationObject> {
        read_model::NotificationObject::from_label(&self.row.object_type)
            .map(Into::into)
            .ok_or_else(|| other(format!("unknown object type {:?}", self.row.object_type)))
    }
    /// That object's id (a decimal string; "0" for the account itself).
    async fn object_id(&self) -> String {
        self.row.object_id.to_string()
    }
    /// The post, for a post or a comment on one.
    async fn post_id(&self) -> Option<String> {
        self.row.post_id.map(|v| v.to_string())
    }
    /// The task, for a task or a comment on one.
    async fn task_id(&self) -> Option<String> {
        self.row.task_id.map(|v| v.to_string())
    }
    /// What the object was called when it happened (a title, an item's name, a
    /// community's name, why points were awarded).
    async fn title(&self) -> Option<&str> {
        self.row.title.as_deref()
    }
    /// The community it happened in.
    async fn community_id(&self) -> Option<String> {
        self.row.community_id.map(|v| v.to_string())
    }
    /// `POINTS_AWARDED`: how many points (whole points: point tokens have no decimals).
    async fn amount(&self) -> Option<&str> {
        self.row.amount.as_deref()
    }
    /// `POINTS_AWARDED`: the point token.
    async fn token(&self) -> Option<&str> {
        self.row.token.as_deref()
    }
    /// Unix seconds (block time) it first happened.
    async fn created_at(&self) -> i64 {
        int(self.row.created_at)
    }
    /// Unix seconds of its latest change (a new like).
    async fn updated_at(&self) -> i64 {
        int(self.row.updated_at)
    }
    /// Whether the account has read it.
    async fn read(&self) -> bool {
        self.read
    }
    /// The log that caused it (its latest change).
    async fn source(&self) -> Source {
        Source::of(&self.row)
    }
}

/// How a kind of notification is mailed.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum EmailMode {
    /// Not mailed.
    Off,
    /// One mail each, as it happens.
    Instant,
    /// One mail a day with all of them.
    Daily,
}

impl From<StoredMode> for EmailMode {
    fn from(m: StoredMode) -> Self {
        match m {
            StoredMode::Off => EmailMode::Off,
            StoredMode::Instant => EmailMode::Instant,
            StoredMode::Daily => EmailMode::Daily,
        }
    }
}

impl From<EmailMode> for StoredMode {
    fn from(m: EmailMode) -> Self {
        match m {
            EmailMode::Off => StoredMode::Off,
            EmailMode::Instant => StoredMode::Instant,
            EmailMode::Daily => StoredMode::Daily,
        }
    }
}

/// A kind's mail setting.
#[derive(SimpleObject, Clone, Debug)]
pub struct NotificationSetting {
    /// The kind.
    pub kind: NotificationKind,
    /// How it is mailed (to the account's verified email).
    pub email: EmailMode,
}

/// A kind's mail setting to store.
#[derive(InputObject, Clone, Debug)]
pub struct NotificationSettingInput {
    /// The kind.
    pub kind: NotificationKind,
    /// How it is mailed.
    pub email: EmailMode,
}

/// A player the signed-in account blocked.
pub struct BlockedUser {
    address: String,
    created_at: u64,
}

/// A player the signed-in account blocked.
#[Object]
impl BlockedUser {
    /// Their address (lowercase 0x hex).
    async fn address(&self) -> &str {
        &self.address
    }
    /// Their profile.
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        user(ctx, &self.address).await
    }
    /// Unix seconds of the block.
    async fn created_at(&self) -> i64 {
        int(self.created_at)
    }
}

/// Blocks and unblocks a caller may make: 60 a minute.
const BLOCK_RULE: Rule = Rule::per(60, 60);

/// `account`'s setting for every kind.
async fn settings_of(pool: &MySqlPool, account: &str) -> ApiResult<Vec<NotificationSetting>> {
    let prefs = store::prefs(pool, account).await.map_err(internal)?;
    Ok(prefs
        .into_iter()
        .map(|(kind, mode)| NotificationSetting {
            kind: kind.into(),
            email: mode.into(),
        })
        .collect())
}

fn pool<'a>(ctx: &'a Context<'_>) -> &'a MySqlPool {
    ctx.data_unchecked::<MySqlPool>()
}

/// The notification queries.
#[derive(Default)]
pub struct NotificationQuery;

#[Object]
impl NotificationQuery {
    /// The signed-in account's notifications, newest first (by their latest change),
    /// unread ones only if `unreadOnly`; none from players it blocked.
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        #[graphql(default = false)] unread_only: bool,
    ) -> ApiResult<Connection<String, Notification, Total, EmptyFields>> {
        let me = &caller(ctx)?.address;
        let (offset, limit) = page(first, after)?;
        let pool = pool(ctx);
        let mark = store::read_mark(pool, me).await.map_err(internal)?;
        let blocked = store::blocked_addresses(pool, me).await.map_err(internal)?;
        let p = store::list(
            pool,
            me,
            unread_only.then_some(mark),
            &blocked,
            (offset, limit),
        )
        .await
        .map_err(internal)?;
        Ok(connection(p, offset, |row| Notification::new(row, mark)))
    }

    /// How many of the signed-in account's notifications are unread (at most 1000).
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        let me = &caller(ctx)?.address;
        let pool = pool(ctx);
        let blocked = store::blocked_addresses(pool, me).await.map_err(internal)?;
        store::unread_count(pool, me, &blocked)
            .await
            .map_err(internal)
    }

    /// The signed-in account's mail setting for every kind (`OFF` unless set). Mail goes
    /// to its verified email.
    async fn notification_settings(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<NotificationSetting>> {
        let me = &caller(ctx)?.address;
        settings_of(pool(ctx), me).await
    }

    /// The players the signed-in account blocked, in the order it blocked them.
    async fn blocked_users(&self, ctx: &Context<'_>) -> ApiResult<Vec<BlockedUser>> {
        let me = &caller(ctx)?.address;
        let list = store::blocked(pool(ctx), me).await.map_err(internal)?;
        Ok(list
            .into_iter()
            .map(|(address, created_at)| BlockedUser {
                address,
                created_at,
            })
            .collect())
    }
}

/// The notification mutations.
#[derive(Default)]
pub struct NotificationMutation;

#[Object]
impl NotificationMutation {
    /// Marks read every notification of the signed-in account up to and including the
    /// one with id `upTo` (all of them when omitted); answers how many are still unread.
    /// Marking an older one after a newer one changes nothing (read state only grows).
    async fn mark_notifications_read(
        &self,
        ctx: &Context<'_>,
        up_to: Option<String>,
    ) -> ApiResult<i64> {
        let me = &caller(ctx)?.address;
        if up_to.as_ref().is_some_and(|id| id.len() > 100) {
            return Err(bad_input(
                "upTo is a notification id (at most 100 characters)",
            ));
        }
        let pool = pool(ctx);
        match store::mark_read(pool, me, up_to.as_deref(), auth::now())
            .await
            .map_err(internal)?
        {
            Marked::Done => {}
            Marked::NotFound => return Err(not_found("you have no notification with that id")),
        }
        let blocked = store::blocked_addresses(pool, me).await.map_err(internal)?;
        store::unread_count(pool, me, &blocked)
            .await
            .map_err(internal)
    }

    /// Sets how the signed-in account is mailed each of these kinds (others unchanged);
    /// answers every kind's setting.
    async fn set_notification_settings(
        &self,
        ctx: &Context<'_>,
        settings: Vec<NotificationSettingInput>,
    ) -> ApiResult<Vec<NotificationSetting>> {
        let me = &caller(ctx)?.address;
        if settings.len() > read_model::NotificationKind::ALL.len() {
            return Err(bad_input("at most one setting per kind"));
        }
        let list: Vec<_> = settings
            .iter()
            .map(|s| (s.kind.into(), s.email.into()))
            .collect();
        let pool = pool(ctx);
        store::set_prefs(pool, me, &list, auth::now())
            .await
            .map_err(internal)?;
        settings_of(pool, me).await
    }

    /// Blocks a player: their posts, comments and notifications are left out for the
    /// signed-in account. At most 500 blocked players.
    async fn block_user(&self, ctx: &Context<'_>, address: String) -> ApiResult<bool> {
        let me = caller(ctx)?.address.clone();
        let other = parse_address(&address)?;
        if other == me {
            return Err(bad_input("you cannot block yourself"));
        }
        limit(ctx, &format!("block:{me}"), BLOCK_RULE)?;
        match store::block(pool(ctx), &me, &other, auth::now())
            .await
            .map_err(internal)?
        {
            Blocked::Done => Ok(true),
            Blocked::Full => Err(bad_input(format!(
                "you have blocked {} players already; unblock some first",
                store::MAX_BLOCKED
            ))),
        }
    }

    /// Unblocks a player; `false` when they were not blocked.
    async fn unblock_user(&self, ctx: &Context<'_>, address: String) -> ApiResult<bool> {
        let me = caller(ctx)?.address.clone();
        let other = parse_address(&address)?;
        limit(ctx, &format!("block:{me}"), BLOCK_RULE)?;
        store::unblock(pool(ctx), &me, &other)
            .await
            .map_err(internal)
    }
}
