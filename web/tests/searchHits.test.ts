import { describe, expect, it } from 'vitest'
import { hitGroups, stepIndex } from '@/lib/searchHits'

describe('the search dropdown (lib/searchHits.ts)', () => {
  const results = {
    tasks: [{ id: '21', title: '代打深境螺旋', status: 'OPEN' as const }],
    communities: [],
    posts: [{ id: '95', title: '忘却之庭攻略', communityId: '3' }, { id: '88', title: '速刷路线', communityId: '3' }],
  }
  it('lists the groups with hits, in order, each row with the page it opens', () => {
    const groups = hitGroups(results)
    expect(groups.map((g) => g.kind)).toEqual(['tasks', 'posts'])
    expect(groups.flatMap((g) => g.hits).map((h) => h.to)).toEqual(['/task-market/21', '/post/95', '/post/88'])
    expect(hitGroups(null)).toEqual([])
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
