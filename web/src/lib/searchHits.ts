// The search dropdown's rows (components/GlobalSearch.vue): the API's `search` answer as
// one list in the order shown, each with the page it opens, for keyboard navigation.
import type { SearchQuery } from '@/api/gen/graphql'
import { docImage, docImages, docString } from './doc'
import { formatAmount } from './format'

export type HitKind = 'tasks' | 'communities' | 'items' | 'users' | 'posts'

export interface Hit {
  kind: HitKind
  /** Unique in the list (`kind:id`). */
  key: string
  /** The page it opens. */
  to: string
  label: string
  /** A quieter note on the right (a community's theme, an item's price, a player's display name). */
  side?: string
  /** A picture (an item's, else the first of its gallery) or an avatar (a player's), as a thumbnail; '' for none. */
  image?: string
  /** The letter shown without a picture. */
  initial?: string
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
    {
      kind: 'items',
      hits: results.items.map((r) => ({
        kind: 'items', key: `items:${r.id}`, to: `/product-page/?productId=${r.id}`, label: r.name,
        side: formatAmount(r.price, r.token, r.community?.pointsSymbol ?? undefined), image: docImage(r.metadata, 'image', true) || (docImages(r.metadata, 'images', true)[0] ?? ''), initial: initial(r.name),
      })),
    },
    {
      kind: 'users',
      hits: results.users.map((r) => {
        const shown = docString(r.profile, 'displayName')
        return {
          kind: 'users', key: `users:${r.address}`, to: `/user-info/?address=${r.address}`, label: r.username,
          side: shown && shown !== r.username ? shown : undefined, image: docImage(r.profile, 'avatar', true), initial: initial(r.username),
        }
      }),
    },
    { kind: 'posts', hits: results.posts.map((r) => ({ kind: 'posts', key: `posts:${r.id}`, to: `/post/${r.id}`, label: r.title })) },
  ]
  return groups.filter((g) => g.hits.length)
}

function initial(name: string): string {
  return (Array.from(name.trim())[0] ?? '?').toUpperCase()
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
