import { computed } from 'vue'
import { gql } from '@/api/graphql'
import { M, Q } from '@/api/queries'
import { useQuery } from '@/composables/useQuery'
import { sameAddress } from '@/lib/format'
import { useSessionStore } from '@/stores/session'

/**
 * The players the signed-in viewer blocked (issue 14), and blocking and unblocking: the API
 * then leaves their posts, comments and notifications out for the viewer, so nothing else
 * on the page filters them.
 */
export function useBlockedUsers() {
  const session = useSessionStore()
  const { data, loading, error, reload } = useQuery(Q.blockedUsers, () => (session.signedIn ? {} : null), [() => session.signedIn])
  const list = computed(() => (session.signedIn ? (data.value?.blockedUsers ?? []) : []))
  return {
    list,
    loading,
    error,
    loaded: computed(() => !!data.value),
    reload,
    isBlocked: (address: string | null | undefined) => list.value.some((b) => sameAddress(b.address, address)),
    block: async (address: string) => {
      await gql(M.blockUser, { address })
      await reload()
    },
    unblock: async (address: string) => {
      await gql(M.unblockUser, { address })
      await reload()
    },
  }
}
