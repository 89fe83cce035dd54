import { computed, ref, shallowRef, watch, type WatchSource } from 'vue'
import { gql } from '@/api/graphql'
import type { Connection } from '@/api/types'
import { quickErrorText as errorText } from '@/lib/errorText'

/**
 * A Relay connection as a growing list: the first page now and whenever `deps` change,
 * `loadMore()` for the next, `reload()` after a write.
 */
export function useConnection<T>(query: string, field: string, variables: () => Record<string, unknown> | null, deps: WatchSource[] = []) {
  const nodes = shallowRef<T[]>([])
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
      const data = await gql<Record<string, Connection<T>>>(query, { ...vars, after })
      if (mine !== seq) return
      const conn = data[field]
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
