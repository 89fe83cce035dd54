// A task's deadlines as TaskMarket.sol applies them; the one place the pages (task page,
// market list, cards, profile, actionState/permissions) read them from. Pure: `now` is the
// chain's time (chain/clock.ts), never the browser's clock.
import type { TaskStatus } from '@/api/types'

/** What the rules read (a subset of `Task`). */
export interface DeadlineFacts {
  status: TaskStatus | null
  deadline: number
  rejected?: boolean
  /** The last change: for a claimed task with a rejected submission, the rejection (the contract's `stamp`). */
  updatedAt?: number
  disputeDeadline?: number | null
}

/**
 * A rejection holds a claimed task for the claimer's review period (to dispute or resubmit),
 * even past the deadline: TaskMarket.expireTask reverts `TaskMarketReviewPending` until
 * `stamp + reviewPeriod`. With the period or the rejection time unknown it still holds.
 */
function heldByRejection(task: DeadlineFacts, now: number, reviewPeriod: number | null): boolean {
  if (task.status !== 'CLAIMED' || !task.rejected) return false
  return reviewPeriod == null || task.updatedAt == null || now <= task.updatedAt + reviewPeriod
}

/**
 * Past its deadline at chain time `now` while still waiting on someone (shown as 已过期): an
 * OPEN task can no longer be claimed (`block.timestamp > task.deadline`), a CLAIMED one no
 * longer worked on, and anyone may send `expireTask` to refund the publisher. A claimed task
 * whose submission was rejected is not, while the rejection holds it (`heldByRejection`).
 */
export function isTaskOverdue(task: DeadlineFacts, now: number, reviewPeriod: number | null = null): boolean {
  if (now <= task.deadline) return false
  if (task.status === 'OPEN') return true
  return task.status === 'CLAIMED' && !heldByRejection(task, now, reviewPeriod)
}

/**
 * Whether TaskMarket.expireTask is open to anyone at `now`: a dispute nobody resolved by its
 * deadline (settled 50/50), or an overdue task (refunded to the publisher).
 */
export function expireOpen(task: DeadlineFacts, now: number, reviewPeriod: number | null = null): boolean {
  if (task.status === 'DISPUTED') return task.disputeDeadline != null && now > task.disputeDeadline
  return isTaskOverdue(task, now, reviewPeriod)
}

/**
 * The `tasks` filter of the market's open list at chain time `now`: OPEN tasks still
 * claimable (the API's `deadlineFrom` is inclusive, as the contract's `<=` is).
 */
export function claimableFilter(now: number): { status: 'OPEN'; deadlineFrom: number } {
  return { status: 'OPEN', deadlineFrom: Math.floor(now) }
}

/** TaskMarket.MAX_DURATION: a deadline at most this far past the chain's time. */
export const MAX_DEADLINE_AHEAD = 365 * 86400

/**
 * Whether `deadline` (unix seconds, e.g. from the date picker) is one `publishTask` takes at
 * chain time `now`: `now < deadline <= now + MAX_DURATION`. On a chain whose clock runs
 * ahead of the browser's, "tomorrow" on the wall clock may already be past on chain.
 */
export function deadlineAccepted(deadline: number | null, now: number): boolean {
  return deadline != null && deadline > now && deadline <= now + MAX_DEADLINE_AHEAD
}

/** The offer form's default expiry: a week of chain time (PointExchange wants `expiry > now`). */
export function defaultOfferExpiry(now: number): number {
  return now + 7 * 86400
}
