// Who may do what, and when, as the contracts decide it: the pages offer an action only to
// the person allowed to take it, at the time it is allowed, and say why otherwise. Pure
// functions (no Vue, no viem) so the rules are unit-tested; the contracts stay the judge
// (a stale read still ends in a decoded custom error).
import type { Member, OrderStatus, TaskStatus } from '@/api/types'
import type { AdminSinceQuery } from '@/api/gen/graphql'
import { sameAddress } from './format'
import { expireOpen } from './taskDeadline'

/** The viewer's standing, from what the pages already load (`useViewer`, `Q.membership`). */
export interface Viewer {
  /** The wallet (or signed-in) address; null for a visitor. */
  account: string | null
  registered: boolean
  /** Holds SYSTEM_ADMIN. */
  systemAdmin: boolean
  /** Holds TASK_PUBLISHER (publishers never claim). */
  taskPublisher: boolean
  /** The viewer's row in the community of the object shown, if any. */
  membership: (Pick<Member, 'isAdmin' | 'status'> & Partial<AdminSinceQuery['members']['nodes'][number]>) | null
}

/** A community admin right now (a ban or leaving ends it). */
export function isCommunityAdmin(m: Viewer['membership']): boolean {
  return !!m && m.isAdmin && m.status === 'MEMBER'
}

/** A member of the community right now. */
export function isMember(m: Viewer['membership']): boolean {
  return !!m && m.status === 'MEMBER'
}

/** What the task rules read (a subset of `TaskDetail`). */
export interface TaskFacts {
  status: TaskStatus | null
  publisherAddress: string
  claimerAddress: string | null
  deadline: number
  rejected: boolean
  createdAt: number
  /** Unix seconds of the last change (for a disputed task: when the dispute opened). */
  updatedAt: number
  workDeadline?: number | null
  disputeDeadline?: number | null
  releasedClaimers?: string[] | null
}

/** A timed action: whether it is shown, whether it can be sent now, and from when. */
export interface Timed {
  /** The viewer is the one who may take it (now or later). */
  show: boolean
  /** It can be sent now. */
  allowed: boolean
  /** Unix seconds after which it is allowed; null when the API does not say. */
  after: number | null
}

/** Why the resolve control is missing or may fail. */
export type ArbiterState = 'yes' | 'maybe' | 'no'

/** Claiming is not here: lib/actionState `claimState` says whether, or why not. */
export interface TaskActions {
  cancel: boolean
  /** Refund an overdue open or claimed task (`expireTask`; disputes are `settle`). */
  expire: boolean
  submit: boolean
  abandon: boolean
  dispute: boolean
  approve: boolean
  reject: boolean
  finalize: boolean
  /** The publisher takes back a claim with no submission (`releaseClaim`). */
  release: Timed & {
    /** After a rejection the claimer also keeps the review period: the contract may ask to wait longer. */
    afterRejection: boolean
  }
  /** Anyone settles a dispute nobody resolved in time, 50/50 (`expireTask`). */
  settle: Timed
  /** May resolve the dispute: 'maybe' when the API cannot tell whether an admin predates the claim. */
  resolve: ArbiterState
  /** The viewer is the publisher or the claimer. */
  party: boolean
}

/**
 * Every task action but claiming for `viewer` at `now` (unix seconds, the chain's time), with
 * `reviewPeriod` (TaskMarket.reviewPeriod(), null until read). Mirrors TaskMarket.sol:
 * - expireTask on an open or claimed task: anyone with a wallet, once overdue (lib/taskDeadline);
 * - releaseClaim: the publisher, while claimed, after `workDeadline`;
 * - expireTask on a disputed task: anyone, after `disputeDeadline`;
 * - resolveDispute: the system admin, or a community admin who already was one when the
 *   task was claimed; never a party.
 */
export function taskActions(task: TaskFacts, viewer: Viewer, now: number, reviewPeriod: number | null = null): TaskActions {
  const s = task.status
  const account = viewer.account
  const publisher = sameAddress(task.publisherAddress, account)
  const claimer = sameAddress(task.claimerAddress, account)
  const party = publisher || claimer
  const communityAdmin = isCommunityAdmin(viewer.membership)
  const pastDeadline = now > task.deadline

  const workAfter = task.workDeadline ?? null
  // Past the task's deadline, expireTask refunds the publisher in full: that is the exit then.
  const releaseShow = s === 'CLAIMED' && publisher && !pastDeadline
  const release = {
    show: releaseShow,
    allowed: releaseShow && (workAfter == null || now > workAfter),
    after: s === 'CLAIMED' ? workAfter : null,
    afterRejection: s === 'CLAIMED' && task.rejected,
  }

  const disputeAfter = s === 'DISPUTED' ? (task.disputeDeadline ?? null) : null
  const settleShow = s === 'DISPUTED' && !!account
  const settle = {
    show: settleShow,
    // Without the dispute's deadline in the API the contract says until when.
    allowed: settleShow && (disputeAfter == null || expireOpen(task, now)),
    after: disputeAfter,
  }

  return {
    // Past the deadline expireTask refunds the same way: one button, not two.
    cancel: s === 'OPEN' && publisher && !pastDeadline,
    expire: s !== 'DISPUTED' && !!account && expireOpen(task, now, reviewPeriod),
    submit: s === 'CLAIMED' && claimer,
    abandon: s === 'CLAIMED' && claimer,
    dispute: s === 'CLAIMED' && claimer && task.rejected,
    approve: s === 'SUBMITTED' && publisher,
    reject: s === 'SUBMITTED' && publisher,
    finalize: s === 'SUBMITTED' && claimer,
    release,
    settle,
    resolve: s === 'DISPUTED' && !!account && !party ? arbiter(task, viewer) : 'no',
    party,
  }
}

/**
 * Whether a non-party may resolve. The claim time itself is not in the API, but it lies
 * between publication (`createdAt`) and the dispute (`updatedAt` of a disputed task):
 * an admin since before publication surely qualifies, one since after the dispute
 * surely does not, and in between the contract decides (`TaskMarketNotArbiter`).
 */
function arbiter(task: TaskFacts, viewer: Viewer): ArbiterState {
  if (viewer.systemAdmin) return 'yes'
  if (!isCommunityAdmin(viewer.membership)) return 'no'
  const since = viewer.membership?.adminSince
  if (since == null) return 'maybe'
  if (since <= task.createdAt) return 'yes'
  if (since > task.updatedAt) return 'no'
  return 'maybe'
}

/**
 * Whether the viewer may remove a comment (Posts.removeComment): its author, an admin of
 * the community it was made in (on the community, one of its posts or tasks), or the
 * system admin.
 */
export function canRemoveComment(authorAddress: string, viewer: { account: string | null; systemAdmin: boolean; communityAdmin: boolean }): boolean {
  if (!viewer.account) return false
  return sameAddress(authorAddress, viewer.account) || viewer.systemAdmin || viewer.communityAdmin
}

/** What the order rules read (a subset of `Order`). */
export interface OrderFacts {
  status: OrderStatus | null
  buyer: string
  /** Unpaid after this, anyone may cancel; undefined until the API has it. */
  expiresAt?: number | null
  reviewed?: boolean
}

export interface OrderActions {
  pay: boolean
  cancel: boolean
  review: boolean
  /** Unpaid and past its reservation: anyone may cancel it. */
  expired: boolean
  /** For an unpaid order: until when it reserves stock. */
  reservedUntil: number | null
}

/**
 * Order actions for `viewer` at `now`: the buyer or a community admin cancels an open
 * order; anyone cancels an unpaid one once `expiresAt` has passed (PointMall.cancelOrder).
 */
export function orderActions(order: OrderFacts, viewer: { account: string | null; communityAdmin: boolean }, now: number): OrderActions {
  const buyer = sameAddress(order.buyer, viewer.account)
  const unpaid = order.status === 'ORDERED'
  const expiresAt = unpaid ? (order.expiresAt ?? null) : null
  const expired = expiresAt != null && now > expiresAt
  const open = unpaid || order.status === 'PAID'
  return {
    pay: unpaid && buyer,
    cancel: open && !!viewer.account && (buyer || viewer.communityAdmin || expired),
    review: order.status === 'COMPLETED' && buyer && !order.reviewed,
    expired,
    reservedUntil: expiresAt,
  }
}

/** Whether the viewer may like a post now (members only); `join` when joining would allow it. */
export function likeState(viewer: Pick<Viewer, 'account' | 'registered' | 'membership'>, liked: boolean, removed: boolean): 'like' | 'unlike' | 'join' | 'none' {
  if (removed || !viewer.account) return 'none'
  if (liked) return 'unlike'
  if (isMember(viewer.membership)) return 'like'
  if (viewer.membership?.status === 'BANNED' || !viewer.registered) return 'none'
  return 'join'
}
