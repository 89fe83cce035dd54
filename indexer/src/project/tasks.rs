//! `TaskMarket`: tasks through their life (published, claimed, submitted, disputed,
//! settled), released claims, payouts and the market's escrow credits.

use super::{
    Keys, Outcome, Projector, R, addr, amount, escrow::credit_key, hash, id, notifications::Notice,
    pair, setting, u64_of,
};
use crate::{
    model::{Row, TASK, TASK_RELEASE, TRANSACTION, Val},
    search,
};
use alloy::primitives::{Address, U256};
use bindings::{
    Contracts,
    TaskMarket::{TaskClaimReleased, TaskMarketEvents as T, TaskPaid, TaskPublished},
};
use read_model::NotificationKind as N;

/// The seed's task status labels, declared once in the read model.
pub use read_model::task_status;

/// The rows a `TaskMarket` event reads.
pub(super) fn prefetch_keys(e: &T, c: &Contracts) -> Keys {
    let credit = |a: Address, t: Address| vec![credit_key(c.TaskMarket, a, t)];
    match e {
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
        T::PayoutDeferred(e) => credit(e.account, e.token),
        T::Withdrawn(e) => credit(e.account, e.token),
        T::WithdrawnTo(e) => credit(e.account, e.token),
        T::Paused(_) | T::Unpaused(_) => setting(c.TaskMarket, "paused"),
        _ => vec![],
    }
}

/// Who a task's notice goes to: its publisher, its claimer (if it has one), or an
/// account the event names.
#[derive(Debug, Clone, Copy)]
enum To {
    Publisher,
    Claimer,
    Account(Address),
}

/// A notice a task's move sends: its kind, who did it, and to whom.
struct Tell<'a> {
    kind: N,
    actor: Option<Address>,
    to: &'a [To],
}

impl<'a> Tell<'a> {
    fn new(kind: N, actor: Option<Address>, to: &'a [To]) -> Self {
        Self { kind, actor, to }
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

impl Projector<'_> {
    pub(super) async fn task_market(&mut self, e: &T, emitter: Address) -> R<Outcome> {
        use task_status::*;
        let now = self.now();
        match e {
            T::TaskPublished(e) => Ok(self.task_published(e)),
            T::TaskClaimed(e) => {
                let claimer = addr(e.claimer);
                let set = |r: &mut Row| {
                    r.set("claimer", claimer)
                        .set("claimed_at", now)
                        .set("work_deadline", e.workDeadline);
                };
                let tell = Tell::new(N::TaskClaimed, Some(e.claimer), &[To::Publisher]);
                self.task_told(e.id, CLAIMED, set, tell).await
            }
            T::TaskAbandoned(e) => {
                let tell = Tell::new(N::TaskAbandoned, Some(e.claimer), &[To::Publisher]);
                self.task_told(e.id, OPEN, reopen, tell).await
            }
            T::TaskClaimReleased(e) => self.claim_released(e).await,
            T::WorkSubmitted(e) => {
                let proof = hash(e.proofHash);
                let set = |r: &mut Row| {
                    r.set("submitted_at", now)
                        .set("proof_hash", proof)
                        .set("rejected", false);
                };
                let tell = Tell::new(N::TaskSubmitted, Some(e.claimer), &[To::Publisher]);
                self.task_told(e.id, SUBMITTED, set, tell).await
            }
            T::WorkApproved(e) => {
                let tell = Tell::new(N::TaskApproved, Some(e.publisher), &[To::Claimer]);
                self.task_told(e.id, COMPLETED, end_claim, tell).await
            }
            T::WorkRejected(e) => {
                let set = |r: &mut Row| {
                    r.set("rejected", true)
                        .set("rejection_hash", hash(e.reasonHash));
                };
                let tell = Tell::new(N::TaskRejected, Some(e.publisher), &[To::Claimer]);
                self.task_told(e.id, CLAIMED, set, tell).await
            }
            T::DisputeOpened(e) => {
                let set = |r: &mut Row| {
                    r.set("dispute_hash", hash(e.reasonHash))
                        .set("work_deadline", Val::Null)
                        .set("dispute_deadline", e.disputeDeadline);
                };
                let tell = Tell::new(N::TaskDisputed, Some(e.claimer), &[To::Publisher]);
                self.task_told(e.id, DISPUTED, set, tell).await
            }
            T::DisputeResolved(e) => {
                let both = &[To::Publisher, To::Claimer];
                let tell = Tell::new(N::TaskResolved, Some(e.arbiter), both);
                self.task_told(e.id, COMPLETED, end_claim, tell).await
            }
            // Split 50/50 after `disputePeriod()`; the TaskPaid events follow.
            T::DisputeExpired(e) => {
                let tell = Tell::new(N::TaskResolved, None, &[To::Publisher, To::Claimer]);
                self.task_told(e.id, EXPIRED, end_claim, tell).await
            }
            T::TaskCancelled(e) => {
                let tell = Tell::new(N::TaskCancelled, None, &[To::Publisher]);
                self.task_told(e.id, CANCELLED, end_claim, tell).await
            }
            T::TaskExpired(e) => {
                let both = &[To::Publisher, To::Claimer];
                let tell = Tell::new(N::TaskExpired, Some(e.by), both);
                self.task_told(e.id, EXPIRED, end_claim, tell).await
            }
            // Approved by time: nobody in particular approved it.
            T::TaskFinalized(e) => {
                let tell = Tell::new(N::TaskApproved, None, &[To::Claimer]);
                self.task_told(e.id, COMPLETED, end_claim, tell).await
            }
            T::TaskPaid(e) => Ok(self.task_paid(e)),
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
            T::Paused(_) => self.paused(emitter, true).await,
            T::Unpaused(_) => self.paused(emitter, false).await,
        }
    }

    /// A task moves to `status` as [`Self::task`] moves it, and `tell` goes out about
    /// the task as it is afterwards.
    async fn task_told(
        &mut self,
        task_id: U256,
        status: &str,
        f: impl FnOnce(&mut Row),
        tell: Tell<'_>,
    ) -> R<Outcome> {
        let outcome = self.task(task_id, status, f).await?;
        if outcome != Outcome::Applied {
            return Ok(outcome);
        }
        let Some(row) = self.batch.peek(&TASK, &id(task_id)).cloned() else {
            return Ok(outcome);
        };
        let notice = Notice::task(tell.kind, &row).by_opt(tell.actor.map(addr));
        for to in tell.to {
            let recipient = match to {
                To::Publisher => Some(row.str("publisher").to_owned()),
                To::Claimer => match row.get("claimer") {
                    Val::S(c) => Some(c.clone()),
                    _ => None,
                },
                To::Account(a) => Some(addr(*a)),
            };
            if let Some(r) = recipient {
                self.notify(&r, &notice);
            }
        }
        Ok(outcome)
    }

    /// A task moves to `status`; `f` changes what else the move changes.
    async fn task(&mut self, task_id: U256, status: &str, f: impl FnOnce(&mut Row)) -> R<Outcome> {
        let mut row = found!(self.must(&TASK, id(task_id)));
        row.set("task_status", status).set("updated_at", self.now());
        f(&mut row);
        self.batch.put(row);
        Ok(Outcome::Applied)
    }

    fn task_published(&mut self, e: &TaskPublished) -> Outcome {
        let Some(reward) = amount(e.reward) else {
            return Outcome::Skipped("task reward beyond DECIMAL(65,0)".into());
        };
        let now = self.now();
        let mut row = Row::new(&TASK);
        row.set("task_id", u64_of(e.id))
            .set("task_name", e.title.as_str())
            .set("search_terms", search::terms(&e.title))
            .set("task_price", reward)
            .set("task_status", task_status::OPEN)
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
        Outcome::Applied
    }

    /// The task is open again, and the released claimer is remembered.
    async fn claim_released(&mut self, e: &TaskClaimReleased) -> R<Outcome> {
        let publisher = self
            .batch
            .peek(&TASK, &id(e.taskId))
            .map(|t| t.str("publisher").parse::<Address>().unwrap_or_default());
        let to = [To::Account(e.claimer)];
        let tell = Tell::new(N::TaskClaimReleased, publisher, &to);
        let outcome = self
            .task_told(e.taskId, task_status::OPEN, reopen, tell)
            .await?;
        if outcome != Outcome::Applied {
            return Ok(outcome);
        }
        let mut row = self
            .get(&TASK_RELEASE, pair(e.taskId, e.claimer))
            .await?
            .unwrap_or_else(|| Row::new(&TASK_RELEASE));
        row.set("task_id", u64_of(e.taskId))
            .set("claimer", addr(e.claimer))
            .set("released_at", self.now());
        self.batch.put(row);
        Ok(Outcome::Applied)
    }

    fn task_paid(&mut self, e: &TaskPaid) -> Outcome {
        let Some(value) = amount(e.amount) else {
            return Outcome::Skipped("payout beyond DECIMAL(65,0)".into());
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
            .set("created_at", self.now());
        self.batch.append(row);
        Outcome::Applied
    }
}
