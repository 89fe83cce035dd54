import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'

vi.mock('@/api/graphql', async (orig) => (await import('./viewFakes')).fakeGraphqlModule(await orig()))
vi.mock('@/composables/useChainClock', async () => (await import('./viewFakes')).fakeClockModule())
vi.mock('@/lib/notify', async () => (await import('./viewFakes')).fakeNotifyModule())
vi.mock('@/config', async (orig) => ({ ...(await orig<typeof import('@/config')>()), loadConfig: async () => (await import('./viewFakes')).CONFIG }))
vi.mock('@/chain/mall', async (orig) => ({ ...(await orig<typeof import('@/chain/mall')>()), checkout: vi.fn(async () => [{ blockNumber: 9n, status: 'success' }]) }))
vi.mock('@/chain/indexer', () => ({ waitForIndexed: vi.fn(async () => true), indexerStatus: async () => null }))

import { Q } from '@/api/queries'
import type { ChainContext } from '@/chain/clients'
import { checkout } from '@/chain/mall'
import type { CartLine } from '@/stores/cart'
import { useWalletStore } from '@/stores/wallet'
import '@/views/CartView.vue'
// Where a checkout leads: loaded now, not by the navigation the test waits for.
import '@/views/MyOrdersView.vue'
import { answer, balancesFixture, BUYER, cartLine, orderFixture, signedInAs } from './viewFakes'
import { openPage, resetFakes, settle, WAIT, type Page } from './viewMount'

enableAutoUnmount(afterEach)
// Each test mounts a whole page (several for the tables of viewers): room for a busy machine.
vi.setConfig({ testTimeout: 20_000 })

type Item = NonNullable<ReturnType<typeof orderFixture>['item']>
/** What the API says of the items now (their price may have changed since they were added). */
let prices: Record<string, string>
beforeEach(() => {
  resetFakes()
  vi.mocked(checkout).mockClear()
  prices = { '1': '20', '2': '15' }
  answer(Q.itemsByIds, ({ id }) => ({ item: { ...(orderFixture('PAID').item as Item), id, price: prices[id] } }))
  answer(Q.myBalances, ({ address }) => balancesFixture(address, 100n))
})

/** The cart page with `lines` in the cart, as `viewer` (null: a visitor). */
async function cartWith(viewer: string | null, lines: CartLine[]): Promise<Page> {
  localStorage.setItem('gq.cart', JSON.stringify(lines))
  if (viewer) signedInAs(viewer)
  return openPage('/shopping-cart/')
}

const twoItems = () => [cartLine('1', '四星武器兑换券', 20, 2), cartLine('2', '纪念徽章', 15, 1)]
const total = (page: Page) => page.el('cart-total')?.textContent?.replace(/\s+/g, ' ').trim()
const checkoutButton = (page: Page) => page.el('checkout') as HTMLButtonElement
const lineIds = () => [...document.querySelectorAll<HTMLElement>('[data-line]')].map((l) => l.dataset.line)

describe('the cart', () => {
  it('an empty cart says so and leads to the mall', async () => {
    const page = await cartWith(BUYER, [])
    expect(page.text()).toContain('购物车是空的')
    expect(page.has('checkout')).toBe(false)
  })

  it('totals the selected lines (price × quantity) and counts them on the checkout button', async () => {
    const page = await cartWith(BUYER, twoItems())
    expect(lineIds()).toEqual(['1', '2'])
    expect(total(page)).toBe('合计: 55 GEM')
    expect(checkoutButton(page).textContent).toContain('结算（3 件）')
    expect(checkoutButton(page).disabled).toBe(false)
    expect(page.el('cart-have')?.textContent).toBe('100 GEM')
  })

  it('removing a line takes it out of the cart and the total', async () => {
    const page = await cartWith(BUYER, twoItems())
    page.el('remove-1')?.click()
    await settle()
    expect(lineIds()).toEqual(['2'])
    expect(total(page)).toBe('合计: 15 GEM')
    expect(checkoutButton(page).textContent).toContain('结算（1 件）')
    expect(JSON.parse(localStorage.getItem('gq.cart')!).map((l: CartLine) => l.itemId)).toEqual(['2'])
  })

  it('nothing selected: the total is 0 and checkout is disabled', async () => {
    const page = await cartWith(BUYER, twoItems().map((l) => ({ ...l, selected: false })))
    expect(total(page)).toBe('合计: 0')
    expect(checkoutButton(page).disabled).toBe(true)
  })

  it('short of points: checkout disabled, and the shortfall said per token', async () => {
    answer(Q.myBalances, ({ address }) => balancesFixture(address, 30n))
    const page = await cartWith(BUYER, twoItems())
    expect(checkoutButton(page).disabled).toBe(true)
    expect(page.all('cart-short').map((a) => a.textContent?.trim())).toEqual(['Genshin Gems 不足：需要 55 GEM，余额 30 GEM'])
    expect(page.el('cart-need')?.textContent).toContain('不足')
  })

  it('a visitor is told to sign in to see the balance; nothing is known to be short', async () => {
    const page = await cartWith(null, twoItems())
    expect(page.el('cart-need')?.textContent).toContain('登录后显示你的余额')
    expect(page.has('cart-short')).toBe(false)
    expect(checkoutButton(page).disabled).toBe(false)
  })

  it("a price changed since the item was added: today's price, the old one named, and the total follows", async () => {
    prices['1'] = '25'
    const page = await cartWith(BUYER, twoItems())
    expect(page.el('price-changed-1')?.textContent).toContain('价格已更新：原为 20 GEM')
    expect(page.has('price-changed-2')).toBe(false)
    expect(total(page)).toBe('合计: 65 GEM')
  })

  it('checkout pays for exactly the lines shown, empties the cart and goes to my orders', async () => {
    const page = await cartWith(BUYER, twoItems())
    vi.spyOn(useWalletStore(page.pinia), 'context').mockResolvedValue({ account: BUYER } as unknown as ChainContext)
    checkoutButton(page).click()
    await vi.waitFor(() => expect(page.router.currentRoute.value.path).toBe('/my-orders/'), WAIT)
    expect(vi.mocked(checkout).mock.calls[0][1]).toEqual([
      { itemId: '1', quantity: 2, token: expect.any(String), price: '20', symbol: 'GEM', communityName: '原神玩家联盟' },
      { itemId: '2', quantity: 1, token: expect.any(String), price: '15', symbol: 'GEM', communityName: '原神玩家联盟' },
    ])
    expect(JSON.parse(localStorage.getItem('gq.cart')!)).toEqual([])
  })
})
