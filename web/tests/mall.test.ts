import { describe, expect, it } from 'vitest'
import { encodeFunctionData, type Address, type Hash } from 'viem'
import { PointMallAbi } from '@/chain/abis'
import { checkout, maxTotalOf, payOrder, type CheckoutLine } from '@/chain/mall'
import { ShortBalanceError } from '@/chain/balance'
import { decodeError } from '@/chain/errors'
import type { TxStep } from '@/lib/txSteps'
import type { ChainContext } from '@/chain/clients'
import type { RuntimeConfig } from '@/config'

const MALL = '0x000000000000000000000000000000000000aa11' as Address
const GEM = '0xAAAA000000000000000000000000000000000001'
const STAR = '0xBBBB000000000000000000000000000000000002'
const BUYER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address

interface Sent {
  functionName: string
  args: readonly unknown[]
}

/** A chain context whose reader answers balance/allowance/permit reads and records what is sent and signed. */
function fakeContext(allowances: Record<string, bigint>, balances: Record<string, bigint> = {}) {
  const sent: Sent[] = []
  const signed: string[] = []
  const gasLimits: (bigint | undefined)[] = []
  const config = { chainId: 31337, startBlock: 0, rpcUrl: 'http://x', contracts: { PointMall: MALL } } as unknown as RuntimeConfig
  const reader = {
    // A chain ~74 h ahead of this clock (eth_getBlockByNumber, chain/clock): permit deadlines count from it.
    request: async () => ({ timestamp: '0x' + (Math.floor(Date.now() / 1000) + 74 * 3600).toString(16) }),
    readContract: async ({ address, functionName }: { address: string; functionName: string }) => {
      if (functionName === 'allowance') return allowances[address.toLowerCase()] ?? 0n
      if (functionName === 'balanceOf') return balances[address.toLowerCase()] ?? 1_000_000n
      if (functionName === 'nonces') return 0n
      if (functionName === 'eip712Domain') return ['0x0f', 'Gem Points', '1', 31337n, address, `0x${'00'.repeat(32)}`, []]
      throw new Error(`unexpected read ${functionName}`)
    },
    simulateContract: async (req: Sent & { address: string }) => {
      // The call must fit the ABI in bindings/abi (throws on a wrong arity or type).
      if (req.address === MALL) encodeFunctionData({ abi: PointMallAbi, functionName: req.functionName, args: req.args } as Parameters<typeof encodeFunctionData>[0])
      sent.push({ functionName: req.functionName, args: req.args })
      return { request: req }
    },
    estimateContractGas: async () => 100_000n,
    waitForTransactionReceipt: async () => ({ status: 'success', blockNumber: 7n }),
  }
  const wallet = {
    writeContract: async (req: { gas?: bigint }) => {
      gasLimits.push(req.gas)
      return `0x${'12'.repeat(32)}` as Hash
    },
    signTypedData: async ({ domain }: { domain: { verifyingContract: string } }) => {
      signed.push(domain.verifyingContract)
      return `0x${'ab'.repeat(32)}${'cd'.repeat(32)}1b`
    },
  }
  return { ctx: { config, account: BUYER, reader, wallet } as unknown as ChainContext, sent, gasLimits, signed }
}

// What the cart shows: the unit prices rendered from the API when the player looked.
const shown: CheckoutLine[] = [
  { itemId: '1', quantity: 2, token: GEM, price: '120' },
  { itemId: '2', quantity: 1, token: GEM, price: '75' },
  { itemId: '3', quantity: 4, token: STAR, price: '5' },
]

describe('checkout sends the total the player was shown as its bound', () => {
  it('maxTotalOf sums price × quantity over every line', () => {
    expect(maxTotalOf(shown)).toBe(120n * 2n + 75n + 5n * 4n)
    expect(maxTotalOf([])).toBe(0n)
  })

  it('checkout(itemIds, quantities, maxTotal) when the allowances suffice', async () => {
    const { ctx, sent } = fakeContext({ [GEM.toLowerCase()]: 10_000n, [STAR.toLowerCase()]: 10_000n })
    await checkout(ctx, shown)
    expect(sent).toHaveLength(1)
    expect(sent[0].functionName).toBe('checkout')
    expect(sent[0].args).toEqual([[1n, 2n, 3n], [2, 1, 4], 335n])
  })

  it('checkoutWithPermit carries the same bound before the permit fields', async () => {
    const { ctx, sent } = fakeContext({ [STAR.toLowerCase()]: 10_000n })
    await checkout(ctx, shown)
    const last = sent[sent.length - 1]
    expect(last.functionName).toBe('checkoutWithPermit')
    expect(last.args.slice(0, 4)).toEqual([[1n, 2n, 3n], [2, 1, 4], 335n, GEM.toLowerCase()])
    // The permit covers what the shown prices need in that token.
    expect(last.args[4]).toBe(315n)
  })

  it('sends the estimate plus a fifth as the gas limit', async () => {
    const { ctx, gasLimits } = fakeContext({ [GEM.toLowerCase()]: 10_000n, [STAR.toLowerCase()]: 10_000n })
    await checkout(ctx, shown)
    expect(gasLimits).toEqual([120_000n])
  })

  it('a single "buy now" line is bounded by its shown unit price × quantity', async () => {
    const { ctx, sent } = fakeContext({ [GEM.toLowerCase()]: 10_000n })
    await checkout(ctx, [{ itemId: '9', quantity: 3, token: GEM, price: '40' }])
    expect(sent[0].args[2]).toBe(120n)
  })
})

/** What the player is shown along the way: each step's index when it starts, and each wallet prompt. */
function recorder() {
  const events: string[] = []
  let plan: TxStep[] = []
  return {
    events,
    plan: () => plan,
    hooks: {
      onStep: (steps: TxStep[], index: number) => {
        plan = steps
        events.push(`step ${index + 1}/${steps.length}`)
      },
      onPrompt: () => events.push('wallet'),
      onSent: () => events.push('sent'),
    },
  }
}

describe('before the first signature', () => {
  const mixed: CheckoutLine[] = [
    { itemId: '1', quantity: 2, token: GEM, price: '120', symbol: 'GEM', communityName: '原神' },
    { itemId: '3', quantity: 4, token: STAR, price: '5', symbol: 'STAR', communityName: '星穹铁道' },
  ]

  it('a mixed cart whose second token is short fails naming it, before any permit or transaction', async () => {
    const { ctx, sent, signed } = fakeContext({}, { [GEM.toLowerCase()]: 500n, [STAR.toLowerCase()]: 8n })
    const r = recorder()
    const err = await checkout(ctx, mixed, r.hooks).catch((e) => e)
    expect(err).toBeInstanceOf(ShortBalanceError)
    expect(signed).toEqual([])
    expect(sent).toEqual([])
    expect(r.events).toEqual([])
    const d = decodeError(err)
    expect(d.key).toBe('balanceCheck.short')
    expect(d.params).toMatchObject({ token: '星穹铁道 · STAR', need: '20 STAR', have: '8 STAR' })
  })

  it('names every short token of a mixed cart', async () => {
    const { ctx } = fakeContext({}, { [GEM.toLowerCase()]: 100n, [STAR.toLowerCase()]: 0n })
    const d = decodeError(await checkout(ctx, mixed).catch((e) => e))
    expect(d.key).toBe('balanceCheck.shortAlso')
    expect(d.params).toMatchObject({ token: '原神 · GEM', need: '240 GEM', have: '100 GEM', others: '星穹铁道 · STAR' })
  })

  it('numbers the steps: authorize each token lacking an allowance, then pay; the wallet opens inside each step', async () => {
    const { ctx, signed } = fakeContext({})
    const r = recorder()
    await checkout(ctx, mixed, r.hooks)
    expect(r.plan().map((s) => `${s.kind}${s.symbol ? ' ' + s.symbol : ''}`)).toEqual(['authorize GEM', 'authorize STAR', 'checkout'])
    // GEM: a permit signed and submitted; STAR: a permit signed into checkoutWithPermit.
    expect(r.events).toEqual(['step 1/3', 'wallet', 'wallet', 'sent', 'step 2/3', 'wallet', 'step 3/3', 'wallet', 'sent'])
    expect(signed.map((a) => a.toLowerCase())).toEqual([GEM.toLowerCase(), STAR.toLowerCase()])
  })

  it('a cart with its allowances in place is one step', async () => {
    const { ctx } = fakeContext({ [GEM.toLowerCase()]: 10_000n, [STAR.toLowerCase()]: 10_000n })
    const r = recorder()
    await checkout(ctx, mixed, r.hooks)
    expect(r.events).toEqual(['step 1/1', 'wallet', 'sent'])
  })

  it('paying a placed order: authorize, then payOrder; nothing when the balance is short', async () => {
    const { ctx, sent } = fakeContext({})
    const r = recorder()
    await payOrder(ctx, { id: '12', token: GEM, amount: '240', symbol: 'GEM' }, r.hooks)
    expect(r.plan().map((s) => s.kind)).toEqual(['authorize', 'payOrder'])
    expect(sent.map((x) => x.functionName)).toEqual(['permit', 'payOrder'])
    expect(sent[1].args).toEqual([12n])

    const poor = fakeContext({}, { [GEM.toLowerCase()]: 239n })
    await expect(payOrder(poor.ctx, { id: '12', token: GEM, amount: '240', symbol: 'GEM' })).rejects.toBeInstanceOf(ShortBalanceError)
    expect(poor.sent).toEqual([])
  })
})
