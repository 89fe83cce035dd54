#!/usr/bin/env node
// Screenshots of the in-browser wallet (issue 15) without the stack: serves web/dist and
// answers /config.json, /graphql and the RPC from a fake API that keeps one account's
// salt, login hash and vault, in headless Chromium with NO injected wallet. The flows run
// for real in the page (PBKDF2, AES-GCM, IndexedDB): sign-up, the registration step, a
// reload that stays unlocked, a new tab that is locked, 设置 → 钱包 and the export dialog,
// sign-in elsewhere, the lost-key card after a reset and the recovery it leads to.
//   npm run build && node e2e/shots-gasless.mjs   → e2e/screenshots/gasless-*-{390,1440}.png
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
const CONTRACTS = Object.fromEntries(['Profiles', 'Communities', 'Posts', 'TaskMarket', 'PointMall', 'PointExchange', 'Forwarder'].map((n, i) => [n, '0x' + String(i + 1).padStart(40, '0')]))
const EMAIL = 'xiaoming@example.com'
const PASSWORD = 'no extension needed 2024'

/** The one account the fake API knows, and what it was sent. */
const api = { salt: '0x' + '5a'.repeat(32), loginHash: null, vault: null, walletLost: false, address: null, username: null, bodies: [] }
const problems = []

function answer(op, v, token) {
  const signedIn = !!token
  const session = (address, extra = {}) => ({ token: `t-${address}`, expiresAt: NOW + 3600, address, ...extra })
  const none = { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] }
  switch (op) {
    case 'PasswordSalt': return { passwordSalt: api.salt }
    case 'SignInWithPassword':
      if (v.password !== api.loginHash) return { error: 'UNAUTHENTICATED' }
      return { signInWithPassword: session(api.address, { walletVault: api.vault, walletLost: api.walletLost }) }
    case 'SiweNonce': return { siweNonce: 'n0nce' + NOW }
    case 'SignIn': {
      const address = /\n(0x[0-9a-fA-F]{40})\n/.exec(v.message)?.[1]
      if (!address) problems.push('SIWE message without an address')
      return { signIn: session(address) }
    }
    case 'Me': {
      const me = token === `t-${api.address}` && api.username
        ? { address: api.address, username: api.username, verified: false, profileHash: '0x' + '00'.repeat(32), registeredAt: NOW - 86400, roles: [], profile: null, source: { blockNumber: 9, txHash: '0x' + 'ab'.repeat(32), logIndex: 0 } }
        : null
      return { me }
    }
    case 'MyContact': return { me: signedIn ? { address: api.address, email: EMAIL, phone: null, emailVerified: false, hasPassword: !!api.loginHash } : null }
    case 'UpdateContact': return { updateContact: { email: v.email, phone: v.phone, emailVerified: false } }
    case 'SetPassword':
      if (api.loginHash && v.currentPassword !== api.loginHash) return { error: 'UNAUTHENTICATED' }
      Object.assign(api, { loginHash: v.password, salt: v.salt, vault: v.walletVault ?? null, walletLost: false })
      return { setPassword: true }
    case 'ResetPassword': return { resetPassword: true }
    case 'UserRef': return { user: null }
    case 'NotificationSettings': return { notificationSettings: [] }
    case 'BlockedUsers': return { blockedUsers: [] }
    case 'UnreadNotificationCount': return { unreadNotificationCount: 0 }
    case 'IndexerStatus': return { indexerStatus: { chainId: 31337, headBlock: 9, indexedBlock: 9, lagBlocks: 0 } }
    case 'Banners': return { banners: [] }
    case 'HomeFeed': return { hotPosts: { nodes: [] }, communities: { nodes: [] }, items: { nodes: [] } }
    case 'HomeTimed': return { hotRecent: { nodes: [] }, soon: { totalCount: 0, nodes: [] }, best: { totalCount: 0, nodes: [] } }
    case 'HomeMine': return { user: { address: v.me, memberships: [] }, myFeed: { nodes: [] }, myTasks: { totalCount: 0, nodes: [] } }
    case 'Tasks': return { tasks: none }
    default:
      problems.push(`no fixture for ${op}`)
      return { error: 'NOT_FOUND' }
  }
}

function rpcAnswer(req) {
  const hex = (n) => '0x' + n.toString(16)
  switch (req.method) {
    case 'eth_chainId': return hex(31337)
    case 'eth_blockNumber': return hex(9)
    case 'eth_getBlockByNumber': return { number: hex(9), hash: '0x' + 'cd'.repeat(32), timestamp: hex(NOW), transactions: [] }
    case 'eth_getBalance': return '0x0'
    default: return null
  }
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' }
const server = createServer(async (req, res) => {
  let file = join(DIST, normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, ''))
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

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })

async function newPlayer(width) {
  const context = await browser.newContext({ viewport: { width, height: width < 800 ? 844 : 900 }, locale: 'zh-CN' })
  await context.addInitScript(() => localStorage.setItem('gq.locale', 'zh-CN'))
  await context.route('**/config.json', (r) => r.fulfill({ json: { chainId: 31337, startBlock: 0, contracts: CONTRACTS, rpcUrl: `${BASE}/rpc` } }))
  await context.route('**/rpc', (r) => {
    const body = r.request().postDataJSON()
    const reply = (q) => ({ jsonrpc: '2.0', id: q.id, result: rpcAnswer(q) })
    return r.fulfill({ json: Array.isArray(body) ? body.map(reply) : reply(body) })
  })
  await context.route('**/graphql', (r) => {
    const raw = r.request().postData() ?? ''
    api.bodies.push(raw)
    const { query, variables } = JSON.parse(raw)
    const op = /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(query)?.[1]
    const token = (r.request().headers().authorization ?? '').replace(/^Bearer /, '') || null
    const data = answer(op, variables ?? {}, token)
    if (data.error) return r.fulfill({ json: { data: null, errors: [{ message: data.error.toLowerCase(), extensions: { code: data.error } }] } })
    return r.fulfill({ json: { data } })
  })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  const field = (id) => page.locator(`input[data-test="${id}"], [data-test="${id}"] input`).first()
  return { context, page, field, el: (id) => page.locator(`[data-test="${id}"]`).first() }
}

async function shot(page, name, width, full = true) {
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(SHOTS, `gasless-${name}-${width}.png`), fullPage: full })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  if (overflow > 1) problems.push(`${name}@${width}: horizontal overflow of ${overflow}px`)
}

for (const width of [390, 1440]) {
  Object.assign(api, { salt: '0x' + '5a'.repeat(32), loginHash: null, vault: null, walletLost: false, address: null, username: null })

  // 1. Sign-up on a browser without any wallet extension.
  const a = await newPlayer(width)
  await a.page.goto(`${BASE}/register/`)
  await a.el('signup-form').waitFor()
  await a.field('signup-contact').fill(EMAIL)
  await a.field('signup-password').fill(PASSWORD)
  await a.field('signup-confirm').fill(PASSWORD)
  await a.el('signup-submit').scrollIntoViewIfNeeded()
  await shot(a.page, 'signup', width, width > 800)
  await a.el('signup-submit').click()
  await a.page.locator('.signed-up').waitFor()
  await a.el('reg-username').waitFor()
  api.address = await a.page.locator('[data-test="wallet-address"][data-kind="local"]').getAttribute('title')
  await a.page.locator('.signed-up').waitFor({ state: 'detached' })
  await shot(a.page, 'signup-done', width)
  // Registered (as the chain would say after the registration step).
  api.username = 'xiaoming'
  await a.page.reload()
  await a.page.locator('[data-test="wallet-address"][data-kind="local"]').waitFor()
  if ((await a.page.locator('[data-test="wallet-address"]').getAttribute('title')) !== api.address) problems.push('a reload lost the unlocked wallet')
  await a.page.goto(`${BASE}/me/`)
  await a.el('me-wallet').waitFor()
  await shot(a.page, 'me', width)
  await a.page.goto(`${BASE}/settings/`)
  await a.el('wallet-card').waitFor()
  await a.el('wallet-full-toggle').click()
  await shot(a.page, 'settings', width)
  await a.el('wallet-card').screenshot({ path: join(SHOTS, `gasless-wallet-card-${width}.png`) })
  await a.el('export-key').click()
  await a.field('export-password').fill('not my password')
  await a.el('export-reveal').click()
  await a.page.locator('[data-test="export-dialog"] .el-form-item__error').waitFor()
  await shot(a.page, 'export-wrong', width, false)
  await a.field('export-password').fill(PASSWORD)
  await a.el('export-reveal').click()
  await a.el('export-key-value').waitFor()
  await shot(a.page, 'export', width, false)
  await a.el('export-done').click()
  const tab = await a.context.newPage()
  await tab.goto(`${BASE}/settings/`)
  await tab.locator('[data-test="wallet-locked"]').waitFor()
  await tab.locator('[data-test="wallet-card"][data-kind="locked"]').waitFor()
  await shot(tab, 'locked', width, false)
  await tab.locator('[data-test="wallet-card"]').screenshot({ path: join(SHOTS, `gasless-locked-card-${width}.png`) })
  await a.context.close()

  // 2. Another browser signs in with the same email and password.
  const b = await newPlayer(width)
  await b.page.goto(`${BASE}/login/`)
  await b.field('pw-login').fill(EMAIL)
  await b.field('pw-password').fill(PASSWORD)
  await shot(b.page, 'signin', width)
  await b.el('pw-submit').click()
  await b.page.waitForURL(/\/index\/$/)
  const there = await b.page.locator('[data-test="wallet-address"][data-kind="local"]').getAttribute('title')
  if (there !== api.address) problems.push(`the second browser opened ${there}, not ${api.address}`)
  await b.context.close()

  // 3. After a reset by email: the key is gone, the card guides to a new one and recovery.
  const c = await newPlayer(width)
  await c.page.goto(`${BASE}/login/?tab=reset`)
  await c.field('reset-token').fill('mailed-token-1234')
  await c.field('reset-password').fill(PASSWORD)
  await shot(c.page, 'reset', width)
  Object.assign(api, { vault: null, walletLost: true })
  await c.page.locator('#tab-password').click()
  await c.field('pw-login').fill(EMAIL)
  await c.field('pw-password').fill(PASSWORD)
  await c.el('pw-submit').click()
  await c.el('lost-key-card').waitFor()
  await shot(c.page, 'lost', width)
  const before = api.address
  await c.el('lost-key-new').click()
  await c.el('recovery-wallet').waitFor()
  await shot(c.page, 'recovery', width)
  if (!api.vault || api.walletLost) problems.push('the new key was not saved')
  const fresh = await c.page.locator('[data-test="wallet-address"][data-kind="local"]').getAttribute('title')
  if (!fresh || fresh === before) problems.push(`the lost-key flow did not switch to a new key (${fresh})`)
  if ((await c.field('recovery-username').inputValue()) !== 'xiaoming') problems.push('the recovery form does not name the old username')
  await c.context.close()
  api.address = before
}

for (const body of api.bodies) if (body.includes(PASSWORD)) problems.push(`the password was sent: ${body.slice(0, 120)}`)
await browser.close()
server.close()
if (problems.length) {
  console.log(`problems:\n  ${[...new Set(problems)].join('\n  ')}`)
  process.exit(1)
}
console.log('gasless screenshots written to e2e/screenshots/gasless-*.png')
