import { ref, shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { gql, type Operation } from '@/api/graphql'
import { quickErrorText as errorText } from '@/lib/errorText'

/**
 * Runs a query now and whenever `deps` change; `reload()` runs it again (after a write).
 * A late answer to an old request never overwrites a newer one.
 */
export function useQuery<T, V>(
  query: Operation<T, V>,
  variables: () => NoInfer<V> | null,
  deps: WatchSource[] = [],
  opts: { partial?: boolean } = {},
) {
  const data = shallowRef<T | null>(null) as Ref<T | null>
  const loading = ref(false)
  const error = ref<string | null>(null)
  let seq = 0

  async function reload(): Promise<void> {
    const vars = variables()
    if (vars === null) return
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const result = await gql(query, vars, { partial: opts.partial })
      if (mine === seq) data.value = result
    } catch (e) {
      if (mine === seq) error.value = errorText(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  watch(deps, () => void reload(), { immediate: true })
  return { data, loading, error, reload }
}
