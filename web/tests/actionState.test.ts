import { describe, expect, it } from 'vitest'
import { claimState, commentState, finalizeState, joinState, postState, signInPath, type Participant } from '@/lib/actionState'
import { taskActions } from '@/lib/permissions'
import { claimableFilter, isTaskOverdue } from '@/lib/taskDeadline'

const PUB = '0x1111111111111111111111111111111111111111'
const CLAIMER = '0x2222222222222222222222222222222222222222'
const OTHER = '0x3333333333333333333333333333333333333333'
// Chain time, far from this computer's clock on purpose.
const T0 = 2_100_000_000
const DAY = 86400

const who = (account: string | null, over: Partial<Participant> = {}): Participant => ({
  account,
  registered: !!account,
  signedIn: !!account,
  systemAdmin: false,
  taskPublisher: false,
  membership: null,
  ...over,
})
const member = (over: { isAdmin?: boolean; status?: 'MEMBER' | 'BANNED' } = {}) => ({ isAdmin: false, status: 'MEMBER' as const, ...over })
const open = { status: 'OPEN' as const, publisherAddress: PUB, deadline: T0 + 10 * DAY, releasedClaimers: [] }

describe('claimState (TaskMarket.claimTask)', () => {
  it('lets a registered, signed-in player claim an open task before its deadline, member or not', () => {
    expect(claimState(open, who(OTHER), T0)).toEqual({ show: true, enabled: true, reason: null })
    expect(claimState(open, who(OTHER, { membership: member() }), T0).enabled).toBe(true)
  })
  it('shows a signed-out visitor the sign-in step, never a disabled claim', () => {
    expect(claimState(open, who(null), T0)).toMatchObject({ show: true, enabled: false, reason: 'signIn' })
    expect(claimState(open, who(OTHER, { signedIn: false }), T0).reason).toBe('signIn')
  })
  it('asks an unregistered account to register', () => {
    expect(claimState(open, who(OTHER, { registered: false }), T0).reason).toBe('register')
  })
  it('tells a community admin why it may not claim (the claim button does not just vanish)', () => {
    expect(claimState(open, who(OTHER, { membership: member({ isAdmin: true }) }), T0)).toMatchObject({ show: true, enabled: false, reason: 'communityAdmin' })
  })
  it('names the other contract rules: publisher role or system admin, ban, released claim, deadline', () => {
    expect(claimState(open, who(OTHER, { taskPublisher: true }), T0).reason).toBe('privileged')
    expect(claimState(open, who(OTHER, { systemAdmin: true }), T0).reason).toBe('privileged')
    expect(claimState(open, who(OTHER, { membership: member({ status: 'BANNED' }) }), T0).reason).toBe('banned')
    // A banned admin is no admin any more: the ban is the reason.
    expect(claimState(open, who(OTHER, { membership: member({ isAdmin: true, status: 'BANNED' }) }), T0).reason).toBe('banned')
    expect(claimState({ ...open, releasedClaimers: [OTHER.toUpperCase().replace('0X', '0x')] }, who(OTHER), T0).reason).toBe('released')
    expect(claimState(open, who(OTHER), open.deadline).enabled).toBe(true)
    expect(claimState(open, who(OTHER), open.deadline + 1).reason).toBe('deadlinePassed')
    expect(claimState(open, who(null), open.deadline + 1).reason).toBe('deadlinePassed')
  })
  it('is not offered on a task that is not open, nor to its own publisher', () => {
    expect(claimState({ ...open, status: 'CLAIMED' }, who(OTHER), T0).show).toBe(false)
    expect(claimState(open, who(PUB), T0).show).toBe(false)
  })
})

describe('finalizeState (TaskMarket.finalizeUnreviewed)', () => {
  const submitted = { status: 'SUBMITTED' as const, claimerAddress: CLAIMER, submittedAt: T0 }
  const REVIEW = 3 * DAY
  it('waits until the review period has passed since the submission, and says until when', () => {
    expect(finalizeState(submitted, who(CLAIMER), T0 + DAY, REVIEW)).toEqual({ show: true, enabled: false, reason: 'reviewPending', at: T0 + REVIEW })
    expect(finalizeState(submitted, who(CLAIMER), T0 + REVIEW, REVIEW).enabled).toBe(false)
    expect(finalizeState(submitted, who(CLAIMER), T0 + REVIEW + 1, REVIEW)).toEqual({ show: true, enabled: true, reason: null })
  })
  it('waits while the review period is unknown', () => {
    expect(finalizeState(submitted, who(CLAIMER), T0 + 30 * DAY, null)).toMatchObject({ enabled: false, reason: 'reviewPending' })
  })
  it('is for the claimer of a submitted task only, signed in', () => {
    expect(finalizeState(submitted, who(OTHER), T0 + 30 * DAY, REVIEW).show).toBe(false)
    expect(finalizeState({ ...submitted, status: 'CLAIMED' }, who(CLAIMER), T0 + 30 * DAY, REVIEW).show).toBe(false)
    expect(finalizeState(submitted, who(CLAIMER, { signedIn: false }), T0 + 30 * DAY, REVIEW).reason).toBe('signIn')
  })
})

describe('community gates (Posts.comment, Posts.createPost, Communities.join)', () => {
  it('visitors get the sign-in step for each', () => {
    for (const f of [commentState, postState, joinState]) expect(f(who(null))).toMatchObject({ show: true, enabled: false, reason: 'signIn' })
  })
  it('comments need no membership, posts do, and joining is offered to non-members', () => {
    expect(commentState(who(OTHER)).enabled).toBe(true)
    expect(postState(who(OTHER)).reason).toBe('join')
    expect(postState(who(OTHER, { membership: member() })).enabled).toBe(true)
    expect(joinState(who(OTHER)).enabled).toBe(true)
    expect(joinState(who(OTHER, { membership: member() })).show).toBe(false)
  })
  it('a ban is the reason everywhere', () => {
    const banned = who(OTHER, { membership: member({ status: 'BANNED' }) })
    for (const f of [commentState, postState, joinState]) expect(f(banned).reason).toBe('banned')
  })
  it('unregistered accounts are asked to register', () => {
    for (const f of [commentState, postState, joinState]) expect(f(who(OTHER, { registered: false })).reason).toBe('register')
  })
})

describe('signInPath', () => {
  it('comes back to the page after signing in', () => {
    expect(signInPath('/task-market/7?x=1')).toBe('/login/?redirect=%2Ftask-market%2F7%3Fx%3D1')
    expect(signInPath('/login/?redirect=/x')).toBe('/login/')
  })
})

describe('an open task past its deadline: one rule on the whole page', () => {
  const task = { ...open, claimerAddress: null, rejected: false, createdAt: T0 - DAY, updatedAt: T0 - DAY }
  it('at every second around the deadline: claim disabled for the deadline exactly when 已过期, the refund offered then, the open list agreeing', () => {
    for (const now of [open.deadline - 1, open.deadline, open.deadline + 1, open.deadline + DAY]) {
      const overdue = isTaskOverdue(task, now)
      expect(claimState(task, who(OTHER), now).reason === 'deadlinePassed').toBe(overdue)
      expect(claimState(task, who(OTHER), now).enabled).toBe(!overdue)
      expect(taskActions(task, who(OTHER), now).expire).toBe(overdue)
      expect(taskActions(task, who(PUB), now).cancel).toBe(!overdue)
      expect(open.deadline >= claimableFilter(now).deadlineFrom).toBe(!overdue)
    }
  })
  it('a visitor is told the deadline passed (not asked to sign in to claim what nobody can)', () => {
    expect(claimState(task, who(null), open.deadline + 1)).toMatchObject({ show: true, enabled: false, reason: 'deadlinePassed' })
  })
})
