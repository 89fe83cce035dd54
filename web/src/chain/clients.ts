import { createPublicClient, createWalletClient, custom, defineChain, http, type Account, type Address, type Chain, type LocalAccount, type PublicClient, type WalletClient } from 'viem'
import type { RuntimeConfig } from '@/config'
import type { JsonRpc } from './clock'
import { chainName, type Eip1193Provider } from './wallet'

/** What every write needs: the wallet, a reader through the same provider, the account. */
export interface ChainContext {
  config: RuntimeConfig
  account: Address
  wallet: WalletClient
  reader: PublicClient
}

/** The chain of a deployment, as viem wants it. */
export function chainOf(cfg: RuntimeConfig): Chain {
  return defineChain({
    id: cfg.chainId,
    name: chainName(cfg.chainId),
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [cfg.rpcUrl] } },
  })
}

/** Builds viem clients over the wallet's EIP-1193 provider. */
export function makeContext(provider: Eip1193Provider, account: Address, config: RuntimeConfig): ChainContext {
  const chain = chainOf(config)
  const transport = custom(provider)
  return {
    config,
    account,
    wallet: createWalletClient({ account, chain, transport }),
    reader: createPublicClient({ chain, transport, pollingInterval: 500 }),
  }
}

/**
 * viem clients for an in-browser wallet (chain/vault.ts): the key signs here, the
 * deployment's RPC URL carries the reads and the signed transactions.
 */
export function localContext(signer: LocalAccount, config: RuntimeConfig): ChainContext {
  const chain = chainOf(config)
  const transport = http(config.rpcUrl)
  return {
    config,
    account: signer.address,
    wallet: createWalletClient({ account: signer, chain, transport }),
    reader: createPublicClient({ chain, transport, pollingInterval: 500 }),
  }
}

/**
 * Who signs a context's writes and signatures: its wallet client's own account (an
 * in-browser key signs locally; an extension's account is asked over its provider).
 */
export function signerOf(ctx: Pick<ChainContext, 'account' | 'wallet'>): Account | Address {
  return ctx.wallet.account ?? ctx.account
}

/** A read-only client over the deployment's RPC URL: for visitors too (no wallet needed). */
export function publicReader(config: RuntimeConfig): PublicClient {
  return createPublicClient({ chain: chainOf(config), transport: http(config.rpcUrl) })
}

/** A client's transport as the plain JSON-RPC call chain/clock.ts reads the chain's time with. */
export function rpcOf(client: Pick<PublicClient, 'request'>): JsonRpc {
  const request = client.request as (args: { method: string; params: unknown[] }) => Promise<unknown>
  return (method, params) => request({ method, params })
}
