import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { Address, Hex, LocalAccount } from 'viem'
import { ApiError, gql, setAuthToken } from '@/api/graphql'
import { M, Q } from '@/api/queries'
import type { Role, Session, User } from '@/api/types'
import type { PasswordKeys } from '@/chain/vault'
import { loadConfig } from '@/config'
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

/** Which wallet signs after a password sign-in. */
export type WalletAfterSignIn =
  /** The account's in-browser key, opened with the password. */
  | 'local'
  /** No in-browser key: an extension wallet signs, as before passwords had keys. */
  | 'extension'
  /** A password reset removed the key (Session.walletLost): a new one, then account recovery. */
  | 'lost'
  /** The saved key does not open with this password: as lost. */
  | 'unreadable'

/** What a password sign-in gives the page: the wallet's state, and the keys (for a new key at once). */
export interface PasswordSignIn {
  wallet: WalletAfterSignIn
  keys: PasswordKeys
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
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
        store(null)
        // The session is over: so is this tab's unlocked in-browser key.
        await useWalletStore().forgetLocal()
      }
      me.value = null
    } finally {
      loaded.value = true
    }
  }

  /**
   * Sign-In with Ethereum: nonce → EIP-4361 message → signature → session. The connected
   * wallet signs, or `key` (an in-browser key not yet the wallet store's: a sign-up's).
   */
  async function signInWithWallet(key?: LocalAccount): Promise<void> {
    let address: Address
    let chainId: number
    let sign: (message: string) => Promise<Hex>
    if (key) {
      address = key.address
      chainId = (await loadConfig()).chainId
      sign = (message) => key.signMessage({ message })
    } else {
      const ctx = await useWalletStore().context()
      const { signerOf } = await import('@/chain/clients')
      address = ctx.account
      chainId = ctx.config.chainId
      sign = (message) => ctx.wallet.signMessage({ account: signerOf(ctx), message })
    }
    const { siweNonce } = await gql(M.siweNonce)
    const { buildSiweMessage } = await import('@/chain/siwe')
    const message = buildSiweMessage({ address, chainId, nonce: siweNonce })
    const signature = await sign(message)
    const { signIn } = await gql(M.signIn, { message, signature })
    store(signIn)
    await refresh()
  }

  /**
   * Username / email / phone and password. The password never leaves the browser: the
   * account's salt (passwordSalt) gives the login hash the API checks (chain/vault.ts), and
   * the same keys open the account's in-browser key, which then signs in this tab.
   */
  async function signInWithPassword(login: string, password: string): Promise<PasswordSignIn> {
    const { deriveKeys, openVault, VaultError } = await import('@/chain/vault')
    const { passwordSalt } = await gql(Q.passwordSalt, { login })
    const keys = await deriveKeys(password, passwordSalt as Hex)
    const { signInWithPassword: s } = await gql(M.signInWithPassword, { login, password: keys.loginHash })
    let outcome: WalletAfterSignIn = s.walletLost ? 'lost' : s.walletVault ? 'local' : 'extension'
    let opened: { privateKey: Hex; address: Address } | null = null
    if (outcome === 'local' && s.walletVault) {
      try {
        opened = await openVault(s.walletVault, password, keys)
      } catch (e) {
        if (!(e instanceof VaultError)) throw e
        console.warn('the saved wallet does not open with the password the API accepted', e)
        outcome = 'unreadable'
      }
    }
    store(s)
    const wallet = useWalletStore()
    if (opened && s.walletVault) {
      // A key whose account is still being recovered to it signs in as itself.
      if (!sameAddress(opened.address, s.address)) {
        const { privateKeyToAccount } = await import('viem/accounts')
        await signInWithWallet(privateKeyToAccount(opened.privateKey))
      }
      await wallet.useLocal(opened.privateKey, s.walletVault)
    } else if (wallet.kind === 'local' || wallet.locked) {
      // Another account's in-browser key must not sign for this one.
      await wallet.forgetLocal()
    }
    await refresh()
    return { wallet: outcome, keys }
  }

  /** Forgets the session here (the server's may live on: see `signOut`). */
  function logout(): void {
    store(null)
    me.value = null
  }

  /**
   * 退出登录: ends the session on the server (`signOut`: the token stops working
   * everywhere), then forgets it here, with the in-browser key this browser keeps unlocked.
   * A token the server no longer knows is already ended; any other failure still signs
   * out here and is rethrown for the caller to say so.
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
      await useWalletStore().forgetLocal()
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
