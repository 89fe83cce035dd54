import type { Address, TransactionReceipt } from 'viem'
import type { ChainContext } from './clients'
import { allowance, ensureAllowance, signPermit } from './permit'
import { write, type WriteHooks } from './write'
import { requireBalances } from './balance'
import { needsOf, tokenLabel } from '@/lib/balances'
import { planSteps } from '@/lib/txSteps'

/** One cart line as the contract takes it, with the unit price the player was shown. */
export interface CheckoutLine {
  itemId: string
  quantity: number
  token: string
  /** The unit price on screen when the player chose to buy (never re-read at send time). */
  price: string
  /** The token's symbol, for the step labels and a shortfall's message. */
  symbol?: string
  /** The item's community, naming the token when it is short. */
  communityName?: string
}

/** What each point token must cover: token → price × quantity summed. */
export function amountsByToken(lines: CheckoutLine[]): Map<Address, bigint> {
  const out = new Map<Address, bigint>()
  for (const l of lines) {
    const token = l.token.toLowerCase() as Address
    out.set(token, (out.get(token) ?? 0n) + BigInt(l.price) * BigInt(l.quantity))
  }
  return out
}

/**
 * The most the buyer agrees to pay: the total it was shown, price × quantity summed over
 * every line (PointMall sums the lines' amounts the same way, whatever their token). A
 * price that rose since reverts `PointMallTotalAboveLimit` instead of charging more.
 */
export function maxTotalOf(lines: CheckoutLine[]): bigint {
  return lines.reduce((sum, l) => sum + BigInt(l.price) * BigInt(l.quantity), 0n)
}

const symbolIn = (lines: CheckoutLine[], token: string) => lines.find((l) => l.token.toLowerCase() === token.toLowerCase())?.symbol

/**
 * Places and pays every line in one PointMall.checkout transaction, bounded by the total
 * shown (`maxTotalOf`). First, before the wallet asks anything, every token's balance is
 * read from the chain: a short one throws ShortBalanceError naming it. Allowances come
 * from ERC-2612 permits: one is signed into checkoutWithPermit; a cart spanning several
 * communities submits the other tokens' permits first. The steps (one "authorize" per
 * token lacking an allowance, then the payment) are announced through `hooks.onStep`.
 */
export async function checkout(ctx: ChainContext, lines: CheckoutLine[], hooks: WriteHooks = {}): Promise<TransactionReceipt[]> {
  const spender = ctx.config.contracts.PointMall
  const ids = lines.map((l) => BigInt(l.itemId))
  const qtys = lines.map((l) => l.quantity)
  const maxTotal = maxTotalOf(lines)
  await requireBalances(ctx.reader, ctx.account, needsOf(lines.map((l) => ({ ...l, symbol: l.symbol ?? '' }))))
  const short: [Address, bigint][] = []
  for (const [token, amount] of amountsByToken(lines)) {
    if ((await allowance(ctx, token, spender)) < amount) short.push([token, amount])
  }
  const steps = planSteps(short.map(([token]) => ({ token, symbol: symbolIn(lines, token) })), 'checkout')
  const receipts: TransactionReceipt[] = []
  if (!short.length) {
    hooks.onStep?.(steps, 0)
    receipts.push(await write(ctx, { contract: 'PointMall', functionName: 'checkout', args: [ids, qtys, maxTotal] }, hooks))
    return receipts
  }
  const [lastToken, lastAmount] = short[short.length - 1]
  for (const [i, [token, amount]] of short.slice(0, -1).entries()) {
    hooks.onStep?.(steps, i)
    const r = await ensureAllowance(ctx, token, spender, amount, hooks)
    if (r) receipts.push(r)
  }
  hooks.onStep?.(steps, short.length - 1)
  const p = await signPermit(ctx, lastToken, spender, lastAmount, hooks)
  hooks.onStep?.(steps, short.length)
  receipts.push(
    await write(ctx, { contract: 'PointMall', functionName: 'checkoutWithPermit', args: [ids, qtys, maxTotal, lastToken, p.value, p.deadline, p.v, p.r, p.s] }, hooks),
  )
  return receipts
}

/** What paying a placed order reads of it. */
export interface PayableOrder {
  id: string
  token: string
  amount: string
  symbol?: string
  communityName?: string
}

/**
 * Pays an order placed earlier (已下单 → 已支付): PointMall.payOrder pulls its amount
 * through an allowance, so the balance is checked first, then (when the allowance is
 * short) step 1 authorizes the points and step 2 pays.
 */
export async function payOrder(ctx: ChainContext, order: PayableOrder, hooks: WriteHooks = {}): Promise<TransactionReceipt[]> {
  const spender = ctx.config.contracts.PointMall
  const amount = BigInt(order.amount)
  const symbol = order.symbol ?? ''
  await requireBalances(ctx.reader, ctx.account, [
    { token: order.token, symbol, amount, label: tokenLabel({ communityName: order.communityName, symbol }) },
  ])
  const needsAllowance = (await allowance(ctx, order.token as Address, spender)) < amount
  const steps = planSteps(needsAllowance ? [{ token: order.token, symbol }] : [], 'payOrder')
  const receipts: TransactionReceipt[] = []
  if (needsAllowance) {
    hooks.onStep?.(steps, 0)
    const r = await ensureAllowance(ctx, order.token as Address, spender, amount, hooks)
    if (r) receipts.push(r)
  }
  hooks.onStep?.(steps, steps.length - 1)
  receipts.push(await write(ctx, { contract: 'PointMall', functionName: 'payOrder', args: [BigInt(order.id)] }, hooks))
  return receipts
}
