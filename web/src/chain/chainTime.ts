import type { PublicClient } from 'viem'

/** What reading the chain's time needs of a client. */
export type BlockReader = Pick<PublicClient, 'getBlock'>

/**
 * The chain's time now, in unix seconds: the pending block's timestamp where the node
 * builds one (the time the next block gets, even on an idle dev chain), never before the
 * latest block's. The browser clock is not used: a dev chain moved forward (the demo
 * season runs it days ahead) or a skewed computer would otherwise disagree with it.
 */
export async function chainNow(reader: BlockReader): Promise<bigint> {
  const [latest, pending] = await Promise.allSettled([reader.getBlock({ blockTag: 'latest' }), reader.getBlock({ blockTag: 'pending' })])
  if (latest.status === 'rejected') throw latest.reason
  const at = latest.value.timestamp
  const next = pending.status === 'fulfilled' ? pending.value?.timestamp : undefined
  return typeof next === 'bigint' && next > at ? next : at
}

/** How long a permit signature stays usable. */
export const PERMIT_WINDOW = 3600n

/** A permit's deadline: one hour of chain time from now. */
export async function permitDeadline(reader: BlockReader): Promise<bigint> {
  return (await chainNow(reader)) + PERMIT_WINDOW
}
