// The phone's bottom tab bar: five destinations, and which one a page belongs to.

export type TabKey = 'home' | 'tasks' | 'communities' | 'mall' | 'me'

/** The tabs in order, each with the page it opens. */
export const TABS: readonly { key: TabKey; to: string }[] = [
  { key: 'home', to: '/index/' },
  { key: 'tasks', to: '/task-market/' },
  { key: 'communities', to: '/game-community/' },
  { key: 'mall', to: '/point-mall/' },
  { key: 'me', to: '/me/' },
]

// Path prefixes → the tab that owns them (first match wins; a prefix ends at a segment).
const OWNERS: readonly [string, TabKey][] = [
  ['/index', 'home'],
  ['/task-market', 'tasks'],
  ['/game-community', 'communities'],
  ['/post', 'communities'],
  ['/point-mall', 'mall'],
  ['/product-page', 'mall'],
  ['/shopping-cart', 'mall'],
  ['/me', 'me'],
  ['/notifications', 'me'],
  ['/user-info', 'me'],
  ['/my-orders', 'me'],
  ['/settings', 'me'],
  ['/points-trading', 'me'],
  ['/admin', 'me'],
  ['/login', 'me'],
  ['/register', 'me'],
  ['/verify-email', 'me'],
]

/**
 * The tab highlighted on `path`; null for pages of none (search, info pages, not found)
 * and for another player's profile (`otherUser`: /user-info/?address=… not the viewer's).
 */
export function tabFor(path: string, otherUser = false): TabKey | null {
  if (path === '/' || path === '') return 'home'
  for (const [prefix, tab] of OWNERS) {
    if (path === prefix || path.startsWith(prefix + '/')) return prefix === '/user-info' && otherUser ? null : tab
  }
  return null
}
