// Issue 14 in the browser: notifications, reports and blocking, each by the player who
// would do it, after the write paths (journey/writes.mjs). The publisher's bell lights up
// live when another player claims its task, and the notification centre says so; a player
// reports a post, the community's admin removes it from the moderation queue (on chain) and
// the report shows as handled, in the queue and the public moderation log; a player blocks
// the author and her posts leave his community feed, until he unblocks her in 设置.
//
// Players: #0 sysadmin (publishes tasks), #1 alice (community 1's admin), #2 bob, and carol,
// whose account moved to wallet #5 in the recovery step (her old wallet #3 is retired).
import { chainTimePlus, expect, player, publishTask, step } from './harness.mjs'
import { typed } from './checks.mjs'

/** The id of the post titled `title` in the community page's list. */
async function postIdOf(p, title) {
  const row = p.page.locator('[data-test="post-list"] [data-post]', { hasText: title }).first()
  await row.waitFor()
  return row.getAttribute('data-post')
}

export async function moderationPaths({ admin, alice, bob }) {
  const badge = (p) => p.page.locator('[data-test="notif-badge"] sup')

  await step("the publisher's bell lights up without a reload when bob claims its task in his browser; the notification centre says 「bob 领取了你的任务…」 and the badge clears once seen", async () => {
    const title = '通知测试：截一张满星结算图'
    await publishTask(admin, { title, spec: '截图发到评论区。', points: false, reward: '0.001', deadline: await chainTimePlus(30 * 86400) })
    await admin.el('task-list').getByText(title).waitFor()
    // What came before (claims, submissions, disputes of its tasks) is read once shown.
    await admin.go('/notifications/')
    await admin.page.locator('[data-test="notif-item"], [data-test="notif-empty"]').first().waitFor()
    await badge(admin).waitFor({ state: 'hidden' })
    await admin.go('/index/')
    await admin.page.evaluate(() => (window.__sameDocument = true))
    // Tasks 1–7 come before (journey.mjs and writes.mjs): this one is 8.
    await bob.go('/task-market/8')
    await bob.el('task-title').getByText(title).waitFor()
    await bob.tx(() => bob.click('claim'))
    await bob.status('task-status', 'CLAIMED').waitFor()
    await badge(admin).filter({ hasText: /[1-9]/ }).waitFor()
    expect(await admin.page.evaluate(() => window.__sameDocument === true), "the publisher's page was not reloaded")
    await admin.click('notif-bell')
    await admin.page.waitForURL(/\/notifications\/$/)
    const entry = admin.page.locator('[data-test="notif-item"][data-kind="TASK_CLAIMED"]', { hasText: title }).first()
    await entry.waitFor()
    const text = await entry.innerText()
    expect(/bob\s*✔?\s*领取了你的任务《通知测试：截一张满星结算图》/.test(text), `the sentence names bob and the task: ${text}`)
    expect((await entry.getAttribute('data-unread')) === 'true', 'the new notification is marked new')
    await badge(admin).waitFor({ state: 'hidden' })
    // Read on the server too: a fresh page asks for the count, is told 0, and shows none.
    const counted = admin.page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('UnreadNotificationCount'))
    await admin.go('/index/')
    const count = (await (await counted).json()).data?.unreadNotificationCount
    expect(count === 0, `the server counts no unread notification after they were seen (${count})`)
    await admin.page.waitForFunction(() => document.querySelector('[data-test="notif-bell"]') !== null)
    expect(await badge(admin).isHidden(), 'the badge stays clear after a reload')
  })

  // carol signs in on the wallet her account moved to and posts twice in community 1.
  const carol = await player('carol', 5)
  const scam = typed('代练上分，先付款后开工')
  const team = '求组队：周末一起刷深渊'
  let scamId, teamId

  await step('bob reports a post (a second report of it is refused); alice sees it in the queue, removes the post on chain, and the report shows as handled, in the queue and the public moderation log', async () => {
    await carol.go('/login/')
    await carol.click('siwe-login')
    await carol.el('username').filter({ hasText: 'carol' }).waitFor()
    await carol.go('/game-community/1')
    for (const [title, body] of [[scam, '加我私聊，价格美丽，先转账再开工。'], [team, '周六晚上 9 点，来两个输出。']]) {
      await carol.fill('post-title', title)
      await carol.fill('post-body', body)
      await carol.tx(() => carol.click('post-submit'))
    }
    scamId = await postIdOf(carol, scam)
    teamId = await postIdOf(carol, team)

    await bob.go(`/post/${scamId}`)
    await bob.el('post-title').getByText(scam).waitFor()
    const report = async () => {
      await bob.click('report-post')
      await bob.el('report-reason-SCAM').click()
      await bob.fill('report-note', '要求先转账，疑似诈骗。')
      await bob.click('report-submit')
    }
    await report()
    await bob.page.locator('.report-done').waitFor()
    await report()
    await bob.page.locator('[data-test="report-error"]', { hasText: '不能重复举报' }).waitFor()
    await bob.page.keyboard.press('Escape')

    // Alice's sessions ended with her password reset: she signs in with her wallet again.
    await alice.go('/login/')
    await alice.click('siwe-login')
    await alice.el('username').filter({ hasText: 'alice' }).waitFor()
    await alice.go('/game-community/1')
    await alice.tab('reports')
    const row = alice.page.locator('[data-test="report-row"][data-status="OPEN"]', { hasText: scam }).first()
    await row.waitFor()
    await row.locator('[data-reason="SCAM"]', { hasText: '诈骗' }).waitFor()
    await row.locator('[data-test="report-note-text"]', { hasText: '要求先转账' }).waitFor()
    await row.locator('[data-test="report-excerpt"]', { hasText: '加我私聊' }).waitFor()
    expect((await row.locator('.user-link', { hasText: 'bob' }).count()) >= 1, 'the reporter is named')
    const id = await row.getAttribute('data-report')
    await alice.tx(async () => {
      await alice.click(`queue-remove-${id}`)
      await alice.confirm()
    })
    // Handled, it leaves the open queue and shows under 已处理.
    await alice.page.locator(`[data-report="${id}"]`).waitFor({ state: 'detached' })
    await alice.click('queue-status-ACTIONED')
    const handled = alice.page.locator(`[data-report="${id}"][data-status="ACTIONED"]`)
    await handled.waitFor()
    await handled.locator('[data-test="report-outcome"]', { hasText: '删除了帖子' }).waitFor()

    await bob.go(`/post/${scamId}`)
    await bob.el('post-removed').waitFor()
    await bob.go('/game-community/1')
    await bob.tab('log')
    await bob.page.locator('[data-test="modlog-entry"][data-kind="POST_REMOVED"]', { hasText: scam }).filter({ hasText: 'alice' }).waitFor()
    await carol.go('/notifications/')
    await carol.page.locator('[data-test="notif-item"][data-kind="POST_REMOVED"]', { hasText: scam }).waitFor()
  })

  await step("bob blocks carol on her page: her post leaves his community feed; he unblocks her in 设置 and it is back", async () => {
    const feedRow = (id) => bob.page.locator(`[data-test="post-list"] [data-post="${id}"]`)
    await bob.go('/game-community/1')
    await feedRow(teamId).waitFor()
    await feedRow(teamId).locator('.user-link', { hasText: 'carol' }).click()
    await bob.page.waitForURL(/\/user-info\/\?address=/)
    await bob.el('profile-username').getByText('@carol').waitFor()
    await bob.click('block-user')
    await bob.confirm()
    await bob.el('unblock-user').waitFor()
    await bob.go('/game-community/1')
    // His own post shows, so the list is read; hers is not in it.
    await feedRow(2).waitFor()
    expect((await feedRow(teamId).count()) === 0, "the blocked author's post is left out of the feed")
    await bob.go('/settings/')
    await bob.page.locator('[data-test="blocked-users"] [data-blocked="carol"]').waitFor()
    await bob.click('unblock-carol')
    await bob.confirm()
    await bob.page.locator('[data-test="blocked-users"] [data-blocked="carol"]').waitFor({ state: 'detached' })
    await bob.go('/game-community/1')
    await feedRow(teamId).waitFor()
  })

  await carol.page.context().close()
}
