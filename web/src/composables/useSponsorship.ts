import { computed, shallowRef, watch } from 'vue'
import { isSponsored, loadQuota, loadSponsorship, onSponsorshipChange, quotaOf, sponsorshipNow } from '@/chain/relay'
import { useSessionStore } from '@/stores/session'

// One reading per page (chain/relay.ts caches it); `version` makes what depends on it
// reactive when the sponsorship arrives or a relayed request uses up some of the quota.
const version = shallowRef(0)
let started = false
const askedQuota = new Set<string>()

function start(): void {
  if (started) return
  started = true
  onSponsorshipChange(() => version.value++)
  void loadSponsorship()
}

/**
 * What the relayer pays for, for the signed-in player: `gasFree(contract, fn)` when the
 * call is sponsored and today's quota is not used up (not read yet counts as left), and
 * `remaining`, the sponsored requests left today (null before it is read).
 */
export function useSponsorship() {
  start()
  const session = useSessionStore()
  watch(
    () => session.address,
    (address) => {
      const key = address?.toLowerCase()
      if (!address || !key || askedQuota.has(key)) return
      askedQuota.add(key)
      loadQuota(address as `0x${string}`).catch(() => askedQuota.delete(key))
    },
    { immediate: true },
  )
  const remaining = computed(() => {
    void version.value
    return session.address ? quotaOf(session.address) : null
  })
  const quotaPerDay = computed(() => {
    void version.value
    return sponsorshipNow()?.quotaPerDay ?? null
  })
  function gasFree(contract: string, fn: string): boolean {
    void version.value
    return isSponsored(contract, fn) && remaining.value !== 0
  }
  return { gasFree, remaining, quotaPerDay }
}
