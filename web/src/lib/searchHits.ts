// The search dropdown's rows (components/GlobalSearch.vue): the API's `search` answer as
// one list in the order shown, each with the page it opens, for keyboard navigation.
import type { SearchQuery } from '@/api/gen/graphql'

export type HitKind = 'tasks' | 'communities' | 'posts'
export const HIT_KINDS: readonly HitKind[] = ['tasks', 'communities', 'posts']

export interface Hit {
  kind: HitKind
  /** Unique in the list (`kind:id`). */
  key: string
  /** The page it opens. */
  to: string
  label: string
  /** A second, quieter line (a community's theme and size). */
  side?: string
}

export interface HitGroup {
  kind: HitKind
  hits: Hit[]
}

/** The answer as groups (empty ones left out), in the order the dropdown lists them. */
export function hitGroups(results: SearchQuery['search'] | null | undefined): HitGroup[] {
  if (!results) return []
  const groups: HitGroup[] = [
    { kind: 'tasks', hits: results.tasks.map((r) => ({ kind: 'tasks', key: `tasks:${r.id}`, to: `/task-market/${r.id}`, label: r.title })) },
    { kind: 'communities', hits: results.communities.map((r) => ({ kind: 'communities', key: `communities:${r.id}`, to: `/game-community/${r.id}`, label: r.name, side: r.theme })) },
    { kind: 'posts', hits: results.posts.map((r) => ({ kind: 'posts', key: `posts:${r.id}`, to: `/post/${r.id}`, label: r.title })) },
  ]
  return groups.filter((g) => g.hits.length)
}

/**
 * The row chosen after an arrow key: `delta` +1 (down) or -1 (up) from `current` (-1: none)
 * over `count` rows, wrapping around; none when there are no rows.
 */
export function stepIndex(current: number, delta: 1 | -1, count: number): number {
  if (count <= 0) return -1
  if (current < 0) return delta > 0 ? 0 : count - 1
  return (current + delta + count) % count
}
