// A Relay connection read page by page into one list (composables/useConnection.ts keeps it
// as refs). Pure: how a next page, or page one read again by a live refresh, joins what is
// shown. The API's cursors are offsets, so a row published meanwhile shifts the pages: a
// next page may repeat rows already shown, and a refreshed page one may push rows out of
// it; each row is shown once, where the newest reading puts it.

/** What a paged query selects on its connection. */
export interface Page<N> {
  totalCount: number
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
  nodes: N[]
}

/**
 * A connection that selects only `edges { node }` (issue 14's notifications, reports and
 * moderation log have no `nodes` or `totalCount`).
 */
export interface EdgePage<N> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
  edges: { node: N }[]
}

/** Either shape of a connection. */
export type AnyPage<N> = Page<N> | EdgePage<N>

/**
 * A connection as a `Page`. One without a `totalCount` counts 0, so `remainingOf` says
 * nothing about how many rows are left (LoadMore then offers just "more").
 */
export function toPage<N>(conn: AnyPage<N>): Page<N> {
  if ('nodes' in conn) return conn
  return { totalCount: 0, pageInfo: conn.pageInfo, nodes: conn.edges.map((e) => e.node) }
}

/** The list shown so far. */
export interface PagedList<N> {
  nodes: N[]
  totalCount: number
  /** Where the next page starts (the last page read's `endCursor`). */
  cursor: string | null
  hasMore: boolean
}

/** A row's identity: its id, unless the connection's rows have none. */
export type KeyOf<N> = (node: N) => string

export const EMPTY_LIST: PagedList<never> = { nodes: [], totalCount: 0, cursor: null, hasMore: false }

/** Page one as the whole list. */
export function firstPage<N>(page: Page<N>): PagedList<N> {
  return { nodes: page.nodes, totalCount: page.totalCount, cursor: page.pageInfo.endCursor, hasMore: page.pageInfo.hasNextPage }
}

function dedupe<N>(nodes: N[], keyOf: KeyOf<N>): N[] {
  const seen = new Set<string>()
  return nodes.filter((n) => {
    const k = keyOf(n)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** The next page after `list`: its rows not shown yet, appended. */
export function appendPage<N>(list: PagedList<N>, page: Page<N>, keyOf: KeyOf<N>): PagedList<N> {
  const shown = new Set(list.nodes.map(keyOf))
  const fresh = dedupe(page.nodes.filter((n) => !shown.has(keyOf(n))), keyOf)
  return { nodes: [...list.nodes, ...fresh], totalCount: page.totalCount, cursor: page.pageInfo.endCursor, hasMore: page.pageInfo.hasNextPage }
}

/**
 * Page one read again (a live refresh, or after a write) over a list that may hold more
 * pages: page one as read now, then the rows shown beyond it. A shown row that page one
 * no longer holds but whose place lay inside it (before the last row the two share) is
 * gone (removed); one after it was pushed out by newer rows and stays. When rows beyond
 * page one stay, the list keeps its cursor; `catchUp` says the list had been read to its
 * end and the end may have moved (read on from the cursor to see new rows there).
 */
export function refreshFirstPage<N>(list: PagedList<N>, page: Page<N>, keyOf: KeyOf<N>): { list: PagedList<N>; catchUp: boolean } {
  const head = dedupe(page.nodes, keyOf)
  if (!page.pageInfo.hasNextPage) return { list: { nodes: head, totalCount: page.totalCount, cursor: page.pageInfo.endCursor, hasMore: false }, catchUp: false }
  const inHead = new Set(head.map(keyOf))
  let lastShared = -1
  list.nodes.forEach((n, i) => {
    if (inHead.has(keyOf(n))) lastShared = i
  })
  const tail = list.nodes.slice(lastShared + 1).filter((n) => !inHead.has(keyOf(n)))
  if (!tail.length) return { list: firstPage({ ...page, nodes: head }), catchUp: false }
  return {
    list: { nodes: [...head, ...tail], totalCount: page.totalCount, cursor: list.cursor, hasMore: list.hasMore },
    catchUp: !list.hasMore,
  }
}

/** How many rows the server holds beyond those shown (never below 0). */
export function remainingOf(list: Pick<PagedList<unknown>, 'nodes' | 'totalCount' | 'hasMore'>): number {
  if (!list.hasMore) return 0
  return Math.max(0, list.totalCount - list.nodes.length)
}

/** The default identity of a row: its `id`, else its `address` (users), else its `account` (members), else its whole text. */
export function idKey(node: unknown): string {
  const n = node as { id?: unknown; address?: unknown; account?: unknown } | null
  const k = n?.id ?? n?.address ?? n?.account
  return k != null ? String(k) : JSON.stringify(node)
}
