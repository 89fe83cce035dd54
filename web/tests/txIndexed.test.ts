import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { TransactionReceipt } from 'viem'

const { toast, indexed } = vi.hoisted(() => ({
  toast: Object.assign(vi.fn((_o: { message: string }) => ({ close() {} })), {
    info: vi.fn(),
    error: vi.fn(),
    success: vi.fn((_o: { message: string; customClass?: string }) => ({ close() {} })),
    warning: vi.fn((_o: { message: string; customClass?: string }) => ({ close() {} })),
  }),
  indexed: vi.fn(async (_block: bigint) => true),
}))
vi.mock('@/lib/notify', () => ({ ElMessage: toast, ElNotification: vi.fn(() => ({ close() {} })), ElMessageBox: {} }))
vi.mock('vue-router', () => ({ useRouter: () => ({ push: vi.fn(), currentRoute: { value: { fullPath: '/task-market/1' } } }) }))
vi.mock('@/chain/indexer', () => ({ waitForIndexed: indexed }))

import { useTx, type TxEventDetail } from '@/composables/useTx'
import { useWalletStore } from '@/stores/wallet'
import type { ChainContext } from '@/chain/clients'

const mined = (blockNumber: bigint) => ({ blockNumber, status: 'success' }) as TransactionReceipt

describe('useTx once the transaction is mined', () => {
  const events: TxEventDetail[] = []
  const record = (e: Event) => events.push((e as CustomEvent<TxEventDetail>).detail)

  beforeEach(() => {
    localStorage.clear()
    localStorage.setItem('gq.session', JSON.stringify({ token: 't', address: '0x1', expiresAt: Date.now() / 1000 + 60 }))
    setActivePinia(createPinia())
    vi.spyOn(useWalletStore(), 'context').mockResolvedValue({} as ChainContext)
    for (const f of [toast.success, toast.warning, toast.error, indexed]) f.mockClear()
    events.length = 0
    window.addEventListener('gq:tx', record)
  })
  afterEach(() => window.removeEventListener('gq:tx', record))

  it('the indexer caught up: success, said as such, and the page refreshed', async () => {
    const tx = useTx()
    const onIndexed = vi.fn()
    const ok = await tx.run(async () => [mined(7n), mined(9n)], { success: '任务已发布', onIndexed })
    expect(ok).toBe(true)
    expect(indexed).toHaveBeenCalledWith(9n)
    expect(onIndexed).toHaveBeenCalledTimes(1)
    expect(tx.outcome.value).toBe('done')
    expect(toast.success).toHaveBeenCalledWith(expect.objectContaining({ message: '任务已发布', customClass: 'tx-success' }))
    expect(toast.warning).not.toHaveBeenCalled()
    expect(events).toEqual([{ ok: true, error: null, outcome: 'done' }])
  })

  it('the indexer did not catch up in time: on chain, the lists update shortly; never plain success', async () => {
    indexed.mockResolvedValueOnce(false)
    const tx = useTx()
    const onIndexed = vi.fn()
    const ok = await tx.run(async () => mined(12n), { success: '任务已发布', onIndexed })
    // The action did happen: the caller closes its dialog as after any success...
    expect(ok).toBe(true)
    expect(tx.error.value).toBeNull()
    // ...but the player (and any listener) is told the page may not show it yet.
    expect(tx.outcome.value).toBe('unindexed')
    expect(toast.success).not.toHaveBeenCalled()
    expect(toast.warning).toHaveBeenCalledTimes(1)
    expect(toast.warning.mock.calls[0][0]).toMatchObject({ message: '交易已在链上确认，页面数据同步较慢：列表稍后会自动更新', customClass: 'tx-not-indexed' })
    expect(events).toEqual([{ ok: true, error: null, outcome: 'unindexed' }])
    // The page still reads again: the indexer may have caught up meanwhile.
    expect(onIndexed).toHaveBeenCalledTimes(1)
  })

  it('the next action starts afresh: a late indexer once does not mark the next one', async () => {
    indexed.mockResolvedValueOnce(false)
    const tx = useTx()
    await tx.run(async () => mined(3n))
    expect(tx.outcome.value).toBe('unindexed')
    let during: string | null = 'not run'
    await tx.run(async () => {
      during = tx.outcome.value
      return mined(4n)
    })
    expect(during).toBeNull()
    expect(tx.outcome.value).toBe('done')
    expect(events.map((e) => e.outcome)).toEqual(['unindexed', 'done'])
  })

  it('nothing mined (an API-only step): done, with no wait for the indexer', async () => {
    const tx = useTx()
    expect(await tx.run(async () => null)).toBe(true)
    expect(indexed).not.toHaveBeenCalled()
    expect(tx.outcome.value).toBe('done')
  })

  it('a failure is announced as failed, with its message', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const tx = useTx()
    expect(await tx.run(async () => Promise.reject(new Error('boom')))).toBe(false)
    expect(tx.outcome.value).toBe('failed')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ ok: false, outcome: 'failed' })
    expect(events[0].error).toBe(tx.error.value)
    expect(toast.success).not.toHaveBeenCalled()
  })
})
