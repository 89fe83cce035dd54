import { describe, expect, it } from 'vitest'
import { taskOrder } from '@/lib/taskOrder'

describe('taskOrder (the market’s sort and the filter it needs)', () => {
  const ETH = '0x0000000000000000000000000000000000000000'
  const STAR = '0x2222222222222222222222222222222222222222'
  it('sorting by reward names the token, largest first', () => {
    expect(taskOrder('REWARD', STAR)).toEqual({ orderBy: { field: 'REWARD', direction: 'DESC' }, filter: { rewardToken: STAR } })
    expect(taskOrder('REWARD', ETH).filter).toEqual({ rewardToken: ETH })
  })
  it('other sorts leave the token open: deadlines soonest first, publication newest first', () => {
    expect(taskOrder('DEADLINE', STAR)).toEqual({ orderBy: { field: 'DEADLINE', direction: 'ASC' }, filter: {} })
    expect(taskOrder('CREATED_AT', STAR)).toEqual({ orderBy: { field: 'CREATED_AT', direction: 'DESC' }, filter: {} })
  })
})
