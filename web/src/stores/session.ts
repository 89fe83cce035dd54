import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { ApiError, gql, setAuthToken } from '@/api/graphql'
import { M, Q } from '@/api/queries'
import type { Role, Session, User } from '@/api/types'
import { sameAddress } from '@/lib/format'
import { useWalletStore } from './wallet'

const KEY = 'gq.session'

/** A stored session: the bearer token and whose it is. */
export interface StoredSession {
  token: string
  address: string
  expiresAt: number
}

/** Reads a stored session; null when absent, malformed or expired. */
export function readStoredSession(raw: string | null, now = Date.now() / 1000): StoredSession | null {
  if (!raw) return null
  try {
    const s = JSON.parse(raw) as StoredSession
    if (typeof s.token !== 'string' || typeof s.address !== 'string' || typeof s.expiresAt !== 'number') return null
    return s.expiresAt > now ? s : null
  } catch {
    return null
  }
}

/** The signed-in player (SIWE or password): token in localStorage, `me` from the API. */
export const useSessionStore = defineStore('session', () => {
  const session = ref<StoredSession | null>(readStoredSession(localStorage.getItem(KEY)))
  const me = shallowRef<User | null>(null)
  const loaded = ref(false)
  setAuthToken(session.value?.token ?? null)

  const signedIn = computed(() => !!session.value)
  const address = computed(() => session.value?.address ?? null)
  const username = computed(() => me.value?.username ?? null)
  const roles = computed<Role[]>(() => me.value?.roles ?? [])
  const isAdmin = computed(() => roles.value.includes('SYSTEM_ADMIN'))
  const isVerifier = computed(() => roles.value.includes('VERIFIER'))
  const isPublisher = computed(() => roles.value.includes('TASK_PUBLISHER'))
  const isPauser = computed(() => roles.value.includes('PAUSER'))
  const registered = computed(() => !!me.value)

  function store(s: Session | null) {
    session.value = s ? { token: s.token, address: s.address, expiresAt: s.expiresAt } : null
    if (session.value) localStorage.setItem(KEY, JSON.stringify(session.value))
    else localStorage.removeItem(KEY)
    setAuthToken(session.value?.token ?? null)
  }

  /** Reloads `me` (null when signed out or not registered). */
  async function refresh(): Promise<void> {
    if (!session.value) {
      me.value = null
      loaded.value = true
      return
    }
    try {
      me.value = (await gql(Q.me)).me
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') store(null)
      me.value = null
    } finally {
      loaded.value = true
    }
  }

  /** Sign-In with Ethereum: nonce → EIP-4361 message → wallet signature → session. */
  async function signInWithWallet(): Promise<void> {
    const wallet = useWalletStore()
    const ctx = await wallet.context()
    const { siweNonce } = await gql(M.siweNonce)
    const { buildSiweMessage } = await import('@/chain/siwe')
    const message = buildSiweMessage({ address: ctx.account, chainId: ctx.config.chainId, nonce: siweNonce })
    const signature = await ctx.wallet.signMessage({ account: ctx.account, message })
    const { signIn } = await gql(M.signIn, { message, signature })
    store(signIn)
    await refresh()
  }

  /** Username / email / phone and password. */
  async function signInWithPassword(login: string, password: string): Promise<void> {
    const { signInWithPassword: s } = await gql(M.signInWithPassword, { login, password })
    store(s)
    await refresh()
  }

  /** Forgets the session here (the server's may live on: see `signOut`). */
  function logout(): void {
    store(null)
    me.value = null
  }

  /**
   * 退出登录: ends the session on the server (`signOut`: the token stops working
   * everywhere), then forgets it here. A token the server no longer knows is already
   * ended; any other failure still signs out here and is rethrown for the caller to say so.
   */
  async function signOut(): Promise<void> {
    if (!session.value) return
    let failure: unknown = null
    try {
      await gql(M.signOut)
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'UNAUTHENTICATED')) failure = e
    } finally {
      logout()
    }
    if (failure) throw failure
  }

  // A session belongs to one address: switching wallet accounts signs out.
  const wallet = useWalletStore()
  watch(
    () => wallet.account,
    (acc) => {
      if (acc && session.value && !sameAddress(acc, session.value.address)) logout()
    },
  )

  return { session, me, loaded, signedIn, address, username, roles, isAdmin, isVerifier, isPublisher, isPauser, registered, refresh, signInWithWallet, signInWithPassword, logout, signOut }
})
