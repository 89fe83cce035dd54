// What chain/write.ts (the wallet's transaction) and chain/relay.ts (the sponsor's relayed
// request) share: a call resolved to its address and ABI, the gas headroom, the hooks that
// tell the page where an action is, and the error of a mined revert.
import type { Abi, Address, Hash } from 'viem'
import type { ContractName } from '@/config'
import { abis } from './abis'
import type { ChainContext } from './clients'
import type { TxStep } from '@/lib/txSteps'

/** A write once the overloads of write() have checked it against the ABI. */
export interface WriteRequest {
  contract: ContractName | Address
  functionName: string
  args: readonly unknown[]
  value?: bigint
  abi?: Abi
}

/** Why a sponsored call went to the wallet after all (the relayer's refusal). */
export type FallbackReason = 'NOT_SPONSORED' | 'RELAYER_OFF' | 'QUOTA'

/** Callbacks along a write's way (composables/useTx shows them to the player). */
export interface WriteHooks {
  /** The transaction is broadcast (by the wallet, or by the relayer for a sponsored one): the hash is known. */
  onSent?: (hash: Hash) => void
  /**
   * The wallet is about to ask the player (after the simulation): a transaction or a
   * signature; `sponsored` when it is the signature of a request the relayer pays the gas of.
   */
  onPrompt?: (sponsored?: boolean) => void
  /** A multi-step action starts step `index` (0-based) of its plan (lib/txSteps). */
  onStep?: (steps: TxStep[], index: number) => void
  /** The relayer accepted the signed request (`id`) and queued it. */
  onRelayed?: (id: string) => void
  /** The relayer refused a sponsored call: the wallet sends it instead, with the player's gas. */
  onFallback?: (reason: FallbackReason) => void
}

/** The transaction was mined but reverted. */
export class TxRevertedError extends Error {
  constructor(readonly hash: Hash) {
    super(`transaction ${hash} reverted`)
    this.name = 'TxRevertedError'
  }
}

/** A write's target: the deployed contract by name (/config.json) or an address with the ABI given. */
export function resolveCall(ctx: Pick<ChainContext, 'config'>, req: WriteRequest): { address: Address; abi: Abi } {
  if (req.contract.startsWith('0x')) {
    if (!req.abi) throw new Error('an ABI is required for a raw address')
    return { address: req.contract as Address, abi: req.abi }
  }
  const name = req.contract as ContractName
  return { address: ctx.config.contracts[name], abi: req.abi ?? abis[name] }
}

/**
 * The gas limit sent: the estimate plus a fifth. An estimate runs against the latest
 * block, so a call that stores `block.timestamp` over a value written in that very block
 * (reject right after a submission, say) is estimated as a no-op write and runs out of
 * gas once mined a block later; unused gas is not charged.
 */
export function withHeadroom(estimate: bigint): bigint {
  return estimate + estimate / 5n
}
