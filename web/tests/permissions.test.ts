import { describe, expect, it } from 'vitest'
import { canRemoveComment, isCommunityAdmin, likeState, orderActions, taskActions, type TaskFacts, type Viewer } from '@/lib/permissions'

const PUB = '0x1111111111111111111111111111111111111111'
const CLAIMER = '0x2222222222222222222222222222222222222222'
const OTHER = '0x3333333333333333333333333333333333333333'
const ADMIN = '0x4444444444444444444444444444444444444444'

const T0 = 1_800_000_000
const task = (over: Partial<TaskFacts> = {}): TaskFacts => ({
  status: 'CLAIMED',
  publisherAddress: PUB,
  claimerAddress: CLAIMER,
  deadline: T0 + 30 * 86400,
  rejected: false,
  createdAt: T0,
  updatedAt: T0 + 100,
  workDeadline: T0 + 100 + 7 * 86400,
  disputeDeadline: null,
  releasedClaimers: [],
  ...over,
})
const viewer = (account: string | null, over: Partial<Viewer> = {}): Viewer => ({
  account,
  registered: !!account,
  systemAdmin: false,
  taskPublisher: false,
  membership: null,
  ...over,
})
// Addresses come back checksummed from the API and lowercase from some wallets.
const upper = (a: string) => '0x' + a.slice(2).toUpperCase()

describe('taskActions: releasing a stale claim', () => {
  const t = task()
  const due = t.workDeadline!

  it('the publisher sees when it becomes possible, then may release after workDeadline', () => {
    const before = taskActions(t, viewer(PUB, { taskPublisher: true }), due)
    expect(before.release).toEqual({ show: true, allowed: false, after: due, afterRejection: false })
    const after = taskActions(t, viewer(upper(PUB), { taskPublisher: true }), due + 1)
    expect(after.release.allowed).toBe(true)
  })

  it('nobody else may release: not the claimer, not an admin, not a visitor', () => {
    for (const v of [viewer(CLAIMER), viewer(OTHER, { systemAdmin: true }), viewer(ADMIN, { membership: { isAdmin: true, status: 'MEMBER', adminSince: T0 - 1 } }), viewer(null)]) {
      const a = taskActions(t, v, due + 1)
      expect(a.release.show).toBe(false)
      expect(a.release.allowed).toBe(false)
    }
  })

  it('is not offered for a submitted task, nor past the task deadline (expiring refunds then)', () => {
    expect(taskActions(task({ status: 'SUBMITTED' }), viewer(PUB), due + 1).release.show).toBe(false)
    const late = taskActions(t, viewer(PUB), t.deadline + 1)
    expect(late.release.show).toBe(false)
    expect(late.expire).toBe(true)
  })

  it('after a rejection it says the claimer also keeps the review period', () => {
    expect(taskActions(task({ rejected: true }), viewer(PUB), due + 1).release.afterRejection).toBe(true)
  })

  it('without a workDeadline from the API the button stays and the contract decides', () => {
    const a = taskActions(task({ workDeadline: null }), viewer(PUB), T0 + 200)
    expect(a.release).toMatchObject({ show: true, allowed: true, after: null })
  })
})

describe('taskActions: settling an expired dispute', () => {
  const t = task({ status: 'DISPUTED', updatedAt: T0 + 5000, disputeDeadline: T0 + 5000 + 14 * 86400, workDeadline: null })
  const due = t.disputeDeadline!

  it('anyone with a wallet sees the time before, and may settle after disputeDeadline', () => {
    for (const who of [OTHER, PUB, CLAIMER]) {
      expect(taskActions(t, viewer(who), due).settle).toEqual({ show: true, allowed: false, after: due })
      expect(taskActions(t, viewer(who), due + 1).settle.allowed).toBe(true)
    }
  })

  it('a visitor without a wallet is not offered the transaction', () => {
    expect(taskActions(t, viewer(null), due + 1).settle).toMatchObject({ show: false, allowed: false })
  })

  it('only disputed tasks are settled', () => {
    expect(taskActions(task({ status: 'CLAIMED', disputeDeadline: T0 }), viewer(OTHER), T0 + 10).settle.show).toBe(false)
  })
})

describe('taskActions: who arbitrates', () => {
  const t = task({ status: 'DISPUTED', createdAt: T0, updatedAt: T0 + 5000, disputeDeadline: T0 + 9000 })
  const admin = (adminSince: number | null, status: 'MEMBER' | 'LEFT' | 'BANNED' = 'MEMBER') =>
    viewer(ADMIN, { membership: { isAdmin: true, status, adminSince } })

  it('the system admin may resolve', () => {
    expect(taskActions(t, viewer(OTHER, { systemAdmin: true }), T0 + 6000).resolve).toBe('yes')
  })

  it('a community admin since before publication may; one appointed after the dispute may not', () => {
    expect(taskActions(t, admin(T0 - 10), T0 + 6000).resolve).toBe('yes')
    expect(taskActions(t, admin(T0 + 5001), T0 + 6000).resolve).toBe('no')
  })

  it('between publication and the dispute, or without adminSince, the contract decides', () => {
    expect(taskActions(t, admin(T0 + 50), T0 + 6000).resolve).toBe('maybe')
    expect(taskActions(t, admin(null), T0 + 6000).resolve).toBe('maybe')
  })

  it('never a party, even a system admin who is one; never a plain member or a banned admin', () => {
    expect(taskActions(t, viewer(PUB, { systemAdmin: true }), T0 + 6000).resolve).toBe('no')
    expect(taskActions(t, viewer(CLAIMER, { membership: { isAdmin: true, status: 'MEMBER', adminSince: T0 - 10 } }), T0 + 6000).resolve).toBe('no')
    expect(taskActions(t, viewer(OTHER, { membership: { isAdmin: false, status: 'MEMBER', adminSince: null } }), T0 + 6000).resolve).toBe('no')
    expect(taskActions(t, admin(T0 - 10, 'BANNED'), T0 + 6000).resolve).toBe('no')
  })
})

describe('taskActions: past the deadline', () => {
  it('anyone with a wallet may expire an open task past its deadline (chain time), the publisher too, instead of cancelling', () => {
    const fresh = task({ status: 'OPEN', claimerAddress: null, workDeadline: null })
    expect(taskActions(fresh, viewer(OTHER), fresh.deadline).expire).toBe(false)
    expect(taskActions(fresh, viewer(OTHER), fresh.deadline + 1).expire).toBe(true)
    expect(taskActions(fresh, viewer(PUB), fresh.deadline)).toMatchObject({ expire: false, cancel: true })
    expect(taskActions(fresh, viewer(PUB), fresh.deadline + 1)).toMatchObject({ expire: true, cancel: false })
    expect(taskActions(fresh, viewer(null), fresh.deadline + 1).expire).toBe(false)
  })

  it('a rejected claim holds the task for the review period from the rejection, then it may be expired', () => {
    const REVIEW = 3 * 86400
    const rejected = task({ rejected: true, updatedAt: T0 + 29 * 86400 })
    const late = rejected.deadline + 1
    expect(taskActions(rejected, viewer(OTHER), late).expire).toBe(false)
    expect(taskActions(rejected, viewer(OTHER), late, REVIEW).expire).toBe(false)
    expect(taskActions(rejected, viewer(OTHER), rejected.updatedAt + REVIEW, REVIEW).expire).toBe(false)
    expect(taskActions(rejected, viewer(OTHER), rejected.updatedAt + REVIEW + 1, REVIEW).expire).toBe(true)
    expect(taskActions(task(), viewer(OTHER), late).expire).toBe(true)
  })
})

describe('canRemoveComment', () => {
  it('the author, an admin of the community and the system admin; nobody else', () => {
    expect(canRemoveComment(OTHER, { account: upper(OTHER), systemAdmin: false, communityAdmin: false })).toBe(true)
    expect(canRemoveComment(OTHER, { account: ADMIN, systemAdmin: false, communityAdmin: isCommunityAdmin({ isAdmin: true, status: 'MEMBER', adminSince: T0 }) })).toBe(true)
    expect(canRemoveComment(OTHER, { account: PUB, systemAdmin: true, communityAdmin: false })).toBe(true)
    expect(canRemoveComment(OTHER, { account: PUB, systemAdmin: false, communityAdmin: isCommunityAdmin({ isAdmin: false, status: 'MEMBER', adminSince: null }) })).toBe(false)
    expect(canRemoveComment(OTHER, { account: ADMIN, systemAdmin: false, communityAdmin: isCommunityAdmin({ isAdmin: true, status: 'LEFT', adminSince: T0 }) })).toBe(false)
    expect(canRemoveComment(OTHER, { account: null, systemAdmin: true, communityAdmin: true })).toBe(false)
  })
})

describe('orderActions', () => {
  const order = { status: 'ORDERED' as const, buyer: CLAIMER, expiresAt: T0 + 3600, reviewed: false }

  it('the buyer sees the reservation time and may pay or cancel', () => {
    const a = orderActions(order, { account: CLAIMER, communityAdmin: false }, T0)
    expect(a).toEqual({ pay: true, cancel: true, review: false, expired: false, reservedUntil: T0 + 3600 })
  })

  it('anyone may cancel an unpaid order only after expiresAt', () => {
    expect(orderActions(order, { account: OTHER, communityAdmin: false }, T0 + 3600).cancel).toBe(false)
    const late = orderActions(order, { account: OTHER, communityAdmin: false }, T0 + 3601)
    expect(late).toMatchObject({ cancel: true, expired: true, pay: false })
    expect(orderActions(order, { account: null, communityAdmin: false }, T0 + 3601).cancel).toBe(false)
  })

  it('a paid order never expires: only the buyer or a community admin cancels it', () => {
    const paid = { ...order, status: 'PAID' as const }
    expect(orderActions(paid, { account: OTHER, communityAdmin: false }, T0 + 99999)).toMatchObject({ cancel: false, expired: false, reservedUntil: null })
    expect(orderActions(paid, { account: ADMIN, communityAdmin: true }, T0).cancel).toBe(true)
  })

  it('completed orders are reviewed once by the buyer', () => {
    const done = { ...order, status: 'COMPLETED' as const }
    expect(orderActions(done, { account: CLAIMER, communityAdmin: false }, T0).review).toBe(true)
    expect(orderActions({ ...done, reviewed: true }, { account: CLAIMER, communityAdmin: false }, T0).review).toBe(false)
    expect(orderActions(done, { account: CLAIMER, communityAdmin: false }, T0).cancel).toBe(false)
  })
})

describe('likeState', () => {
  const member = { isAdmin: false, status: 'MEMBER' as const, adminSince: null }
  it('members like, likers unlike, registered non-members are asked to join', () => {
    expect(likeState({ account: OTHER, registered: true, membership: member }, false, false)).toBe('like')
    expect(likeState({ account: OTHER, registered: true, membership: null }, true, false)).toBe('unlike')
    expect(likeState({ account: OTHER, registered: true, membership: null }, false, false)).toBe('join')
    expect(likeState({ account: OTHER, registered: true, membership: { ...member, status: 'LEFT' } }, false, false)).toBe('join')
  })
  it('banned players, visitors and removed posts get no like button', () => {
    expect(likeState({ account: OTHER, registered: true, membership: { ...member, status: 'BANNED' } }, false, false)).toBe('none')
    expect(likeState({ account: null, registered: false, membership: null }, false, false)).toBe('none')
    expect(likeState({ account: OTHER, registered: true, membership: member }, false, true)).toBe('none')
  })
})
