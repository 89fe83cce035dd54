import { computed, ref, shallowRef, watch, type WatchSource } from 'vue'
import { gql, type Operation } from '@/api/graphql'
import { quickErrorText as errorText } from '@/lib/errorText'

/** What a paged query selects on its connection. */
interface Page<N> {
  totalCount: number
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
  nodes: N[]
}

/** The node type of the connection `K` of a query result `T`. */
type NodeOf<T, K extends keyof T> = T[K] extends Page<infer N> ? N : never

/**
 * A Relay connection as a growing list: the first page now and whenever `deps` change,
 * `loadMore()` for the next, `reload()` after a write. `field` names the connection in
 * the query's result; `variables` are the query's, less `after` (the cursor is added).
 */
export function useConnection<T extends { [P in K]: Page<unknown> }, V, K extends keyof T & string>(
  query: Operation<T, V>,
  field: K,
  variables: () => NoInfer<Omit<V, 'after'>> | null,
  deps: WatchSource[] = [],
) {
  const nodes = shallowRef<NodeOf<T, K>[]>([])
  const totalCount = ref(0)
  const cursor = ref<string | null>(null)
  const hasMore = ref(false)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  let seq = 0

  async function fetchPage(after: string | null): Promise<void> {
    const vars = variables()
    if (vars === null) return
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      // Not every paged query declares `$after`; the server ignores it where it does not.
      const data = await gql(query, { ...vars, after } as V)
      if (mine !== seq) return
      const conn = data[field] as Page<NodeOf<T, K>>
      nodes.value = after ? [...nodes.value, ...conn.nodes] : conn.nodes
      totalCount.value = conn.totalCount
      cursor.value = conn.pageInfo.endCursor
      hasMore.value = conn.pageInfo.hasNextPage
      loaded.value = true
    } catch (e) {
      if (mine === seq) error.value = errorText(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  const reload = () => fetchPage(null)
  const loadMore = () => (hasMore.value && cursor.value ? fetchPage(cursor.value) : Promise.resolve())
  watch(deps, () => void reload(), { immediate: true })
  return { nodes, totalCount, hasMore, loading, loaded, error, reload, loadMore, empty: computed(() => loaded.value && !nodes.value.length) }
}
