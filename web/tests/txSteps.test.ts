import { describe, expect, it } from 'vitest'
import { t } from '@/i18n'
import { enterStep, planSteps, progressText, promptOpened, startProgress, stepHeading, txSent } from '@/lib/txSteps'

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
