import type { Address, TransactionReceipt } from 'viem'
import type { ChainContext } from './clients'
import { allowance, ensureAllowance, signPermit } from './permit'
import { write, type WriteHooks } from './write'

/** One cart line as the contract takes it, with the unit price the player was shown. */
export interface CheckoutLine {
  itemId: string
  quantity: number
  token: string
  /** The unit price on screen when the player chose to buy (never re-read at send time). */
  price: string
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

/**
 * Places and pays every line in one PointMall.checkout transaction, bounded by the total
 * shown (`maxTotalOf`). Allowances come from
 * ERC-2612 permits: one is signed into checkoutWithPermit; a cart spanning several
 * communities submits the other tokens' permits first.
 */
export async function checkout(ctx: ChainContext, lines: CheckoutLine[], hooks: WriteHooks = {}): Promise<TransactionReceipt[]> {
  const spender = ctx.config.contracts.PointMall
  const ids = lines.map((l) => BigInt(l.itemId))
  const qtys = lines.map((l) => l.quantity)
  const maxTotal = maxTotalOf(lines)
  const short: [Address, bigint][] = []
  for (const [token, amount] of amountsByToken(lines)) {
    if ((await allowance(ctx, token, spender)) < amount) short.push([token, amount])
  }
  const receipts: TransactionReceipt[] = []
  if (!short.length) {
    receipts.push(await write(ctx, { contract: 'PointMall', functionName: 'checkout', args: [ids, qtys, maxTotal] }, hooks))
    return receipts
  }
  const [lastToken, lastAmount] = short[short.length - 1]
  for (const [token, amount] of short.slice(0, -1)) {
    const r = await ensureAllowance(ctx, token, spender, amount, hooks)
    if (r) receipts.push(r)
  }
  const p = await signPermit(ctx, lastToken, spender, lastAmount)
  receipts.push(
    await write(ctx, { contract: 'PointMall', functionName: 'checkoutWithPermit', args: [ids, qtys, maxTotal, lastToken, p.value, p.deadline, p.v, p.r, p.s] }, hooks),
  )
  return receipts
}

/**
 * Pays an order placed earlier (PointMall.payOrder pulls the order's `amount` of points):
 * the allowance first when it falls short (a permit, or an approve), then the payment.
 */
export async function payOrder(
  ctx: ChainContext,
  order: { id: string; token: string; amount: string },
  hooks: WriteHooks = {},
): Promise<TransactionReceipt[]> {
  const receipts: TransactionReceipt[] = []
  const r = await ensureAllowance(ctx, order.token as Address, ctx.config.contracts.PointMall, BigInt(order.amount), hooks)
  if (r) receipts.push(r)
  receipts.push(await write(ctx, { contract: 'PointMall', functionName: 'payOrder', args: [BigInt(order.id)] }, hooks))
  return receipts
}
