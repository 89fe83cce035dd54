// The chain's clock: what `block.timestamp` will be about now. The contracts judge every
// deadline by it (tasks, review and dispute periods, order reservations, permits), and on a
// dev chain moved forward (evm_increaseTime; the demo season runs it days ahead) or on a
// player's skewed computer it can differ from Date.now() by days. The one place that reads
// it: plain JSON-RPC (no viem), so the home page can use it without loading the chain code.
import { loadConfig } from '@/config'

/** A JSON-RPC call: `eth_getBlockByNumber` is all the clock needs. */
export type JsonRpc = (method: string, params: unknown[]) => Promise<unknown>

/**
 * The chain's time from the latest block's timestamp and the pending block's (null when the
 * node builds none): the pending one when later, as on an idle dev chain whose next block
 * gets the time moved forward, never before the latest.
 */
export function chainTimeOf(latest: number, pending: number | null): number {
  return pending != null && pending > latest ? pending : latest
}

function timestampOf(block: unknown): number | null {
  const ts = Number((block as { timestamp?: unknown } | null)?.timestamp)
  return Number.isFinite(ts) && ts > 0 ? ts : null
}

/** Reads the chain's time now (unix seconds) through `rpc`: the latest block is required, the pending one optional. */
export async function readChainTime(rpc: JsonRpc): Promise<number> {
  const [latest, pending] = await Promise.allSettled([rpc('eth_getBlockByNumber', ['latest', false]), rpc('eth_getBlockByNumber', ['pending', false])])
  if (latest.status === 'rejected') throw latest.reason
  const at = timestampOf(latest.value)
  if (at == null) throw new Error('eth_getBlockByNumber: no timestamp')
  return chainTimeOf(at, pending.status === 'fulfilled' ? timestampOf(pending.value) : null)
}

/** JSON-RPC over HTTP to `url` with plain fetch. */
export function httpRpc(url: string, timeoutMs = 4000): JsonRpc {
  let id = 0
  return async (method, params) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    })
    const body = (await res.json()) as { result?: unknown; error?: { message?: string } }
    if (body.error) throw new Error(`${method}: ${body.error.message ?? 'error'}`)
    return body.result
  }
}

/** How long a permit signature stays usable (seconds of chain time). */
export const PERMIT_WINDOW = 3600

/** A permit's deadline: one hour of chain time from now, read fresh through `rpc` (the wallet's provider). */
export async function permitDeadline(rpc: JsonRpc): Promise<bigint> {
  return BigInt((await readChainTime(rpc)) + PERMIT_WINDOW)
}

/** The page's reading: the chain's time and the local time it was taken (seconds). */
export interface ClockReading {
  chain: number
  local: number
}

/**
 * The chain's time at local time `local` (whole seconds): the reading's chain time plus the
 * time elapsed since; the local clock alone when there is no reading.
 */
export function chainTimeAt(reading: ClockReading | null, local: number): number {
  if (!reading) return Math.floor(local)
  return Math.floor(reading.chain + Math.max(0, local - reading.local))
}

let reading: ClockReading | null = null
let syncing: Promise<boolean> | null = null

/**
 * Reads the chain's time again over the public RPC of /config.json (one request at a time).
 * Resolves false when the RPC did not answer: the last reading stays, or the local clock
 * stands in until one succeeds.
 */
export function syncChainClock(timeoutMs = 4000): Promise<boolean> {
  syncing ??= (async () => {
    try {
      const { rpcUrl } = await loadConfig()
      const chain = await readChainTime(httpRpc(rpcUrl, timeoutMs))
      reading = { chain, local: Date.now() / 1000 }
      return true
    } catch (e) {
      console.warn("chain time unavailable; using this computer's clock", e)
      return false
    } finally {
      syncing = null
    }
  })()
  return syncing
}

/** The chain's time now (whole unix seconds), from the page's last reading. */
export function chainNow(): number {
  return chainTimeAt(reading, Date.now() / 1000)
}
