import { computed, ref, shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { gql, type Operation } from '@/api/graphql'
import { quickErrorText as errorText } from '@/lib/errorText'
import { appendPage, EMPTY_LIST, firstPage, idKey, refreshFirstPage, remainingOf, toPage, type AnyPage, type EdgePage, type KeyOf, type Page, type PagedList } from '@/lib/paging'

/** The node type of the connection `K` of a query result `T` (selecting `nodes`, or `edges { node }`). */
type NodeOf<T, K extends keyof T> = T[K] extends Page<infer N> ? N : T[K] extends EdgePage<infer N> ? N : never

/** How many pages a refresh reads on to follow a list read to its end (new rows at the end). */
const CATCH_UP_PAGES = 5

/** What components/LoadMore.vue reads of a list. */
export interface PagedListRefs {
  nodes: Readonly<Ref<readonly unknown[]>>
  hasMore: Readonly<Ref<boolean>>
  loading: Readonly<Ref<boolean>>
  loaded: Readonly<Ref<boolean>>
  remaining: Readonly<Ref<number>>
  loadMore: () => Promise<void>
}

/**
 * A Relay connection as a growing list: page one now and whenever `deps` change,
 * `loadMore()` for the next page, `reload()` after a write or on a live event (page one read
 * again and joined to the pages shown: lib/paging.ts, no row twice, none lost). `field`
 * names the connection in the query's result; `variables` are the query's, less `after`
 * (the cursor is added); `key` a row's identity (default: its `id`). A connection read as
 * `edges { node }` has no count: `totalCount` stays 0 and `remaining` says nothing.
 */
export function useConnection<T extends { [P in K]: AnyPage<unknown> }, V, K extends keyof T & string>(
  query: Operation<T, V>,
  field: K,
  variables: () => NoInfer<Omit<V, 'after'>> | null,
  deps: WatchSource[] = [],
  opts: { key?: KeyOf<NodeOf<T, K>> } = {},
) {
  type N = NodeOf<T, K>
  const keyOf: KeyOf<N> = opts.key ?? idKey
  const list = shallowRef<PagedList<N>>(EMPTY_LIST)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  // The variables the list shown was read with (a reload with others starts over).
  let shownWith: string | null = null
  let seq = 0

  async function read(vars: Omit<V, 'after'>, after: string | null): Promise<Page<N>> {
    // Not every paged query declares `$after`; the server ignores it where it does not.
    const data = await gql(query, { ...vars, after } as V)
    return toPage(data[field] as AnyPage<N>)
  }

  /** Runs `step` as the newest request: an older one's answer is dropped. */
  async function run(step: (vars: Omit<V, 'after'>, mine: () => boolean) => Promise<void>): Promise<void> {
    const vars = variables()
    if (vars === null) return
    const mine = ++seq
    const current = () => mine === seq
    loading.value = true
    error.value = null
    try {
      await step(vars, current)
    } catch (e) {
      if (current()) error.value = errorText(e)
    } finally {
      if (current()) loading.value = false
    }
  }

  /** Page one alone (the variables changed). */
  const reset = () =>
    run(async (vars, current) => {
      const page = await read(vars, null)
      if (!current()) return
      list.value = firstPage(page)
      shownWith = JSON.stringify(vars)
      loaded.value = true
    })

  /** Page one again over the pages shown; reads on when the end was shown and may have moved. */
  const refresh = () =>
    run(async (vars, current) => {
      const page = await read(vars, null)
      if (!current()) return
      const { list: next, catchUp } = refreshFirstPage(list.value, page, keyOf)
      list.value = next
      for (let i = 0; catchUp && i < CATCH_UP_PAGES && list.value.cursor; i++) {
        const more = await read(vars, list.value.cursor)
        if (!current()) return
        list.value = appendPage(list.value, more, keyOf)
        if (!more.pageInfo.hasNextPage) break
      }
    })

  function reload(): Promise<void> {
    const vars = variables()
    if (vars === null) return Promise.resolve()
    return loaded.value && shownWith === JSON.stringify(vars) ? refresh() : reset()
  }

  function loadMore(): Promise<void> {
    const { hasMore, cursor } = list.value
    if (!hasMore || !cursor || loading.value) return Promise.resolve()
    return run(async (vars, current) => {
      const page = await read(vars, cursor)
      if (current()) list.value = appendPage(list.value, page, keyOf)
    })
  }

  watch(deps, () => void reset(), { immediate: true })
  return {
    nodes: computed(() => list.value.nodes),
    totalCount: computed(() => list.value.totalCount),
    hasMore: computed(() => list.value.hasMore),
    remaining: computed(() => remainingOf(list.value)),
    loading,
    loaded,
    error,
    reload,
    loadMore,
    empty: computed(() => loaded.value && !list.value.nodes.length),
  }
}
