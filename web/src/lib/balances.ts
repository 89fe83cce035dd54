// What a purchase or a trade needs against what the player holds, before any signature:
// the cart's needs per point token, the tokens that fall short (named), and an offer seen
// from the viewer's side (你付 / 你得). Pure: no viem, no Vue. Amounts are in the token's
// smallest unit (whole points; wei for ETH) as bigint.
import { sameAddress } from './format'

/** A balance as the API serves it (User.balances): whole points as a decimal string. */
export interface BalanceRow {
  token: string
  symbol: string
  /** The token's name (the community's points name, e.g. 原神社区积分). */
  name: string
  balance: string
}

/** What one token must cover. */
export interface Need {
  token: string
  symbol: string
  /** How the player knows the token: its name, else its community and symbol, else the symbol. */
  label: string
  amount: bigint
}

/** A need next to the balance that would pay it (`have` null: not known). */
export interface NeedState extends Need {
  have: bigint | null
  /** Known to fall short. */
  short: boolean
}

/** The player's balance of `token` from the API's rows: 0 when absent (rows list non-zero ones), null when not loaded. */
export function balanceIn(rows: readonly BalanceRow[] | null | undefined, token: string): bigint | null {
  if (!rows) return null
  const row = rows.find((r) => sameAddress(r.token, token))
  return row ? BigInt(row.balance) : 0n
}

/** The name a player reads for a token. */
export function tokenLabel(token: { name?: string | null; communityName?: string | null; symbol?: string | null }): string {
  if (token.name) return token.name
  if (token.communityName) return token.symbol ? `${token.communityName} · ${token.symbol}` : token.communityName
  return token.symbol ?? ''
}

/** What a cart line brings to the totals. */
export interface PricedLine {
  token: string
  symbol: string
  price: string
  quantity: number
  communityName?: string
}

/**
 * The cart's needs, one per point token in the order the tokens first appear: price ×
 * quantity summed. Each is labelled by the token's name from `rows` when the player holds
 * some, else by its community.
 */
export function needsOf(lines: readonly PricedLine[], rows?: readonly BalanceRow[] | null): Need[] {
  const out = new Map<string, Need>()
  for (const l of lines) {
    const key = l.token.toLowerCase()
    const prev = out.get(key)
    const amount = BigInt(l.price) * BigInt(l.quantity)
    if (prev) {
      prev.amount += amount
      continue
    }
    const name = rows?.find((r) => sameAddress(r.token, l.token))?.name
    out.set(key, { token: l.token, symbol: l.symbol, label: tokenLabel({ name, communityName: l.communityName, symbol: l.symbol }), amount })
  }
  return [...out.values()]
}

/** Each need with the balance that would pay it; `have(token)` returns null when unknown. */
export function checkNeeds(needs: readonly Need[], have: (token: string) => bigint | null): NeedState[] {
  return needs.map((n) => {
    const h = have(n.token)
    return { ...n, have: h, short: h !== null && h < n.amount }
  })
}

/** The needs known to fall short (what checkout is blocked on, each named). */
export function shortOnes(states: readonly NeedState[]): NeedState[] {
  return states.filter((s) => s.short)
}

/** An amount of a token (the zero address: ETH). */
export interface TokenAmount {
  token: string
  amount: bigint
}

/** What an offer means for the viewer: what they pay and what they get. */
export interface OfferSides {
  pay: TokenAmount
  get: TokenAmount
  /** The viewer made it (they pay the give side, escrowed already). */
  mine: boolean
}

/**
 * An offer from the viewer's side. Its maker gave `give` (escrowed) to get `want`; anyone
 * else (a taker, or a visitor looking as one) pays `want` and gets `give`.
 */
export function offerSides(
  offer: { maker: string; giveToken: string; giveAmount: string; wantToken: string; wantAmount: string },
  viewer: string | null | undefined,
): OfferSides {
  const give = { token: offer.giveToken, amount: BigInt(offer.giveAmount) }
  const want = { token: offer.wantToken, amount: BigInt(offer.wantAmount) }
  const mine = sameAddress(offer.maker, viewer)
  return mine ? { pay: give, get: want, mine } : { pay: want, get: give, mine }
}

