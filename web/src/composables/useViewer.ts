import { computed, shallowRef, watch } from 'vue'
import { gql } from '@/api/graphql'
import { Q } from '@/api/queries'
import type { Role, UserRef } from '@/api/types'
import { useSessionStore } from '@/stores/session'
import { useWalletStore } from '@/stores/wallet'
import { sameAddress } from '@/lib/format'
import type { Viewer } from '@/lib/permissions'
import type { Participant } from '@/lib/actionState'

/**
 * Who is looking: the connected wallet's account (it signs the writes) and its on-chain
 * standing. Uses `me` when the session belongs to that account, else looks the address up.
 */
export function useViewer() {
  const session = useSessionStore()
  const wallet = useWalletStore()
  const looked = shallowRef<(UserRef & { roles: Role[] }) | null>(null)

  const account = computed(() => wallet.account ?? session.address)
  const fromSession = computed(() => (session.me && sameAddress(session.me.address, account.value) ? session.me : null))

  watch(
    [account, fromSession],
    async ([acc, me]) => {
      looked.value = null
      if (!acc || me) return
      try {
        looked.value = (await gql(Q.userRef, { address: acc })).user
      } catch {
        looked.value = null
      }
    },
    { immediate: true },
  )

  const user = computed(() => fromSession.value ?? looked.value)
  const roles = computed<Role[]>(() => user.value?.roles ?? [])
  /** The viewer as lib/actionState's gates read it, with its row in the community shown. */
  const participant = (membership: Viewer['membership']): Participant => ({
    account: account.value ?? null,
    registered: !!user.value,
    systemAdmin: roles.value.includes('SYSTEM_ADMIN'),
    taskPublisher: roles.value.includes('TASK_PUBLISHER'),
    membership,
    signedIn: session.signedIn,
  })
  return {
    participant,
    account,
    user,
    registered: computed(() => !!user.value),
    verified: computed(() => !!user.value?.verified),
    isAdmin: computed(() => roles.value.includes('SYSTEM_ADMIN')),
    isPublisher: computed(() => roles.value.includes('TASK_PUBLISHER')),
    isVerifier: computed(() => roles.value.includes('VERIFIER')),
    isPauser: computed(() => roles.value.includes('PAUSER')),
    refresh: async () => {
      if (fromSession.value) await session.refresh()
      else if (account.value) looked.value = (await gql(Q.userRef, { address: account.value })).user
    },
  }
}
