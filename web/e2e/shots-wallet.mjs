// Fixtures of shots.mjs for the wallet and order pages (issue 13, items 11 and 13): the
// cart with a short token, a product with the viewer's balance, an offer's confirm
// dialog, the order page. `walletAnswer` answers a scenario of these first (undefined:
// the shared fixtures in shots.mjs answer).

import { encodeAbiParameters } from 'viem'

/**
 * A wallet that answers the reads of a payment (balance, allowance 0, permit domain and
 * nonce) and never answers the signature: the page stays at "请在钱包中确认" for the
 * screenshot. Installed as window.ethereum by the scenario's init script.
 */
function pendingWallet(account, chainTime) {
  const word = (n) => BigInt(n).toString(16).padStart(64, '0')
  const domain = encodeAbiParameters(
    [{ type: 'bytes1' }, { type: 'string' }, { type: 'string' }, { type: 'uint256' }, { type: 'address' }, { type: 'bytes32' }, { type: 'uint256[]' }],
    ['0x0f', 'Starfall 积分', '1', 31337n, '0x2222222222222222222222222222222222222222', '0x' + '00'.repeat(32), []],
  )
  const answers = { '0x70a08231': '0x' + word(1_000_000), '0xdd62ed3e': '0x' + word(0), '0x7ecebe00': '0x' + word(0), '0x84b0196e': domain }
  return [
    ([acc, calls, time]) => {
      window.ethereum = {
        async request({ method, params }) {
          switch (method) {
            case 'eth_requestAccounts':
            case 'eth_accounts': return [acc]
            case 'eth_chainId': return '0x7a69'
            case 'eth_call': return calls[params[0].data.slice(0, 10)] ?? '0x'
            case 'eth_blockNumber': return '0x78'
            case 'eth_getBlockByNumber': return { number: '0x78', timestamp: '0x' + time.toString(16), hash: '0x' + 'cd'.repeat(32), transactions: [] }
            default: return new Promise(() => {}) // the signature prompt stays open
          }
        },
        on() {},
        removeListener() {},
      }
    },
    [account, answers, chainTime],
  ]
}

/** A picture for the items, served by the page's routes (no network in the shots). */
const BANNER = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#312e81"/><stop offset="1" stop-color="#db2777"/></linearGradient></defs><rect width="400" height="300" fill="url(#g)"/><path d="M120 60h160v150l-80-40-80 40z" fill="#fde68a"/><circle cx="200" cy="110" r="28" fill="#f59e0b"/></svg>`
const routes = [['**/shots-fixtures/*.svg', (r) => r.fulfill({ body: BANNER, contentType: 'image/svg+xml' })]]

/** The wallet scenarios, built over the shared fixtures of shots.mjs. */
export function walletScenarios(f) {
  const { NOW, CHAIN, H, D, COMMUNITY, GENSHIN, CLAIMER, PUB, OTHER, SRC } = f
  const docOf = (fields) => ({ hash: '0x' + '66'.repeat(32), json: JSON.stringify(fields), text: fields.text ?? null, verified: true })
  const image = '/shots-fixtures/banner.svg'
  const banner = {
    id: '4', communityId: '1', community: COMMUNITY, token: COMMUNITY.pointsToken, name: '深渊远征 限定旗帜', price: '120', stock: 9, active: true, ratingCount: 3, rating: 4.7, sold: 12, createdAt: NOW - 9 * D,
    metadata: docOf({ text: '远征队限定旗帜，挂在公会大厅。', image, delivery: '付款后 24 小时内发放到你的游戏邮箱。\n\n- 请在社区帖子里留下 **游戏角色名** 和 **服务器**\n- 发放后订单会标记为已完成' }),
    source: SRC,
  }
  const pack = { ...banner, id: '5', communityId: '2', community: GENSHIN, token: GENSHIN.pointsToken, name: '原石补给包', price: '90', metadata: docOf({ text: '60 原石', image }) }
  // bob holds 245 STAR and 80 of 原神社区积分 (MORA).
  const balances = [
    { token: COMMUNITY.pointsToken, communityId: '1', symbol: 'STAR', name: 'Starfall 积分', balance: '245' },
    { token: GENSHIN.pointsToken, communityId: '2', symbol: 'MORA', name: '原神社区积分', balance: '80' },
  ]
  const order = (id, status, over = {}) => ({
    id, itemId: '4', itemName: banner.name, item: banner, communityId: '1', buyer: CLAIMER, quantity: 2, amount: '240', token: COMMUNITY.pointsToken,
    status, reviewed: false, createdAt: CHAIN - 2 * H, updatedAt: CHAIN - 2 * H, expiresAt: CHAIN + 22 * H, source: SRC, ...over,
  })
  const ETH = '0x0000000000000000000000000000000000000000'
  const offer = (id, maker, give, giveAmount, want, wantAmount) => ({ id, maker, giveToken: give, giveAmount, wantToken: want, wantAmount, counterparty: ETH, expiry: NOW + 5 * D, status: 'OPEN', taker: ETH, source: SRC })
  const offers = [
    offer('3', PUB, COMMUNITY.pointsToken, '200', GENSHIN.pointsToken, '40'),
    offer('2', OTHER, GENSHIN.pointsToken, '500', ETH, '20000000000000000'),
    offer('1', CLAIMER, COMMUNITY.pointsToken, '50', GENSHIN.pointsToken, '30'),
  ]
  const base = { wallet: true, viewer: CLAIMER, roles: [], member: { isAdmin: false, adminSince: null }, routes, data: { balances, banner, pack, offers } }
  return [
    {
      ...base, name: 'cart-short', prefix: 'wallet', path: '/shopping-cart/', ready: '[data-test="cart-short"]',
      cart: [
        { itemId: '4', name: banner.name, price: '120', token: COMMUNITY.pointsToken, symbol: 'STAR', communityId: '1', communityName: COMMUNITY.name, image, quantity: 1, selected: true },
        { itemId: '5', name: pack.name, price: '90', token: GENSHIN.pointsToken, symbol: 'MORA', communityId: '2', communityName: GENSHIN.name, image, quantity: 2, selected: true },
      ],
    },
    { ...base, name: 'product-balance', prefix: 'wallet', path: '/product-page/?productId=4', ready: '[data-test="product-balance"] b' },
    { ...base, name: 'product-short', prefix: 'wallet', path: '/product-page/?productId=5', ready: '[data-test="product-short"]' },
    { ...base, name: 'offers', prefix: 'wallet', path: '/points-trading/', ready: '[data-test="offer-sides"]' },
    {
      ...base, name: 'offer-confirm', prefix: 'wallet', path: '/points-trading/', ready: '[data-test="confirm-balance"] b',
      act: async (page) => {
        await page.locator('[data-test="accept-offer-3"]').click()
        await page.locator('[data-test="offer-confirm"]').waitFor()
      },
    },
    { ...base, name: 'order-unpaid', prefix: 'wallet', path: '/order/12', ready: '[data-test="order-balance"] b', order: order('12', 'ORDERED') },
    {
      ...base, name: 'order-pay-steps', prefix: 'wallet', path: '/order/12', ready: '[data-test="tx-steps"][data-phase="wallet"]', order: order('12', 'ORDERED'),
      init: pendingWallet(CLAIMER, CHAIN),
      act: async (page) => {
        await page.locator('[data-test="order-balance"] b').waitFor()
        await page.locator('[data-test="pay-order-12"]').click()
      },
    },
    { ...base, name: 'order-done', prefix: 'wallet', path: '/order/10', ready: '[data-test="order-timeline"]', order: order('10', 'COMPLETED', { createdAt: NOW - 5 * D, updatedAt: NOW - 3 * D, reviewed: true }) },
    {
      ...base, name: 'order-paid-no-delivery', prefix: 'wallet', path: '/order/11', ready: '[data-test="order-timeline"]',
      order: order('11', 'PAID', { itemId: '5', itemName: pack.name, item: pack, communityId: '2', token: GENSHIN.pointsToken, amount: '90', quantity: 1 }),
    },
    {
      ...base, name: 'orders', prefix: 'wallet', path: '/my-orders/', ready: '[data-test="orders-more"]',
      orders: [order('12', 'ORDERED'), order('10', 'COMPLETED', { createdAt: NOW - 5 * D, updatedAt: NOW - 3 * D, reviewed: true })],
    },
  ]
}

/** Answers `op` for a wallet scenario; undefined for the shared fixtures. */
export function walletAnswer(op, vars, sc) {
  if (!sc.wallet) return undefined
  const { balances, banner, pack, offers } = sc.data
  const items = { 4: banner, 5: pack }
  switch (op) {
    case 'MyBalances': return { user: { address: vars.address, balances } }
    case 'Item': return { item: items[vars.id] ?? null, reviews: { totalCount: 0, nodes: [] } }
    case 'ItemRef': return { item: items[vars.id] ?? null }
    case 'Offers': return { offers: { totalCount: offers.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: offers } }
    case 'OrderPage': return { order: sc.order?.id === vars.id ? sc.order : null }
    case 'Orders': return sc.orders ? { orders: { totalCount: 14, pageInfo: { hasNextPage: true, endCursor: 'c2' }, nodes: sc.orders } } : undefined
    default: return undefined
  }
}
