import type {
  Abi,
  Address,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
  TransactionReceipt,
} from 'viem'
import { InsufficientFundsError, BaseError } from 'viem'
import type { ContractName } from '@/config'
import type { Abis } from './abis'
import { signerOf, type ChainContext } from './clients'
import { TxRevertedError, resolveCall, withHeadroom, type WriteHooks, type WriteRequest } from './call'
import { NoGasError, RelayRefusedError, relayWrite, shouldRelay } from './relay'

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

export { TxRevertedError, withHeadroom } from './call'
export type { FallbackReason, WriteHooks } from './call'

/**
 * simulate → write → receipt. The simulation surfaces custom errors before the wallet
 * asks the player anything; a revert in the mined transaction throws TxRevertedError.
 * `functionName` and `args` are checked against the contract's generated ABI.
 *
 * A call the API's relayer sponsors (listed in Sponsorship.functions, no ETH sent) goes
 * through it (chain/relay.ts): the player signs, the relayer pays the gas. When the relayer
 * refuses it (not sponsored, relayer off, the day's quota used) the wallet sends it after
 * `hooks.onFallback` told the player why; with no ETH for the gas that ends in NoGasError.
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
  if (!(await shouldRelay(ctx, req))) return walletWrite(ctx, req, hooks)
  try {
    return await relayWrite(ctx, req, hooks)
  } catch (e) {
    if (!(e instanceof RelayRefusedError) || !e.fallback) throw e
    const reason = e.reason as NoGasError['reason']
    // Nothing to pay the gas with: say so rather than open a prompt that cannot succeed.
    if ((await ctx.reader.getBalance({ address: ctx.account })) === 0n) throw new NoGasError(reason, ctx.account, { cause: e })
    hooks.onFallback?.(reason)
    try {
      return await walletWrite(ctx, req, hooks)
    } catch (x) {
      if (x instanceof BaseError && x.walk((c) => c instanceof InsufficientFundsError)) throw new NoGasError(reason, ctx.account, { cause: x })
      throw x
    }
  }
}

/** The wallet's own transaction: the player pays the gas. */
async function walletWrite(ctx: ChainContext, req: WriteRequest, hooks: WriteHooks): Promise<TransactionReceipt> {
  const { address, abi } = resolveCall(ctx, req)
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
