import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import type { Address, Hex, LocalAccount } from 'viem'
import { loadConfig, type RuntimeConfig } from '@/config'
import {
  currentAccounts,
  discoverWallets,
  ensureChain,
  legacyWallet,
  requestAccounts,
  walletChainId,
  type WalletInfo,
} from '@/chain/wallet'
import { forgetKey, recallKey, rememberKey } from '@/chain/keystore'
import { WalletLockedError } from '@/chain/walletErrors'
import type { ChainContext } from '@/chain/clients'
import { sameAddress } from '@/lib/format'

/** The wallet used last: an extension's rdns, or `local:<address>` for an in-browser wallet. */
const SAVED = 'gq.wallet'
const LOCAL = 'local:'

/** Which kind of wallet signs: an in-browser key (chain/vault.ts) or a browser extension. */
export type WalletKind = 'local' | 'extension'

/**
 * The connected wallet: EIP-6963 discovery, the account, the chain; or, for a player who
 * signed up with email or phone and a password, the in-browser key (chain/vault.ts), kept
 * unlocked for this tab by chain/keystore.ts.
 */
export const useWalletStore = defineStore('wallet', () => {
  const wallets = shallowRef<WalletInfo[]>([])
  const current = shallowRef<WalletInfo | null>(null)
  const account = ref<Address | null>(null)
  /** The in-browser wallet's signer, when it is the one in use. */
  const local = shallowRef<LocalAccount | null>(null)
  /** Its password-sealed vault (for export and password changes). */
  const vault = ref<string | null>(null)
  /** An in-browser wallet this tab has no key for (a new tab): its address. */
  const locked = ref<Address | null>(null)
  // The in-browser key itself stays out of the store's state (and out of devtools).
  let secret: Hex | null = null
  const chainId = ref<number | null>(null)
  const config = shallowRef<RuntimeConfig | null>(null)
  const connecting = ref(false)
  const pickerOpen = ref(false)
  let discovering = false

  const connected = computed(() => !!account.value)
  const kind = computed<WalletKind | null>(() => (local.value ? 'local' : current.value && account.value ? 'extension' : null))
  const wrongChain = computed(() => !!config.value && chainId.value !== null && chainId.value !== config.value.chainId)

  function add(w: WalletInfo) {
    if (wallets.value.some((x) => x.uuid === w.uuid || x.provider === w.provider)) return
    wallets.value = [...wallets.value, markRaw(w)]
  }

  /** Starts listening for wallets; the legacy provider joins if nothing announces itself. */
  function discover(): Promise<void> {
    if (!discovering) {
      discovering = true
      discoverWallets(add)
    }
    return new Promise((resolve) =>
      setTimeout(() => {
        const legacy = legacyWallet()
        if (legacy && !wallets.value.some((w) => w.provider === legacy.provider)) add(legacy)
        resolve()
      }, 150),
    )
  }

  function listen(w: WalletInfo) {
    // An extension set aside for the in-browser wallet (or another one) no longer speaks for the page.
    w.provider.on?.('accountsChanged', (accounts: string[]) => {
      if (current.value?.provider !== w.provider) return
      account.value = (accounts?.[0] as Address | undefined) ?? null
      if (!account.value) localStorage.removeItem(SAVED)
    })
    w.provider.on?.('chainChanged', (id: string) => {
      if (current.value?.provider === w.provider) chainId.value = Number(id)
    })
  }

  async function setLocal(privateKey: Hex, sealed: string): Promise<Address> {
    const { privateKeyToAccount } = await import('viem/accounts')
    const signer = privateKeyToAccount(privateKey)
    const cfg = config.value ?? (config.value = await loadConfig())
    secret = privateKey
    local.value = markRaw(signer)
    vault.value = sealed
    locked.value = null
    current.value = null
    account.value = signer.address
    chainId.value = cfg.chainId
    localStorage.setItem(SAVED, LOCAL + signer.address)
    return signer.address
  }

  /**
   * Signs with an in-browser key from now on (it replaces any extension), kept unlocked for
   * this tab's later page loads. `sealed` is its vault, as saved with setPassword.
   */
  async function useLocal(privateKey: Hex, sealed: string): Promise<Address> {
    const address = await setLocal(privateKey, sealed)
    try {
      await rememberKey({ privateKey, vault: sealed })
    } catch (e) {
      // No IndexedDB (a private window may refuse it): the key works until the page reloads.
      console.warn('the in-browser wallet stays unlocked for this page only', e)
    }
    return address
  }

  /** Forgets the in-browser key here: memory, this tab's unlocked copy, the browser's unlocking key. */
  async function forgetLocal(): Promise<void> {
    const wasLocal = !!local.value || !!locked.value || !!localStorage.getItem(SAVED)?.startsWith(LOCAL)
    secret = null
    if (local.value) account.value = null
    local.value = null
    vault.value = null
    locked.value = null
    if (!wasLocal) return
    if (localStorage.getItem(SAVED)?.startsWith(LOCAL)) localStorage.removeItem(SAVED)
    await forgetKey().catch((e) => console.warn('could not delete the wallet unlocking key', e))
  }

  /** The in-browser key, to seal it again under a new password (Settings → 密码). */
  function localKey(): Hex | null {
    return secret
  }

  async function use(w: WalletInfo, accounts: Address[]) {
    current.value = markRaw(w)
    account.value = accounts[0] ?? null
    chainId.value = await walletChainId(w.provider)
    listen(w)
    localStorage.setItem(SAVED, w.rdns)
  }

  /** Connects a wallet (asks the user to pick when several are found). */
  async function connect(w?: WalletInfo): Promise<void> {
    await discover()
    const chosen = w ?? (wallets.value.length === 1 ? wallets.value[0] : null)
    if (!chosen) {
      pickerOpen.value = true
      return
    }
    pickerOpen.value = false
    connecting.value = true
    try {
      config.value = await loadConfig()
      const accounts = await requestAccounts(chosen.provider)
      // Choosing an extension sets the in-browser wallet aside (its vault stays on the server).
      await forgetLocal()
      await use(chosen, accounts)
      await ensureChain(chosen.provider, config.value)
      chainId.value = await walletChainId(chosen.provider)
    } finally {
      connecting.value = false
    }
  }

  /**
   * Reconnects, without a prompt, the wallet used last time. An in-browser wallet comes
   * back unlocked in the tab that unlocked it; elsewhere it is `locked` until the player
   * signs in with the password again.
   */
  async function restore(): Promise<void> {
    const rdns = localStorage.getItem(SAVED)
    if (!rdns) return
    if (rdns.startsWith(LOCAL)) {
      const address = rdns.slice(LOCAL.length) as Address
      const unlocked = await recallKey().catch(() => null)
      if (unlocked) {
        const { privateKeyToAccount } = await import('viem/accounts')
        if (sameAddress(privateKeyToAccount(unlocked.privateKey).address, address)) {
          await setLocal(unlocked.privateKey, unlocked.vault).catch(() => (locked.value = address))
          return
        }
      }
      locked.value = address
      return
    }
    await discover()
    const w = wallets.value.find((x) => x.rdns === rdns)
    if (!w) return
    try {
      const accounts = await currentAccounts(w.provider)
      if (accounts.length) await use(w, accounts)
      config.value = await loadConfig()
    } catch {
      // stay disconnected
    }
  }

  function disconnect(): void {
    current.value = null
    account.value = null
    localStorage.removeItem(SAVED)
  }

  async function switchChain(): Promise<void> {
    if (!current.value || local.value) return
    const cfg = config.value ?? (config.value = await loadConfig())
    await ensureChain(current.value.provider, cfg)
    chainId.value = await walletChainId(current.value.provider)
  }

  /**
   * viem clients for a write: the in-browser key's, or the extension's (connected and on
   * the right chain first when needed). A locked in-browser wallet throws WalletLockedError.
   */
  async function context(): Promise<ChainContext> {
    if (local.value) {
      const cfg = config.value ?? (config.value = await loadConfig())
      const { localContext } = await import('@/chain/clients')
      return localContext(local.value, cfg)
    }
    if (locked.value) throw new WalletLockedError()
    if (!current.value || !account.value) await connect()
    if (!current.value || !account.value) throw new Error('wallet not connected')
    const cfg = config.value ?? (config.value = await loadConfig())
    if ((await walletChainId(current.value.provider)) !== cfg.chainId) await switchChain()
    const { makeContext } = await import('@/chain/clients')
    return makeContext(current.value.provider, account.value, cfg)
  }

  return {
    wallets, current, account, local, vault, locked, chainId, config, connecting, pickerOpen, connected, kind, wrongChain,
    discover, connect, restore, disconnect, switchChain, context, useLocal, forgetLocal, localKey,
  }
})
