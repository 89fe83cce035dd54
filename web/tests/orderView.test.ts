import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'

vi.mock('@/api/graphql', async (orig) => (await import('./viewFakes')).fakeGraphqlModule(await orig()))
vi.mock('@/composables/useChainClock', async () => (await import('./viewFakes')).fakeClockModule())
vi.mock('@/lib/notify', async () => (await import('./viewFakes')).fakeNotifyModule())
vi.mock('@/config', async (orig) => ({ ...(await orig<typeof import('@/config')>()), loadConfig: async () => (await import('./viewFakes')).CONFIG }))
vi.mock('@/chain/write', async (orig) => ({ ...(await orig<typeof import('@/chain/write')>()), write: vi.fn(async () => ({ blockNumber: 9n, status: 'success' })) }))
vi.mock('@/chain/indexer', () => ({ waitForIndexed: vi.fn(async () => true), indexerStatus: async () => null }))

import { Q } from '@/api/queries'
import type { ChainContext } from '@/chain/clients'
import { write } from '@/chain/write'
import { useWalletStore } from '@/stores/wallet'
import '@/views/OrderView.vue'
import { ADMIN, answer, balancesFixture, BUYER, callsOf, clock, DAY, memberFixture, NOW, orderFixture, signedInAs, STRANGER, type OrderDetail } from './viewFakes'
import { answerMembers, openPage, resetFakes, WAIT, type Page } from './viewMount'

enableAutoUnmount(afterEach)
// Each test mounts a whole page (several for the tables of viewers): room for a busy machine.
vi.setConfig({ testTimeout: 20_000 })
beforeEach(() => {
  resetFakes()
  vi.mocked(write).mockClear()
  // ADMIN administers community 1 (the seller); BUYER holds 100 GEM.
  answerMembers(memberFixture(ADMIN, { isAdmin: true }), memberFixture(BUYER))
  answer(Q.myBalances, ({ address }) => balancesFixture(address, address === BUYER ? 100n : 0n))
})

async function orderAs(viewer: string | null, order: OrderDetail): Promise<Page> {
  if (viewer) signedInAs(viewer)
  answer(Q.order, { order })
  return openPage(`/order/${order.id}`)
}

const ACTIONS = ['pay-order-3', 'complete-order-3', 'cancel-order-3', 'review-order-3']
const actionsOf = (page: Page) => ACTIONS.filter((id) => page.has(id))
/** The timeline as "step:state" (with the note's words when there is one). */
const timelineOf = (page: Page) =>
  [...(page.el('order-timeline')?.querySelectorAll<HTMLElement>('li') ?? [])].map((li) => `${li.dataset.step}:${li.dataset.state}`)
const stepText = (page: Page, step: string) => page.el('order-timeline')?.querySelector(`[data-step="${step}"]`)?.textContent ?? ''

describe('the order page', () => {
  it('asks a visitor to sign in, and asks the API nothing', async () => {
    const page = await orderAs(null, orderFixture('PAID'))
    expect(page.text()).toContain('请先登录')
    expect(callsOf(Q.order)).toEqual([])
    expect(page.has('order-head')).toBe(false)
  })

  it('shows what was bought: the item, quantity, unit price and total', async () => {
    const page = await orderAs(BUYER, orderFixture('PAID'))
    expect(page.el('order-head')?.dataset.status).toBe('PAID')
    expect(page.el('order-item')?.textContent).toBe('四星武器兑换券')
    expect(page.el('order-total')?.textContent).toBe('40 GEM')
    expect(page.el('order-head')?.textContent).toContain('20 GEM')
    expect(page.el('order-head')?.textContent).toContain('× 2')
  })

  it('an unpaid order: the buyer may pay (with the balance shown) or cancel; the timeline says until when it is reserved', async () => {
    clock.value = NOW - 2 * DAY
    const page = await orderAs(BUYER, orderFixture('ORDERED'))
    expect(actionsOf(page)).toEqual(['pay-order-3', 'cancel-order-3'])
    expect((page.el('pay-order-3') as HTMLButtonElement).disabled).toBe(false)
    expect(page.el('order-balance')?.textContent).toContain('100 GEM')
    expect(timelineOf(page)).toEqual(['placed:done', 'paid:current', 'completed:todo'])
    expect(stepText(page, 'paid')).toContain('前支付，否则库存保留到期')
  })

  it('a buyer short of points sees Pay disabled and by how much', async () => {
    clock.value = NOW - 2 * DAY
    answer(Q.myBalances, ({ address }) => balancesFixture(address, 25n))
    const page = await orderAs(BUYER, orderFixture('ORDERED'))
    expect((page.el('pay-order-3') as HTMLButtonElement).disabled).toBe(true)
    expect(page.el('order-short')?.textContent).toContain('Genshin Gems 不足：需要 40 GEM，余额 25 GEM')
  })

  it('an unpaid order past its reservation: expired on the timeline, and anyone may cancel it, but only the buyer pay', async () => {
    const stranger = await orderAs(STRANGER, orderFixture('ORDERED'))
    expect(actionsOf(stranger)).toEqual(['cancel-order-3'])
    expect(timelineOf(stranger)).toEqual(['placed:done', 'paid:expired', 'completed:todo'])
    expect(stepText(stranger, 'paid')).toContain('库存保留已于')
    stranger.wrapper.unmount()
    clock.value = NOW - 2 * DAY
    const before = await orderAs(STRANGER, orderFixture('ORDERED'))
    expect(actionsOf(before)).toEqual([])
  })

  it('a paid order: the seller (community admin) completes or cancels it; the buyer may only cancel', async () => {
    const seller = await orderAs(ADMIN, orderFixture('PAID'))
    expect(actionsOf(seller)).toEqual(['complete-order-3', 'cancel-order-3'])
    expect(timelineOf(seller)).toEqual(['placed:done', 'paid:done', 'completed:current'])
    expect(stepText(seller, 'completed')).toContain('等待社区管理员发货')
    seller.wrapper.unmount()
    const buyer = await orderAs(BUYER, orderFixture('PAID'))
    expect(actionsOf(buyer)).toEqual(['cancel-order-3'])
  })

  it('a completed order: the buyer may review it once; the seller has nothing left to do', async () => {
    const buyer = await orderAs(BUYER, orderFixture('COMPLETED'))
    expect(actionsOf(buyer)).toEqual(['review-order-3'])
    expect(timelineOf(buyer)).toEqual(['placed:done', 'paid:done', 'completed:done'])
    buyer.wrapper.unmount()
    const reviewed = await orderAs(BUYER, orderFixture('COMPLETED', { reviewed: true }))
    expect(actionsOf(reviewed)).toEqual([])
    expect(reviewed.el('order-head')?.textContent).toContain('已评价')
    reviewed.wrapper.unmount()
    const seller = await orderAs(ADMIN, orderFixture('COMPLETED'))
    expect(actionsOf(seller)).toEqual([])
    expect(seller.text()).not.toContain('完成发货')
  })

  it('a cancelled order after payment: its payment and the cancellation on the timeline, no actions', async () => {
    const page = await orderAs(BUYER, orderFixture('CANCELLED'))
    expect(timelineOf(page)).toEqual(['placed:done', 'paid:done', 'cancelled:done'])
    expect(stepText(page, 'cancelled')).toContain('库存已退回')
    expect(actionsOf(page)).toEqual([])
  })

  it('Complete sends PointMall.completeOrder for this order', async () => {
    const page = await orderAs(ADMIN, orderFixture('PAID'))
    vi.spyOn(useWalletStore(page.pinia), 'context').mockResolvedValue({ account: ADMIN } as unknown as ChainContext)
    answer(Q.order, { order: orderFixture('COMPLETED') })
    page.el('complete-order-3')?.click()
    await vi.waitFor(() => expect(page.el('order-head')?.dataset.status).toBe('COMPLETED'), WAIT)
    expect(vi.mocked(write).mock.calls[0][1]).toMatchObject({ contract: 'PointMall', functionName: 'completeOrder', args: [3n] })
  })
})
