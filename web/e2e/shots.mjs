#!/usr/bin/env node
// Screenshots of the new actions' pages without the stack: serves web/dist and
// answers /config.json and /graphql from fixtures (times relative to now), in headless
// Chromium (playwright-core, /usr/bin/chromium or $CHROMIUM). For looking at layouts at
// 390 and 1440 px; the real journey (journey.mjs) proves the behaviour against the chain.
// The chain's clock (latest/pending block, read over the config's rpcUrl) answers CHAIN, 74 h ahead.
//   npm run build && node e2e/shots.mjs      → e2e/screenshots/{task,orders,cart,user,market,chain}-*.png
//   (chain-*: 链上详情 closed/open/审计模式, the phone tab bar, tap targets ≥ 44 px, no function names)
//   node e2e/shots.mjs user market           → only the scenarios whose name or prefix matches
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { mkdirSync } from 'node:fs'
import { dirname, extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { walletAnswer, walletScenarios } from './shots-wallet.mjs'
import { notifyAnswer, notifyScenarios } from './shots-notify.mjs'
import { sponsorAnswer, sponsorScenarios } from './shots-sponsor.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const DIST = join(HERE, '..', 'dist')
const SHOTS = join(HERE, 'screenshots')
mkdirSync(SHOTS, { recursive: true })

const NOW = Math.floor(Date.now() / 1000)
// The chain's clock, 74 h ahead of this computer's (the dev chain after the demo season):
// the pages must read it from the RPC (answered below), not from Date.now().
const CHAIN = NOW + 74 * 3600
const REVIEW_PERIOD = 3 * 86400
const H = 3600
const D = 86400
const PUB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const CLAIMER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const ADMIN = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const OTHER = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'
const NAMES = { [PUB]: 'alice', [CLAIMER]: 'bob', [ADMIN]: 'carol', [OTHER]: 'dave' }
const SRC = { blockNumber: 120, txHash: '0x' + 'ab'.repeat(32), logIndex: 3 }
const doc = (text) => ({ hash: '0x' + '11'.repeat(32), json: JSON.stringify({ text }), text, verified: true })
const user = (address, username) => ({ address, username, verified: true })
const COMMUNITY = { id: '1', name: 'Starfall Raiders', theme: 'Starfall', pointsToken: '0x' + '22'.repeat(20), pointsSymbol: 'STAR' }
const GENSHIN = { id: '2', name: '提瓦特冒险团', theme: '原神', pointsToken: '0x' + '44'.repeat(20), pointsSymbol: 'MORA' }
const HSR = { id: '3', name: '星穹铁道研究所', theme: '崩坏：星穹铁道', pointsToken: null, pointsSymbol: null }
const ZERO = '0x0000000000000000000000000000000000000000'
// The deployment (/config.json): Profiles 0x…01 … PointExchange 0x…06, Forwarder 0x…07.
const CONTRACT_NAMES = ['Profiles', 'Communities', 'Posts', 'TaskMarket', 'PointMall', 'PointExchange', 'Forwarder']
const CONTRACTS = Object.fromEntries(CONTRACT_NAMES.map((n, i) => [n, '0x' + String(i + 1).padStart(40, '0')]))

function task(over) {
  return {
    id: '7', title: 'Clear the Abyss raid on hard mode and record it', status: 'CLAIMED', communityId: '1', community: COMMUNITY,
    publisherAddress: PUB, publisher: user(PUB, 'alice'), claimerAddress: CLAIMER, claimer: user(CLAIMER, 'bob'), rewardToken: '0x0000000000000000000000000000000000000000',
    reward: '50000000000000000', deadline: NOW + 20 * D, rejected: false, createdAt: NOW - 3 * D, updatedAt: NOW - 2 * D, source: SRC,
    spec: doc('Record the full run (no cuts) and post the video link.\n\n- hard mode\n- party of 4 or fewer'),
    proofHash: null, submittedAt: null, rejection: null, dispute: null,
    workDeadline: NOW - 2 * D + 7 * D, disputeDeadline: null, releasedClaimers: [], payments: [],
    ...over,
  }
}

const comments = [
  { id: '31', authorAddress: CLAIMER, author: user(CLAIMER, 'bob'), content: doc('Working on it, first attempt tonight.'), createdAt: NOW - 40 * H, source: SRC },
  { id: '32', authorAddress: OTHER, author: user(OTHER, 'dave'), content: doc('Buy cheap gold at example.invalid!!!'), createdAt: NOW - 20 * H, source: SRC },
]

// One scenario per screenshot: who looks, and the task they see.
const scenarios = [
  { name: 'release-wait', viewer: PUB, roles: ['TASK_PUBLISHER'], task: task({ releasedClaimers: [OTHER] }), member: null },
  { name: 'release-ready', viewer: PUB, roles: ['TASK_PUBLISHER'], task: task({ createdAt: NOW - 12 * D, updatedAt: NOW - 10 * D, workDeadline: NOW - 3 * D }), member: null },
  {
    name: 'dispute-wait',
    viewer: ADMIN,
    roles: [],
    task: task({ status: 'DISPUTED', rejected: true, updatedAt: NOW - 2 * D, workDeadline: null, disputeDeadline: NOW + 5 * D, proofHash: '0x' + '33'.repeat(32), submittedAt: NOW - 4 * D, rejection: doc('The video cuts at 12:30.'), dispute: doc('The cut is a loading screen; the raw file is linked.') }),
    member: { isAdmin: true, adminSince: NOW - 30 * D },
  },
  {
    name: 'dispute-settle',
    viewer: OTHER,
    roles: [],
    task: task({ status: 'DISPUTED', rejected: true, updatedAt: NOW - 16 * D, createdAt: NOW - 25 * D, workDeadline: null, disputeDeadline: NOW - 2 * D, rejection: doc('The video cuts at 12:30.'), dispute: doc('The cut is a loading screen.') }),
    member: { isAdmin: false, adminSince: null },
  },
  { name: 'mine', prefix: 'orders', path: '/my-orders/', ready: '[data-test="orders"] .order', viewer: CLAIMER, roles: [], member: null },
  // Issue 13: actions shown with their reason or next step, at chain time.
  { name: 'signed-out', viewer: null, roles: [], task: task({ status: 'OPEN', claimerAddress: null, claimer: null, workDeadline: null, deadline: CHAIN + 9 * D }), member: null },
  { name: 'admin-no-claim', viewer: ADMIN, roles: [], task: task({ status: 'OPEN', claimerAddress: null, claimer: null, workDeadline: null, deadline: CHAIN + 9 * D }), member: { isAdmin: true, adminSince: NOW - 30 * D } },
  {
    name: 'claimer-review-wait',
    viewer: CLAIMER,
    roles: [],
    task: task({ status: 'SUBMITTED', proofHash: '0x' + '33'.repeat(32), submittedAt: CHAIN - 20 * H, updatedAt: CHAIN - 20 * H, deadline: CHAIN + 9 * D }),
    member: { isAdmin: false, adminSince: null },
  },
  { name: 'profile-menu', prefix: 'nav', path: '/index/', ready: '.logo', viewer: CLAIMER, roles: [], member: null, open: 'username' },
  { name: 'home', prefix: 'nav', path: '/index/', ready: '.logo', viewer: null, roles: [], member: null },
  // Issue 13 item 8: the home page as the community's front page, signed out and in, with
  // nothing yet (a new site), and the system admin's banner manager.
  { name: 'signed-out', prefix: 'home', path: '/index/', ready: '[data-test="hot-posts"] [data-post]', viewer: null, roles: [], member: null, home: 'full' },
  { name: 'signed-in', prefix: 'home', path: '/index/', ready: '[data-test="my-feed"] [data-post]', viewer: CLAIMER, roles: [], member: null, home: 'full' },
  { name: 'loading', prefix: 'home', path: '/index/', ready: '[data-test="hot-posts-loading"]', viewer: CLAIMER, roles: [], member: null, home: 'full', slow: true },
  { name: 'empty', prefix: 'home', path: '/index/', ready: '[data-test="my-tasks-empty"]', viewer: OTHER, roles: [], member: null, home: 'empty' },
  { name: 'banners', prefix: 'admin', path: '/admin/', ready: '.el-tabs', viewer: ADMIN, roles: ['SYSTEM_ADMIN'], member: null, home: 'full', act: async (page) => {
    await page.locator('.el-tabs__item', { hasText: /首页横幅|Home banners/ }).click()
    await page.locator('[data-banner]').first().waitFor()
  } },
  { name: 'banner-edit', prefix: 'admin', path: '/admin/', ready: '[data-test="banner-dialog"]', viewer: ADMIN, roles: ['SYSTEM_ADMIN'], member: null, home: 'full', act: async (page) => {
    await page.locator('.el-tabs__item', { hasText: /首页横幅|Home banners/ }).click()
    await page.locator('[data-test="banner-edit-2"]').click()
    await page.locator('input[data-test="banner-link"], [data-test="banner-link"] input').first().fill('javascript:alert(1)')
    await page.locator('[data-test="banner-save"]').click()
  } },
  { name: 'user-info-signed-out', prefix: 'nav', path: '/user-info/', ready: '[data-test="user-info-gate"]', viewer: null, roles: [], member: null },
  {
    name: 'price-changed',
    prefix: 'cart',
    path: '/shopping-cart/',
    ready: '[data-test^="price-changed-"]',
    viewer: CLAIMER,
    roles: [],
    member: null,
    cart: [{ itemId: '4', name: 'Raid banner', price: '120', token: COMMUNITY.pointsToken, symbol: 'STAR', communityId: '1', image: '', quantity: 2, selected: true }],
  },
  // An open task past its deadline nobody expired yet: a player sees why it cannot be
  // claimed and may expire it; its publisher is told the refund comes back to them.
  { name: 'overdue', viewer: OTHER, roles: [], task: task({ id: '8', status: 'OPEN', title: '王者荣耀 五排上分陪玩，今晚 8 点', claimerAddress: null, claimer: null, workDeadline: null, deadline: NOW - 2 * D, createdAt: NOW - 9 * D, updatedAt: NOW - 9 * D, rewardToken: GENSHIN.pointsToken, reward: '80', community: GENSHIN, communityId: '2' }), member: { isAdmin: false, adminSince: null } },
  { name: 'overdue-publisher', viewer: PUB, roles: ['TASK_PUBLISHER'], task: task({ id: '8', status: 'OPEN', title: '王者荣耀 五排上分陪玩，今晚 8 点', claimerAddress: null, claimer: null, workDeadline: null, deadline: NOW - 2 * D, createdAt: NOW - 9 * D, updatedAt: NOW - 9 * D, rewardToken: GENSHIN.pointsToken, reward: '80', community: GENSHIN, communityId: '2' }), member: null },
  { name: 'overdue-signed-out', viewer: null, roles: [], task: task({ id: '8', status: 'OPEN', title: '王者荣耀 五排上分陪玩，今晚 8 点', claimerAddress: null, claimer: null, workDeadline: null, deadline: NOW - 2 * D, createdAt: NOW - 9 * D, updatedAt: NOW - 9 * D, rewardToken: GENSHIN.pointsToken, reward: '80', community: GENSHIN, communityId: '2' }), member: null },
  { name: 'profile', prefix: 'user', path: '/user-info/', ready: '[data-test="point-entry"]', viewer: CLAIMER, roles: [], member: null },
  { name: 'claimable', prefix: 'market', path: '/task-market/', ready: '[data-task]', viewer: CLAIMER, roles: [], member: null },
  { name: 'reward', prefix: 'market', path: '/task-market/', ready: '[data-test="reward-token"]', viewer: CLAIMER, roles: [], member: null, act: async (page) => {
    await page.locator('[data-test="sort"]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: /奖励最高|Highest reward/ }).click()
    await page.locator('[data-test="reward-token"]').waitFor()
    await page.locator('[data-test="reward-token"]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'MORA' }).click()
    await page.locator('[data-task]').first().waitFor()
  } },
  // Issue 13 item 12: lists that read on, the market's filters (kept in the URL), search as you type.
  { name: 'load-more', prefix: 'browse', path: '/game-community/1', ready: '[data-test="load-more"][data-state="more"]', viewer: CLAIMER, roles: [], member: null },
  { name: 'filters', prefix: 'browse', path: '/task-market/?community=2&deadline=7d', ready: '[data-test="market-filters"] [data-test="community-filter"]', viewer: CLAIMER, roles: [], member: null, act: async (page) => {
    await page.locator('[data-task]').first().waitFor()
    await page.getByText(GENSHIN.name).first().waitFor()
  } },
  { name: 'community-pick', prefix: 'browse', path: '/task-market/?sort=reward', ready: '.el-select-dropdown__item:visible', viewer: CLAIMER, roles: [], member: null, act: async (page) => {
    await page.locator('[data-test="community-filter"]').click()
    await page.keyboard.type('星', { delay: 60 })
    await page.waitForTimeout(600)
  } },
  { name: 'members', prefix: 'browse', path: '/game-community/1', ready: '[data-test="member-list"] .el-table__row', viewer: CLAIMER, roles: [], member: null, act: async (page) => {
    await page.getByRole('tab', { name: /成员|Members/ }).click()
    await page.locator('[data-test="member-list"] .el-table__row').first().waitFor()
    await page.locator('[data-test="load-more"]:visible button').click()
    await page.locator('[data-test="member-list"] .el-table__row').nth(40).waitFor()
  } },
  { name: 'search-page', prefix: 'browse', path: '/search/?q=%E6%98%9F', ready: '[data-test="search-page-hit"]', viewer: CLAIMER, roles: [], member: null },
  { name: 'search', prefix: 'browse', path: '/index/', ready: '[data-test="search-results"]', viewer: CLAIMER, roles: [], member: null, act: async (page) => {
    await page.locator('input[data-test="global-search"], [data-test="global-search"] input').first().click()
    await page.keyboard.type('星', { delay: 60 })
    await page.locator('[data-test="search-results"] [data-test="search-hit"]').first().waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
  } },
  { name: 'all', prefix: 'market', path: '/task-market/', ready: '[data-status="OVERDUE"]', viewer: CLAIMER, roles: [], member: null, act: async (page) => {
    await page.locator('[data-test="status-filter"]').click()
    await page.locator('.el-select-dropdown__item:visible').nth(1).click()
  } },
  // Issue 13 items 10 and 14: 链上详情 closed by default and open in 审计模式; the phone's tab bar.
  { name: 'task-auditor', prefix: 'chain', auditor: true, tab: 'tasks', viewer: CLAIMER, roles: [], task: task({ status: 'SUBMITTED', proofHash: '0x' + '33'.repeat(32), submittedAt: CHAIN - 20 * H, updatedAt: CHAIN - 20 * H, deadline: CHAIN + 9 * D, payments: [] }), member: { isAdmin: false, adminSince: null } },
  { name: 'task-one-open', prefix: 'chain', tab: 'tasks', viewer: CLAIMER, roles: [], task: task({}), member: { isAdmin: false, adminSince: null }, act: async (page) => {
    await page.locator('[data-test="comment"]').first().waitFor()
    await page.locator('[data-test="task-facts"] [data-test="chain-details-toggle"]').click()
    await page.locator('[data-test="chain-details"]').first().waitFor()
  }, expectOpen: 1 },
  { name: 'community', prefix: 'chain', tab: 'communities', path: '/game-community/1', ready: '[data-test="leave"]', viewer: CLAIMER, roles: [], member: { isAdmin: false, adminSince: null } },
  { name: 'community-auditor', prefix: 'chain', auditor: true, tab: 'communities', path: '/game-community/1', ready: '[data-test="leave"]', viewer: CLAIMER, roles: [], member: { isAdmin: false, adminSince: null } },
  { name: 'mall', prefix: 'chain', tab: 'mall', path: '/point-mall/', ready: '[data-item]', viewer: CLAIMER, roles: [], member: null },
  { name: 'settings-off', prefix: 'chain', tab: 'me', path: '/settings/', ready: '[data-test="auditor-mode"]', viewer: CLAIMER, roles: [], member: null },
  { name: 'settings-on', prefix: 'chain', auditor: true, tab: 'me', path: '/settings/', ready: '[data-test="auditor-mode"]', viewer: CLAIMER, roles: [], member: null },
  { name: 'me', prefix: 'chain', tab: 'me', path: '/me/', ready: '[data-test="me-orders"]', viewer: CLAIMER, roles: [], member: null },
  { name: 'home', prefix: 'chain', tab: 'home', path: '/index/', ready: '[data-item]', viewer: CLAIMER, roles: [], member: null },
  ...walletScenarios({ NOW, CHAIN, H, D, COMMUNITY, GENSHIN, CLAIMER, PUB, OTHER, SRC }),
  // Issue 14: notifications, reports, moderation (with the chain scenarios' tap-target and tab-bar checks).
  ...notifyScenarios({ NOW, CHAIN, H, D, COMMUNITY, GENSHIN, PUB, CLAIMER, ADMIN, OTHER, SRC, task }),
  // Issue 15: the 免 Gas tag and a sponsored call's progress (on the wallet scenarios' order page).
  ...sponsorScenarios({ NOW, CHAIN, H, D, COMMUNITY, CLAIMER, PUB, SRC, task }, walletScenarios({ NOW, CHAIN, H, D, COMMUNITY, GENSHIN, CLAIMER, PUB, OTHER, SRC })),
]
const only = process.argv.slice(2)
const chosen = only.length ? scenarios.filter((sc) => only.some((w) => sc.name.includes(w) || (sc.prefix ?? 'task').includes(w))) : scenarios

const order = (id, status, over = {}) => ({
  id, itemId: '4', itemName: 'Raid banner', item: { community: { pointsSymbol: 'STAR' } }, communityId: '1', buyer: CLAIMER, quantity: 2, amount: '240',
  token: COMMUNITY.pointsToken, status, reviewed: false, createdAt: NOW - 2 * H, updatedAt: NOW - 2 * H, expiresAt: NOW + 22 * H, source: SRC, ...over,
})
const orders = [order('12', 'ORDERED'), order('11', 'ORDERED', { createdAt: NOW - 30 * H, expiresAt: NOW - 6 * H }), order('10', 'PAID', { createdAt: NOW - 3 * D })]
// bob's profile: his communities, point movements of every kind, his claimed tasks.
const member = (community, over = {}) => ({ communityId: community.id, community, account: CLAIMER, user: user(CLAIMER, 'bob'), isAdmin: false, status: 'MEMBER', joinedAt: NOW - 40 * D, source: SRC, ...over })
const bobPage = {
  address: CLAIMER, username: 'bob', verified: true, profileHash: '0x' + '55'.repeat(32), registeredAt: NOW - 120 * D, roles: [],
  // Profile documents keep the bio in "text" (what the page once missed).
  profile: { hash: '0x' + '55'.repeat(32), json: JSON.stringify({ displayName: '鲍勃', avatar: '', text: '原神 / 星铁双修，深渊 12 层稳定满星。\n\n接攻略、陪练，周末在线。' }), text: '原神 / 星铁双修，深渊 12 层稳定满星。\n\n接攻略、陪练，周末在线。', verified: true },
  source: SRC,
  balances: [
    { token: COMMUNITY.pointsToken, communityId: '1', symbol: 'STAR', name: COMMUNITY.name, balance: '245' },
    { token: GENSHIN.pointsToken, communityId: '2', symbol: 'MORA', name: GENSHIN.name, balance: '1200' },
  ],
  memberships: [member(GENSHIN, { joinedAt: NOW - 80 * D }), member(HSR, { isAdmin: true, joinedAt: NOW - 30 * D }), member(COMMUNITY, { joinedAt: NOW - 12 * D }), member({ ...COMMUNITY, id: '4', name: '已退出的社区' }, { status: 'LEFT' })],
  credits: [{ contract: CONTRACTS.TaskMarket, token: ZERO, owed: '20000000000000000' }],
}
// counterpartyUser: the API names a registered player on the other side (null otherwise).
const entry = (id, amount, reason, counterparty, ago, token = COMMUNITY.pointsToken) => ({
  id, communityId: token === COMMUNITY.pointsToken ? '1' : '2', token, amount, counterparty,
  counterpartyUser: NAMES[counterparty] ? user(counterparty, NAMES[counterparty]) : null, reason, createdAt: NOW - ago, source: SRC })
const history = [
  entry('20', '30', 'task payout', CONTRACTS.TaskMarket, 2 * H),
  entry('19', '100', '周年庆典活动奖励', ZERO, 6 * H, GENSHIN.pointsToken),
  entry('18', '-120', 'mall payment', CONTRACTS.PointMall, 20 * H),
  entry('17', '40', 'mall refund', CONTRACTS.PointMall, 30 * H),
  entry('16', '-25', 'transfer', PUB, 2 * D),
  entry('15', '60', 'exchange', CONTRACTS.PointExchange, 3 * D, GENSHIN.pointsToken),
  entry('14', '-40', 'exchange escrow', CONTRACTS.PointExchange, 4 * D, GENSHIN.pointsToken),
  entry('13', '15', 'transfer', OTHER, 5 * D),
  entry('12', '5', 'award', ZERO, 6 * D),
  entry('11', '-10', 'task escrow', CONTRACTS.TaskMarket, 8 * D),
]
// The market: what the API would return for a filter (deadlineFrom and status honoured).
const marketTasks = [
  task({ id: '21', status: 'OPEN', title: '代打深境螺旋 12 层满星（自带配队）', claimerAddress: null, claimer: null, deadline: CHAIN + 3 * D, createdAt: NOW - 3 * H, community: GENSHIN, communityId: '2', rewardToken: GENSHIN.pointsToken, reward: '300' }),
  task({ id: '20', status: 'OPEN', title: '求带：模拟宇宙 第八世界 全成就', claimerAddress: null, claimer: null, deadline: CHAIN + 5 * H, createdAt: NOW - 20 * H, community: HSR, communityId: '3' }),
  task({ id: '8', status: 'OPEN', title: '王者荣耀 五排上分陪玩，今晚 8 点', claimerAddress: null, claimer: null, deadline: NOW - 2 * D, createdAt: NOW - 9 * D, community: GENSHIN, communityId: '2', rewardToken: GENSHIN.pointsToken, reward: '80' }),
  task({ id: '7', status: 'CLAIMED' }),
  task({ id: '5', status: 'COMPLETED', title: '原神 4.8 版本角色培养攻略征稿', claimerAddress: OTHER, claimer: user(OTHER, 'dave'), deadline: NOW - 10 * D, createdAt: NOW - 20 * D, community: GENSHIN, communityId: '2', rewardToken: GENSHIN.pointsToken, reward: '150' }),
]
const bobTasks = [task({ id: '7' }), task({ id: '6', title: '录制 Boss 无伤视频', status: 'CLAIMED', deadline: NOW - D, createdAt: NOW - 8 * D })]
const tasksPage = (nodes) => ({ tasks: { totalCount: nodes.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes } })
const seenFilters = []
const rewardSortWithoutToken = []

// Offset cursors, as the API's: a page of `all` after `vars.after`, `vars.first` long.
const paged = (all, vars) => {
  const from = vars.after ? Number(vars.after) + 1 : 0
  const nodes = all.slice(from, from + (vars.first ?? 20))
  const end = from + nodes.length - 1
  return { totalCount: all.length, pageInfo: { hasNextPage: end < all.length - 1, endCursor: nodes.length ? String(end) : null }, nodes }
}
const POST_TITLES = ['本周组队公告：周五晚 9 点开荒', '新版本深渊配队思路分享', '萌新求助：圣遗物怎么刷', '公会活动积分发放说明', '晒晒我的满命角色', '副本掉率实测（100 次）']
const posts = Array.from({ length: 46 }, (_, i) => ({
  id: String(100 - i), title: POST_TITLES[i % POST_TITLES.length] + (i >= POST_TITLES.length ? ` #${46 - i}` : ''), communityId: '1',
  authorAddress: [PUB, CLAIMER, OTHER][i % 3], author: user([PUB, CLAIMER, OTHER][i % 3], NAMES[[PUB, CLAIMER, OTHER][i % 3]]),
  removed: false, pinned: false, likeCount: (i * 7) % 23, commentCount: (i * 3) % 11, createdAt: NOW - i * 5 * H, editedAt: null, content: doc('…'), source: SRC,
}))
const members = Array.from({ length: 128 }, (_, i) => {
  const account = '0x' + (i + 1).toString(16).padStart(40, 'a')
  return { communityId: '1', account, user: user(account, `player${i + 1}`), isAdmin: i < 2, status: 'MEMBER', joinedAt: NOW - i * D, source: SRC }
})
const communityOptions = [GENSHIN, COMMUNITY, HSR].map((c, i) => ({ ...c, memberCount: [512, 128, 64][i] }))
const searchHits = (q) => ({
  tasks: marketTasks.filter((t) => t.title.includes(q) || q === '星').slice(0, 3).map((t) => ({ id: t.id, title: t.title, status: t.status })),
  communities: communityOptions.filter((c) => c.name.includes(q) || c.theme.includes(q)).map((c) => ({ id: c.id, name: c.name, theme: c.theme, memberCount: c.memberCount })),
  posts: [{ id: '95', title: '星穹铁道 2.3 忘却之庭满星攻略', communityId: '3' }, { id: '88', title: '星琼速刷路线整理', communityId: '3' }],
  items: [
    { id: '4', name: '星辉团旗（限定）', price: '120', token: COMMUNITY.pointsToken, community: { pointsSymbol: 'STAR' }, metadata: doc('A banner') },
    { id: '9', name: '星琼补给包 ×60', price: '300', token: GENSHIN.pointsToken, community: { pointsSymbol: 'MORA' }, metadata: doc('') },
  ],
  users: [
    { address: CLAIMER, username: 'StarBob', verified: true, profile: { hash: '0x' + '55'.repeat(32), json: JSON.stringify({ displayName: '鲍勃' }), text: '', verified: true } },
    { address: OTHER, username: 'starlight_dave', verified: true, profile: doc('') },
  ],
})

const item = { id: '4', communityId: '1', community: COMMUNITY, token: COMMUNITY.pointsToken, name: 'Raid banner', price: '130', stock: 9, active: true, ratingCount: 0, rating: null, sold: 3, createdAt: NOW - 9 * D, metadata: doc('A banner'), source: SRC }

// A community bob belongs to, and the mall's grid (long names, no picture, sold out).
const post = (id, title, text, over = {}) => ({ id, title, communityId: '1', authorAddress: PUB, author: user(PUB, 'alice'), removed: false, pinned: false, likeCount: 12, commentCount: 3, createdAt: NOW - 5 * H, editedAt: null, content: doc(text), source: SRC, ...over })
const communityPage = {
  community: { ...COMMUNITY, memberCount: 128, creatorAddress: PUB, creator: user(PUB, 'alice'), pointsName: 'Star shards', createdAt: NOW - 60 * D, description: doc('## 欢迎\n每周六晚 **8 点** 组队刷本，新人请先看置顶帖。'), source: SRC },
  pinned: { nodes: [post('9', '【必看】新人指南与开荒配队', '先读完再提问：配队、练度、深渊打法。', { pinned: true })] },
  recent: { totalCount: 2, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [post('10', '今晚 8 点深渊 12 层车队，缺一个奶', '来个练度够的奶妈，语音在群里。'), post('11', 'Boss 无伤录像分享', '录像链接在楼下，欢迎交流。', { authorAddress: OTHER, author: user(OTHER, 'dave') })] },
  members: { totalCount: 3, nodes: [member(COMMUNITY, { account: PUB, user: user(PUB, 'alice'), isAdmin: true }), member(COMMUNITY), member(COMMUNITY, { account: OTHER, user: user(OTHER, 'dave') })] },
}
const mallItems = [
  item,
  { ...item, id: '5', name: '限定版星穹列车主题鼠标垫（超大号加厚锁边）', price: '880', stock: 3, rating: 4.5, ratingCount: 8, metadata: doc('星穹铁道官方授权，900×400 mm。') },
  { ...item, id: '6', name: '原神 角色立牌', price: '260', stock: 0, community: GENSHIN, communityId: '2', token: GENSHIN.pointsToken, metadata: doc('亚克力立牌，随机角色。') },
  { ...item, id: '7', name: '代练一次：深境螺旋 12 层', price: '1500', stock: 20, rating: 5, ratingCount: 2, metadata: doc('满星，三天内完成。') },
]
// The home page (HomeFeed, HomeTimed, HomeMine, Banners) and the banner manager (AdminBanners).
// Pictures are content-store hashes served at /media/<hash> (answered below by kind).
const PIC = { scene: '0x' + 'ad'.repeat(32), raid: '0x' + 'ae'.repeat(32), genshin: '0x' + 'a1'.repeat(32), hsr: '0x' + 'a2'.repeat(32) }
const withJson = (d, fields) => ({ ...d, json: JSON.stringify({ text: d.text, ...fields }) })
const homePost = (id, title, community, author, likeCount, commentCount, ago, text, images = []) => ({
  id, title, communityId: community.id, community, authorAddress: author, author: user(author, NAMES[author]), removed: false, pinned: false,
  likeCount, commentCount, createdAt: CHAIN - ago, editedAt: null, content: withJson(doc(text), images.length ? { images } : {}), source: SRC })
const hotAllTime = [
  homePost('41', '深境螺旋 12 层满星配队思路（4.8 版本）', GENSHIN, PUB, 86, 34, 20 * D, '主 C 选择、双火 vs 雷国，附每间的打法要点。', [PIC.scene]),
  homePost('42', '模拟宇宙第八世界：巡猎命途零氪通关记录', HSR, OTHER, 51, 12, 12 * D, '全程录像，遗器只用了紫色。'),
  homePost('43', 'Starfall 团本开荒：新手入门 FAQ', COMMUNITY, ADMIN, 23, 9, 30 * D, '职业选择、装备等级、开荒时间表。', [PIC.raid]),
  homePost('44', '求组：周末固定队，晚上 8 点后', COMMUNITY, CLAIMER, 0, 2, 2 * D, '会语音，能听指挥。'),
]
const hotRecent = [
  homePost('45', '新版本角色强度榜（本周更新）', GENSHIN, OTHER, 31, 27, 2 * D, '按深渊使用率和上手难度排序，欢迎补充。'),
  homePost('41', '深境螺旋 12 层满星配队思路（4.8 版本）', GENSHIN, PUB, 86, 34, 20 * D, '主 C 选择、双火 vs 雷国，附每间的打法要点。', [PIC.scene]),
]
const myFeed = [
  homePost('46', '【活动】周年庆典：发帖即送 50 MORA', GENSHIN, ADMIN, 12, 40, 3 * H, '活动持续 7 天，详见正文。'),
  homePost('45', '新版本角色强度榜（本周更新）', GENSHIN, OTHER, 31, 27, 2 * D, '按深渊使用率和上手难度排序，欢迎补充。'),
  homePost('47', '这周谁一起刷忘却之庭？', HSR, PUB, 3, 6, 3 * D, ''),
]
const ETH_TASKS = [
  task({ id: '30', status: 'OPEN', title: '帮忙录制深渊 12-3 无伤视频（可剪辑）', claimerAddress: null, claimer: null, deadline: CHAIN + 6 * D, community: GENSHIN, communityId: '2', reward: '200000000000000000' }),
  task({ id: '20', status: 'OPEN', title: '求带：模拟宇宙 第八世界 全成就', claimerAddress: null, claimer: null, deadline: CHAIN + 5 * H, createdAt: NOW - 20 * H, community: HSR, communityId: '3' }),
]
const SOON_TASKS = [
  ETH_TASKS[1],
  task({ id: '31', status: 'OPEN', title: 'Starfall 周常代打（三个角色）', claimerAddress: null, claimer: null, deadline: CHAIN + 26 * H, community: COMMUNITY, communityId: '1', rewardToken: COMMUNITY.pointsToken, reward: '120' }),
  task({ id: '21', status: 'OPEN', title: '代打深境螺旋 12 层满星（自带配队）', claimerAddress: null, claimer: null, deadline: CHAIN + 3 * D, community: GENSHIN, communityId: '2', rewardToken: GENSHIN.pointsToken, reward: '300' }),
  ETH_TASKS[0],
]
const community = (c, memberCount, text, image) => ({ ...c, memberCount, creatorAddress: PUB, creator: user(PUB, 'alice'), pointsName: c.pointsSymbol ? `${c.name} 积分` : null, createdAt: NOW - 60 * D, description: withJson(doc(text), image ? { image } : {}), source: SRC })
const homeCommunities = [
  community(GENSHIN, 1284, '原神玩家的攻略、组队与同人创作。', PIC.genshin),
  community(HSR, 642, '星铁配队研究与模拟宇宙路线。', PIC.hsr),
  community(COMMUNITY, 128, 'Starfall 团本开荒与公会招募。'),
  community({ id: '5', name: 'Apex 猎杀者联盟', theme: 'Apex 英雄', pointsToken: null, pointsSymbol: null }, 57, ''),
]
const homeItems = [
  item,
  { ...item, id: '5', name: '提瓦特冒险团 定制鼠标垫', price: '800', token: GENSHIN.pointsToken, community: GENSHIN, communityId: '2', stock: 20, rating: 4.5, ratingCount: 6, metadata: { ...doc('加厚锁边，印有冒险团徽章。'), json: JSON.stringify({ text: '加厚锁边，印有冒险团徽章。', image: '/media/item-mousepad.svg' }) } },
  { ...item, id: '6', name: '深渊陪练 1 小时', price: '300', token: GENSHIN.pointsToken, community: GENSHIN, communityId: '2', stock: 0, metadata: doc('由满星玩家语音陪练。') },
  { ...item, id: '7', name: 'Starfall 公会头像框', price: '60', stock: 99, metadata: doc('限时兑换') },
]
const MEDIA = '0x' + 'ee'.repeat(32)
let banners = [
  { id: 1, title: '周年庆典：发帖、做任务，积分翻倍', subtitle: '12 月 8 日至 15 日，所有社区积分奖励 ×2', image: MEDIA, link: '/game-community/2', position: 0, active: true, updatedAt: NOW - 2 * H },
  { id: 2, title: '星穹铁道研究所招新', subtitle: '一起研究配队与模拟宇宙路线，新人有专人带', image: null, link: '/game-community/3', position: 10, active: true, updatedAt: NOW - D },
  { id: 3, title: 'ETH 悬赏任务专区', subtitle: '', image: null, link: 'https://event.example/eth-week', position: 20, active: false, updatedAt: NOW - 5 * D },
]
const BANNER_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 300"><defs><linearGradient id="g" x1="0" x2="1" y1="0" y2="1"><stop offset="0" stop-color="#0b132b"/><stop offset="1" stop-color="#3a0ca3"/></linearGradient></defs><rect width="1200" height="300" fill="url(#g)"/>${Array.from({ length: 60 }, (_, i) => `<circle cx="${(i * 137) % 1200}" cy="${(i * 71) % 300}" r="${1 + (i % 3)}" fill="#fff" opacity=".7"/>`).join('')}<circle cx="980" cy="150" r="110" fill="#f72585" opacity=".8"/><circle cx="1040" cy="110" r="60" fill="#ffd166" opacity=".9"/></svg>`
const SCENE_SVG = (a, b, c) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200"><rect width="320" height="200" fill="${a}"/><path d="M0 150 L80 90 L150 140 L230 70 L320 130 V200 H0Z" fill="${b}"/><circle cx="250" cy="50" r="26" fill="${c}"/></svg>`
const ICON_SVG = (bg, glyph) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="20" fill="${bg}"/><text x="48" y="64" font-size="44" text-anchor="middle" fill="#fff">${glyph}</text></svg>`
function mediaBody(url) {
  if (url.includes('item-mousepad')) return ITEM_SVG
  if (url.includes(PIC.scene.slice(2, 12))) return SCENE_SVG('#1b263b', '#415a77', '#e0e1dd')
  if (url.includes(PIC.raid.slice(2, 12))) return SCENE_SVG('#2b2d42', '#8d99ae', '#ef233c')
  if (url.includes(PIC.genshin.slice(2, 12))) return ICON_SVG('#0077b6', '原')
  if (url.includes(PIC.hsr.slice(2, 12))) return ICON_SVG('#6a4c93', '铁')
  return BANNER_SVG
}
const ITEM_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><rect width="400" height="300" fill="#1d3557"/><rect x="60" y="70" width="280" height="160" rx="24" fill="#457b9d"/><circle cx="200" cy="150" r="48" fill="#f1faee"/><text x="200" y="166" font-size="44" text-anchor="middle" fill="#e63946">冒</text></svg>`

/** The dev chain's JSON-RPC, as far as the pages read it: the clock and TaskMarket.reviewPeriod(). */
function rpcAnswer(req) {
  const hex = (n) => '0x' + n.toString(16)
  switch (req.method) {
    case 'eth_chainId': return hex(31337)
    case 'eth_blockNumber': return hex(120)
    case 'eth_getBlockByNumber':
      return { number: req.params[0] === 'pending' ? null : hex(120), hash: req.params[0] === 'pending' ? null : '0x' + 'cd'.repeat(32), parentHash: '0x' + 'ce'.repeat(32), timestamp: hex(CHAIN), transactions: [], gasLimit: hex(30_000_000), gasUsed: '0x0', baseFeePerGas: '0x1', miner: '0x' + '00'.repeat(20), extraData: '0x', logsBloom: '0x' + '00'.repeat(256), difficulty: '0x0', nonce: '0x0000000000000000', sha3Uncles: '0x' + '00'.repeat(32), size: '0x0', stateRoot: '0x' + '00'.repeat(32), receiptsRoot: '0x' + '00'.repeat(32), transactionsRoot: '0x' + '00'.repeat(32), uncles: [] }
    case 'eth_getBalance': return hex(5n * 10n ** 16n)
    case 'eth_call': return '0x' + REVIEW_PERIOD.toString(16).padStart(64, '0')
    default: return null
  }
}

function answer(op, vars, sc) {
  const sponsored = sponsorAnswer(op, vars, sc)
  if (sponsored !== undefined) return sponsored
  const own = walletAnswer(op, vars, sc)
  if (own !== undefined) return own
  const notified = notifyAnswer(op, vars, sc)
  if (notified !== undefined) return notified
  const me = { address: sc.viewer, username: NAMES[sc.viewer], verified: true, profileHash: '0x' + '00'.repeat(32), registeredAt: NOW - 90 * D, roles: sc.roles, profile: doc(''), source: SRC }
  switch (op) {
    case 'Me': return { me }
    case 'UserRef': return { user: NAMES[vars.address] ? { ...user(vars.address, NAMES[vars.address]), roles: [] } : null }
    case 'UserPage': return { user: bobPage }
    case 'MyContact': return { me: { address: sc.viewer, email: 'bob@example.com', phone: null, emailVerified: true, hasPassword: true } }
    case 'PointHistory': return { pointHistory: { totalCount: history.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: history } }
    case 'Tasks': {
      const f = vars.filter ?? {}
      seenFilters.push(f)
      if (f.claimer) return tasksPage(bobTasks)
      // As the API: REWARD needs a token and sorts its amounts as numbers.
      if (vars.orderBy?.field === 'REWARD' && !f.rewardToken) rewardSortWithoutToken.push(vars)
      const rows = marketTasks.filter((t) => (!f.status || t.status === f.status) && (f.deadlineFrom == null || t.deadline >= f.deadlineFrom)
        && (!f.rewardToken || t.rewardToken.toLowerCase() === f.rewardToken.toLowerCase())
        && (!f.communityId || t.communityId === f.communityId) && (f.deadlineTo == null || t.deadline <= f.deadlineTo))
      if (vars.orderBy?.field === 'REWARD') rows.sort((a, b) => (BigInt(b.reward) > BigInt(a.reward) ? 1 : BigInt(b.reward) < BigInt(a.reward) ? -1 : 0))
      return tasksPage(rows)
    }
    case 'Task': return { task: sc.task }
    case 'PointTokens': return { communities: { nodes: [COMMUNITY, GENSHIN, HSR] } }
    case 'Membership':
      return { members: { nodes: sc.member ? [{ communityId: '1', account: sc.viewer, user: user(sc.viewer, me.username), status: 'MEMBER', joinedAt: NOW - 60 * D, source: SRC, ...sc.member }] : [] } }
    case 'AdminSince': return { members: { nodes: sc.member ? [{ adminSince: sc.member.adminSince }] : [] } }
    case 'Comments': return { comments: { totalCount: comments.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: comments } }
    case 'Document': return { document: doc('Video: https://video.example/raid-run') }
    case 'Orders': return { orders: { totalCount: orders.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: orders } }
    case 'ItemRef': return { item }
    case 'Community': return communityPage
    case 'Items': return { items: { totalCount: mallItems.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: mallItems } }
    case 'HomeFeed':
      if (sc.home === 'empty') return { hotPosts: { nodes: [] }, communities: { nodes: [] }, items: { nodes: [] } }
      return { hotPosts: { nodes: hotAllTime }, communities: { nodes: homeCommunities }, items: { nodes: homeItems } }
    case 'HomeTimed': {
      seenFilters.push(vars.soonFilter, vars.bestFilter)
      if (vars.bestOrder?.field === 'REWARD' && !vars.bestFilter?.rewardToken) rewardSortWithoutToken.push(vars)
      if (Math.abs(vars.since - (CHAIN - 7 * D)) > 60) problems.push(`home: hot posts not cut at the chain's time: ${vars.since}`)
      const empty = sc.home === 'empty'
      const page = (rows) => ({ totalCount: rows.length, nodes: empty ? [] : rows })
      return { hotRecent: { nodes: empty ? [] : hotRecent }, soon: page(SOON_TASKS), best: page(ETH_TASKS) }
    }
    case 'HomeMine': {
      if (vars.me !== sc.viewer) problems.push(`home: my sections asked for ${vars.me}`)
      if (sc.home === 'empty') return { user: { address: sc.viewer, memberships: [] }, myFeed: { nodes: [] }, myTasks: { totalCount: 0, nodes: [] } }
      const mineTasks = [task({ id: '7', deadline: CHAIN + 2 * D }), task({ id: '9', title: '原神 4.8 版本角色培养攻略征稿', status: 'SUBMITTED', community: GENSHIN, communityId: '2', rewardToken: GENSHIN.pointsToken, reward: '150', deadline: CHAIN + 5 * D })]
      return { user: { address: sc.viewer, memberships: bobPage.memberships.map((m) => ({ communityId: m.communityId, status: m.status })) }, myFeed: { nodes: myFeed }, myTasks: { totalCount: mineTasks.length, nodes: mineTasks } }
    }
    case 'Banners': return { banners: sc.home === 'full' ? banners.filter((b) => b.active) : [] }
    case 'AdminBanners':
      if (!sc.roles.includes('SYSTEM_ADMIN')) return null
      return { banners }
    case 'SaveBanner': {
      const input = vars.input
      if (!/^(\/(?!\/)|https:\/\/)/.test(input.link || '/')) return null
      const saved = { ...banners.find((b) => b.id === input.id), ...input, updatedAt: NOW }
      banners = banners.map((b) => (b.id === input.id ? saved : b))
      return { saveBanner: saved }
    }
    case 'Users': return { users: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ ...me, roles: sc.roles }] } }
    case 'PublisherApplications': return { publisherApplications: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }
    case 'RecoveryRequests': return { recoveryRequests: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }
    case 'Settings': return { settings: [] }
    // The community page's lists: long ones (46 posts, 128 members) for the paging shots.
    case 'Posts': return { posts: paged(sc.prefix === 'browse' ? posts : communityPage.recent.nodes, vars) }
    case 'Members': return { members: paged(sc.prefix === 'browse' ? members : communityPage.members.nodes, vars) }
    case 'CommunityRef': return { community: communityOptions.find((c) => c.id === vars.id) ?? null }
    case 'CommunityOptions': return { communities: { nodes: communityOptions.filter((c) => !vars.name || c.name.includes(vars.name)) } }
    case 'Search': return { search: searchHits(vars.query) }
    case 'IndexerStatus': return { indexerStatus: { chainId: 31337, headBlock: 120, indexedBlock: 120, lagBlocks: 0 } }
    default: return null
  }
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json' }
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
  let file = join(DIST, path)
  try {
    if (!(await stat(file)).isFile()) throw new Error('dir')
  } catch {
    file = join(DIST, 'index.html')
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
  res.end(await readFile(file))
})
await new Promise((r) => server.listen(0, '127.0.0.1', r))

// Contract function names a player must never read.
const FUNCTION_NAMES = ['claimTask', 'expireTask', 'finalizeUnreviewed', 'releaseClaim', 'submitWork', 'approveWork', 'rejectWork', 'openDispute', 'resolveDispute', 'abandonTask', 'cancelTask', 'checkout', 'permit', 'createOffer', 'acceptOffer', 'withdrawTo']
/** Issue 13 items 10 and 14, as a player would check them: what is closed, what is named, what is big enough to tap. */
async function chainChecks(page, sc, width, shown) {
  const out = []
  const panels = await page.locator('[data-test="chain-details"]:visible').count()
  if (sc.auditor && panels === 0 && (await page.locator('.chain-details').count()) > 0) out.push('auditor mode on, but no 链上详情 open')
  if (!sc.auditor && panels !== (sc.expectOpen ?? 0)) out.push(`${panels} 链上详情 open, expected ${sc.expectOpen ?? 0}`)
  if (!sc.auditor && !sc.expectOpen && /0xabab|内容已校验|Content verified/.test(shown)) out.push('a transaction hash or 内容已校验 shows with the details closed')
  const names = FUNCTION_NAMES.filter((n) => shown.includes(n))
  if (names.length) out.push(`contract function names on the page: ${names.join(', ')}`)
  const tabs = page.locator('[data-test="bottom-tabs"]')
  if (width < 768) {
    if (!(await tabs.isVisible())) out.push('no bottom tab bar on the phone')
    else {
      const active = await page.locator('.bottom-tab.active').getAttribute('data-test').catch(() => null)
      if (sc.tab && active !== `tab-${sc.tab}`) out.push(`active tab ${active}, expected tab-${sc.tab}`)
      if (await page.locator('.navbar .main-menu').isVisible()) out.push('the header menu still shows above the tab bar')
      // Nothing hides behind the bar: the footer ends above it when scrolled to the bottom.
      const hidden = await page.evaluate(async () => {
        window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' })
        await new Promise((r) => requestAnimationFrame(() => r()))
        const bar = document.querySelector('[data-test="bottom-tabs"]').getBoundingClientRect()
        const foot = document.querySelector('.site-footer').getBoundingClientRect()
        return foot.bottom > bar.top + 1 ? `footer ends at ${Math.round(foot.bottom)}, the bar starts at ${Math.round(bar.top)}` : ''
      })
      if (hidden) out.push(`the page ends behind the tab bar (${hidden})`)
      await page.evaluate(() => window.scrollTo(0, 0))
    }
    const small = await page.evaluate(() => {
      const sel = 'button, .el-button, .el-tabs__item, .bottom-tab, .me-row, .el-radio-button__inner, .el-switch, .post-title, .footer-links a, .top-links > a, .icon-btn'
      return [...document.querySelectorAll(sel)]
        .filter((el) => el.offsetParent !== null && !el.closest('.el-dialog, .el-popper, .home-carousel, .carousel'))
        .map((el) => ({ h: Math.round(el.getBoundingClientRect().height), text: (el.innerText || el.getAttribute('aria-label') || el.className).trim().slice(0, 20) }))
        .filter((e) => e.h > 0 && e.h < 44)
    })
    if (small.length) out.push(`tap targets under 44 px: ${small.map((e) => `${e.text} (${e.h})`).join('; ')}`)
  } else if (await tabs.isVisible()) out.push('the bottom tab bar shows on a wide screen')
  return out
}
const BASE = `http://127.0.0.1:${server.address().port}`

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const unknown = new Set()
const problems = []
try {
  for (const sc of chosen) {
    for (const [label, width, height, locale] of [['1440', 1440, 1000, 'en'], ['390', 390, 1500, 'zh-CN']]) {
      const context = await browser.newContext({ viewport: { width, height }, locale })
      await context.addInitScript(([addr, loc, cart, auditor]) => {
        if (addr) localStorage.setItem('gq.session', JSON.stringify({ token: 'fixture', address: addr, expiresAt: Math.floor(Date.now() / 1000) + 3600 }))
        localStorage.setItem('gq.locale', loc)
        if (cart) localStorage.setItem('gq.cart', JSON.stringify(cart))
        if (auditor) localStorage.setItem('gq.auditor', '1')
      }, [sc.viewer, locale, sc.cart ?? null, !!sc.auditor])
      if (sc.init) await context.addInitScript(...sc.init)
      const page = await context.newPage()
      for (const [pattern, handler] of sc.routes ?? []) await page.route(pattern, handler)
      page.on('pageerror', (e) => problems.push(`${sc.name}@${label}: ${e.message}`))
      await page.route('**/config.json', (r) =>
        r.fulfill({ json: { chainId: 31337, startBlock: 0, rpcUrl: `${BASE}/rpc`, contracts: CONTRACTS } }),
      )
      await page.route('**/media/**', (r) =>
        r.fulfill({ contentType: 'image/svg+xml', body: mediaBody(r.request().url()) }),
      )
      await page.route('**/rpc', (r) => {
        const body = JSON.parse(r.request().postData() ?? '{}')
        const one = (q) => ({ jsonrpc: '2.0', id: q.id, result: rpcAnswer(q) })
        return r.fulfill({ json: Array.isArray(body) ? body.map(one) : one(body) })
      })
      await page.route('**/graphql', async (r) => {
        // A slow API: the home page's placeholders stay up (Me answers, the sections wait).
        if (sc.slow && !/query\s+(Me|UserRef)\b/.test(r.request().postData() ?? '')) {
          await new Promise((done) => setTimeout(done, 6000))
          return r.abort().catch(() => {})
        }
        const body = JSON.parse(r.request().postData() ?? '{}')
        const op = /^\s*(?:query|mutation)\s+(\w+)/.exec(body.query ?? '')?.[1] ?? '?'
        const data = answer(op, body.variables ?? {}, sc)
        // A refusal the scenario wants to show (the API's BAD_INPUT for a duplicate report).
        if (op === 'CreateReport') return r.fulfill({ json: { data: null, errors: [{ message: 'an open report of yours exists', extensions: { code: 'BAD_INPUT' } }] } })
        // A refusal the scenario answers with (the relayer's RATE_LIMITED QUOTA).
        if (data?.__errors) return r.fulfill({ json: { data: null, errors: data.__errors } })
        if (data === null) unknown.add(op)
        return r.fulfill({ json: data === null ? { data: null, errors: [{ message: `no fixture for ${op}`, extensions: { code: 'NOT_FOUND' } }] } : { data } })
      })
      await page.goto(`${BASE}${sc.path ?? '/task-market/7'}`)
      if (sc.act) await sc.act(page)
      if (sc.act && sc.expectOpen) await page.waitForTimeout(300)
      if (sc.ready) await page.locator(sc.ready).first().waitFor()
      else {
        await page.locator('[data-test="task-title"]').waitFor()
        await page.locator('[data-test="comment"]').first().waitFor()
      }
      await page.waitForTimeout(sc.path ? 300 : 1200)
      if (sc.open) {
        await page.locator(`[data-test="${sc.open}"]`).first().click()
        await page.locator('[data-test="logout"]').first().waitFor()
        await page.waitForTimeout(300)
      }
      if (sc.path === '/index/' && width >= 1024 && (await page.locator('.main-menu .el-sub-menu__hide-arrow').count()) > 0) {
        problems.push(`${sc.name}@${label}: the nav folded into "•••"`)
      }
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)
      if (wide) problems.push(`${sc.name}@${label}: the page scrolls sideways`)
      const out = join(SHOTS, `${sc.prefix ?? 'task'}-${sc.name}-${label}.png`)
      await page.screenshot({ path: out, fullPage: true })
      const visible = async (id) => (await page.locator(`[data-test="${id}"]`).count()) > 0
      console.log(out, JSON.stringify({
        release: await visible('release-claim'), releaseWait: await visible('release-wait'), settle: await visible('settle-dispute'),
        settleWait: await visible('settle-wait'), resolve: await visible('resolve'), removeComment: await page.locator('[data-test^="remove-comment-"]').count(),
        claim: await visible('claim'), claimDisabled: (await visible('claim')) && (await page.locator('[data-test="claim"]').first().isDisabled()),
        claimGate: (await visible('claim-blocked')) ? await page.locator('[data-test="claim-blocked"]').first().getAttribute('data-reason') : null,
        finalize: await visible('finalize'), finalizeWait: await visible('finalize-wait'), signIn: await visible('sign-in-to-act'), commentGate: await visible('comment-gate'),
        orderCancel: await page.locator('[data-test^="cancel-order-"]').count(), orderReserve: await page.locator('[data-test^="order-reserve-"]').count(),
        expire: await visible('expire'), overdueNote: await visible('overdue-note'), overdueTags: await page.locator('[data-status="OVERDUE"]').count(),
        tasks: await page.locator('[data-task]').count(),
      }))
      const shown = await page.locator('body').innerText()
      if (sc.prefix === 'chain' || sc.checks) problems.push(...(await chainChecks(page, sc, width, shown)).map((p) => `${sc.name}@${label}: ${p}`))
      if (locale === 'zh-CN') {
        const raw = ['task payout', 'mall payment', 'mall refund', 'exchange escrow', 'task escrow', '0x0000000000000000000000000000000000000004'].filter((w) => shown.includes(w))
        if (raw.length) problems.push(`${sc.name}@${label}: raw labels on the page: ${raw.join(', ')}`)
      }
      await context.close()
    }
  }
} finally {
  await browser.close()
  server.close()
}
// The open list (market, home carousel) is cut by the chain's time (CHAIN, read over the RPC), never without it.
const cut = seenFilters.filter((f) => f.status === 'OPEN' && f.deadlineFrom != null)
if (rewardSortWithoutToken.length) problems.push(`market: sorted by reward without a token: ${JSON.stringify(rewardSortWithoutToken)}`)
if (chosen.some((sc) => sc.prefix === 'market') && (!cut.length || cut.some((f) => Math.abs(f.deadlineFrom - CHAIN) > 60))) problems.push(`market: the open list was not cut at the chain's time: ${JSON.stringify(seenFilters)}`)
if (unknown.size) console.log('operations without a fixture (answered NOT_FOUND):', [...unknown].join(', '))
if (problems.length) {
  console.error(problems.join('\n'))
  process.exit(1)
}
