import { describe, expect, it } from 'vitest'
import { t } from '@/i18n'
import { enterStep, planSteps, progressText, promptOpened, relayQueued, relayRefused, sponsoredStages, startProgress, stepHeading, txIndexing, txSent } from '@/lib/txSteps'

describe('the steps of a write as the player reads them', () => {
  it('a cart with one token to authorize: 第 1/2 步 authorizes it, 第 2/2 步 pays', () => {
    const steps = planSteps([{ token: '0xa', symbol: 'STAR' }], 'checkout')
    expect(stepHeading(enterStep(steps, 0), t)).toBe('第 1/2 步：授权 STAR 积分')
    expect(stepHeading(enterStep(steps, 1), t)).toBe('第 2/2 步：支付订单')
  })

  it('says 请在钱包中确认 only while the wallet prompt is open', () => {
    const steps = planSteps([{ token: '0xa', symbol: 'STAR' }, { token: '0xb', symbol: 'MORA' }], 'checkout')
    const checking = enterStep(steps, 1)
    expect(progressText(checking, t)).toBe('第 2/3 步：授权 MORA 积分 · 正在检查余额与授权…')
    const open = promptOpened(checking)
    expect(progressText(open, t)).toBe('第 2/3 步：授权 MORA 积分 · 请在钱包中确认')
    expect(progressText(txSent(open), t)).toBe('第 2/3 步：授权 MORA 积分 · 已提交，等待区块确认…')
  })

  it('a single step has no number; before the plan only the phase shows', () => {
    expect(stepHeading(enterStep(planSteps([], 'acceptOffer'), 0), t)).toBe('接受报价')
    expect(progressText(promptOpened(startProgress()), t)).toBe('请在钱包中确认')
  })

  it('keeps the index inside the plan', () => {
    const steps = planSteps([{ token: '0xa' }], 'payOrder')
    expect(enterStep(steps, 5).index).toBe(1)
    expect(stepHeading(enterStep(steps, 0), t)).toBe('第 1/2 步：授权积分')
  })
})

describe('a sponsored call (the relayer pays the gas)', () => {
  it('asks for a signature, then follows the relayer: queued, sent, mined, indexed', () => {
    const sign = promptOpened(startProgress(), true)
    expect(progressText(sign, t)).toBe('请在钱包中签名（不花费 ETH）')
    const queued = relayQueued(sign)
    expect(progressText(queued, t)).toBe('签名已提交，等待中继发送…')
    const mining = txSent(queued)
    expect(progressText(mining, t)).toBe('中继已发送交易，等待区块确认…')
    expect(progressText(txIndexing(mining), t)).toBe('已上链，页面同步中…')
    const states = (p: Parameters<typeof sponsoredStages>[0]) => sponsoredStages(p).map((s) => `${s.stage}:${s.state}`)
    expect(states(sign)).toEqual(['sign:current', 'queued:ahead', 'mining:ahead', 'indexing:ahead'])
    expect(states(mining)).toEqual(['sign:done', 'queued:done', 'mining:current', 'indexing:ahead'])
    expect(states(txIndexing(mining))).toEqual(['sign:done', 'queued:done', 'mining:done', 'indexing:current'])
  })

  it('a call the wallet sends has no relayer stages; a refused one goes back to the wallet texts', () => {
    const wallet = promptOpened(startProgress())
    expect(sponsoredStages(wallet)).toEqual([])
    expect(progressText(txIndexing(txSent(wallet)), t)).toBe('已上链，页面同步中…')
    const refused = relayRefused(promptOpened(startProgress(), true), 'QUOTA')
    expect(sponsoredStages(refused)).toEqual([])
    expect(refused.fallback).toBe('QUOTA')
    expect(progressText(promptOpened(refused), t)).toBe('请在钱包中确认')
  })
})
