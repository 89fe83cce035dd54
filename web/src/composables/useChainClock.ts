import { onBeforeUnmount, ref, shallowRef } from 'vue'
import { loadConfig } from '@/config'

// The chain's clock as seen from this page: the offset between the chain's time and the
// browser's, measured from the latest/pending block and refreshed every minute. Until it
// is known (or when the RPC cannot be reached) the browser clock stands in.
const offset = ref(0)
let syncedAt = 0
let syncing: Promise<void> | null = null
const RESYNC_MS = 60_000

/** The chain time `offset` seconds ahead of the wall clock `wallMs` (milliseconds). */
export function chainTimeAt(offsetSeconds: number, wallMs: number): number {
  return wallMs / 1000 + offsetSeconds
}

function sync(): Promise<void> {
  if (syncing || Date.now() - syncedAt < RESYNC_MS) return syncing ?? Promise.resolve()
  syncing = (async () => {
    try {
      const [cfg, { publicReader }, { chainNow }] = await Promise.all([loadConfig(), import('@/chain/clients'), import('@/chain/chainTime')])
      const at = Number(await chainNow(publicReader(cfg)))
      offset.value = at - Date.now() / 1000
      syncedAt = Date.now()
    } catch (e) {
      console.warn('chain time unavailable; using this computer\'s clock', e)
      syncedAt = Date.now()
    } finally {
      syncing = null
    }
  })()
  return syncing
}

/**
 * The chain's time now (unix seconds), ticking every `tickMs`: timed rules (deadlines,
 * review and dispute periods, order reservations) compare against it, not Date.now().
 */
export function useChainClock(tickMs = 5_000) {
  const now = ref(chainTimeAt(offset.value, Date.now()))
  const tick = () => {
    now.value = chainTimeAt(offset.value, Date.now())
    void sync().then(() => (now.value = chainTimeAt(offset.value, Date.now())))
  }
  tick()
  const timer = setInterval(tick, tickMs)
  onBeforeUnmount(() => clearInterval(timer))
  return now
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
