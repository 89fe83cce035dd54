import { onScopeDispose, ref, shallowRef } from 'vue'
import { loadConfig } from '@/config'
import { chainNow, syncChainClock } from '@/chain/clock'

/**
 * The chain's time (chain/clock.ts) as a ref ticking every `tickMs`, read again from the
 * chain now and every `syncMs`: timed rules (deadlines, review and dispute periods, order
 * reservations) compare against it, never Date.now(). `ready` turns true after the first
 * reading (or its failure: then the local clock stands in), so a query filtered by the
 * time can wait for it.
 */
export function useChainClock(tickMs = 5_000, syncMs = 60_000) {
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
  return { now, ready }
}

const reviewPeriod = shallowRef<number | null>(null)
let reviewRead: Promise<void> | null = null

/** TaskMarket.reviewPeriod() (seconds, immutable): read once per page from the chain. */
export function useReviewPeriod() {
  if (reviewPeriod.value == null && !reviewRead) {
    reviewRead = (async () => {
      try {
        const [cfg, { publicReader }, { read }, { TaskMarketAbi }] = await Promise.all([
          loadConfig(),
          import('@/chain/clients'),
          import('@/chain/write'),
          import('@/chain/abis'),
        ])
        reviewPeriod.value = Number(await read({ reader: publicReader(cfg) }, cfg.contracts.TaskMarket, TaskMarketAbi, 'reviewPeriod', []))
      } catch (e) {
        console.warn('TaskMarket.reviewPeriod unavailable', e)
        reviewRead = null
      }
    })()
  }
  return reviewPeriod
}
