import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  InsufficientFundsError,
  TransactionExecutionError,
  concat,
  encodeAbiParameters,
  encodeErrorResult,
  encodeFunctionData,
  hashTypedData,
  keccak256,
  recoverTypedDataAddress,
  toFunctionSelector,
  toHex,
  type AbiFunction,
  type Address,
  type Hash,
  type Hex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createI18n } from 'vue-i18n'
import zh from '@/i18n/zh-CN'
import en from '@/i18n/en'
import type { RuntimeConfig } from '@/config'
import type { ChainContext } from '@/chain/clients'
import type { FallbackReason, WriteHooks } from '@/chain/write'

// The API is answered here: `gql` by operation name (./handlers), `subscribe` by the test.
const { gqlMock, subscribeMock } = vi.hoisted(() => ({ gqlMock: vi.fn(), subscribeMock: vi.fn() }))
vi.mock('@/api/graphql', async (original) => ({ ...(await original<typeof import('@/api/graphql')>()), gql: gqlMock, subscribe: subscribeMock }))

const CONTRACTS = {
  Profiles: '0x0000000000000000000000000000000000000001',
  Communities: '0x0000000000000000000000000000000000000002',
  Posts: '0x0000000000000000000000000000000000000003',
  TaskMarket: '0x0000000000000000000000000000000000000004',
  PointMall: '0x0000000000000000000000000000000000000005',
  PointExchange: '0x0000000000000000000000000000000000000006',
  Forwarder: '0x00000000000000000000000000000000000000f0',
} as const
const CONFIG: RuntimeConfig = { chainId: 31337, startBlock: 0, rpcUrl: 'http://rpc.invalid', contracts: CONTRACTS }
vi.mock('@/config', async (original) => ({ ...(await original<typeof import('@/config')>()), loadConfig: async () => CONFIG }))

import { ApiError } from '@/api/graphql'
import { PostsAbi, TaskMarketAbi } from '@/chain/abis'
import { friendlyError } from '@/chain/errors'
import { write } from '@/chain/write'
import {
  FORWARD_REQUEST_TYPES,
  RelayFailedError,
  RelayTimeoutError,
  forwardRequestTypedData,
  isSponsored,
  loadSponsorship,
  quotaOf,
  relayWrite,
  shouldRelay,
  type RelayRequest,
  type Sponsorship,
} from '@/chain/relay'

const player = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const FORWARDER = '0x00000000000000000000000000000000000f0f0f' as Address
const CHAIN_NOW = Math.floor(Date.now() / 1000) + 74 * 3600 // the dev chain runs days ahead
const RELAY_TX = `0x${'5e'.repeat(32)}` as Hash
const WALLET_TX = `0x${'12'.repeat(32)}` as Hash

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zh, en } })
const say = (e: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') => {
  i18n.global.locale.value = locale
  return friendlyError(e, (k, p) => i18n.global.t(k, p ?? {}), (k) => i18n.global.te(k))
}

function sponsorship(over: Partial<Sponsorship> = {}): Sponsorship {
  const fn = (contract: string, abi: typeof PostsAbi | typeof TaskMarketAbi, functionName: string) => {
    const item = abi.find((i) => i.type === 'function' && i.name === functionName) as AbiFunction
    return { contract, functionName, selector: toFunctionSelector(item) }
  }
  return {
    enabled: true,
    forwarder: FORWARDER,
    chainId: 31337,
    quotaPerDay: 20,
    functions: [fn('Posts', PostsAbi, 'like'), fn('Posts', PostsAbi, 'unlike'), fn('TaskMarket', TaskMarketAbi, 'publishTask')],
    ...over,
  }
}

/** The API's answers; each test changes what it needs. */
let api: {
  sponsorship: () => Sponsorship
  quota: { enabled: boolean; remainingToday: number; nextNonce: string }
  relay: (vars: { request: Record<string, string>; signature: Hex }) => RelayRequest
  statuses: RelayRequest[]
}
const relayed: { request: Record<string, string>; signature: Hex }[] = []
const polled: string[] = []

const opName = (op: unknown) => /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(String(op))?.[1]
const request = (status: RelayRequest['status'], over: Partial<RelayRequest> = {}): RelayRequest => ({
  id: 'r1', status, txHash: status === 'QUEUED' ? null : RELAY_TX, blockNumber: status === 'MINED' ? 9 : null, error: null, errorName: null, ...over,
})

/** A socket that fails at once: the page polls `relayRequest`. */
const brokenSocket = () => subscribeMock.mockImplementation((_op, _vars, _onData, onError) => {
  queueMicrotask(() => onError?.(new Error('socket closed')))
  return () => {}
})

beforeEach(async () => {
  relayed.length = 0
  polled.length = 0
  api = {
    sponsorship: () => sponsorship(),
    quota: { enabled: true, remainingToday: 5, nextNonce: '3' },
    relay: () => request('QUEUED'),
    statuses: [request('SENT'), request('MINED')],
  }
  gqlMock.mockReset()
  gqlMock.mockImplementation(async (op: unknown, vars: never) => {
    switch (opName(op)) {
      case 'Sponsorship': return { sponsorship: api.sponsorship() }
      case 'SponsorQuota': return { sponsorship: api.quota }
      case 'Relay': relayed.push(vars); return { relay: api.relay(vars) }
      case 'RelayRequestStatus': polled.push((vars as { id: string }).id); return { relayRequest: api.statuses.length > 1 ? api.statuses.shift()! : api.statuses[0] }
      default: throw new Error(`unexpected operation ${String(op)}`)
    }
  })
  subscribeMock.mockReset()
  brokenSocket()
  await loadSponsorship(true)
})

interface Fake {
  ctx: ChainContext
  signed: Parameters<ChainContext['wallet']['signTypedData']>[0][]
  sent: unknown[]
  simulations: number
}

/** A player's chain context: simulations pass (or throw `reverts` in turn), the wallet signs with a real key. */
function fakeContext(opts: { reverts?: (unknown | null)[]; balance?: bigint; walletError?: unknown } = {}): Fake {
  const fake: Fake = { ctx: null as unknown as ChainContext, signed: [], sent: [], simulations: 0 }
  const reader = {
    request: async ({ method }: { method: string }) => {
      if (method === 'eth_getBlockByNumber') return { timestamp: toHex(CHAIN_NOW) }
      throw new Error(`unexpected ${method}`)
    },
    simulateContract: async (req: unknown) => {
      const err = opts.reverts?.[fake.simulations++]
      if (err) throw err
      return { request: req }
    },
    estimateContractGas: async () => 100_000n,
    getBalance: async () => opts.balance ?? 10n ** 18n,
    getTransactionReceipt: async ({ hash }: { hash: Hash }) => ({ status: 'success', blockNumber: 9n, transactionHash: hash }),
    waitForTransactionReceipt: async ({ hash }: { hash: Hash }) => ({ status: 'success', blockNumber: 9n, transactionHash: hash }),
  }
  const wallet = {
    signTypedData: async (args: Fake['signed'][number]) => {
      fake.signed.push(args)
      const { account: _, ...typed } = args
      return player.signTypedData(typed as Parameters<typeof player.signTypedData>[0])
    },
    writeContract: async (req: unknown) => {
      if (opts.walletError) throw opts.walletError
      fake.sent.push(req)
      return WALLET_TX
    },
  }
  fake.ctx = { config: CONFIG, account: player.address, reader, wallet } as unknown as ChainContext
  return fake
}

/** Hooks that record what the player is shown, in order. */
function recorder() {
  const events: string[] = []
  const hooks: WriteHooks = {
    onPrompt: (sponsored) => events.push(sponsored ? 'sign' : 'wallet'),
    onRelayed: (id) => events.push(`queued ${id}`),
    onSent: (hash) => events.push(`sent ${hash === RELAY_TX ? 'relay' : hash === WALLET_TX ? 'wallet' : hash}`),
    onFallback: (reason: FallbackReason) => events.push(`fallback ${reason}`),
  }
  return { events, hooks }
}

const like = { contract: 'Posts', functionName: 'like', args: [7n] } as const

describe('the signed forward request (OpenZeppelin ERC2771Forwarder)', () => {
  it('signs ForwardRequest over the forwarder domain; the digest is the one the forwarder computes', async () => {
    const { ctx, signed } = fakeContext()
    await relayWrite(ctx, like, {}, { pollMs: 1 })
    expect(signed).toHaveLength(1)
    const td = signed[0]
    expect(td.account).toBe(player.address)
    expect(td.primaryType).toBe('ForwardRequest')
    expect(td.domain).toEqual({ name: 'Forwarder', version: '1', chainId: 31337, verifyingContract: FORWARDER })
    expect(td.types).toBe(FORWARD_REQUEST_TYPES)
    expect(td.message).toEqual({
      from: player.address,
      to: CONTRACTS.Posts,
      value: 0n,
      gas: 120_000n, // the estimate plus a fifth
      nonce: 3n, // Sponsorship.nextNonce
      deadline: CHAIN_NOW + 30 * 60, // 30 minutes of the chain's time, not this computer's
      data: encodeFunctionData({ abi: PostsAbi, functionName: 'like', args: [7n] }),
    })

    // What ERC2771Forwarder hashes: _hashTypedDataV4(keccak256(abi.encode(TYPEHASH, from, to, value, gas, nonce, deadline, keccak256(data)))).
    const typeHash = keccak256(toHex('ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)'))
    const m = td.message as { from: Address; to: Address; value: bigint; gas: bigint; nonce: bigint; deadline: number; data: Hex }
    const structHash = keccak256(encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'address' }, { type: 'address' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint48' }, { type: 'bytes32' }],
      [typeHash, m.from, m.to, m.value, m.gas, m.nonce, m.deadline, keccak256(m.data)],
    ))
    const domainHash = keccak256(encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }],
      [keccak256(toHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)')), keccak256(toHex('Forwarder')), keccak256(toHex('1')), 31337n, FORWARDER],
    ))
    expect(hashTypedData(forwardRequestTypedData(FORWARDER, 31337, m))).toBe(keccak256(concat(['0x1901', domainHash, structHash])))

    // The mutation gets the same request as decimal strings, and a signature by the player.
    expect(relayed).toHaveLength(1)
    expect(relayed[0].request).toEqual({
      from: player.address, to: CONTRACTS.Posts, value: '0', gas: '120000', nonce: '3', deadline: String(CHAIN_NOW + 1800), data: m.data,
    })
    expect(await recoverTypedDataAddress({ ...forwardRequestTypedData(FORWARDER, 31337, m), signature: relayed[0].signature })).toBe(player.address)
  })
})

describe('relay or wallet', () => {
  it('relays a listed call that sends no ETH; anything else goes to the wallet', async () => {
    const { ctx } = fakeContext()
    expect(await shouldRelay(ctx, like)).toBe(true)
    expect(await shouldRelay(ctx, { contract: CONTRACTS.Posts, abi: PostsAbi, functionName: 'like', args: [7n] })).toBe(true)
    expect(await shouldRelay(ctx, { contract: 'Posts', functionName: 'createPost', args: [1n, 't', `0x${'00'.repeat(32)}`] })).toBe(false)
    // publishTask is listed, but an ETH reward is value the relayer does not pay.
    const publish = { contract: 'TaskMarket', functionName: 'publishTask', args: [1n, 't', `0x${'00'.repeat(32)}`, CONTRACTS.Posts, 5n, 9n] } as const
    expect(await shouldRelay(ctx, publish)).toBe(true)
    expect(await shouldRelay(ctx, { ...publish, value: 5n })).toBe(false)
    // The 免 Gas tags read the same list, by name.
    expect(isSponsored('Posts', 'like')).toBe(true)
    expect(isSponsored(CONTRACTS.Posts, 'unlike')).toBe(true)
    expect(isSponsored('Posts', 'comment')).toBe(false)
  })

  it('goes to the wallet when the relayer is off, runs for another chain, or the API cannot say', async () => {
    const { ctx } = fakeContext()
    api.sponsorship = () => sponsorship({ enabled: false })
    await loadSponsorship(true)
    expect(await shouldRelay(ctx, like)).toBe(false)
    expect(isSponsored('Posts', 'like')).toBe(false)
    api.sponsorship = () => sponsorship({ chainId: 1 })
    await loadSponsorship(true)
    expect(await shouldRelay(ctx, like)).toBe(false)
    api.sponsorship = () => {
      throw new ApiError('Unknown field "sponsorship"', 'BAD_INPUT')
    }
    expect(await loadSponsorship(true)).toBeNull()
    const { ctx: c2, sent, signed } = fakeContext()
    const receipt = await write(c2, like)
    expect(receipt.transactionHash).toBe(WALLET_TX)
    expect(sent).toHaveLength(1)
    expect(signed).toHaveLength(0)
  })

  it('write() of a sponsored call: the player signs, the relayer sends, the receipt is the relayer transaction', async () => {
    const { ctx, sent } = fakeContext()
    const { events, hooks } = recorder()
    const receipt = await write(ctx, like, hooks)
    expect(receipt.transactionHash).toBe(RELAY_TX)
    expect(sent).toHaveLength(0)
    expect(events).toEqual(['sign', 'queued r1', 'sent relay'])
    expect(quotaOf(player.address)).toBe(4)
  })
})

describe('falling back to the wallet', () => {
  for (const [reason, code] of [['NOT_SPONSORED', 'FORBIDDEN'], ['RELAYER_OFF', 'FORBIDDEN'], ['QUOTA', 'RATE_LIMITED']] as const) {
    it(`when the relayer refuses with ${reason}`, async () => {
      api.relay = () => {
        throw new ApiError('refused', code, ['relay'], reason)
      }
      const { ctx, sent, signed } = fakeContext()
      const { events, hooks } = recorder()
      const receipt = await write(ctx, like, hooks)
      expect(signed).toHaveLength(1)
      expect(sent).toHaveLength(1)
      expect(receipt.transactionHash).toBe(WALLET_TX)
      expect(events).toEqual(['sign', `fallback ${reason}`, 'wallet', 'sent wallet'])
    })
  }

  it('tells the player why, in both languages', () => {
    i18n.global.locale.value = 'zh-CN'
    expect(i18n.global.t('relay.fallback.QUOTA')).toBe('今日免 Gas 次数已用完，改用钱包支付 Gas')
    i18n.global.locale.value = 'en'
    expect(i18n.global.t('relay.fallback.QUOTA')).toBe("You've used today's gas-free actions: your wallet pays the gas")
  })

  it('with the day’s quota read as used up, goes to the wallet without asking for a signature first', async () => {
    api.quota = { enabled: true, remainingToday: 0, nextNonce: '3' }
    const { ctx, sent, signed } = fakeContext()
    const { events, hooks } = recorder()
    await write(ctx, like, hooks)
    expect(signed).toHaveLength(0)
    expect(relayed).toHaveLength(0)
    expect(sent).toHaveLength(1)
    expect(events).toEqual(['fallback QUOTA', 'wallet', 'sent wallet'])
    expect(quotaOf(player.address)).toBe(0)
  })

  it('a player with no ETH is told they need some for gas, without a wallet prompt', async () => {
    api.relay = () => {
      throw new ApiError('quota used', 'RATE_LIMITED', ['relay'], 'QUOTA')
    }
    const { ctx, sent } = fakeContext({ balance: 0n })
    const { events, hooks } = recorder()
    const err = await write(ctx, like, hooks).catch((e: unknown) => e)
    expect(sent).toHaveLength(0)
    expect(events).toEqual(['sign'])
    expect(say(err)).toBe('今日免 Gas 次数已用完，而你的账户没有 ETH 支付 Gas。明天可以继续免 Gas，或先向账户转入少量 ETH')
    expect(say(err, 'en')).toMatch(/holds no ETH to pay the gas/)
  })

  it('a fallback the node refuses for lack of funds says the same, not the RPC error', async () => {
    api.relay = () => {
      throw new ApiError('off', 'FORBIDDEN', ['relay'], 'RELAYER_OFF')
    }
    const funds = new TransactionExecutionError(new InsufficientFundsError(), { account: player, chain: undefined } as never)
    const { ctx } = fakeContext({ walletError: funds })
    const err = await write(ctx, like).catch((e: unknown) => e)
    expect(say(err)).toBe('免 Gas 服务暂时关闭，而你的账户没有 ETH 支付 Gas。请稍后再试，或先向账户转入少量 ETH')
  })
})

describe('no fallback for a real error', () => {
  it('REVERTS: the API simulation reverted; the decoded error shows and the wallet is not asked', async () => {
    api.relay = () => {
      throw Object.assign(new ApiError('execution reverted: PostsAlreadyLiked', 'BAD_INPUT', ['relay'], 'REVERTS', 'PostsAlreadyLiked'))
    }
    const { ctx, sent } = fakeContext()
    const err = await write(ctx, like).catch((e: unknown) => e)
    expect(sent).toHaveLength(0)
    expect(say(err)).toBe('你已经点过赞了')
    expect(say(err, 'en')).toBe(i18n.global.t('chainErrors.PostsAlreadyLiked'))
  })

  it('a revert found by the player-side simulation stops before any signature', async () => {
    const data = encodeErrorResult({ abi: PostsAbi, errorName: 'PostsAlreadyLiked', args: [7n, player.address] } as never)
    const revert = new ContractFunctionExecutionError(new ContractFunctionRevertedError({ abi: PostsAbi, data, functionName: 'like' }), {
      abi: PostsAbi, functionName: 'like', args: [7n], contractAddress: CONTRACTS.Posts,
    })
    const { ctx, signed, sent } = fakeContext({ reverts: [revert] })
    const err = await write(ctx, like).catch((e: unknown) => e)
    expect(signed).toHaveLength(0)
    expect(sent).toHaveLength(0)
    expect(relayed).toHaveLength(0)
    expect(say(err)).toBe('你已经点过赞了')
  })

  it('a bad signature is an error, not a fallback', async () => {
    api.relay = () => {
      throw new ApiError('bad signature', 'BAD_INPUT', ['relay'], 'SIGNATURE')
    }
    const { ctx, sent } = fakeContext()
    const err = await write(ctx, like).catch((e: unknown) => e)
    expect(sent).toHaveLength(0)
    expect(say(err)).toBe('签名无效，免 Gas 请求没有提交，请重试')
  })
})

describe('following the relayed request', () => {
  it('polls relayRequest every second when the socket fails, until MINED', async () => {
    api.statuses = [request('QUEUED'), request('QUEUED'), request('SENT'), request('MINED')]
    const { ctx } = fakeContext()
    const { events, hooks } = recorder()
    const receipt = await relayWrite(ctx, like, hooks, { pollMs: 2 })
    expect(polled).toEqual(['r1', 'r1', 'r1', 'r1'])
    expect(events).toEqual(['sign', 'queued r1', 'sent relay'])
    expect(receipt.transactionHash).toBe(RELAY_TX)
    expect(receipt.blockNumber).toBe(9n)
  })

  it('follows relayRequestUpdated while the socket works (no polling needed)', async () => {
    subscribeMock.mockImplementation((_op, vars: { id: string }, onData: (d: { relayRequestUpdated: RelayRequest }) => void) => {
      expect(vars).toEqual({ id: 'r1' })
      setTimeout(() => onData({ relayRequestUpdated: request('SENT') }), 1)
      setTimeout(() => onData({ relayRequestUpdated: request('MINED') }), 2)
      return () => {}
    })
    const { ctx } = fakeContext()
    const { events, hooks } = recorder()
    const receipt = await relayWrite(ctx, like, hooks, { safetyPollMs: 60_000 })
    expect(polled).toEqual([])
    expect(events).toEqual(['sign', 'queued r1', 'sent relay'])
    expect(receipt.transactionHash).toBe(RELAY_TX)
  })

  it('FAILED: the decoded custom error, with its arguments when the API passes the revert data', async () => {
    const data = encodeErrorResult({ abi: TaskMarketAbi, errorName: 'TaskMarketWrongStatus', args: [7n, 4] })
    api.statuses = [request('SENT'), request('FAILED', { errorName: 'TaskMarketWrongStatus', error: `execution reverted: ${data}` })]
    const { ctx } = fakeContext()
    const claim = { contract: 'TaskMarket', functionName: 'claimTask', args: [7n] } as const
    api.sponsorship = () => sponsorship({ functions: [{ contract: 'TaskMarket', functionName: 'claimTask', selector: encodeFunctionData({ abi: TaskMarketAbi, functionName: 'claimTask', args: [7n] }).slice(0, 10) }] })
    await loadSponsorship(true)
    const err = await write(ctx, claim).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RelayFailedError)
    expect(say(err, 'en')).toBe('The task is Completed; this action is not possible now')
  })

  it('FAILED with only the error name: simulated again, the same revert brings its arguments', async () => {
    api.statuses = [request('FAILED', { errorName: 'TaskMarketWrongStatus', error: 'reverted' })]
    api.sponsorship = () => sponsorship({ functions: [{ contract: 'TaskMarket', functionName: 'claimTask', selector: toFunctionSelector('claimTask(uint256)') }] })
    await loadSponsorship(true)
    const data = encodeErrorResult({ abi: TaskMarketAbi, errorName: 'TaskMarketWrongStatus', args: [7n, 4] })
    const revert = new ContractFunctionExecutionError(new ContractFunctionRevertedError({ abi: TaskMarketAbi, data, functionName: 'claimTask' }), {
      abi: TaskMarketAbi, functionName: 'claimTask', args: [7n], contractAddress: CONTRACTS.TaskMarket,
    })
    // The first simulation (before signing) passes; the one after FAILED reverts.
    const { ctx } = fakeContext({ reverts: [null, revert] })
    const err = await relayWrite(ctx, { contract: 'TaskMarket', functionName: 'claimTask', args: [7n] }, {}, { pollMs: 1 }).catch((e: unknown) => e)
    expect(err).toBe(revert)
    expect(say(err, 'en')).toBe('The task is Completed; this action is not possible now')
  })

  it('FAILED with only the error name: the same message as a direct revert', async () => {
    api.statuses = [request('FAILED', { errorName: 'PostsAlreadyLiked', error: 'reverted' })]
    const { ctx } = fakeContext()
    const err = await relayWrite(ctx, like, {}, { pollMs: 1 }).catch((e: unknown) => e)
    expect(say(err)).toBe('你已经点过赞了')
  })

  it('FAILED without a known error: says the gas-free transaction failed, and why', async () => {
    api.statuses = [request('FAILED', { error: 'out of gas' })]
    const { ctx } = fakeContext()
    const err = await relayWrite(ctx, like, {}, { pollMs: 1 }).catch((e: unknown) => e)
    expect(say(err)).toBe('免 Gas 交易失败：out of gas')
  })

  it('gives up waiting after the timeout with a message that it may still go through', async () => {
    api.statuses = [request('QUEUED')]
    const { ctx } = fakeContext()
    const err = await relayWrite(ctx, like, {}, { pollMs: 1, timeoutMs: 30 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RelayTimeoutError)
    expect(say(err)).toBe('免 Gas 交易仍在排队，请稍后刷新页面查看结果')
  })
})
