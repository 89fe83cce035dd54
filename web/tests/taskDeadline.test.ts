import { describe, expect, it } from 'vitest'
import { claimableFilter, isTaskOverdue } from '@/lib/taskDeadline'

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
