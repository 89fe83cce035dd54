import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Hash, TransactionReceipt } from 'viem'

const { toast, notification, indexed } = vi.hoisted(() => ({
  toast: Object.assign(vi.fn((_o: { message: string; customClass?: string }) => ({ close() {} })), { info: vi.fn(), error: vi.fn(), success: vi.fn(), warning: vi.fn() }),
  notification: vi.fn((_o: { title: string; customClass?: string }) => ({ close() {} })),
  indexed: vi.fn(async () => true),
}))
vi.mock('@/lib/notify', () => ({ ElMessage: toast, ElNotification: notification, ElMessageBox: {} }))
vi.mock('vue-router', () => ({ useRouter: () => ({ push: vi.fn(), currentRoute: { value: { fullPath: '/post/1' } } }) }))
vi.mock('@/chain/indexer', () => ({ waitForIndexed: indexed }))

import { useTx } from '@/composables/useTx'
import { useWalletStore } from '@/stores/wallet'
import type { ChainContext } from '@/chain/clients'
import type { TxProgress } from '@/lib/txSteps'

const HASH = `0x${'5e'.repeat(32)}` as Hash

describe('useTx shows a sponsored call as such (toasts, progress)', () => {
  beforeEach(() => {
    localStorage.clear()
    localStorage.setItem('gq.session', JSON.stringify({ token: 't', address: '0x1', expiresAt: Date.now() / 1000 + 60 }))
    setActivePinia(createPinia())
    vi.spyOn(useWalletStore(), 'context').mockResolvedValue({} as ChainContext)
    toast.mockClear()
    toast.warning.mockClear()
    notification.mockClear()
  })

  it('signature, relayer queue, sent by the relayer, indexed: each said as 免 Gas', async () => {
    const tx = useTx()
    const seen: TxProgress[] = []
    indexed.mockImplementationOnce(async () => {
      seen.push({ ...tx.progress.value! })
      return true
    })
    const ok = await tx.run(async (_ctx, hooks) => {
      hooks.onPrompt?.(true)
      seen.push({ ...tx.progress.value! })
      hooks.onRelayed?.('r1')
      seen.push({ ...tx.progress.value! })
      hooks.onSent?.(HASH)
      seen.push({ ...tx.progress.value! })
      return { blockNumber: 9n, status: 'success' } as TransactionReceipt
    })
    expect(ok).toBe(true)
    expect(seen.map((p) => `${p.phase}${p.sponsored ? ' sponsored' : ''}`)).toEqual(['wallet sponsored', 'queued sponsored', 'mining sponsored', 'indexing sponsored'])
    const toasts = toast.mock.calls.map(([o]) => o)
    expect(toasts[0]).toMatchObject({ message: '免 Gas · 请在钱包中签名（不花费 ETH）', customClass: 'wallet-prompt' })
    expect(toasts[1]).toMatchObject({ message: '免 Gas · 签名已提交，等待中继发送…', customClass: 'relay-queued' })
    expect(notification).toHaveBeenCalledTimes(1)
    expect(notification.mock.calls[0][0]).toMatchObject({ title: '免 Gas 交易已发送', customClass: 'tx-toast tx-toast-sponsored' })
  })

  it('a refusal says why the wallet asks for gas, then goes on as a wallet transaction', async () => {
    const tx = useTx()
    let after: TxProgress | null = null
    await tx.run(async (_ctx, hooks) => {
      hooks.onPrompt?.(true)
      hooks.onFallback?.('QUOTA')
      hooks.onPrompt?.()
      after = { ...tx.progress.value! }
      hooks.onSent?.(`0x${'12'.repeat(32)}`)
    })
    expect(toast.warning).toHaveBeenCalledWith(expect.objectContaining({ message: '今日免 Gas 次数已用完，改用钱包支付 Gas' }))
    expect(after).toMatchObject({ phase: 'wallet', sponsored: false, fallback: 'QUOTA' })
    expect(toast.mock.calls.at(-1)?.[0]).toMatchObject({ message: '请在钱包中确认' })
    expect(notification.mock.calls[0][0]).toMatchObject({ title: '交易已发送，等待确认', customClass: 'tx-toast' })
  })
})
