import type { Abi, Address, Hash, TransactionReceipt } from 'viem'
import type { ContractName } from '@/config'
import { abis } from './abis'
import type { ChainContext } from './clients'

/** One contract call. `contract` is a deployed name (address from /config.json) or an address. */
export interface WriteRequest {
  contract: ContractName | Address
  functionName: string
  args?: readonly unknown[]
  value?: bigint
  /** Defaults to the named contract's ABI; required with a raw address. */
  abi?: Abi
}

/** Callbacks along a write's way. */
export interface WriteHooks {
  /** The wallet signed and broadcast: the hash is known. */
  onSent?: (hash: Hash) => void
}

/** The transaction was mined but reverted. */
export class TxRevertedError extends Error {
  constructor(readonly hash: Hash) {
    super(`transaction ${hash} reverted`)
    this.name = 'TxRevertedError'
  }
}

function resolve(ctx: ChainContext, req: WriteRequest): { address: Address; abi: Abi } {
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

/**
 * simulate → write → receipt. The simulation surfaces custom errors before the wallet
 * asks the player anything; a revert in the mined transaction throws TxRevertedError.
 */
export async function write(ctx: ChainContext, req: WriteRequest, hooks: WriteHooks = {}): Promise<TransactionReceipt> {
  const { address, abi } = resolve(ctx, req)
  const call = { address, abi, functionName: req.functionName, args: req.args ?? [], value: req.value, account: ctx.account }
  const { request } = await ctx.reader.simulateContract(call as Parameters<typeof ctx.reader.simulateContract>[0])
  const gas = await ctx.reader.estimateContractGas(call as Parameters<typeof ctx.reader.estimateContractGas>[0])
  const hash = await ctx.wallet.writeContract({ ...(request as object), gas: withHeadroom(gas) } as Parameters<typeof ctx.wallet.writeContract>[0])
  hooks.onSent?.(hash)
  const receipt = await ctx.reader.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new TxRevertedError(hash)
  return receipt
}

/** Reads a view function. */
export async function read<T>(ctx: Pick<ChainContext, 'reader' | 'config'>, contract: ContractName | Address, functionName: string, args: readonly unknown[] = [], abi?: Abi): Promise<T> {
  const address = contract.startsWith('0x') ? (contract as Address) : ctx.config.contracts[contract as ContractName]
  const theAbi = abi ?? abis[contract as ContractName]
  return (await ctx.reader.readContract({ address, abi: theAbi, functionName, args } as Parameters<typeof ctx.reader.readContract>[0])) as T
}
