import type { Address } from 'viem'
import type { RuntimeConfig } from '@/config'

/** An EIP-1193 provider, as wallets inject it. */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown }): Promise<unknown>
  on?(event: string, listener: (...args: any[]) => void): void
  removeListener?(event: string, listener: (...args: any[]) => void): void
}

/** A wallet found by EIP-6963 (or the `window.ethereum` fallback). */
export interface WalletInfo {
  uuid: string
  name: string
  icon: string
  rdns: string
  provider: Eip1193Provider
}

interface AnnounceEvent extends Event {
  detail: { info: { uuid: string; name: string; icon: string; rdns: string }; provider: Eip1193Provider }
}

/**
 * Listens for EIP-6963 announcements and asks wallets to announce themselves.
 * Returns a function that stops listening.
 */
export function discoverWallets(onWallet: (wallet: WalletInfo) => void): () => void {
  const seen = new Set<string>()
  const listener = (event: Event) => {
    const { info, provider } = (event as AnnounceEvent).detail ?? {}
    if (!info?.uuid || !provider || seen.has(info.uuid)) return
    seen.add(info.uuid)
    onWallet({ uuid: info.uuid, name: info.name, icon: info.icon, rdns: info.rdns, provider })
  }
  window.addEventListener('eip6963:announceProvider', listener)
  window.dispatchEvent(new Event('eip6963:requestProvider'))
  return () => window.removeEventListener('eip6963:announceProvider', listener)
}

/** The legacy injected provider, when there is one. */
export function legacyWallet(): WalletInfo | null {
  const eth = (window as unknown as { ethereum?: Eip1193Provider & { isMetaMask?: boolean } }).ethereum
  if (!eth || typeof eth.request !== 'function') return null
  return { uuid: 'window.ethereum', name: eth.isMetaMask ? 'MetaMask' : 'Browser wallet', icon: '', rdns: 'window.ethereum', provider: eth }
}

/** A human name for a chain id. */
export function chainName(chainId: number): string {
  return chainId === 31337 ? 'Anvil (local)' : `Chain ${chainId}`
}

const NATIVE = { name: 'Ether', symbol: 'ETH', decimals: 18 }

/** Asks the wallet for its accounts (prompts the user). */
export async function requestAccounts(provider: Eip1193Provider): Promise<Address[]> {
  const accounts = (await provider.request({ method: 'eth_requestAccounts' })) as Address[]
  return accounts ?? []
}

/** The accounts the wallet already exposes to this site (no prompt). */
export async function currentAccounts(provider: Eip1193Provider): Promise<Address[]> {
  return ((await provider.request({ method: 'eth_accounts' })) as Address[]) ?? []
}

/** The wallet's current chain id. */
export async function walletChainId(provider: Eip1193Provider): Promise<number> {
  return Number(await provider.request({ method: 'eth_chainId' }))
}

function errorCode(e: unknown): number | undefined {
  const err = e as { code?: number; data?: { originalError?: { code?: number } } }
  return err?.code ?? err?.data?.originalError?.code
}

/** Switches the wallet to the deployment's chain, adding the chain first if it is unknown (4902). */
export async function ensureChain(provider: Eip1193Provider, cfg: RuntimeConfig): Promise<void> {
  if ((await walletChainId(provider)) === cfg.chainId) return
  const chainId = `0x${cfg.chainId.toString(16)}`
  try {
    await provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId }] })
  } catch (e) {
    if (errorCode(e) !== 4902) throw e
    await provider.request({
      method: 'wallet_addEthereumChain',
      params: [{ chainId, chainName: chainName(cfg.chainId), nativeCurrency: NATIVE, rpcUrls: [cfg.rpcUrl] }],
    })
  }
}
