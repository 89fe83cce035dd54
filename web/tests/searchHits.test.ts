import { describe, expect, it } from 'vitest'
import { hitGroups, stepIndex } from '@/lib/searchHits'

const doc = (json: Record<string, unknown>) => ({ hash: '0x11', json: JSON.stringify(json), text: String(json.text ?? ''), verified: true })
const STAR = '0x2222222222222222222222222222222222222222'
const BOB = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'

describe('the search dropdown (lib/searchHits.ts)', () => {
  const results = {
    tasks: [{ id: '21', title: '代打深境螺旋', status: 'OPEN' as const }],
    communities: [],
    posts: [{ id: '95', title: '忘却之庭攻略', communityId: '3' }, { id: '88', title: '速刷路线', communityId: '3' }],
    items: [
      { id: '4', name: 'raid banner', price: '120', token: STAR, community: { pointsSymbol: 'STAR' }, metadata: doc({ text: 'A banner', image: 'https://img.example/banner.png' }) },
      { id: '5', name: '星琼礼包', price: '50000000000000000', token: '0x0000000000000000000000000000000000000000', community: null, metadata: doc({ image: 'javascript:alert(1)' }) },
      { id: '6', name: 'Gallery', price: '1', token: STAR, community: { pointsSymbol: 'STAR' }, metadata: doc({ images: [`0x${'ab'.repeat(32)}`] }) },
    ],
    users: [{ address: BOB, username: 'bob', verified: true, profile: doc({ displayName: '鲍勃', avatar: 'https://img.example/bob.png' }) }],
  }

  it('lists the groups with hits, in order, each row with the page it opens', () => {
    const groups = hitGroups(results)
    expect(groups.map((g) => g.kind)).toEqual(['tasks', 'items', 'users', 'posts'])
    expect(groups.flatMap((g) => g.hits).map((h) => h.to)).toEqual([
      '/task-market/21', '/product-page/?productId=4', '/product-page/?productId=5', '/product-page/?productId=6', `/user-info/?address=${BOB}`, '/post/95', '/post/88',
    ])
    expect(hitGroups(null)).toEqual([])
  })

  it('an item shows its picture and price in its points, a player their avatar and display name', () => {
    const [, items, users] = hitGroups(results)
    expect(items.hits[0]).toMatchObject({ label: 'raid banner', side: '120 STAR', image: 'https://img.example/banner.png', initial: 'R' })
    // A picture that is no web address is not shown: the initial stands in.
    expect(items.hits[1]).toMatchObject({ side: '0.05 ETH', image: '', initial: '星' })
    // A content-store picture is shown as its thumbnail; without a main picture, the gallery's first.
    expect(items.hits[2].image).toBe(`/media/0x${'ab'.repeat(32)}/thumb`)
    expect(users.hits[0]).toMatchObject({ label: 'bob', side: '鲍勃', image: 'https://img.example/bob.png', initial: 'B' })
  })

  it('arrow keys walk the rows and wrap around', () => {
    expect(stepIndex(-1, 1, 3)).toBe(0)
    expect(stepIndex(-1, -1, 3)).toBe(2)
    expect(stepIndex(2, 1, 3)).toBe(0)
    expect(stepIndex(0, -1, 3)).toBe(2)
    expect(stepIndex(1, 1, 3)).toBe(2)
    expect(stepIndex(0, 1, 0)).toBe(-1)
  })
})
