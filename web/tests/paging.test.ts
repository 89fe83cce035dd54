import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { appendPage, firstPage, idKey, refreshFirstPage, remainingOf, toPage, type Page } from '@/lib/paging'

type Row = { id: string }
const rows = (...ids: (string | number)[]): Row[] => ids.map((id) => ({ id: String(id) }))
const ids = (nodes: Row[]) => nodes.map((n) => n.id)
const page = (nodes: Row[], totalCount: number, hasNextPage: boolean, endCursor: string | null = hasNextPage ? `c${nodes.at(-1)?.id}` : null): Page<Row> => ({
  nodes,
  totalCount,
  pageInfo: { hasNextPage, endCursor },
})

describe('paging (lib/paging.ts)', () => {
  it('reads a connection that selects only edges { node } as a page without a count', () => {
    const conn = { pageInfo: { hasNextPage: true, endCursor: 'c7' }, edges: rows(9, 8, 7).map((node) => ({ node })) }
    const one = firstPage(toPage(conn))
    expect(ids(one.nodes)).toEqual(['9', '8', '7'])
    expect(one.hasMore).toBe(true)
    expect(one.cursor).toBe('c7')
    // No count: LoadMore offers "more" without saying how many.
    expect(remainingOf(one)).toBe(0)
    const counted = page(rows(1), 1, false)
    expect(toPage(counted)).toBe(counted)
  })

  it('appends the next page after the first', () => {
    const one = firstPage(page(rows(9, 8, 7), 5, true))
    const two = appendPage(one, page(rows(6, 5), 5, false), idKey)
    expect(ids(two.nodes)).toEqual(['9', '8', '7', '6', '5'])
    expect(two.hasMore).toBe(false)
    expect(remainingOf(one)).toBe(2)
    expect(remainingOf(two)).toBe(0)
  })

  it('shows a row once when a new one shifted the offsets between pages', () => {
    // Row 10 was published after page one was read: the offset-based page two repeats 7.
    const one = firstPage(page(rows(9, 8, 7), 6, true))
    const two = appendPage(one, page(rows(7, 6, 5), 6, true), idKey)
    expect(ids(two.nodes)).toEqual(['9', '8', '7', '6', '5'])
  })

  it('a live refresh of page one puts new rows on top and keeps the pages loaded, no row twice', () => {
    const shown = appendPage(firstPage(page(rows(9, 8, 7), 6, true, 'o2')), page(rows(6, 5, 4), 6, false), idKey)
    const { list, catchUp } = refreshFirstPage(shown, page(rows(11, 10, 9), 8, true, 'o2'), idKey)
    expect(ids(list.nodes)).toEqual(['11', '10', '9', '8', '7', '6', '5', '4'])
    expect(list.totalCount).toBe(8)
    // The end had been shown: read on from it, new rows may be there too.
    expect(catchUp).toBe(true)
  })

  it('a refresh drops rows removed from inside page one and keeps those beyond it', () => {
    const shown = appendPage(firstPage(page(rows(9, 8, 7), 7, true, 'o2')), page(rows(6, 5, 4), 7, true, 'o5'), idKey)
    // 8 and 7 were removed, 12 is new: the server now holds 12 9 6 5 4 3.
    const { list, catchUp } = refreshFirstPage(shown, page(rows(12, 9, 6), 6, true, 'o2'), idKey)
    expect(ids(list.nodes)).toEqual(['12', '9', '6', '5', '4'])
    expect(list.cursor).toBe('o5')
    expect(list.hasMore).toBe(true)
    expect(catchUp).toBe(false)
  })

  it('keeps a row pushed out of page one by a new one', () => {
    const shown = appendPage(firstPage(page(rows(9, 8, 7), 6, true, 'o2')), page(rows(6, 5, 4), 6, true, 'o5'), idKey)
    const { list } = refreshFirstPage(shown, page(rows(10, 9, 8), 7, true, 'o2'), idKey)
    expect(ids(list.nodes)).toEqual(['10', '9', '8', '7', '6', '5', '4'])
  })

  it('a row pushed off page one stays in view; the next page does not repeat it', () => {
    const shown = firstPage(page(rows(9, 8, 7), 5, true, 'o2'))
    const { list, catchUp } = refreshFirstPage(shown, page(rows(10, 9, 8), 6, true, 'o2'), idKey)
    expect(ids(list.nodes)).toEqual(['10', '9', '8', '7'])
    expect(catchUp).toBe(false)
    // From the old cursor (offset 2) the server now answers 7 6 5.
    expect(ids(appendPage(list, page(rows(7, 6, 5), 6, false), idKey).nodes)).toEqual(['10', '9', '8', '7', '6', '5'])
  })

  it('a refresh when nothing beyond page one was shown takes the new page and its cursor', () => {
    const shown = firstPage(page(rows(9, 8, 7), 6, true, 'o2'))
    const { list } = refreshFirstPage(shown, page(rows(9, 8, 7), 6, true, 'o2'), idKey)
    expect(ids(list.nodes)).toEqual(['9', '8', '7'])
    expect(list.cursor).toBe('o2')
  })

  it('a refresh that reads everything in page one is the whole list', () => {
    const shown = appendPage(firstPage(page(rows(3, 2), 3, true)), page(rows(1), 3, false), idKey)
    const { list } = refreshFirstPage(shown, page(rows(3, 1), 2, false), idKey)
    expect(ids(list.nodes)).toEqual(['3', '1'])
    expect(list.hasMore).toBe(false)
  })

  it('rows without an id are told apart by their address or account', () => {
    expect(idKey({ address: '0xA', username: 'bob' })).toBe('0xA')
    expect(idKey({ account: '0xB', isAdmin: false })).toBe('0xB')
    expect(idKey({ id: 7, address: '0xA' })).toBe('7')
    const users = appendPage(firstPage(page([] as Row[], 2, true)), { ...page([], 2, false), nodes: [{ address: '0xA' }, { address: '0xA' }] as unknown as Row[] }, idKey)
    expect(users.nodes).toHaveLength(1)
  })
})

// useConnection with a mocked API: what the pages bind to.
const calls: { after: string | null }[] = []
let server: Row[] = []
const PAGE = 3
vi.mock('@/api/graphql', () => ({
  gql: vi.fn(async (_q: unknown, vars: { after: string | null; first: number }) => {
    calls.push({ after: vars.after })
    const from = vars.after ? Number(vars.after.slice(1)) + 1 : 0
    const nodes = server.slice(from, from + vars.first)
    const end = from + nodes.length - 1
    return { things: { totalCount: server.length, pageInfo: { hasNextPage: end < server.length - 1, endCursor: nodes.length ? `o${end}` : null }, nodes } }
  }),
}))

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r))
  await nextTick()
}

describe('useConnection (composables/useConnection.ts)', () => {
  afterEach(() => {
    calls.length = 0
  })

  async function mount(first = PAGE) {
    const { useConnection } = await import('@/composables/useConnection')
    const { Q } = await import('@/api/queries')
    const filter = ref('a')
    const scope = effectScope()
    // Any paged operation: the mocked API answers by the cursor alone.
    const conn = scope.run(() => useConnection(Q.tasks as never, 'things' as never, () => ({ first, filter: filter.value }) as never, [filter]))!
    await settle()
    return { conn: conn as unknown as {
      nodes: { value: Row[] }; hasMore: { value: boolean }; remaining: { value: number }; totalCount: { value: number }
      loadMore(): Promise<void>; reload(): Promise<void>
    }, filter, scope }
  }

  it('loads pages until the server has no next page, then stops asking', async () => {
    server = rows(7, 6, 5, 4, 3, 2, 1)
    const { conn, scope } = await mount()
    expect(ids(conn.nodes.value)).toEqual(['7', '6', '5'])
    expect(conn.remaining.value).toBe(4)
    await conn.loadMore()
    await conn.loadMore()
    expect(ids(conn.nodes.value)).toEqual(['7', '6', '5', '4', '3', '2', '1'])
    expect(conn.hasMore.value).toBe(false)
    expect(conn.remaining.value).toBe(0)
    const before = calls.length
    await conn.loadMore()
    expect(calls.length).toBe(before)
    scope.stop()
  })

  it('a live refresh after new rows keeps the loaded pages and shows each row once', async () => {
    server = rows(6, 5, 4, 3, 2, 1)
    const { conn, scope } = await mount()
    await conn.loadMore()
    server = rows(8, 7, 6, 5, 4, 3, 2, 1)
    await conn.reload()
    expect(ids(conn.nodes.value)).toEqual(['8', '7', '6', '5', '4', '3', '2', '1'])
    expect(conn.totalCount.value).toBe(8)
    expect(conn.hasMore.value).toBe(false)
    scope.stop()
  })

  it('a list read to its end follows new rows at the end (oldest-first comments)', async () => {
    server = rows(1, 2, 3, 4, 5)
    const { conn, scope } = await mount()
    await conn.loadMore()
    expect(conn.hasMore.value).toBe(false)
    server = rows(1, 2, 3, 4, 5, 6)
    await conn.reload()
    expect(ids(conn.nodes.value)).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(conn.hasMore.value).toBe(false)
    scope.stop()
  })

  it('other variables start the list over at page one', async () => {
    server = rows(6, 5, 4, 3, 2, 1)
    const { conn, filter, scope } = await mount()
    await conn.loadMore()
    server = rows(9, 8)
    filter.value = 'b'
    await settle()
    expect(ids(conn.nodes.value)).toEqual(['9', '8'])
    expect(calls.at(-1)!.after).toBeNull()
    scope.stop()
  })
})
