import type { Address, PublicClient } from 'viem'
import { CommunityPointsAbi } from './abis'
import { read } from './write'
import { isEth } from '@/lib/format'
import { checkNeeds, shortOnes, type Need, type NeedState } from '@/lib/balances'

/** `account`'s balance of `token` on chain (the zero address: ETH, in wei). */
export function tokenBalance(reader: Pick<PublicClient, 'readContract' | 'getBalance'>, account: Address, token: string): Promise<bigint> {
  if (isEth(token)) return reader.getBalance({ address: account })
  return read({ reader: reader as PublicClient }, token as Address, CommunityPointsAbi, 'balanceOf', [account])
}

/** Some token does not cover what the action needs: raised before the wallet is asked anything. */
export class ShortBalanceError extends Error {
  constructor(readonly short: NeedState[]) {
    super(`short of ${short.map((s) => `${s.symbol || s.token}: ${s.have} < ${s.amount}`).join(', ')}`)
    this.name = 'ShortBalanceError'
  }
}

/**
 * Reads the chain's balance of every token in `needs` and throws ShortBalanceError naming
 * each one that falls short, so a mixed cart never signs its first permit for a purchase
 * its second token cannot pay.
 */
export async function requireBalances(reader: Pick<PublicClient, 'readContract' | 'getBalance'>, account: Address, needs: Need[]): Promise<void> {
  const have = new Map<string, bigint>()
  await Promise.all(needs.map(async (n) => have.set(n.token.toLowerCase(), await tokenBalance(reader, account, n.token))))
  const short = shortOnes(checkNeeds(needs, (token) => have.get(token.toLowerCase()) ?? null))
  if (short.length) throw new ShortBalanceError(short)
}
