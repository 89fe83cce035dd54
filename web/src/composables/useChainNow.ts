import { onScopeDispose, ref } from 'vue'
import { chainNow, syncChainClock } from '@/chain/clock'

/**
 * The chain's time as a ref that ticks every `tickMs`, read again from the chain now and
 * every `syncMs`. `ready` turns true after the first reading (or its failure: then the
 * local clock stands in), so a query filtered by the time can wait for it.
 */
export function useChainNow(tickMs = 5_000, syncMs = 30_000) {
  const now = ref(chainNow())
  const ready = ref(false)
  const sync = () => syncChainClock().then(() => (now.value = chainNow()))
  void sync().finally(() => (ready.value = true))
  const tick = setInterval(() => (now.value = chainNow()), tickMs)
  const resync = setInterval(() => void sync(), syncMs)
  onScopeDispose(() => {
    clearInterval(tick)
    clearInterval(resync)
  })
  return { now, ready, sync }
}
