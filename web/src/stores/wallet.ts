import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import type { Address } from 'viem'
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
import type { ChainContext } from '@/chain/clients'

const SAVED = 'gq.wallet'

/** The connected wallet: EIP-6963 discovery, the account, the chain. */
export const useWalletStore = defineStore('wallet', () => {
  const wallets = shallowRef<WalletInfo[]>([])
  const current = shallowRef<WalletInfo | null>(null)
  const account = ref<Address | null>(null)
  const chainId = ref<number | null>(null)
  const config = shallowRef<RuntimeConfig | null>(null)
  const connecting = ref(false)
  const pickerOpen = ref(false)
  let discovering = false

  const connected = computed(() => !!account.value)
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
    w.provider.on?.('accountsChanged', (accounts: string[]) => {
      account.value = (accounts?.[0] as Address | undefined) ?? null
      if (!account.value) localStorage.removeItem(SAVED)
    })
    w.provider.on?.('chainChanged', (id: string) => {
      chainId.value = Number(id)
    })
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
      await use(chosen, accounts)
      await ensureChain(chosen.provider, config.value)
      chainId.value = await walletChainId(chosen.provider)
    } finally {
      connecting.value = false
    }
  }

  /** Reconnects, without a prompt, the wallet used last time. */
  async function restore(): Promise<void> {
    const rdns = localStorage.getItem(SAVED)
    if (!rdns) return
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
    if (!current.value) return
    const cfg = config.value ?? (config.value = await loadConfig())
    await ensureChain(current.value.provider, cfg)
    chainId.value = await walletChainId(current.value.provider)
  }

  /** viem clients for a write: connects and switches chain first when needed. */
  async function context(): Promise<ChainContext> {
    if (!current.value || !account.value) await connect()
    if (!current.value || !account.value) throw new Error('wallet not connected')
    const cfg = config.value ?? (config.value = await loadConfig())
    if ((await walletChainId(current.value.provider)) !== cfg.chainId) await switchChain()
    const { makeContext } = await import('@/chain/clients')
    return makeContext(current.value.provider, account.value, cfg)
  }

  return { wallets, current, account, chainId, config, connecting, pickerOpen, connected, wrongChain, discover, connect, restore, disconnect, switchChain, context }
})
