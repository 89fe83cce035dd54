// The chain's clock: what `block.timestamp` will be about now. The contracts judge deadlines
// by it, and on a test chain (anvil's evm_increaseTime) or a wallet's skewed computer it can
// differ from Date.now() by days. Read from the latest block over the public RPC of
// /config.json with one JSON-RPC call (no viem: the home page uses it too).
import { loadConfig } from '@/config'

/** One reading: the latest block's timestamp and the local time it was taken (seconds). */
export interface ClockReading {
  chain: number
  local: number
}

/**
 * The chain's time at local time `local` (whole seconds): the reading's block time plus the
 * time elapsed since; the local clock alone when there is no reading.
 */
export function chainTimeAt(reading: ClockReading | null, local: number): number {
  if (!reading) return Math.floor(local)
  return Math.floor(reading.chain + Math.max(0, local - reading.local))
}

let reading: ClockReading | null = null
let pending: Promise<boolean> | null = null

/** The latest block's timestamp from `rpcUrl` (`eth_getBlockByNumber("latest")`). */
async function latestBlockTime(rpcUrl: string, timeoutMs: number): Promise<number> {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBlockByNumber', params: ['latest', false] }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const body = (await res.json()) as { result?: { timestamp?: string } | null }
  const ts = Number(body.result?.timestamp)
  if (!Number.isFinite(ts) || ts <= 0) throw new Error('eth_getBlockByNumber: no timestamp')
  return ts
}

/**
 * Reads the chain's time again (one request at a time). Resolves false when the RPC did not
 * answer: the last reading stays, or the local clock stands in until one succeeds.
 */
export function syncChainClock(timeoutMs = 4000): Promise<boolean> {
  pending ??= (async () => {
    try {
      const { rpcUrl } = await loadConfig()
      const chain = await latestBlockTime(rpcUrl, timeoutMs)
      reading = { chain, local: Date.now() / 1000 }
      return true
    } catch {
      return false
    } finally {
      pending = null
    }
  })()
  return pending
}

/** The chain's time now (whole unix seconds), from the last reading. */
export function chainNow(): number {
  return chainTimeAt(reading, Date.now() / 1000)
}
