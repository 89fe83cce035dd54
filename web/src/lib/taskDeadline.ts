// A task's deadline as the contract applies it (TaskMarket.sol: `block.timestamp >
// task.deadline` ends claiming and working). Pure: `now` is the chain's time, never the
// browser's clock (see chain/clock.ts).
import type { TaskStatus } from '@/api/types'

/** What the rule reads (a subset of `Task`). */
export interface DeadlineFacts {
  status: TaskStatus | null
  deadline: number
  rejected?: boolean
}

/**
 * Past its deadline at chain time `now` while still waiting on someone: an OPEN task can no
 * longer be claimed, a CLAIMED one no longer worked on, and anyone may send `expireTask` to
 * refund the publisher. A CLAIMED task with a rejected submission is not counted: its claimer
 * keeps the review period to dispute, even past the deadline.
 */
export function isTaskOverdue(task: DeadlineFacts, now: number): boolean {
  if (now <= task.deadline) return false
  return task.status === 'OPEN' || (task.status === 'CLAIMED' && !task.rejected)
}

/**
 * The `tasks` filter of the market's open list at chain time `now`: OPEN tasks still
 * claimable (the API's `deadlineFrom` is inclusive, as the contract's `<=` is).
 */
export function claimableFilter(now: number): { status: 'OPEN'; deadlineFrom: number } {
  return { status: 'OPEN', deadlineFrom: Math.floor(now) }
}
