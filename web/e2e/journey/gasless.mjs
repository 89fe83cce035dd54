// Issue 15 in the browser: a player with no wallet extension at all. She signs up with an
// email and a password; the key is made in her browser, sealed with the password and
// kept by the API, which only ever sees a login hash. Her writes (registration, joining,
// posting, liking, claiming and submitting a task) go through the sponsor's relayer: her
// address holds 0 ETH and never sends a transaction itself. A second browser signs in with
// the same email and password, opens the same key and posts again.
//
// Players: #0 sysadmin (publishes the task); community 1 and alice's post 1 come from
// journey.mjs. The gamer's browsers have no injected wallet (harness `player(name, null)`).
import { expect, player, publishTask, chainTimePlus, RPC_URL, step, WEB_URL } from './harness.mjs'
import { rpc } from '../provider.mjs'
import { typed } from './checks.mjs'

const EMAIL = 'gamer@example.com'
const PASSWORD = 'no extension needed 2024'
const USERNAME = typed('gamer')

/** Fails the step if a request of `p`'s page carried the password itself. */
function watchForPassword(p) {
  const leaks = []
  p.page.on('request', (r) => {
    if ((r.postData() ?? '').includes(PASSWORD) || r.url().includes(encodeURIComponent(PASSWORD))) leaks.push(`${r.method()} ${r.url()}`)
  })
  return () => expect(leaks.length === 0, `the password left the browser: ${leaks.join(', ')}`)
}

/** The address the page signed in with (the in-browser key's). */
const sessionAddress = (p) => p.page.evaluate(() => JSON.parse(localStorage.getItem('gq.session') ?? 'null')?.address ?? null)

/** The in-browser wallet shown in the header: its address (the tag's title). */
async function headerWallet(p) {
  const tag = p.page.locator('[data-test="wallet-address"][data-kind="local"]')
  await tag.waitFor()
  await tag.getByText('浏览器钱包').waitFor()
  return tag.getAttribute('title')
}

export async function gaslessPaths({ admin }) {
  const gamer = await player('gamer', null)
  const noLeak = watchForPassword(gamer)
  let address
  const title = typed('无插件玩家的第一帖')
  const taskTitle = '代付测试：截一张主城风景'

  await step('a player with no wallet extension signs up with email and password: the key is made and sealed in the browser, then she registers on chain', async () => {
    await gamer.go('/register/')
    expect(await gamer.page.evaluate(() => !('ethereum' in window)), 'this browser has no injected wallet')
    // Without an extension the email / phone path is the one open.
    await gamer.el('signup-form').waitFor()
    await gamer.fill('signup-contact', EMAIL)
    await gamer.fill('signup-password', PASSWORD)
    await gamer.fill('signup-confirm', PASSWORD)
    await gamer.click('signup-submit')
    await gamer.page.locator('.signed-up').waitFor({ timeout: 60_000 })
    address = await headerWallet(gamer)
    expect(/^0x[0-9a-fA-F]{40}$/.test(address ?? ''), `the header names the in-browser wallet: ${address}`)
    expect((await sessionAddress(gamer))?.toLowerCase() === address.toLowerCase(), 'the session is the new key\'s (SIWE signed in the browser)')
    await gamer.el('register-wallet').getByText('你的浏览器钱包').waitFor()
    await gamer.fill('reg-username', USERNAME)
    await gamer.fill('reg-display', '无插件玩家')
    await gamer.tx(() => gamer.click('reg-submit'))
    await gamer.page.waitForURL(/\/index\/$/)
    await gamer.el('username').filter({ hasText: USERNAME }).waitFor()
  })

  await step('a reload of the tab keeps the wallet unlocked; a new tab asks for the password', async () => {
    await gamer.page.reload()
    expect((await headerWallet(gamer)) === address, 'the same in-browser wallet after a reload')
    const tab = await gamer.page.context().newPage()
    await tab.goto(WEB_URL + '/index/')
    await tab.locator('[data-test="wallet-locked"]').waitFor()
    await tab.close()
  })

  await step('she joins community 1, posts, and likes alice\'s post, all relayed', async () => {
    await gamer.go('/game-community/1')
    await gamer.tx(() => gamer.click('join'))
    await gamer.el('leave').waitFor()
    await gamer.fill('post-title', title)
    await gamer.fill('post-body', '没装钱包插件，用邮箱注册的，发帖也不用手续费。')
    await gamer.tx(() => gamer.click('post-submit'))
    await gamer.el('post-list').getByText(title).waitFor()
    await gamer.go('/post/1')
    await gamer.page.locator('[data-test="like"][data-liked="false"]').waitFor()
    await gamer.tx(() => gamer.click('like'))
    await gamer.page.locator('[data-test="like"][data-liked="true"]').waitFor()
  })

  await step('she claims a task and submits her work, relayed', async () => {
    await publishTask(admin, { title: taskTitle, spec: '在主城截一张风景图。', points: false, reward: '0.001', deadline: await chainTimePlus(30 * 86400) })
    await admin.el('task-list').getByText(taskTitle).waitFor()
    await gamer.go('/task-market/')
    const card = gamer.page.locator('[data-task]', { hasText: taskTitle }).first()
    await card.waitFor()
    const id = await card.getAttribute('data-task')
    await gamer.go(`/task-market/${id}`)
    await gamer.tx(() => gamer.click('claim'))
    await gamer.status('task-status', 'CLAIMED').waitFor()
    await gamer.click('submit-work')
    await gamer.fill('task-dialog-text', '截图已发在社区帖子里。')
    await gamer.tx(() => gamer.click('task-dialog-confirm'))
    await gamer.status('task-status', 'SUBMITTED').waitFor()
  })

  await step('her address holds 0 ETH and never sent a transaction itself; the password never left her browser', async () => {
    const balance = BigInt(await rpc(RPC_URL, 'eth_getBalance', [address, 'latest']))
    expect(balance === 0n, `the in-browser wallet holds no ETH (has ${balance} wei)`)
    const sent = BigInt(await rpc(RPC_URL, 'eth_getTransactionCount', [address, 'latest']))
    expect(sent === 0n, `every write was relayed: the address sent ${sent} transactions itself`)
    noLeak()
  })

  await step('another browser signs in with the same email and password, opens the same key, and posts', async () => {
    const elsewhere = await player('gamer-elsewhere', null)
    const noLeakThere = watchForPassword(elsewhere)
    await elsewhere.go('/login/')
    await elsewhere.tab('password')
    await elsewhere.fill('pw-login', EMAIL)
    await elsewhere.fill('pw-password', PASSWORD)
    await elsewhere.click('pw-submit')
    await elsewhere.page.waitForURL(/\/index\/$/, { timeout: 60_000 })
    await elsewhere.el('username').filter({ hasText: USERNAME }).waitFor()
    expect((await headerWallet(elsewhere)) === address, 'the second browser opened the same key')
    const again = '换了台电脑也能发帖'
    await elsewhere.go('/game-community/1')
    await elsewhere.fill('post-title', again)
    await elsewhere.fill('post-body', '用邮箱和密码登录，钱包自动解锁。')
    await elsewhere.tx(() => elsewhere.click('post-submit'))
    await elsewhere.el('post-list').getByText(again).waitFor()
    expect(BigInt(await rpc(RPC_URL, 'eth_getBalance', [address, 'latest'])) === 0n, 'still no ETH after the second post')
    noLeakThere()
    await elsewhere.page.context().close()
  })

  await gamer.page.context().close()
}
