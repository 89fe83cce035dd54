//! `TaskMarket`: paid tasks, their escrow's payouts, and the claimers it released.

use super::{
    content::Document,
    loaders::{self, Commented, Community, User},
    types::{
        BlockInput, Direction, Source, Total, at, checksum, connection, int, page, paging,
        parse_address, parse_id,
    },
};
use crate::{
    error::{ApiResult, bad_input, internal},
    repo::{self, TaskFilter as RepoFilter, TaskRow, TaskSort},
};
use async_graphql::{
    Context, Enum, InputObject, Object, SimpleObject,
    connection::{Connection, EmptyFields},
    dataloader::{DataLoader, Loader},
};
use sqlx::MySqlPool;
use std::{collections::HashMap, sync::Arc};

/// A task's status (the seed's 发布 领取 完成 过期, plus the new states).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "read_model::TaskStatus")]
pub enum TaskStatus {
    /// 发布: published, waiting for a claimer.
    Open,
    /// 领取: claimed (or rejected and back with the claimer).
    Claimed,
    /// 已提交: work submitted, waiting for review.
    Submitted,
    /// 完成: paid out.
    Completed,
    /// 过期: the deadline passed and the publisher was refunded, or a dispute nobody
    /// resolved within the dispute period was split 50/50 (see `payments`).
    Expired,
    /// 已取消: cancelled by the publisher; refunded.
    Cancelled,
    /// 争议中: the claimer disputed a rejection.
    Disputed,
}

impl TaskStatus {
    /// The label stored in the read model (declared once in `read_model::TaskStatus`).
    pub fn label(self) -> &'static str {
        read_model::TaskStatus::from(self).label()
    }

    fn from_label(label: &str) -> Option<Self> {
        read_model::TaskStatus::from_label(label).map(Self::from)
    }
}

/// Released claimers by (task id, block of the task row's version): one query per page.
pub struct ReleasedClaimersLoader(pub MySqlPool);

impl Loader<(u64, u64)> for ReleasedClaimersLoader {
    type Value = Vec<String>;
    type Error = Arc<sqlx::Error>;

    async fn load(
        &self,
        keys: &[(u64, u64)],
    ) -> Result<HashMap<(u64, u64), Vec<String>>, Self::Error> {
        Ok(repo::released_claimers(&self.0, keys)
            .await
            .map_err(Arc::new)?
            .into_iter()
            .collect())
    }
}

/// A paid task whose reward sits in escrow.
pub struct Task(pub TaskRow);

#[Object]
impl Task {
    /// The task's on-chain id.
    async fn id(&self) -> String {
        self.0.task_id.to_string()
    }
    /// Its title.
    async fn title(&self) -> &str {
        &self.0.task_name
    }
    /// Its status.
    async fn status(&self) -> Option<TaskStatus> {
        TaskStatus::from_label(&self.0.task_status)
    }
    /// The community it belongs to.
    async fn community_id(&self) -> String {
        self.0.community_id.to_string()
    }
    /// The community it belongs to.
    async fn community(&self, ctx: &Context<'_>) -> ApiResult<Option<Community>> {
        loaders::community(ctx, self.0.community_id).await
    }
    /// The publisher's address (checksummed).
    async fn publisher_address(&self) -> String {
        checksum(&self.0.publisher)
    }
    /// The publisher's account, when registered.
    async fn publisher(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        loaders::user(ctx, &self.0.publisher).await
    }
    /// The claimer's address, while claimed or after.
    async fn claimer_address(&self) -> Option<String> {
        self.0.claimer.as_deref().map(checksum)
    }
    /// The claimer's account, while claimed or after.
    async fn claimer(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let Some(c) = &self.0.claimer else {
            return Ok(None);
        };
        loaders::user(ctx, c).await
    }
    /// The reward token's address (`0x000…0` = ETH).
    async fn reward_token(&self) -> String {
        checksum(&self.0.reward_token)
    }
    /// The escrowed reward, in the token's smallest unit (a decimal string).
    async fn reward(&self) -> &str {
        &self.0.task_price
    }
    /// keccak256 of the task's specification document.
    async fn spec_hash(&self) -> &str {
        &self.0.spec_hash
    }
    /// Unix seconds after which it can no longer be claimed or worked on.
    async fn deadline(&self) -> i64 {
        int(self.0.deadline)
    }
    /// Whether the last submission was rejected (a dispute may follow).
    async fn rejected(&self) -> bool {
        self.0.rejected
    }
    /// Unix seconds of publication.
    async fn created_at(&self) -> i64 {
        int(self.0.created_at)
    }
    /// Unix seconds of the last change.
    async fn updated_at(&self) -> i64 {
        int(self.0.updated_at)
    }
    /// The specification document (its body only when it matches `specHash`).
    async fn spec(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.spec_hash).await
    }
    /// keccak256 of the last submitted proof document.
    async fn proof_hash(&self) -> Option<&str> {
        self.0.proof_hash.as_deref()
    }
    /// The last submitted proof document.
    async fn proof(&self, ctx: &Context<'_>) -> ApiResult<Option<Document>> {
        match &self.0.proof_hash {
            Some(h) => Ok(Some(Document::load(ctx, h).await?)),
            None => Ok(None),
        }
    }
    /// Why the publisher last rejected the work (the `rejectWork` reason document).
    async fn rejection(&self, ctx: &Context<'_>) -> ApiResult<Option<Document>> {
        match &self.0.rejection_hash {
            Some(h) => Ok(Some(Document::load(ctx, h).await?)),
            None => Ok(None),
        }
    }
    /// Why the claimer disputed the rejection (the `openDispute` reason document).
    async fn dispute(&self, ctx: &Context<'_>) -> ApiResult<Option<Document>> {
        match &self.0.dispute_hash {
            Some(h) => Ok(Some(Document::load(ctx, h).await?)),
            None => Ok(None),
        }
    }
    /// Unix seconds of the last submission.
    async fn submitted_at(&self) -> Option<i64> {
        self.0.submitted_at.map(int)
    }
    /// Unix seconds of the current claim, while the task has a claimer (also once it
    /// ended); `null` while open. A dispute's arbiter must have been an admin of the
    /// task's community since then (`Member.adminSince <= claimedAt`), or be the system
    /// admin.
    async fn claimed_at(&self) -> Option<i64> {
        self.0.claimed_at.map(int)
    }
    /// Unix seconds after which, with no submission, the publisher may take the claim
    /// back (`releaseClaim`); `null` when not claimed. It stays while the work is under
    /// review and after a rejection; a release after a rejection also waits until the
    /// claimer's `reviewPeriod()` to dispute or resubmit has passed.
    async fn work_deadline(&self) -> Option<i64> {
        self.0.work_deadline.map(int)
    }
    /// Unix seconds after which anyone may settle the dispute 50/50 with `expireTask`
    /// (an odd unit to the claimer); `null` unless disputed.
    async fn dispute_deadline(&self) -> Option<i64> {
        self.0.dispute_deadline.map(int)
    }
    /// The addresses (checksummed) whose claim the publisher released: they may never
    /// claim this task again. In release order.
    async fn released_claimers(&self, ctx: &Context<'_>) -> ApiResult<Vec<String>> {
        let loader = ctx.data_unchecked::<DataLoader<ReleasedClaimersLoader>>();
        Ok(loader
            .load_one((self.0.task_id, self.0.block_number))
            .await?
            .unwrap_or_default()
            .iter()
            .map(|a| checksum(a))
            .collect())
    }
    /// How many comments it has.
    async fn comment_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        loaders::comment_count(ctx, Commented::Task, self.0.task_id).await
    }
    /// The escrow's payouts for this task (the seed's `Transaction` rows).
    async fn payments(&self, ctx: &Context<'_>) -> ApiResult<Vec<Payment>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::payments(pool, self.0.task_id, None)
            .await
            .map_err(internal)?
            .into_iter()
            .map(Into::into)
            .collect())
    }
    /// The log that last changed the task.
    async fn source(&self) -> Source {
        Source::of(&self.0)
    }
}

/// Filters of `tasks`; all given ones must hold.
#[derive(InputObject, Default)]
pub struct TaskFilter {
    /// One status.
    status: Option<TaskStatus>,
    /// Any of these statuses.
    status_in: Option<Vec<TaskStatus>>,
    /// The community's id.
    community_id: Option<String>,
    /// The publisher's address.
    publisher: Option<String>,
    /// The claimer's address.
    claimer: Option<String>,
    /// The reward token's address (`0x000…0` for ETH).
    reward_token: Option<String>,
    /// Title contains this text.
    title_contains: Option<String>,
    /// Deadline at or after (unix seconds).
    deadline_from: Option<u64>,
    /// Deadline at or before (unix seconds).
    deadline_to: Option<u64>,
    /// Reward at least this amount of `rewardToken` (needed), in its smallest unit (wei
    /// for ETH, whole points), as a decimal string.
    reward_min: Option<String>,
    /// Reward at most this amount of `rewardToken` (needed), in its smallest unit.
    reward_max: Option<String>,
}

/// A reward bound: digits only, within DECIMAL(65,0).
fn reward_bound(v: Option<String>, name: &str) -> ApiResult<Option<String>> {
    let Some(v) = v else { return Ok(None) };
    let digits = v.trim().trim_start_matches('0');
    let digits = if digits.is_empty() && !v.trim().is_empty() {
        "0"
    } else {
        digits
    };
    if digits.is_empty() || digits.len() > 65 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_input(format!(
            "{name} is an amount in the token's smallest unit: digits only (at most 65)"
        )));
    }
    Ok(Some(digits.to_owned()))
}

/// What `tasks` sorts by.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug, Default)]
pub enum TaskOrderField {
    /// Publication time.
    #[default]
    CreatedAt,
    /// Deadline.
    Deadline,
    /// Reward amount, numerically; needs `filter.rewardToken` (amounts of different
    /// tokens do not compare).
    Reward,
}

/// How `tasks` is sorted.
#[derive(InputObject, Default)]
pub struct TaskOrderBy {
    /// The key.
    #[graphql(default)]
    field: TaskOrderField,
    /// The direction.
    #[graphql(default)]
    direction: Direction,
}

/// Queries about tasks.
#[derive(Default)]
pub struct TaskQuery;

#[Object]
impl TaskQuery {
    /// One task by id (`null` when there is none).
    async fn task(
        &self,
        ctx: &Context<'_>,
        id: String,
        block: Option<BlockInput>,
    ) -> ApiResult<Option<Task>> {
        let id = parse_id(&id)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::task(pool, id, at(block))
            .await
            .map_err(internal)?
            .map(Task))
    }

    /// Tasks, filtered and sorted, as a Relay connection.
    async fn tasks(
        &self,
        ctx: &Context<'_>,
        filter: Option<TaskFilter>,
        order_by: Option<TaskOrderBy>,
        first: Option<i32>,
        after: Option<String>,
        block: Option<BlockInput>,
    ) -> ApiResult<Connection<String, Task, Total, EmptyFields>> {
        let (offset, limit) = page(first, after)?;
        let f = filter.unwrap_or_default();
        let mut statuses: Vec<String> = f.status.iter().map(|s| s.label().to_owned()).collect();
        statuses.extend(
            f.status_in
                .unwrap_or_default()
                .iter()
                .map(|s| s.label().to_owned()),
        );
        let repo_filter = RepoFilter {
            statuses,
            community_id: f.community_id.as_deref().map(parse_id).transpose()?,
            publisher: f.publisher.as_deref().map(parse_address).transpose()?,
            claimer: f.claimer.as_deref().map(parse_address).transpose()?,
            reward_token: f.reward_token.as_deref().map(parse_address).transpose()?,
            title_contains: f.title_contains,
            deadline_from: f.deadline_from,
            deadline_to: f.deadline_to,
            reward_min: reward_bound(f.reward_min, "rewardMin")?,
            reward_max: reward_bound(f.reward_max, "rewardMax")?,
        };
        if (repo_filter.reward_min.is_some() || repo_filter.reward_max.is_some())
            && repo_filter.reward_token.is_none()
        {
            return Err(bad_input(
                "a reward range is in one token's units: give filter.rewardToken (0x000…0 for ETH)",
            ));
        }
        let order = order_by.unwrap_or_default();
        // Amounts of different tokens do not compare (wei against whole points).
        if order.field == TaskOrderField::Reward && repo_filter.reward_token.is_none() {
            return Err(bad_input(
                "sorting by reward compares amounts of one token: give filter.rewardToken (0x000…0 for ETH)",
            ));
        }
        let sort = match order.field {
            TaskOrderField::CreatedAt => TaskSort::CreatedAt,
            TaskOrderField::Deadline => TaskSort::Deadline,
            TaskOrderField::Reward => TaskSort::Reward,
        };
        let pool = ctx.data_unchecked::<MySqlPool>();
        let paging = paging(offset, limit, order.direction == Direction::Desc, block);
        let p = repo::tasks(pool, &repo_filter, sort, paging)
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, Task))
    }
}

// A payout from a task's escrow.
// (Not a doc comment: that would become the type's description in `schema.graphql`,
// which has none for it.)
#[allow(missing_docs)]
#[derive(SimpleObject)]
pub struct Payment {
    /// The paying contract (the escrow).
    pub from: String,
    /// The payee.
    pub to: String,
    /// The token (`0x000…0` = ETH).
    pub token: String,
    /// The amount, in the token's smallest unit.
    pub amount: String,
    /// Unix seconds.
    pub created_at: i64,
    /// The `TaskPaid` log.
    pub source: Source,
}

impl From<repo::TransactionRow> for Payment {
    fn from(r: repo::TransactionRow) -> Self {
        let source = Source::of(&r);
        Self {
            from: checksum(&r.sender),
            to: checksum(&r.receiver),
            token: checksum(&r.token),
            amount: r.transaction_amount,
            created_at: int(r.created_at),
            source,
        }
    }
}
