import { describe, expect, it } from 'vitest'
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  UserRejectedRequestError,
  encodeErrorResult,
  type Abi,
  type Hex,
} from 'viem'
import { createI18n } from 'vue-i18n'
import zh from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { CommunityPointsAbi, PointMallAbi, TaskMarketAbi, allErrorsAbi } from '@/chain/abis'
import { decodeError, decodeRevertData, friendlyError } from '@/chain/errors'
import { ApiError } from '@/api/graphql'

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zh, en } })
const g = i18n.global
const say = (e: unknown, locale: 'zh-CN' | 'en') => {
  g.locale.value = locale
  return friendlyError(e, (k, p) => g.t(k, p ?? {}), (k) => g.te(k))
}

/** What viem's simulateContract throws for a revert with `data`. */
function simulated(abi: Abi, functionName: string, data: Hex) {
  return new ContractFunctionExecutionError(new ContractFunctionRevertedError({ abi, data, functionName }), {
    abi,
    functionName,
    args: [1n],
    contractAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  })
}

describe('custom error decoding', () => {
  it('claiming an expired task says so, in both languages', () => {
    const data = encodeErrorResult({ abi: TaskMarketAbi, errorName: 'TaskMarketDeadlinePassed', args: [7n, 1_700_000_000n] })
    const err = simulated(TaskMarketAbi, 'claimTask', data)
    const d = decodeError(err)
    expect(d.kind).toBe('revert')
    expect(d.name).toBe('TaskMarketDeadlinePassed')
    expect(d.params.id).toBe('7')
    expect(say(err, 'zh-CN')).toBe('任务已过期，无法领取')
    expect(say(err, 'en')).toBe('Task expired, cannot be claimed')
  })

  it('fills error arguments into the message', () => {
    const data = encodeErrorResult({ abi: PointMallAbi, errorName: 'PointMallOutOfStock', args: [3n, 1, 5] })
    expect(say(simulated(PointMallAbi, 'checkout', data), 'zh-CN')).toBe('库存不足（剩余 1，需要 5）')
    const status = encodeErrorResult({ abi: TaskMarketAbi, errorName: 'TaskMarketWrongStatus', args: [1n, 4] })
    expect(say(simulated(TaskMarketAbi, 'claimTask', status), 'en')).toBe('The task is Completed; this action is not possible now')
  })

  it('permit failures say what happened and what to do, not just "retry"', () => {
    const expired = encodeErrorResult({ abi: allErrorsAbi, errorName: 'ERC2612ExpiredSignature', args: [1n] })
    const short = encodeErrorResult({ abi: allErrorsAbi, errorName: 'ERC20InsufficientAllowance', args: ['0x' + '11'.repeat(20), 0n, 240n] })
    for (const data of [expired, short]) {
      const zh = say(simulated(PointMallAbi, 'checkout', data), 'zh-CN')
      expect(zh).toContain('本次没有扣除积分')
      expect(zh).toContain('请重新操作')
      expect(zh).not.toMatch(/，请重试$/)
    }
  })

  it('a price rise after the player looked says what was shown and what it is now', () => {
    const total = encodeErrorResult({ abi: PointMallAbi, errorName: 'PointMallTotalAboveLimit', args: [260n, 240n] })
    expect(say(simulated(PointMallAbi, 'checkout', total), 'en')).toBe('The price changed: you were shown a total of 240, it is now 260. Go back to the cart to see the new prices, then check out again')
    expect(say(simulated(PointMallAbi, 'checkout', total), 'zh-CN')).toBe('价格已变动：你看到的合计是 240，现在是 260。请回到购物车确认新价格后再结算')
    const unit = encodeErrorResult({ abi: PointMallAbi, errorName: 'PointMallPriceAboveLimit', args: [4n, 130n, 120n] })
    expect(say(simulated(PointMallAbi, 'placeOrder', unit), 'en')).toBe('The price changed: you were shown 120 per unit, it is now 130. Reload the page to see the new price, then order again')
  })

  it('timed task errors show their time, not a raw number', () => {
    const until = 1_800_000_000n
    const data = encodeErrorResult({ abi: TaskMarketAbi, errorName: 'TaskMarketWorkPending', args: [3n, until] })
    const d = decodeError(simulated(TaskMarketAbi, 'releaseClaim', data))
    expect(d.params.until).toBe(new Date(Number(until) * 1000).toLocaleString())
    expect(say(simulated(TaskMarketAbi, 'releaseClaim', data), 'en')).toContain('the claim can be released after')
  })

  it('decodes an error that bubbled up from another contract (a point token inside PointMall)', () => {
    const data = encodeErrorResult({
      abi: CommunityPointsAbi,
      errorName: 'ERC20InsufficientBalance',
      args: ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 10n, 240n],
    })
    const err = simulated(PointMallAbi, 'checkout', data)
    expect(decodeError(err).name).toBe('ERC20InsufficientBalance')
    expect(say(err, 'zh-CN')).toBe('积分余额不足（需要 240，现有 10）')
  })

  it('decodes raw revert data from an RPC error', () => {
    const data = encodeErrorResult({ abi: TaskMarketAbi, errorName: 'TaskMarketCannotClaim', args: [1n, '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'] })
    const rpc = { code: 3, message: 'execution reverted', data }
    expect(decodeError(rpc).name).toBe('TaskMarketCannotClaim')
    expect(decodeRevertData(data)?.args[0]).toBe(1n)
  })

  it('has a friendly message for every custom error in every ABI, in both languages', () => {
    for (const e of allErrorsAbi) {
      expect(g.te(`chainErrors.${e.name}`, 'zh-CN'), e.name).toBe(true)
      expect(g.te(`chainErrors.${e.name}`, 'en'), e.name).toBe(true)
    }
  })

  it('names an unknown error instead of showing hex', () => {
    const err = { data: '0xdeadbeef' }
    expect(say(err, 'en')).toMatch(/^Something went wrong/)
  })

  it('recognises a rejection in the wallet and API error codes', () => {
    const rejected = new UserRejectedRequestError(new Error('User rejected the request.'))
    expect(say(rejected, 'zh-CN')).toBe('你在钱包中取消了操作')
    expect(say({ code: 4001, message: 'denied' }, 'en')).toBe('You cancelled the request in your wallet')
    expect(say(new ApiError('nope', 'FORBIDDEN'), 'zh-CN')).toBe('你没有权限执行此操作')
    expect(say(new ApiError('slow down', 'RATE_LIMITED'), 'en')).toBe('Too many requests, please wait a moment')
  })
})
