import type { Address, TransactionReceipt } from 'viem'
import type { ChainContext } from './clients'
import { allowance, ensureAllowance } from './permit'
import { write, type WriteHooks } from './write'
import { requireBalances } from './balance'
import { isEth } from '@/lib/format'
import { planSteps, type TxStepKind } from '@/lib/txSteps'

/** One side of a trade: what leaves the player's wallet. */
export interface Payment {
  token: Address
  amount: bigint
  symbol: string
  /** How the player knows the token (its name, or its community and symbol). */
  label: string
}

/**
 * Pays `payment` into PointExchange with `send` (acceptOffer, createOffer): the balance is
 * read first (ShortBalanceError before any prompt); ETH goes with the call; points need
 * an allowance, granted in step 1 when missing (step 2 is the call itself).
 */
async function payInto(
  ctx: ChainContext,
  payment: Payment,
  final: TxStepKind,
  send: (value: bigint | undefined) => Promise<TransactionReceipt>,
  hooks: WriteHooks,
): Promise<TransactionReceipt[]> {
  await requireBalances(ctx.reader, ctx.account, [payment])
  const eth = isEth(payment.token)
  const spender = ctx.config.contracts.PointExchange
  const needsAllowance = !eth && (await allowance(ctx, payment.token, spender)) < payment.amount
  const steps = planSteps(needsAllowance ? [{ token: payment.token, symbol: payment.symbol }] : [], final)
  const receipts: TransactionReceipt[] = []
  if (needsAllowance) {
    hooks.onStep?.(steps, 0)
    const r = await ensureAllowance(ctx, payment.token, spender, payment.amount, hooks)
    if (r) receipts.push(r)
  }
  hooks.onStep?.(steps, steps.length - 1)
  receipts.push(await send(eth ? payment.amount : undefined))
  return receipts
}

/** Accepts offer `id`, paying its `want` side. */
export function acceptOffer(ctx: ChainContext, id: string, pay: Payment, hooks: WriteHooks = {}): Promise<TransactionReceipt[]> {
  return payInto(ctx, pay, 'acceptOffer', (value) => write(ctx, { contract: 'PointExchange', functionName: 'acceptOffer', args: [BigInt(id)], value }, hooks), hooks)
}

/** What a new offer asks for, besides what it gives. */
export interface OfferTerms {
  want: Address
  wantAmount: bigint
  counterparty: Address
  expiry: bigint
}

/** Creates an offer escrowing `give`. */
export function createOffer(ctx: ChainContext, give: Payment, terms: OfferTerms, hooks: WriteHooks = {}): Promise<TransactionReceipt[]> {
  return payInto(
    ctx,
    give,
    'createOffer',
    (value) =>
      write(ctx, { contract: 'PointExchange', functionName: 'createOffer', args: [give.token, give.amount, terms.want, terms.wantAmount, terms.counterparty, terms.expiry], value }, hooks),
    hooks,
  )
}
