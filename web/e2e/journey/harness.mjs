// The journey's harness: the browser, the players (each a browser context with its own
// test wallet, or none), steps and their report, and the chain and mail helpers the steps share.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { installWallet, rpc } from '../provider.mjs'

export const WEB_URL = (process.env.WEB_URL ?? '').replace(/\/$/, '')
export const RPC_URL = process.env.RPC_URL ?? ''
if (!WEB_URL || !RPC_URL) {
  console.error('set WEB_URL (the API serving web/dist) and RPC_URL (anvil); e2e/stack.sh starts both')
  process.exit(2)
}
export const HERE = join(dirname(fileURLToPath(import.meta.url)), '..')
export const SHOTS = join(HERE, 'screenshots')
/** The stack's data dir (e2e/stack.sh --data-dir): the API writes its mail under mail/. */
export const MAIL_DIR = process.env.MAIL_DIR ?? join(HERE, 'artifacts', 'mail')
mkdirSync(SHOTS, { recursive: true })
const TX_TIMEOUT = 90_000

export const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})

/** What the run saw: counts, dialogs, uncaught errors, the browser console's warnings. */
export const report = { passed: 0, failed: 0, dialogs: [], pageErrors: [], consoleLog: [], players: [] }

export function expect(cond, message) {
  if (!cond) throw new Error(message)
}

/**
 * Runs one step of the journey: it fails (and stops the run) when `fn` throws, and when a
 * page threw an uncaught error or opened a dialog while it ran (their messages say which).
 */
export async function step(title, fn) {
  const t0 = Date.now()
  const errorsBefore = report.pageErrors.length
  const dialogsBefore = report.dialogs.length
  try {
    await fn()
    const errors = report.pageErrors.slice(errorsBefore)
    expect(errors.length === 0, `uncaught page errors during the step:\n${errors.join('\n')}`)
    const dialogs = report.dialogs.slice(dialogsBefore)
    expect(dialogs.length === 0, `dialogs opened during the step: ${dialogs.join('; ')}`)
    report.passed++
    console.log(`ok   ${title} (${((Date.now() - t0) / 1000).toFixed(1)}s)`)
  } catch (e) {
    report.failed++
    console.log(`FAIL ${title}: ${e.message.split('\n').slice(0, 12).join('\n     ')}`)
    e.reported = true
    throw e
  }
}

/**
 * Waits until the indexer (the API's `indexerStatus`) has block `block`: what a page reads
 * after a transaction sent outside the app (`sendAs`) is then current.
 */
export async function waitForIndexer(block, timeoutMs = 60_000) {
  const target = Number(block)
  const deadline = Date.now() + timeoutMs
  let last = null
  while (Date.now() < deadline) {
    const res = await fetch(`${WEB_URL}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ indexerStatus { indexedBlock } }' }),
    })
    last = (await res.json()).data?.indexerStatus?.indexedBlock ?? null
    if (last !== null && last >= target) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`the indexer did not reach block ${target} within ${timeoutMs / 1000}s (at ${last})`)
}

/** Records finished on-chain actions (`gq:tx`) for `p.tx`, as the test wallet's script does. */
function recordTxEvents() {
  window.__txEvents = []
  window.addEventListener('gq:tx', (e) => window.__txEvents.push(e.detail))
}

/**
 * A player: a browser context with its own storage, page and test wallet on anvil dev
 * account `index`; with `index` null, a browser with no wallet extension at all (the
 * player signs up with email or phone and an in-browser key).
 */
export async function player(name, index) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  page.on('dialog', async (d) => {
    report.dialogs.push(`${name}: ${d.type()} ${d.message()}`)
    await d.dismiss()
  })
  page.on('pageerror', (e) => report.pageErrors.push(`${name}: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') report.consoleLog.push(`${name} ${m.type()}: ${m.text()}`)
  })
  let wallet = null
  if (index === null) await page.addInitScript(recordTxEvents)
  else {
    wallet = await installWallet(page, RPC_URL)
    await wallet.use(index)
  }
  const p = { name, page, wallet, index }
  report.players.push(p)
  p.go = async (path) => {
    await page.goto(WEB_URL + path)
    await page.locator('.layout').waitFor()
  }
  p.el = (id) => page.locator(`[data-test="${id}"]`).first()
  /** A status tag showing `status` (its data-status; the label is the UI's words for it). */
  p.status = (id, status) => page.locator(`[data-test="${id}"][data-status="${status}"]`).first()
  p.field = (id) => page.locator(`input[data-test="${id}"], textarea[data-test="${id}"], [data-test="${id}"] input, [data-test="${id}"] textarea`).first()
  p.fill = async (id, value) => {
    const f = p.field(id)
    await f.fill('')
    await f.fill(String(value))
  }
  p.click = (id) => p.el(id).click()
  /**
   * Runs an on-chain action and waits until the page reports it done: on chain and indexed
   * (composables/useTx `gq:tx`). Its fallback, "confirmed on chain, the list will update
   * shortly" (the indexer did not catch up in time), fails the step as a failure would.
   */
  p.tx = async (action) => {
    const before = await page.evaluate(() => window.__txEvents.length)
    await action()
    await page.waitForFunction((n) => window.__txEvents.length > n, before, { timeout: TX_TIMEOUT })
    const ev = await page.evaluate(() => window.__txEvents[window.__txEvents.length - 1])
    if (!ev.ok) throw new Error(`${name}: on-chain action failed: ${ev.error}`)
    if (ev.outcome !== 'done') {
      throw new Error(`${name}: the action is on chain but the page reported "${ev.outcome}" (the indexer did not catch up in time: the "list will update shortly" fallback), not full success`)
    }
    return ev
  }
  /** Runs an action expected to fail; returns the friendly error. */
  p.txFails = async (action) => {
    const before = await page.evaluate(() => window.__txEvents.length)
    await action()
    await page.waitForFunction((n) => window.__txEvents.length > n, before, { timeout: TX_TIMEOUT })
    const ev = await page.evaluate(() => window.__txEvents[window.__txEvents.length - 1])
    if (ev.ok) throw new Error(`${name}: expected the action to fail`)
    return ev.error
  }
  /** Accepts the open confirmation box (Element Plus ElMessageBox). */
  p.confirm = () => page.locator('.el-message-box__btns .el-button--primary').click()
  /** Picks `optionText` in the select `id` (Element Plus el-select). */
  p.choose = async (id, optionText) => {
    await p.el(id).click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
  }
  /** Opens an Element Plus tab by its name (`#tab-<name>`). */
  p.tab = (name) => page.locator(`#tab-${name}`).click()
  return p
}

/** The anvil dev account `index`. */
export async function accountOf(index) {
  return (await rpc(RPC_URL, 'eth_accounts'))[index]
}

/** `YYYY-MM-DD HH:mm:ss` in local time, `secs` from the chain's now. */
export async function chainTimePlus(secs) {
  const block = await rpc(RPC_URL, 'eth_getBlockByNumber', ['latest', false])
  const d = new Date((Number(block.timestamp) + secs) * 1000)
  const pad = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** Moves the chain's clock forward and mines a block. */
export async function advanceChain(secs) {
  await rpc(RPC_URL, 'evm_increaseTime', [secs])
  await rpc(RPC_URL, 'evm_mine', [])
}

/**
 * Makes the dev account `index` refuse ETH (its code: PUSH1 0 PUSH1 0 REVERT), so that a
 * payout to it is credited in the escrow instead; `false` makes it a plain account again.
 */
export async function refuseEth(index, refuse) {
  await rpc(RPC_URL, 'anvil_setCode', [await accountOf(index), refuse ? '0x60006000fd' : '0x'])
}

export async function register(p, username, extra = {}) {
  await p.go('/register/')
  await p.click('register-connect')
  await p.fill('reg-username', username)
  await p.fill('reg-display', extra.display ?? username)
  if (extra.email) await p.fill('reg-email', extra.email)
  await p.tx(() => p.click('reg-submit'))
  await p.page.waitForURL(/\/index\/$/)
  await p.el('username').filter({ hasText: username }).waitFor()
}

export async function publishTask(p, { title, spec, points, reward, deadline }) {
  await p.go('/task-market/')
  await p.click('publish-task')
  const dialog = p.page.locator('.el-dialog:visible')
  await p.fill('task-title', title)
  await p.fill('task-spec', spec)
  if (points) await dialog.getByText('社区积分').click()
  await p.fill('task-reward', reward)
  const date = p.field('task-deadline')
  await date.fill(deadline)
  await date.press('Enter')
  await p.tx(() => p.click('task-publish-submit'))
}

/** The decoded body of an .eml file (7bit, quoted-printable or base64). */
function mailBody(eml) {
  const [head, ...rest] = eml.split(/\r?\n\r?\n/)
  const body = rest.join('\n\n')
  const enc = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase()
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)))
    return Buffer.from(bytes, 'latin1').toString('utf8')
  }
  return body
}

/** Mail files already in the folder (so that a step waits for the next one). */
export function mailsNow() {
  try {
    return new Set(readdirSync(MAIL_DIR))
  } catch {
    return new Set()
  }
}

/**
 * Waits for a new mail to `to` (not in `seen`) and returns the path and query of its first
 * link under `linkPath` (e.g. `/reset-password/`).
 */
export async function waitForMailLink(seen, to, linkPath) {
  const safe = to.replace(/[^A-Za-z0-9.]/g, '_')
  for (let i = 0; i < 60; i++) {
    const fresh = [...mailsNow()].filter((f) => !seen.has(f) && f.endsWith(`-${safe}.eml`)).sort()
    for (const f of fresh.reverse()) {
      const body = mailBody(readFileSync(join(MAIL_DIR, f), 'utf8'))
      const m = new RegExp(`https?://[^\\s/]+(${linkPath.replace(/\//g, '\\/')}\\?token=[A-Za-z0-9_-]+)`).exec(body)
      if (m) return m[1]
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`no mail to ${to} with a ${linkPath} link in ${MAIL_DIR}`)
}

/**
 * Sends `functionName(args)` to our contract `name` from dev account `index` straight
 * through anvil, as another client would; resolves once mined (throws if it reverted).
 */
export async function sendAs(index, name, functionName, args) {
  const { encodeFunctionData } = await import('viem')
  const { contracts } = await (await fetch(`${WEB_URL}/config.json`)).json()
  const abi = JSON.parse(readFileSync(join(HERE, `../../bindings/abi/${name}.json`), 'utf8')).abi
  const data = encodeFunctionData({ abi, functionName, args })
  const hash = await rpc(RPC_URL, 'eth_sendTransaction', [{ from: await accountOf(index), to: contracts[name], data }])
  for (let i = 0; i < 40; i++) {
    const receipt = await rpc(RPC_URL, 'eth_getTransactionReceipt', [hash])
    if (receipt) {
      expect(receipt.status === '0x1', `${name}.${functionName} reverted`)
      return receipt
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${name}.${functionName}: no receipt`)
}

// ---- balances on chain, for the steps that move ETH or points --------------------------

const ERC20 = [
  { type: 'function', name: 'balanceOf', stateMutability: 'view', inputs: [{ name: 'account', type: 'address' }], outputs: [{ name: '', type: 'uint256' }] },
]
const hex = (n) => `0x${BigInt(n).toString(16)}`

/** The latest block's number. */
export async function blockNumber() {
  return BigInt(await rpc(RPC_URL, 'eth_blockNumber'))
}

/** `address`'s ETH (wei) and its balance of each point token in `tokens`, at block `block`. */
export async function balancesAt(address, tokens, block) {
  const { decodeFunctionResult, encodeFunctionData } = await import('viem')
  const out = { eth: BigInt(await rpc(RPC_URL, 'eth_getBalance', [address, hex(block)])) }
  for (const [name, token] of Object.entries(tokens)) {
    const data = encodeFunctionData({ abi: ERC20, functionName: 'balanceOf', args: [address] })
    out[name] = decodeFunctionResult({ abi: ERC20, functionName: 'balanceOf', data: await rpc(RPC_URL, 'eth_call', [{ to: token, data }, hex(block)]) })
  }
  return out
}

/** The ETH (wei) `address` paid in gas for the transactions it sent in blocks `from`+1 … `to`. */
export async function gasPaid(address, from, to) {
  let wei = 0n
  for (let n = BigInt(from) + 1n; n <= BigInt(to); n++) {
    const block = await rpc(RPC_URL, 'eth_getBlockByNumber', [hex(n), true])
    for (const tx of block.transactions) {
      if (tx.from.toLowerCase() !== address.toLowerCase()) continue
      const receipt = await rpc(RPC_URL, 'eth_getTransactionReceipt', [tx.hash])
      wei += BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice)
    }
  }
  return wei
}
