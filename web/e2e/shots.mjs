#!/usr/bin/env node
// Screenshots of the new actions' pages without the stack: serves web/dist and
// answers /config.json and /graphql from fixtures (times relative to now), in headless
// Chromium (playwright-core, /usr/bin/chromium or $CHROMIUM). For looking at layouts at
// 390 and 1440 px; the real journey (journey.mjs) proves the behaviour against the chain.
//   npm run build && node e2e/shots.mjs      → e2e/screenshots/{task,orders,cart}-*.png
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { mkdirSync } from 'node:fs'
import { dirname, extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

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
const SRC = { blockNumber: 120, txHash: '0x' + 'ab'.repeat(32) }
const doc = (text) => ({ hash: '0x' + '11'.repeat(32), json: JSON.stringify({ text }), text, verified: true })
const user = (address, username) => ({ address, username, verified: true })
const COMMUNITY = { id: '1', name: 'Starfall Raiders', theme: 'Starfall', pointsToken: '0x' + '22'.repeat(20), pointsSymbol: 'STAR' }

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
  { name: 'profile-menu', prefix: 'nav', path: '/index/', ready: '.main-menu', viewer: CLAIMER, roles: [], member: null, open: 'username' },
  { name: 'home', prefix: 'nav', path: '/index/', ready: '.main-menu', viewer: null, roles: [], member: null },
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
]

const order = (id, status, over = {}) => ({
  id, itemId: '4', itemName: 'Raid banner', item: { community: { pointsSymbol: 'STAR' } }, communityId: '1', buyer: CLAIMER, quantity: 2, amount: '240',
  token: COMMUNITY.pointsToken, status, reviewed: false, createdAt: NOW - 2 * H, updatedAt: NOW - 2 * H, expiresAt: NOW + 22 * H, source: SRC, ...over,
})
const orders = [order('12', 'ORDERED'), order('11', 'ORDERED', { createdAt: NOW - 30 * H, expiresAt: NOW - 6 * H }), order('10', 'PAID', { createdAt: NOW - 3 * D })]
const item = { id: '4', communityId: '1', community: COMMUNITY, token: COMMUNITY.pointsToken, name: 'Raid banner', price: '130', stock: 9, active: true, ratingCount: 0, rating: null, sold: 3, createdAt: NOW - 9 * D, metadata: doc('A banner'), source: SRC }

/** The dev chain's JSON-RPC, as far as the pages read it: the clock and TaskMarket.reviewPeriod(). */
function rpcAnswer(req) {
  const hex = (n) => '0x' + n.toString(16)
  switch (req.method) {
    case 'eth_chainId': return hex(31337)
    case 'eth_blockNumber': return hex(120)
    case 'eth_getBlockByNumber':
      return { number: req.params[0] === 'pending' ? null : hex(120), hash: req.params[0] === 'pending' ? null : '0x' + 'cd'.repeat(32), parentHash: '0x' + 'ce'.repeat(32), timestamp: hex(CHAIN), transactions: [], gasLimit: hex(30_000_000), gasUsed: '0x0', baseFeePerGas: '0x1', miner: '0x' + '00'.repeat(20), extraData: '0x', logsBloom: '0x' + '00'.repeat(256), difficulty: '0x0', nonce: '0x0000000000000000', sha3Uncles: '0x' + '00'.repeat(32), size: '0x0', stateRoot: '0x' + '00'.repeat(32), receiptsRoot: '0x' + '00'.repeat(32), transactionsRoot: '0x' + '00'.repeat(32), uncles: [] }
    case 'eth_call': return '0x' + REVIEW_PERIOD.toString(16).padStart(64, '0')
    default: return null
  }
}

function answer(op, vars, sc) {
  const me = { address: sc.viewer, username: NAMES[sc.viewer], verified: true, profileHash: '0x' + '00'.repeat(32), registeredAt: NOW - 90 * D, roles: sc.roles, profile: doc(''), source: SRC }
  switch (op) {
    case 'Me': return { me }
    case 'UserRef': return { user: { ...user(vars.address, me.username), roles: sc.roles } }
    case 'Task': return { task: sc.task }
    case 'Membership':
      return { members: { nodes: sc.member ? [{ communityId: '1', account: sc.viewer, user: user(sc.viewer, me.username), status: 'MEMBER', joinedAt: NOW - 60 * D, source: SRC, ...sc.member }] : [] } }
    case 'AdminSince': return { members: { nodes: sc.member ? [{ adminSince: sc.member.adminSince }] : [] } }
    case 'Comments': return { comments: { totalCount: comments.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: comments } }
    case 'Document': return { document: doc('Video: https://video.example/raid-run') }
    case 'Orders': return { orders: { totalCount: orders.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: orders } }
    case 'ItemRef': return { item }
    case 'Home':
      return {
        items: { nodes: [item] },
        tasks: { nodes: [{ id: '7', title: '困难模式通关深渊副本并录像', reward: '50000000000000000', rewardToken: '0x0000000000000000000000000000000000000000', community: COMMUNITY }] },
        communities: { nodes: [{ id: '1', name: COMMUNITY.name, theme: COMMUNITY.theme, memberCount: 128 }] },
      }
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
const BASE = `http://127.0.0.1:${server.address().port}`

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const unknown = new Set()
const problems = []
try {
  for (const sc of scenarios) {
    for (const [label, width, height, locale] of [['1440', 1440, 1000, 'en'], ['390', 390, 1500, 'zh-CN']]) {
      const context = await browser.newContext({ viewport: { width, height }, locale })
      await context.addInitScript(([addr, loc, cart]) => {
        if (addr) localStorage.setItem('gq.session', JSON.stringify({ token: 'fixture', address: addr, expiresAt: Math.floor(Date.now() / 1000) + 3600 }))
        localStorage.setItem('gq.locale', loc)
        if (cart) localStorage.setItem('gq.cart', JSON.stringify(cart))
      }, [sc.viewer, locale, sc.cart ?? null])
      const page = await context.newPage()
      page.on('pageerror', (e) => problems.push(`${sc.name}@${label}: ${e.message}`))
      await page.route('**/config.json', (r) =>
        r.fulfill({ json: { chainId: 31337, startBlock: 0, rpcUrl: `${BASE}/rpc`, contracts: Object.fromEntries(['Profiles', 'Communities', 'Posts', 'TaskMarket', 'PointMall', 'PointExchange'].map((n, i) => [n, '0x' + String(i + 1).padStart(40, '0')])) } }),
      )
      await page.route('**/rpc', (r) => {
        const body = JSON.parse(r.request().postData() ?? '{}')
        const one = (q) => ({ jsonrpc: '2.0', id: q.id, result: rpcAnswer(q) })
        return r.fulfill({ json: Array.isArray(body) ? body.map(one) : one(body) })
      })
      await page.route('**/graphql', (r) => {
        const body = JSON.parse(r.request().postData() ?? '{}')
        const op = /^\s*(?:query|mutation)\s+(\w+)/.exec(body.query ?? '')?.[1] ?? '?'
        const data = answer(op, body.variables ?? {}, sc)
        if (data === null) unknown.add(op)
        return r.fulfill({ json: data === null ? { data: null, errors: [{ message: `no fixture for ${op}`, extensions: { code: 'NOT_FOUND' } }] } : { data } })
      })
      await page.goto(`${BASE}${sc.path ?? '/task-market/7'}`)
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
      }))
      await context.close()
    }
  }
} finally {
  await browser.close()
  server.close()
}
if (unknown.size) console.log('operations without a fixture (answered NOT_FOUND):', [...unknown].join(', '))
if (problems.length) {
  console.error(problems.join('\n'))
  process.exit(1)
}
