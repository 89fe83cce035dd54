import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Address, Hex } from 'viem'
import { chainNow, chainTimeAt, chainTimeOf, permitDeadline, PERMIT_WINDOW, readChainTime, syncChainClock, type JsonRpc } from '@/chain/clock'
import { signPermit } from '@/chain/permit'
import type { ChainContext } from '@/chain/clients'

vi.mock('@/config', () => ({ loadConfig: async () => ({ rpcUrl: 'http://chain.test/rpc' }) }))

// The dev chain after the demo season: about 74 hours ahead of the wall clock.
const AHEAD = 74 * 3600
const wall = () => Math.floor(Date.now() / 1000)
const hex = (n: number) => '0x' + n.toString(16)

/** A node answering eth_getBlockByNumber: `pending` undefined = no pending block, an Error = unsupported. */
function node(latest: number, pending?: number | Error): JsonRpc {
  return vi.fn(async (method: string, params: unknown[]) => {
    if (method !== 'eth_getBlockByNumber') throw new Error(`unexpected ${method}`)
    if (params[0] === 'latest') return { number: '0x78', timestamp: hex(latest) }
    if (pending instanceof Error) throw pending
    return pending === undefined ? null : { number: null, timestamp: hex(pending) }
  })
}

describe('chain time', () => {
  it('is the latest block time, or the pending block time when later (an idle dev chain)', async () => {
    const t = wall() + AHEAD
    expect(chainTimeOf(t, null)).toBe(t)
    expect(await readChainTime(node(t))).toBe(t)
    expect(await readChainTime(node(t, t + 5000))).toBe(t + 5000)
    expect(await readChainTime(node(t, t - 5))).toBe(t)
    expect(await readChainTime(node(t, new Error('pending unsupported')))).toBe(t)
  })
  it('fails without the latest block rather than guess', async () => {
    await expect(readChainTime(async () => null)).rejects.toThrow(/no timestamp/)
  })
  it('permit deadlines are one hour of chain time, whatever this clock says', async () => {
    const t = wall() + AHEAD
    expect(await permitDeadline(node(t))).toBe(BigInt(t + PERMIT_WINDOW))
    const behind = wall() - 10 * 86400
    expect(await permitDeadline(node(behind))).toBe(BigInt(behind + 3600))
  })
})

describe('the page clock', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('is the reading plus what elapsed since it was taken, in whole seconds', () => {
    // The chain runs two days ahead of this computer (an anvil after evm_increaseTime).
    const reading = { chain: 1_800_172_800, local: 1_800_000_000.25 }
    expect(chainTimeAt(reading, 1_800_000_000.25)).toBe(1_800_172_800)
    expect(chainTimeAt(reading, 1_800_000_030.9)).toBe(1_800_172_830)
  })
  it('never runs backwards when the local clock is set back', () => {
    expect(chainTimeAt({ chain: 1_000, local: 500 }, 400)).toBe(1_000)
  })
  it('falls back to the local clock without a reading', () => {
    expect(chainTimeAt(null, 1_234.8)).toBe(1_234)
  })
  it('reads latest and pending over plain fetch from the configured RPC, the pending time winning', async () => {
    const t = wall() + AHEAD
    const fetch = vi.fn(async (url: string, init: { body: string }) => {
      const req = JSON.parse(init.body) as { id: number; method: string; params: [string, boolean] }
      expect(url).toBe('http://chain.test/rpc')
      const result = req.params[0] === 'latest' ? { timestamp: hex(t) } : { timestamp: hex(t + 600) }
      return new Response(JSON.stringify({ jsonrpc: '2.0', id: req.id, result }))
    })
    vi.stubGlobal('fetch', fetch)
    expect(await syncChainClock()).toBe(true)
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(chainNow() - (t + 600)).toBeGreaterThanOrEqual(0)
    expect(chainNow() - (t + 600)).toBeLessThan(5)
  })
  it('keeps the last reading when the RPC does not answer', async () => {
    const before = chainNow()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))))
    expect(await syncChainClock()).toBe(false)
    expect(chainNow() - before).toBeLessThan(5)
    expect(chainNow() - wall()).toBeGreaterThan(70 * 3600)
    expect(warn).toHaveBeenCalled()
    warn.mockRestore()
  })
})

describe('signPermit', () => {
  it('signs a deadline counted from the chain block (through the wallet provider), not Date.now()', async () => {
    const account = '0x00000000000000000000000000000000000000aa' as Address
    const token = '0x00000000000000000000000000000000000000bb' as Address
    const spender = '0x00000000000000000000000000000000000000cc' as Address
    const t = wall() + AHEAD
    const rpc = node(t)
    const request = vi.fn(({ method, params }: { method: string; params: unknown[] }) => rpc(method, params))
    const signTypedData = vi.fn(async () => ('0x' + '11'.repeat(32) + '22'.repeat(32) + '1b') as Hex)
    const readContract = vi.fn(async ({ functionName }: { functionName: string }) =>
      functionName === 'eip712Domain' ? ['0x0f', 'Starfall Points', '1', 31337n, token, '0x' + '00'.repeat(32), []] : 4n,
    )
    const ctx = { account, reader: { request, readContract }, wallet: { signTypedData } } as unknown as ChainContext
    const p = await signPermit(ctx, token, spender, 240n)
    expect(p.deadline).toBe(BigInt(t + 3600))
    expect(request).toHaveBeenCalledWith({ method: 'eth_getBlockByNumber', params: ['latest', false] })
    const message = (signTypedData.mock.calls[0] as unknown as [{ message: { deadline: bigint; nonce: bigint; value: bigint } }])[0].message
    expect(message).toMatchObject({ deadline: BigInt(t + 3600), nonce: 4n, value: 240n })
    expect(Number(message.deadline) - Date.now() / 1000).toBeGreaterThan(70 * 3600)
  })
})
