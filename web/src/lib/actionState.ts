// Why an action is unavailable, or what step comes first: a control is shown disabled
// with its reason (or replaced by the next step: sign in, register, join, wait until a
// time) instead of vanishing. Pure functions over what the pages already load; the rules
// mirror the contracts (TaskMarket.claimTask / finalizeUnreviewed, Posts.createPost /
// comment, Communities.join), which stay the judge. Times are chain time (unix seconds).
import type { TaskStatus } from '@/api/types'
import { sameAddress } from './format'
import { isCommunityAdmin, isMember, type Viewer } from './permissions'
import { isTaskOverdue } from './taskDeadline'

/** What to tell the player instead of (or next to) the action; the i18n key is `gate.<reason>`. */
export type GateReason =
  | 'signIn'
  | 'register'
  | 'join'
  | 'banned'
  | 'privileged'
  | 'communityAdmin'
  | 'released'
  | 'deadlinePassed'
  | 'reviewPending'

/** An action's state for one viewer at one time. */
export interface ActionState {
  /** Offer it at all (false: it is not this viewer's to take, e.g. a publisher claiming its own task). */
  show: boolean
  /** It can be sent now. */
  enabled: boolean
  /** Why not, or what to do first; null when enabled. */
  reason: GateReason | null
  /** For `reviewPending`: the chain time after which it is allowed. */
  at?: number
}

/** The viewer as the gates read it: `Viewer` plus whether a session exists (writes need one). */
export interface Participant extends Viewer {
  signedIn: boolean
}

const hidden: ActionState = { show: false, enabled: false, reason: null }
const ready: ActionState = { show: true, enabled: true, reason: null }
const blocked = (reason: GateReason, at?: number): ActionState => ({ show: true, enabled: false, reason, ...(at === undefined ? {} : { at }) })

/** The step before any write: a session (never a signature request for a visitor), then an account. */
function firstStep(v: Participant): ActionState | null {
  if (!v.signedIn || !v.account) return blocked('signIn')
  if (!v.registered) return blocked('register')
  return null
}

/** The login page, coming back to `current` afterwards. */
export function signInPath(current: string): string {
  return current.startsWith('/') && !current.startsWith('/login') ? `/login/?redirect=${encodeURIComponent(current)}` : '/login/'
}

/** What `claimState` reads of a task. */
export interface ClaimFacts {
  status: TaskStatus | null
  publisherAddress: string
  deadline: number
  releasedClaimers?: string[] | null
}

/**
 * TaskMarket.claimTask: an open task not overdue (lib/taskDeadline); registered; not a task
 * publisher or the system admin; not an admin of the task's community; not banned there;
 * not a claimer whose claim on it was released. Membership is not needed. Its own
 * publisher is not offered the action at all.
 */
export function claimState(task: ClaimFacts, v: Participant, now: number): ActionState {
  if (task.status !== 'OPEN' || sameAddress(task.publisherAddress, v.account)) return hidden
  if (isTaskOverdue(task, now)) return blocked('deadlinePassed')
  const first = firstStep(v)
  if (first) return first
  if (v.systemAdmin || v.taskPublisher) return blocked('privileged')
  if (isCommunityAdmin(v.membership)) return blocked('communityAdmin')
  if (v.membership?.status === 'BANNED') return blocked('banned')
  if ((task.releasedClaimers ?? []).some((a) => sameAddress(a, v.account))) return blocked('released')
  return ready
}

/** What `finalizeState` reads of a task. */
export interface FinalizeFacts {
  status: TaskStatus | null
  claimerAddress: string | null
  /** Unix seconds of the last submission (the contract's `stamp` while submitted). */
  submittedAt?: number | null
}

/**
 * TaskMarket.finalizeUnreviewed: the claimer of a submitted task, once `reviewPeriod`
 * has passed since the submission (`block.timestamp > stamp + reviewPeriod`). With the
 * period unknown (not read yet) it waits rather than offer a transaction bound to fail.
 */
export function finalizeState(task: FinalizeFacts, v: Participant, now: number, reviewPeriod: number | null): ActionState {
  if (task.status !== 'SUBMITTED' || !sameAddress(task.claimerAddress, v.account)) return hidden
  if (!v.signedIn) return blocked('signIn')
  if (reviewPeriod == null || task.submittedAt == null) return blocked('reviewPending')
  const until = task.submittedAt + reviewPeriod
  return now > until ? ready : blocked('reviewPending', until)
}

/** Posts.comment: registered and not banned from the target's community (membership not needed). */
export function commentState(v: Participant): ActionState {
  const first = firstStep(v)
  if (first) return first
  if (v.membership?.status === 'BANNED') return blocked('banned')
  return ready
}

/** Posts.createPost: registered, a member, not banned. */
export function postState(v: Participant): ActionState {
  const first = firstStep(v)
  if (first) return first
  if (v.membership?.status === 'BANNED') return blocked('banned')
  if (!isMember(v.membership)) return blocked('join')
  return ready
}

/** Communities.join: registered, not a member yet, not banned. Hidden for members. */
export function joinState(v: Participant): ActionState {
  if (isMember(v.membership)) return hidden
  const first = firstStep(v)
  if (first) return first
  if (v.membership?.status === 'BANNED') return blocked('banned')
  return ready
}
