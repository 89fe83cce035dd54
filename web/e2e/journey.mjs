#!/usr/bin/env node
// The player journey in real headless Chromium against the real stack (anvil, indexer,
// API serving web/dist). Four players, each in their own browser context with a test
// EIP-1193 wallet (e2e/provider.mjs) on an anvil dev account:
//   #0 sysadmin (deployer: system admin), #1 alice, #2 bob, #3 carol;
// and, at the end (journey/gasless.mjs), a player with no wallet at all.
// WEB_URL (the API serving the built client) and RPC_URL (anvil) are required; e2e/stack.sh
// starts such a stack. Screenshots at 390, 768 and 1440 px go to e2e/screenshots/.
import { join } from 'node:path'
import { parseEther } from 'viem'
import { accountOf, advanceChain, balancesAt, blockNumber, browser, chainTimePlus, expect, gasPaid, player, publishTask, register, report, sendAs, SHOTS, step, waitForIndexer, WEB_URL } from './journey/harness.mjs'
import { shootAndCheck, typed } from './journey/checks.mjs'
import { writePaths } from './journey/writes.mjs'
import { moderationPaths } from './journey/moderation.mjs'
import { gaslessPaths } from './journey/gasless.mjs'

const { dialogs, pageErrors, consoleLog } = report

const xssBody = typed('Try this: <img src=x onerror="window.__xss=1;alert(1)"> and <script>window.__xss=2;alert(2)</script> **bold stays bold**', 'XSS test')

let admin, alice, bob, carol
try {
  await step('players open the site and see the home page (carousel, nav, footer)', async () => {
    ;[admin, alice, bob, carol] = await Promise.all([player('sysadmin', 0), player('alice', 1), player('bob', 2), player('carol', 3)])
    await bob.go('/index/')
    await bob.el('carousel').waitFor()
    expect(await bob.page.locator('.slide').count() === 3, 'three slides')
    await bob.click('carousel-pause')
    await bob.click('carousel-next')
    await bob.page.getByRole('link', { name: '使用条款' }).waitFor()
    await bob.click('lang-switch')
    await bob.page.getByRole('menuitem', { name: 'Task market' }).waitFor()
    await bob.click('lang-switch')
    await bob.page.getByRole('menuitem', { name: '任务市场' }).waitFor()
  })

  await step('the pages carry the security headers, and nothing in the app breaks the policy', async () => {
    const res = await bob.page.request.get(WEB_URL + '/task-market/')
    const h = res.headers()
    const csp = h['content-security-policy'] || ''
    expect(/script-src 'self'(;|$)/.test(csp), `script-src allows only the site itself: ${csp}`)
    expect(!/script-src[^;]*unsafe-inline/.test(csp), 'no inline scripts allowed')
    expect(csp.includes("frame-ancestors 'none'"), 'frame-ancestors none')
    expect(/connect-src 'self' [^;]*/.test(csp), 'connect-src limited to the API and the RPC')
    expect(h['x-content-type-options'] === 'nosniff', 'nosniff')
    expect(h['referrer-policy'] === 'no-referrer', 'no referrer')
    // A script injected into a page is refused by the browser, not just by the header
    // (on a page of its own, so its expected violation stays out of the journey's log).
    const probe = await browser.newPage()
    await probe.goto(WEB_URL + '/task-market/')
    const refused = probe.waitForEvent('console', { predicate: (m) => m.text().includes('Content Security Policy') && m.text().includes('inline script'), timeout: 10_000 })
    // An allowed inline script runs as it is appended: the flag is read right after.
    const ran = await probe.evaluate(() => {
      window.__inline = 0
      const el = document.createElement('script')
      el.textContent = 'window.__inline = 1'
      document.body.appendChild(el)
      return window.__inline
    })
    expect(ran === 0, 'an injected inline script did not run')
    await refused.catch(() => {
      throw new Error('the browser did not report the refused script (no Content Security Policy message within 10s)')
    })
    await probe.close()
  })

  await step('register four players (SIWE sign-in + Profiles.register), each welcomed home', async () => {
    await register(admin, 'sysadmin')
    typed('sysadmin', 'alice', 'Alice', 'bob', 'carol', 'dave')
    await register(alice, 'alice', { display: 'Alice 爱丽丝', email: 'alice@example.com' })
    await register(bob, 'bob')
    await register(carol, 'carol')
  })

  await step('alice sets a password in /settings/ and signs in with it elsewhere', async () => {
    await alice.go('/settings/')
    // the email given at registration is on file (updateContact after register)
    await alice.page.waitForFunction(() => document.querySelector('input[data-test="settings-email"], [data-test="settings-email"] input')?.value === 'alice@example.com')
    await alice.fill('new-password', 'correct horse battery')
    await alice.fill('confirm-password', 'correct horse battery')
    await alice.click('save-password')
    await alice.page.locator('.el-message--success').first().waitFor()
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    await page.goto(WEB_URL + '/login/')
    await page.locator('.el-tabs__item', { hasText: '密码登录' }).click()
    await page.locator('[data-test="pw-login"] input, input[data-test="pw-login"]').first().fill('alice@example.com')
    await page.locator('[data-test="pw-password"] input, input[data-test="pw-password"]').first().fill('correct horse battery')
    await page.locator('[data-test="pw-submit"]').click()
    await page.waitForURL(/\/index\/$/)
    await page.locator('[data-test="username"]', { hasText: 'alice' }).waitFor()
    await context.close()
  })

  await step('the system admin verifies alice on /admin/', async () => {
    await admin.go('/admin/')
    await admin.tx(() => admin.click('verify-alice'))
  })

  await step('alice creates a community; bob and carol join it', async () => {
    await alice.go('/game-community/')
    await alice.click('create-community')
    await alice.fill('community-name', '原神玩家联盟')
    await alice.fill('community-theme', typed('Genshin Impact'))
    await alice.fill('community-description', '## 欢迎\n每周六晚 **8 点** 组队刷本。')
    await alice.tx(() => alice.click('community-create-submit'))
    await alice.page.waitForURL(/\/game-community\/1$/)
    for (const p of [bob, carol]) {
      await p.go('/game-community/1')
      await p.tx(() => p.click('join'))
      await p.el('leave').waitFor()
    }
    await alice.go('/game-community/1')
    await alice.el('member-count').filter({ hasText: '3' }).waitFor()
  })

  await step('alice creates the community points token and awards points', async () => {
    await alice.page.locator('#tab-manage').click()
    await alice.fill('points-name', typed('Genshin Gems'))
    await alice.fill('points-symbol', 'GEM')
    await alice.tx(() => alice.click('create-points'))
    await alice.el('points-exists').waitFor()
    for (const [who, amount] of [['alice', 500], ['bob', 100], ['sysadmin', 100]]) {
      await alice.fill('award-to', who)
      await alice.fill('award-amount', amount)
      await alice.fill('award-source', '周年活动')
      await alice.tx(() => alice.click('award-submit'))
    }
  })

  await step('alice posts with a picture; bob sees it, likes and comments', async () => {
    await alice.page.locator('#tab-posts').click()
    await alice.fill('post-title', '本周组队公告')
    await alice.fill('post-body', '周六 20:00 **深境螺旋**，欢迎报名！')
    // A picture from the player's device: a PNG of the page itself, uploaded to the
    // content store (re-encoded by the API) and named in the post's document.
    const picture = await alice.page.screenshot({ clip: { x: 0, y: 0, width: 480, height: 270 } })
    await alice.page.locator('[data-test="new-post"] [data-test="image-file"]').setInputFiles({ name: '组队.png', mimeType: 'image/png', buffer: picture })
    await alice.page.locator('[data-test="new-post"] [data-test="image-upload"] figure img').waitFor()
    await alice.tx(() => alice.click('post-submit'))
    await alice.el('post-list').getByText('本周组队公告').waitFor()
    await bob.go('/post/1')
    const shown = bob.page.locator('[data-test="post-images"] img').first()
    await shown.waitFor()
    await bob.page.waitForFunction(() => {
      const img = document.querySelector('[data-test="post-images"] img')
      return img && img.complete && img.naturalWidth === 480
    })
    expect(/^\/media\/0x[0-9a-f]{64}$/.test(await shown.getAttribute('src')), 'the post names its picture by hash')
    await bob.tx(() => bob.click('like'))
    await bob.el('like-count').filter({ hasText: '1' }).waitFor()
    await bob.fill('comment-input', '我报名！*带治疗*')
    await bob.tx(() => bob.click('comment-send'))
    await bob.page.locator('[data-test="comment"]', { hasText: '我报名' }).waitFor()
    expect(await bob.page.locator('[data-test="comment"] em').count() === 1, 'comment markdown rendered')
  })

  await step('an XSS attempt in a post renders inert', async () => {
    await bob.go('/game-community/1')
    await bob.fill('post-title', 'XSS test')
    await bob.fill('post-body', xssBody)
    await bob.tx(() => bob.click('post-submit'))
    await bob.go('/post/2')
    const body = bob.el('post-body')
    await body.getByText('bold stays bold').waitFor()
    expect((await body.locator('img').count()) === 0, 'no <img> element in the post body')
    expect((await body.locator('script').count()) === 0, 'no <script> element in the post body')
    expect((await body.innerText()).includes('<img src=x onerror='), 'the markup shows as text')
    // Had an <img onerror> slipped through, its handler would have run once the page's
    // images settled (loaded or failed): wait for that, then look.
    await bob.page.waitForLoadState('networkidle')
    await bob.page.waitForFunction(() => [...document.images].every((img) => img.complete))
    expect((await bob.page.evaluate(() => window.__xss)) === undefined, 'no injected code ran')
    expect(dialogs.length === 0, `no dialog fired: ${dialogs.join('; ')}`)
  })

  await step('alice applies to publish tasks; the admin grants the role', async () => {
    await alice.go('/task-market/')
    await alice.click('apply-publisher')
    await alice.fill('apply-text', '我是社区管理员，想为成员发布攻略任务。')
    await alice.tx(() => alice.click('apply-submit'))
    await admin.go('/admin/')
    await admin.page.locator('#tab-apps').click()
    await admin.tx(() => admin.click('grant-alice'))
  })

  // alice administers the community, so she may not publish into it (she could appoint
  // her own dispute's arbiter): the system admin publishes there instead.
  await step('the system admin publishes a task paid in points (permit + publish in one tx)', async () => {
    await publishTask(admin, { title: '攻略：深境螺旋 12 层满星', spec: '写一篇图文攻略，**不少于 500 字**。', points: true, reward: '30', deadline: await chainTimePlus(3 * 86400) })
    await admin.el('task-list').getByText('攻略：深境螺旋').waitFor()
  })

  await step('bob claims and submits; the system admin approves; bob sees his points', async () => {
    await bob.go('/task-market/1')
    await bob.tx(() => bob.click('claim'))
    await bob.status('task-status', 'CLAIMED').waitFor()
    await bob.click('submit-work')
    await bob.fill('task-dialog-text', '攻略已发布在帖子 #1 里。')
    await bob.tx(() => bob.click('task-dialog-confirm'))
    await admin.go('/task-market/1')
    await admin.el('task-proof').getByText('攻略已发布在帖子').waitFor()
    await admin.tx(() => admin.click('approve'))
    await admin.status('task-status', 'COMPLETED').waitFor()
    await bob.go('/user-info/')
    await bob.page.locator('[data-balance="GEM"]', { hasText: /^\s*130 GEM\s*$/ }).waitFor()
    await bob.el('point-history').getByText('周年活动').waitFor()
  })

  await step('an open task past its deadline (chain time) shows 已过期: claim disabled with its reason, out of the open list, anyone refunds it', async () => {
    await publishTask(admin, { title: '限时任务：一分钟内截图', spec: '很快就过期', points: false, reward: '0.001', deadline: await chainTimePlus(120) })
    // The chain's clock moves on; the browser's does not: the page must go by the chain's.
    await advanceChain(600)
    await bob.go('/task-market/2')
    // The page reads the chain's clock: 已过期, the refund open to anyone, the claim disabled with its reason.
    await bob.page.locator('[data-test="task-status"][data-status="OVERDUE"]', { hasText: '已过期' }).waitFor()
    await bob.el('overdue-note').getByText('任何人都可以发起过期退款').waitFor()
    await bob.el('claim-blocked').getByText('已过截止时间，不能再领取').waitFor()
    expect(await bob.el('claim').isDisabled(), 'a claim past the chain deadline is disabled')
    await bob.go('/task-market/')
    await bob.page.locator('.el-empty').waitFor()
    expect((await bob.page.locator('[data-task="2"]').count()) === 0, 'the default (claimable) list leaves it out')
    await bob.choose('status-filter', '全部')
    await bob.page.locator('[data-task="2"] [data-status="OVERDUE"]').waitFor()
    await bob.go('/task-market/2')
    await bob.tx(() => bob.click('expire'))
    await bob.page.locator('[data-test="task-status"][data-status="EXPIRED"]').waitFor()
    expect((await bob.page.locator('.payment').count()) === 1, 'the escrow went back to the publisher')
  })

  await step('alice lists two items in the mall', async () => {
    await alice.go('/game-community/1')
    await alice.page.locator('#tab-mall').click()
    for (const [name, price, text] of [['四星武器兑换券', 20, '可兑换任意四星武器一把'], ['纪念徽章', 15, '社区限定徽章']]) {
      await alice.fill('item-name', name)
      await alice.fill('item-price', price)
      await alice.fill('item-description', text)
      if (price === 20) {
        const picture = await alice.page.screenshot({ clip: { x: 0, y: 0, width: 300, height: 300 } })
        await alice.page.locator('#pane-mall [data-test="image-file"]').setInputFiles({ name: '兑换券.png', mimeType: 'image/png', buffer: picture })
        await alice.page.locator('#pane-mall [data-test="image-upload"] figure img').waitFor()
      }
      await alice.tx(() => alice.click('list-item'))
    }
  })

  await step('bob adds both items to the cart and checks out in one transaction', async () => {
    await bob.go('/index/')
    const cards = bob.page.locator('[data-test="recommended"] .item-card')
    await cards.nth(1).waitFor()
    for (let i = 0; i < 2; i++) {
      await cards.nth(i).hover()
      await cards.nth(i).locator('[data-test="add-to-cart"]').click()
    }
    await bob.el('cart-badge').locator('sup', { hasText: '2' }).waitFor()
    await bob.click('cart-button')
    await bob.page.waitForURL(/shopping-cart/)
    await bob.el('cart-total').getByText('35 GEM').waitFor()
    await bob.tx(() => bob.click('checkout'))
    await bob.page.waitForURL(/my-orders/)
    await bob.page.locator('[data-order][data-status="PAID"]').nth(1).waitFor()
  })

  await step('alice completes both orders; bob sees both completed', async () => {
    await alice.go('/game-community/1')
    await alice.page.locator('#tab-mall').click()
    for (const id of [1, 2]) {
      await alice.tx(() => alice.click(`complete-order-${id}`))
      // Completed, the order is no longer one to deliver.
      await alice.el(`complete-order-${id}`).waitFor({ state: 'detached' })
    }
    await bob.go('/my-orders/')
    for (const id of [1, 2]) await bob.page.locator(`[data-order="${id}"][data-status="COMPLETED"]`).waitFor()
    await bob.go('/order/2')
    await bob.page.locator('[data-test="order-head"][data-status="COMPLETED"]').waitFor()
    await bob.page.locator('[data-test="order-timeline"] [data-step="completed"][data-state="done"]').waitFor()
  })

  await step('bob reviews an order and sees it on the product page', async () => {
    await bob.go('/my-orders/')
    await bob.page.locator('[data-order="1"][data-status="COMPLETED"]').waitFor()
    await bob.click('review-order-1')
    await bob.el('review-stars').locator('.el-rate__item').nth(3).click()
    await bob.fill('review-text', '兑换很快，推荐！')
    await bob.tx(() => bob.click('review-submit'))
    await bob.page.locator('[data-order="1"] a').first().click()
    await bob.page.waitForURL(/product-page/)
    await bob.page.locator('[data-test="review"]', { hasText: '兑换很快' }).waitFor()
  })

  await step('bob offers 10 GEM for 0.001 ETH; carol accepts: exactly 10 GEM and 0.001 ETH change hands (besides the gas each paid)', async () => {
    const gem = (await (await fetch(`${WEB_URL}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ community(id: "1") { pointsToken pointsSymbol } }' }),
    })).json()).data.community
    expect(gem?.pointsSymbol === 'GEM' && /^0x[0-9a-fA-F]{40}$/.test(gem.pointsToken ?? ''), `community 1's points are GEM: ${JSON.stringify(gem)}`)
    const [bobAddress, carolAddress] = [await accountOf(2), await accountOf(3)]
    const start = await blockNumber()
    const before = { bob: await balancesAt(bobAddress, { gem: gem.pointsToken }, start), carol: await balancesAt(carolAddress, { gem: gem.pointsToken }, start) }
    await bob.go('/points-trading/')
    await bob.choose('give-token', 'GEM')
    await bob.fill('give-amount', '10')
    // "I want" defaults to ETH
    await bob.fill('want-amount', '0.001')
    await bob.tx(() => bob.click('create-offer'))
    await carol.go('/points-trading/')
    // Accepting asks first (你付 / 你得 and the balance), then the wallet.
    await carol.tx(async () => {
      await carol.click('accept-offer-1')
      await carol.click('offer-confirm')
    })
    const end = await blockNumber()
    const after = { bob: await balancesAt(bobAddress, { gem: gem.pointsToken }, end), carol: await balancesAt(carolAddress, { gem: gem.pointsToken }, end) }
    const gas = { bob: await gasPaid(bobAddress, start, end), carol: await gasPaid(carolAddress, start, end) }
    const price = parseEther('0.001')
    const moved = (who, key) => after[who][key] - before[who][key]
    expect(moved('bob', 'gem') === -10n, `bob gave exactly 10 GEM: ${before.bob.gem} → ${after.bob.gem}`)
    expect(moved('carol', 'gem') === 10n, `carol got exactly 10 GEM: ${before.carol.gem} → ${after.carol.gem}`)
    expect(moved('bob', 'eth') + gas.bob === price, `bob got exactly 0.001 ETH: ${before.bob.eth} → ${after.bob.eth} wei, ${gas.bob} wei of it gas he paid`)
    expect(moved('carol', 'eth') + gas.carol === -price, `carol paid exactly 0.001 ETH: ${before.carol.eth} → ${after.carol.eth} wei, ${gas.carol} wei of it gas she paid`)
    expect(gas.carol > 0n, 'carol sent the acceptance from her wallet (she paid its gas)')
    // And the pages say so: carol's 10 GEM, bob's balance as the chain has it.
    await carol.go('/user-info/')
    await carol.page.locator('[data-balance="GEM"]', { hasText: /^\s*10 GEM\s*$/ }).waitFor()
    await bob.go('/user-info/')
    await bob.page.locator('[data-balance="GEM"]', { hasText: new RegExp(`^\\s*${after.bob.gem} GEM\\s*$`) }).waitFor()
  })

  await step('an unpaid order: the buyer sees until when it is reserved, then that it expired; the admin sees it too', async () => {
    // The client only checks out (order and pay at once); an unpaid order comes from the
    // contract directly, as another client would place it.
    const receipt = await sendAs(3, 'PointMall', 'placeOrder', [1n, 1, 20n])
    await waitForIndexer(BigInt(receipt.blockNumber))
    await carol.go('/my-orders/')
    await carol.page.locator('[data-order="3"][data-status="ORDERED"]').waitFor()
    await carol.el('order-reserve-3').getByText('库存保留至').waitFor()
    await advanceChain(2 * 86400 + 120)
    await carol.go('/my-orders/')
    await carol.el('order-reserve-3').getByText('任何人都可以取消').waitFor()
    await alice.go('/game-community/1')
    await alice.page.locator('#tab-mall').click()
    await alice.el('community-orders').locator('tr', { has: alice.page.locator('[data-test="order-reserve-3"]') }).getByText('已过期').waitFor()
    await carol.tx(() => carol.click('cancel-order-3'))
    await carol.page.locator('[data-order="3"][data-status="CANCELLED"]').waitFor()
  })

  await step('comments: carol may remove only her own; alice (community admin) removes hers', async () => {
    await carol.go('/post/1')
    await carol.fill('comment-input', typed('便宜金币 cheap-gold.example'))
    await carol.tx(() => carol.click('comment-send'))
    const spam = (p) => p.page.locator('[data-test="comment"]', { hasText: 'cheap-gold' })
    await spam(carol).waitFor()
    expect((await spam(carol).locator('[data-test^="remove-comment-"]').count()) === 1, 'the author may remove her comment')
    const bobs = carol.page.locator('[data-test="comment"]', { hasText: '我报名' })
    expect((await bobs.locator('[data-test^="remove-comment-"]').count()) === 0, "a member may not remove another's comment")
    await alice.go('/post/1')
    await alice.tx(async () => {
      await spam(alice).locator('[data-test^="remove-comment-"]').click()
      await alice.confirm()
    })
    await spam(alice).waitFor({ state: 'detached' })
    await alice.page.locator('[data-test="comment"]', { hasText: '我报名' }).waitFor()
  })

  await step('a stale claim: the publisher sees until when, then releases it; the claimer may not claim again', async () => {
    await publishTask(admin, { title: '陈旧领取：一周内交付', spec: '一周内提交。', points: false, reward: '0.001', deadline: await chainTimePlus(30 * 86400) })
    await carol.go('/task-market/3')
    await carol.tx(() => carol.click('claim'))
    await carol.el('claimer-work-due').waitFor()
    await admin.go('/task-market/3')
    await admin.el('release-wait').waitFor()
    expect((await admin.page.locator('[data-test="release-claim"]').count()) === 0, 'no release before the work deadline')
    await advanceChain(7 * 86400 + 120)
    await admin.go('/task-market/3')
    await admin.el('release-ready').waitFor()
    await admin.tx(async () => {
      await admin.click('release-claim')
      await admin.confirm()
    })
    await admin.status('task-status', 'OPEN').waitFor()
    await admin.el('released-claimers').waitFor()
    await carol.go('/task-market/3')
    await carol.el('claim-blocked').waitFor()
    await carol.el('claim-blocked').getByText('发布者已收回你对该任务的领取').waitFor()
    expect(await carol.el('claim').isDisabled(), 'a released claimer sees the claim disabled')
  })

  await step('a dispute nobody resolves: arbiters see Resolve, parties do not; after its deadline a stranger settles 50/50', async () => {
    await publishTask(admin, { title: '争议任务：录一段通关视频', spec: '完整录像。', points: false, reward: '0.002', deadline: await chainTimePlus(60 * 86400) })
    await carol.go('/task-market/4')
    await carol.tx(() => carol.click('claim'))
    await carol.click('submit-work')
    await carol.fill('task-dialog-text', '视频在这里。')
    await carol.tx(() => carol.click('task-dialog-confirm'))
    await admin.go('/task-market/4')
    await admin.click('reject')
    await admin.fill('task-dialog-text', '视频在 12:30 处中断。')
    await admin.tx(() => admin.click('task-dialog-confirm'))
    await carol.go('/task-market/4')
    await carol.click('dispute')
    await carol.fill('task-dialog-text', '那是加载画面，不是剪辑。')
    await carol.tx(() => carol.click('task-dialog-confirm'))
    await carol.el('task-status').filter({ hasText: '争议中' }).waitFor()
    expect((await carol.page.locator('[data-test="resolve"]').count()) === 0, 'the claimer may not resolve')
    await alice.go('/task-market/4')
    await alice.el('resolve').waitFor()
    await alice.el('settle-wait').waitFor()
    await admin.go('/task-market/4')
    await admin.el('settle-wait').waitFor()
    expect((await admin.page.locator('[data-test="resolve"]').count()) === 0, 'the publisher may not resolve, even as system admin')
    await advanceChain(14 * 86400 + 120)
    const dave = await player('dave', 4)
    await dave.go('/task-market/4')
    // A visitor is shown the sign-in step, never a signature request for the write.
    await dave.el('task-sign-in').waitFor()
    expect((await dave.page.locator('[data-test="settle-dispute"]').count()) === 0, 'no write is offered before signing in')
    await dave.click('sign-in-to-act')
    await dave.click('siwe-login')
    await dave.page.waitForURL(/\/task-market\/4$/)
    await dave.el('wallet-address').waitFor()
    await dave.tx(async () => {
      await dave.click('settle-dispute')
      await dave.confirm()
    })
    await dave.status('task-status', 'EXPIRED').waitFor()
    expect((await dave.page.locator('.payment').count()) === 2, 'the escrow went half to each party')
  })

  await writePaths({ admin, alice, bob, carol })
  await moderationPaths({ admin, alice, bob })
  await gaslessPaths({ admin })

  await step('screenshots at 390, 768 and 1440 px: no horizontal scroll, no raw address, no English in the Chinese UI', async () => {
    const pages = [
      ['home', '/index/'], ['tasks', '/task-market/'], ['task', '/task-market/1'], ['task-released', '/task-market/3'], ['task-settled', '/task-market/4'],
      ['task-cancelled', '/task-market/5'], ['task-resolved', '/task-market/6'], ['task-finalized', '/task-market/7'],
      ['communities', '/game-community/'], ['community', '/game-community/1'], ['post', '/post/2'], ['post-edited', '/post/1'], ['post-removed', '/post/3'],
      ['mall', '/point-mall/'], ['product', '/product-page/?productId=1'], ['cart', '/shopping-cart/'], ['orders', '/my-orders/'], ['trading', '/points-trading/'],
      ['user', '/user-info/'], ['settings', '/settings/'], ['login', '/login/'],
      // Issue 14: the notification centre and the public moderation log.
      ['notifications', '/notifications/'], ['community-log', '/game-community/1', (p) => p.tab('log')],
    ]
    const widths = [390, 768, 1440]
    const failures = await shootAndCheck(bob, pages, widths, SHOTS, join)
    const adminPages = [['admin', '/admin/'], ['admin-recovery', '/admin/', (p) => p.tab('recovery')], ['admin-pause', '/admin/', (p) => p.tab('pause')], ['admin-reports', '/admin/', (p) => p.tab('reports')]]
    failures.push(...(await shootAndCheck(admin, adminPages, widths, SHOTS, join)))
    // The community's admin: its moderation queue (handled reports).
    const moderatorPages = [['community-reports', '/game-community/1', async (p) => { await p.tab('reports'); await p.click('queue-status-ACTIONED') }]]
    failures.push(...(await shootAndCheck(alice, moderatorPages, widths, SHOTS, join)))
    expect(failures.length === 0, `${failures.length} problems on the screenshots:\n${failures.join('\n')}`)
  })

  await step('no page opened a dialog, threw an uncaught error or broke the content security policy', async () => {
    expect(dialogs.length === 0, `dialogs fired: ${dialogs.join('; ')}`)
    expect(pageErrors.length === 0, `uncaught page errors: ${pageErrors.join('; ')}`)
    const violations = consoleLog.filter((l) => l.includes('Content Security Policy'))
    expect(violations.length === 0, `policy violations: ${violations.join('; ')}`)
  })
} catch (e) {
  // A step's failure is reported by step(); anything else (a player that did not open,
  // a context that did not close) fails the run here.
  if (!e?.reported) {
    report.failed++
    console.log(`FAIL outside a step: ${e?.stack ?? e}`)
  }
} finally {
  if (pageErrors.length) console.log(`page errors:\n  ${pageErrors.join('\n  ')}`)
  if (dialogs.length) console.log(`dialogs:\n  ${dialogs.join('\n  ')}`)
  // Errors or dialogs after the last check still fail the run.
  if (!report.failed && (pageErrors.length || dialogs.length)) report.failed++
  if (report.failed) {
    if (consoleLog.length) console.log(`browser console:\n  ${consoleLog.slice(-15).join('\n  ')}`)
    for (const p of report.players) await p.page.screenshot({ path: join(SHOTS, `failure-${p.name}.png`), fullPage: true }).catch(() => {})
  }
  await browser.close()
}
console.log(`${report.passed} passed, ${report.failed} failed`)
process.exit(report.failed ? 1 : 0)
