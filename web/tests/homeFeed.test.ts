import { describe, expect, it } from 'vitest'
import { HOME_COUNTS, IN_PROGRESS, homeTaskVars, nameBadge, pickHotPosts } from '@/lib/homeFeed'

const post = (id: string, likeCount: number) => ({ id, likeCount })

describe('hot posts', () => {
  it('this week’s most liked first, then all-time favourites, no post twice', () => {
    const recent = [post('9', 5), post('8', 2)]
    const allTime = [post('1', 40), post('9', 5), post('3', 12)]
    expect(pickHotPosts(recent, allTime, 4).map((p) => p.id)).toEqual(['9', '8', '1', '3'])
  })
  it('stops at the section’s size', () => {
    const many = Array.from({ length: 10 }, (_, i) => post(String(i), 10 - i))
    expect(pickHotPosts(many, many)).toHaveLength(HOME_COUNTS.hotPosts)
  })
  it('posts nobody liked come only after every liked one', () => {
    expect(pickHotPosts([post('5', 0), post('6', 1)], [post('7', 3), post('8', 0)], 4).map((p) => p.id)).toEqual(['6', '7', '5', '8'])
  })
  it('empty when there are no posts at all', () => {
    expect(pickHotPosts([], [])).toEqual([])
  })
})

describe('the open-task lists at chain time', () => {
  const now = 1_900_000_000
  const v = homeTaskVars(now)
  it('即将截止: claimable by the chain’s clock, soonest deadline first, any token', () => {
    expect(v.soonFilter).toEqual({ status: 'OPEN', deadlineFrom: now })
    expect(v.soonOrder).toEqual({ field: 'DEADLINE', direction: 'ASC' })
  })
  it('奖励最高: claimable, in ETH only (rewards compare within one token), largest first', () => {
    expect(v.bestFilter).toEqual({ status: 'OPEN', deadlineFrom: now, rewardToken: '0x0000000000000000000000000000000000000000' })
    expect(v.bestOrder).toEqual({ field: 'REWARD', direction: 'DESC' })
  })
  it('a fractional clock reading is cut to whole seconds', () => {
    expect(homeTaskVars(now + 0.7).soonFilter.deadlineFrom).toBe(now)
  })
})

describe('my tasks in progress', () => {
  it('are the ones still in the claimer’s hands, not open, finished or ended', () => {
    expect(IN_PROGRESS).toEqual(['CLAIMED', 'SUBMITTED', 'DISPUTED'])
  })
})

describe('a name badge', () => {
  it('shows the first character and a colour of the name', () => {
    expect(nameBadge('提瓦特冒险团').glyph).toBe('提')
    expect(nameBadge('starfall raiders').glyph).toBe('S')
    expect(nameBadge('Starfall').hue).toBe(nameBadge('Starfall').hue)
    expect(nameBadge('Starfall').hue).not.toBe(nameBadge('提瓦特冒险团').hue)
  })
})
