import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

const { push, toast } = vi.hoisted(() => ({
  push: vi.fn(),
  toast: Object.assign(vi.fn(() => ({ close() {} })), { info: vi.fn(), error: vi.fn(), success: vi.fn(), warning: vi.fn() }),
}))
vi.mock('@/lib/notify', () => ({ ElMessage: toast, ElNotification: vi.fn(() => ({ close() {} })), ElMessageBox: {} }))
vi.mock('vue-router', () => ({ useRouter: () => ({ push, currentRoute: { value: { fullPath: '/task-market/7' } } }) }))

import { useTx } from '@/composables/useTx'
import { useWalletStore } from '@/stores/wallet'

describe('useTx for a signed-out visitor', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    push.mockReset()
  })

  it('never reaches the wallet: it shows the sign-in step instead', async () => {
    const wallet = useWalletStore()
    const context = vi.spyOn(wallet, 'context')
    const steps = vi.fn()
    const ok = await useTx().run(steps)
    expect(ok).toBe(false)
    expect(steps).not.toHaveBeenCalled()
    expect(context).not.toHaveBeenCalled()
    expect(push).toHaveBeenCalledWith('/login/?redirect=%2Ftask-market%2F7')
    expect(toast.info).toHaveBeenCalled()
  })

  it('with a session, goes on to the wallet', async () => {
    localStorage.setItem('gq.session', JSON.stringify({ token: 't', address: '0x1', expiresAt: Date.now() / 1000 + 60 }))
    setActivePinia(createPinia())
    const wallet = useWalletStore()
    const context = vi.spyOn(wallet, 'context').mockRejectedValue(new Error('no wallet here'))
    const ok = await useTx().run(vi.fn())
    expect(context).toHaveBeenCalledTimes(1)
    expect(ok).toBe(false)
    expect(push).not.toHaveBeenCalled()
  })
})
