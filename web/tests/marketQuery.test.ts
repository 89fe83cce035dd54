import { describe, expect, it } from 'vitest'
import { activeFilterCount, DEFAULT_MARKET, ETH_TOKEN, marketQueryOf, marketVariables, parseMarketQuery, sameMarketQuery } from '@/lib/marketQuery'

const STAR = '0x2222222222222222222222222222222222222222'
const NOW = 1_800_000_000

describe('the task market in the URL (lib/marketQuery.ts)', () => {
  it('a plain /task-market/ is the default list, and the default writes no query', () => {
    expect(parseMarketQuery({})).toEqual(DEFAULT_MARKET)
    expect(marketQueryOf(DEFAULT_MARKET)).toEqual({})
  })

  it('a shared link reads back as the list it was made from', () => {
    const state = { status: 'ALL' as const, sort: 'REWARD' as const, token: STAR, community: '2', deadline: '7d' as const, q: '深渊', min: '100', max: '' }
    const query = marketQueryOf(state)
    expect(query).toEqual({ status: 'all', sort: 'reward', token: STAR, community: '2', deadline: '7d', q: '深渊', min: '100' })
    expect(parseMarketQuery(query)).toEqual(state)
  })

  it('a hand-edited or stale link falls back to the default for what it gets wrong', () => {
    const s = parseMarketQuery({ status: 'WON', sort: 'price', token: '0x12', community: 'abc', deadline: '1y', q: ['  x  ', 'y'] })
    expect(s).toEqual({ ...DEFAULT_MARKET, q: 'x' })
    expect(parseMarketQuery({ status: 'open', token: STAR.toUpperCase().replace('0X', '0x') }).status).toBe('OPEN')
    expect(parseMarketQuery({ token: STAR.toUpperCase().replace('0X', '0x') }).token).toBe(STAR)
  })

  it('tells a navigation to the same list apart from a new one', () => {
    expect(sameMarketQuery({ sort: 'new', status: 'claimable' }, {})).toBe(true)
    expect(sameMarketQuery({ community: '2' }, {})).toBe(false)
  })
})

describe('the task market query (marketVariables)', () => {
  it('by default: open tasks still claimable at chain time, newest first', () => {
    expect(marketVariables(DEFAULT_MARKET, NOW)).toEqual({ filter: { status: 'OPEN', deadlineFrom: NOW }, orderBy: { field: 'CREATED_AT', direction: 'DESC' } })
  })

  it('community, token and title narrow the list', () => {
    const v = marketVariables({ ...DEFAULT_MARKET, status: 'ALL', community: '2', token: STAR, q: ' 代打 ' }, NOW)
    expect(v.filter).toEqual({ communityId: '2', rewardToken: STAR, titleContains: '代打' })
  })

  it('ending within 24 h / 7 d: from chain time now to the window’s end, past ones left out', () => {
    expect(marketVariables({ ...DEFAULT_MARKET, status: 'ALL', deadline: '24h' }, NOW + 0.6).filter).toEqual({ deadlineFrom: NOW, deadlineTo: NOW + 86_400 })
    expect(marketVariables({ ...DEFAULT_MARKET, deadline: '7d' }, NOW).filter).toEqual({ status: 'OPEN', deadlineFrom: NOW, deadlineTo: NOW + 7 * 86_400 })
  })

  it('sorting by reward needs one token: ETH unless the player chose one', () => {
    expect(marketVariables({ ...DEFAULT_MARKET, sort: 'REWARD' }, NOW)).toEqual({
      filter: { status: 'OPEN', deadlineFrom: NOW, rewardToken: ETH_TOKEN },
      orderBy: { field: 'REWARD', direction: 'DESC' },
    })
    expect(marketVariables({ ...DEFAULT_MARKET, sort: 'REWARD', token: STAR }, NOW).filter.rewardToken).toBe(STAR)
    expect(marketVariables({ ...DEFAULT_MARKET, sort: 'DEADLINE' }, NOW).orderBy).toEqual({ field: 'DEADLINE', direction: 'ASC' })
  })

  it('counts the filters set behind the 筛选 button', () => {
    expect(activeFilterCount(DEFAULT_MARKET)).toBe(0)
    expect(activeFilterCount({ ...DEFAULT_MARKET, community: '1', token: STAR, deadline: '24h', q: 'x', status: 'ALL' })).toBe(3)
  })
})

describe('the reward range', () => {
  it('counts in the chosen token: ETH in wei, points whole, and only with a token', () => {
    const eth = { ...DEFAULT_MARKET, token: ETH_TOKEN, min: '0.05', max: '1' }
    const { filter } = marketVariables(eth, 1000)
    expect(filter.rewardMin).toBe('50000000000000000')
    expect(filter.rewardMax).toBe('1000000000000000000')
    const points = { ...DEFAULT_MARKET, token: '0x' + 'ab'.repeat(20), min: '100', max: '' }
    expect(marketVariables(points, 1000).filter.rewardMin).toBe('100')
    expect(marketVariables({ ...points, min: '1.5' }, 1000).filter.rewardMin).toBeUndefined()
    expect(marketVariables({ ...DEFAULT_MARKET, min: '5' }, 1000).filter.rewardMin).toBeUndefined()
    expect(activeFilterCount(eth)).toBe(2)
  })

  it('survives the URL and drops what is not an amount', () => {
    const state = parseMarketQuery({ token: ETH_TOKEN, min: '0.1', max: 'lots' })
    expect([state.min, state.max]).toEqual(['0.1', ''])
    expect(marketQueryOf({ ...DEFAULT_MARKET, token: ETH_TOKEN, min: '0.1' })).toEqual({ token: ETH_TOKEN, min: '0.1' })
  })
})
