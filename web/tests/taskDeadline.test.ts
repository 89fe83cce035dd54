import { describe, expect, it } from 'vitest'
import { MAX_DEADLINE_AHEAD, claimableFilter, deadlineAccepted, defaultOfferExpiry, expireOpen, isTaskOverdue } from '@/lib/taskDeadline'

const DEADLINE = 1_800_000_000

describe('isTaskOverdue', () => {
  it('an open task is claimable up to and including its deadline second, overdue after', () => {
    expect(isTaskOverdue({ status: 'OPEN', deadline: DEADLINE }, DEADLINE - 1)).toBe(false)
    expect(isTaskOverdue({ status: 'OPEN', deadline: DEADLINE }, DEADLINE)).toBe(false)
    expect(isTaskOverdue({ status: 'OPEN', deadline: DEADLINE }, DEADLINE + 1)).toBe(true)
  })

  it('a claimed task past its deadline is overdue, unless its claimer may still dispute a rejection', () => {
    expect(isTaskOverdue({ status: 'CLAIMED', deadline: DEADLINE }, DEADLINE + 1)).toBe(true)
    expect(isTaskOverdue({ status: 'CLAIMED', deadline: DEADLINE, rejected: true }, DEADLINE + 1)).toBe(false)
  })

  it('a rejection holds a claimed task for the review period from the rejection (TaskMarketReviewPending), not forever', () => {
    const rejected = { status: 'CLAIMED' as const, deadline: DEADLINE, rejected: true, updatedAt: DEADLINE - 100 }
    const REVIEW = 3 * 86400
    expect(isTaskOverdue(rejected, DEADLINE + 1, REVIEW)).toBe(false)
    expect(isTaskOverdue(rejected, DEADLINE - 100 + REVIEW, REVIEW)).toBe(false)
    expect(isTaskOverdue(rejected, DEADLINE - 100 + REVIEW + 1, REVIEW)).toBe(true)
    // Rejected long before the deadline: the review period is over, the deadline alone counts.
    expect(isTaskOverdue({ ...rejected, updatedAt: DEADLINE - 10 * 86400 }, DEADLINE + 1, REVIEW)).toBe(true)
  })

  it('tasks already past that stage never are: submitted, disputed, finished ones', () => {
    for (const status of ['SUBMITTED', 'DISPUTED', 'COMPLETED', 'EXPIRED', 'CANCELLED', null] as const) {
      expect(isTaskOverdue({ status, deadline: DEADLINE }, DEADLINE + 86400)).toBe(false)
    }
  })
})

describe('claimableFilter', () => {
  it('asks for open tasks whose deadline is at or after the whole second of now', () => {
    expect(claimableFilter(DEADLINE + 0.7)).toEqual({ status: 'OPEN', deadlineFrom: DEADLINE })
  })

  it('keeps exactly the open tasks isTaskOverdue does not call overdue', () => {
    const { deadlineFrom } = claimableFilter(DEADLINE)
    for (const deadline of [DEADLINE - 1, DEADLINE, DEADLINE + 1]) {
      expect(deadline >= deadlineFrom).toBe(!isTaskOverdue({ status: 'OPEN', deadline }, DEADLINE))
    }
  })
})

describe('expireOpen (TaskMarket.expireTask open to anyone)', () => {
  it('a dispute past its own deadline (settled 50/50), not before, not without one', () => {
    const disputed = { status: 'DISPUTED' as const, deadline: DEADLINE + 60 * 86400, rejected: true, disputeDeadline: DEADLINE + 14 * 86400 }
    expect(expireOpen(disputed, DEADLINE + 14 * 86400)).toBe(false)
    expect(expireOpen(disputed, DEADLINE + 14 * 86400 + 1)).toBe(true)
    expect(expireOpen({ ...disputed, disputeDeadline: null }, DEADLINE + 99 * 86400)).toBe(false)
  })

  it('otherwise exactly the overdue tasks (refunded to the publisher)', () => {
    for (const status of ['OPEN', 'CLAIMED', 'SUBMITTED', 'COMPLETED', 'EXPIRED', 'CANCELLED'] as const) {
      for (const now of [DEADLINE, DEADLINE + 1]) {
        expect(expireOpen({ status, deadline: DEADLINE }, now)).toBe(isTaskOverdue({ status, deadline: DEADLINE }, now))
      }
    }
    expect(expireOpen({ status: 'OPEN', deadline: DEADLINE }, DEADLINE + 1)).toBe(true)
    expect(expireOpen({ status: 'COMPLETED', deadline: DEADLINE }, DEADLINE + 1)).toBe(false)
  })
})

describe('deadlines a new task or offer may take, at chain time', () => {
  // The dev chain after the demo season runs ~74 h ahead of the wall clock.
  const wall = 1_780_000_000
  const chain = wall + 74 * 3600

  it('a wall-clock "tomorrow" is already past on such a chain; after its now, up to a year, is taken', () => {
    expect(deadlineAccepted(wall + 86400, chain)).toBe(false)
    expect(deadlineAccepted(chain, chain)).toBe(false)
    expect(deadlineAccepted(chain + 1, chain)).toBe(true)
    expect(deadlineAccepted(chain + MAX_DEADLINE_AHEAD, chain)).toBe(true)
    expect(deadlineAccepted(chain + MAX_DEADLINE_AHEAD + 1, chain)).toBe(false)
    expect(deadlineAccepted(null, chain)).toBe(false)
  })

  it('the default offer expiry is a week of chain time', () => {
    expect(defaultOfferExpiry(chain)).toBe(chain + 7 * 86400)
    expect(defaultOfferExpiry(chain)).toBeGreaterThan(wall + 7 * 86400)
  })
})
