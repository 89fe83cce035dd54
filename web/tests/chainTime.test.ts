import { describe, expect, it, vi } from 'vitest'
import type { Address, Hex } from 'viem'
import { chainNow, permitDeadline, PERMIT_WINDOW } from '@/chain/chainTime'
import { signPermit } from '@/chain/permit'
import type { ChainContext } from '@/chain/clients'
import { chainTimeAt } from '@/composables/useChainClock'

// The dev chain after the demo season: about 74 hours ahead of the wall clock.
const AHEAD = 74n * 3600n
const wall = () => BigInt(Math.floor(Date.now() / 1000))

function reader(latest: bigint, pending?: bigint | Error) {
  return {
    getBlock: vi.fn(async ({ blockTag }: { blockTag: 'latest' | 'pending' }) => {
      if (blockTag === 'latest') return { timestamp: latest }
      if (pending instanceof Error) throw pending
      return pending === undefined ? null : { timestamp: pending }
    }),
  }
}

describe('chain time', () => {
  it('is the latest block time, or the pending block time when later (an idle dev chain)', async () => {
    const t = wall() + AHEAD
    expect(await chainNow(reader(t) as never)).toBe(t)
    expect(await chainNow(reader(t, t + 5000n) as never)).toBe(t + 5000n)
    expect(await chainNow(reader(t, t - 5n) as never)).toBe(t)
    expect(await chainNow(reader(t, new Error('pending unsupported')) as never)).toBe(t)
  })
  it('permit deadlines are one hour of chain time, whatever this clock says', async () => {
    const t = wall() + AHEAD
    expect(await permitDeadline(reader(t) as never)).toBe(t + PERMIT_WINDOW)
    const behind = wall() - 10n * 86400n
    expect(await permitDeadline(reader(behind) as never)).toBe(behind + 3600n)
  })
  it('the page clock adds the measured offset to the wall clock', () => {
    expect(chainTimeAt(266_400, 1_000_000_000_000)).toBe(1_000_000_000 + 266_400)
  })
})

describe('signPermit', () => {
  it('signs a deadline counted from the chain block, not Date.now()', async () => {
    const account = '0x00000000000000000000000000000000000000aa' as Address
    const token = '0x00000000000000000000000000000000000000bb' as Address
    const spender = '0x00000000000000000000000000000000000000cc' as Address
    const t = wall() + AHEAD
    const signTypedData = vi.fn(async () => ('0x' + '11'.repeat(32) + '22'.repeat(32) + '1b') as Hex)
    const readContract = vi.fn(async ({ functionName }: { functionName: string }) =>
      functionName === 'eip712Domain' ? ['0x0f', 'Starfall Points', '1', 31337n, token, '0x' + '00'.repeat(32), []] : 4n,
    )
    const ctx = { account, reader: { ...reader(t), readContract }, wallet: { signTypedData } } as unknown as ChainContext
    const p = await signPermit(ctx, token, spender, 240n)
    expect(p.deadline).toBe(t + 3600n)
    const message = (signTypedData.mock.calls[0] as unknown as [{ message: { deadline: bigint; nonce: bigint; value: bigint } }])[0].message
    expect(message).toMatchObject({ deadline: t + 3600n, nonce: 4n, value: 240n })
    expect(Number(message.deadline) - Date.now() / 1000).toBeGreaterThan(70 * 3600)
  })
})
