import type {
  Abi,
  Address,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
  Hash,
  TransactionReceipt,
} from 'viem'
import type { ContractName } from '@/config'
import { abis, type Abis } from './abis'
import { signerOf, type ChainContext } from './clients'
import type { TxStep } from '@/lib/txSteps'

type Writable = 'nonpayable' | 'payable'
type Readable = 'pure' | 'view'

/** The functions of `abi` that send a transaction. */
export type WriteFunctionName<abi extends Abi> = ContractFunctionName<abi, Writable>
/** The arguments of one of them, as viem types them from the generated ABI. */
export type WriteArgs<abi extends Abi, fn extends WriteFunctionName<abi>> = ContractFunctionArgs<abi, Writable, fn>
/** A transaction-sending function of the deployed contract `C`. */
export type NamedFunction<C extends ContractName> = WriteFunctionName<Abis[C]>
/** Its arguments. */
export type NamedArgs<C extends ContractName, fn extends NamedFunction<C>> = WriteArgs<Abis[C], fn>
/** The view functions of `abi`. */
export type ReadFunctionName<abi extends Abi> = ContractFunctionName<abi, Readable>

type Call<abi extends Abi, fn extends WriteFunctionName<abi>> = {
  functionName: fn
  args: WriteArgs<abi, fn>
  value?: bigint
}

/** A call to a deployed contract by name: its address from /config.json, its generated ABI. */
export type NamedWrite<C extends ContractName, fn extends WriteFunctionName<Abis[C]>> = Call<Abis[C], fn> & {
  contract: C
  abi?: undefined
}

/** A call to the contract at an address (a point token, an escrow), typed by the ABI given. */
export type AddressWrite<abi extends Abi, fn extends WriteFunctionName<abi>> = Call<abi, fn> & {
  contract: Address
  abi: abi
}

/** What the implementation sees once the overloads have checked a request. */
interface WriteRequest {
  contract: ContractName | Address
  functionName: string
  args: readonly unknown[]
  value?: bigint
  abi?: Abi
}

/** Callbacks along a write's way (composables/useTx shows them to the player). */
export interface WriteHooks {
  /** The wallet signed and broadcast: the hash is known. */
  onSent?: (hash: Hash) => void
  /** The wallet is about to ask the player: a transaction or a signature (after the simulation). */
  onPrompt?: () => void
  /** A multi-step action starts step `index` (0-based) of its plan (lib/txSteps). */
  onStep?: (steps: TxStep[], index: number) => void
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
 * `functionName` and `args` are checked against the contract's generated ABI.
 */
export function write<C extends ContractName, fn extends WriteFunctionName<Abis[C]>>(
  ctx: ChainContext,
  req: NamedWrite<C, fn>,
  hooks?: WriteHooks,
): Promise<TransactionReceipt>
export function write<const abi extends Abi, fn extends WriteFunctionName<abi>>(
  ctx: ChainContext,
  req: AddressWrite<abi, fn>,
  hooks?: WriteHooks,
): Promise<TransactionReceipt>
export async function write(ctx: ChainContext, req: WriteRequest, hooks: WriteHooks = {}): Promise<TransactionReceipt> {
  const { address, abi } = resolve(ctx, req)
  const call = { address, abi, functionName: req.functionName, args: req.args, value: req.value, account: signerOf(ctx) }
  const { request } = await ctx.reader.simulateContract(call as Parameters<typeof ctx.reader.simulateContract>[0])
  const gas = await ctx.reader.estimateContractGas(call as Parameters<typeof ctx.reader.estimateContractGas>[0])
  hooks.onPrompt?.()
  const hash = await ctx.wallet.writeContract({ ...(request as object), gas: withHeadroom(gas) } as Parameters<typeof ctx.wallet.writeContract>[0])
  hooks.onSent?.(hash)
  const receipt = await ctx.reader.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new TxRevertedError(hash)
  return receipt
}

/** Reads a view function of the contract at `address`; the result is typed by the ABI. */
export async function read<const abi extends Abi, fn extends ReadFunctionName<abi>>(
  ctx: Pick<ChainContext, 'reader'>,
  address: Address,
  abi: abi,
  functionName: fn,
  args: ContractFunctionArgs<abi, Readable, fn>,
): Promise<ContractFunctionReturnType<abi, Readable, fn>> {
  const call = { address, abi, functionName, args }
  return (await ctx.reader.readContract(call as Parameters<typeof ctx.reader.readContract>[0])) as ContractFunctionReturnType<abi, Readable, fn>
}
