// Fixtures of shots.mjs for issue 14: the bell and its preview, the notification centre
// (full and empty), the mail settings and blocked list, the report dialog, a player's page
// with 屏蔽 / 举报, the moderation queue (a community admin's and the system admin's) and
// the public moderation log. `notifyAnswer` answers these scenarios' operations (and the
// bell's unread count on every page); undefined: the shared fixtures in shots.mjs answer.

/** The scenarios, built from shots.mjs's shared values. */
export function notifyScenarios({ NOW, CHAIN, H, D, COMMUNITY, GENSHIN, PUB, CLAIMER, ADMIN, OTHER, SRC, task }) {
  const user = (address, username) => ({ address, username, verified: true })
  const names = { [PUB]: 'alice', [CLAIMER]: 'bob', [ADMIN]: 'carol', [OTHER]: 'dave' }
  const ref = (a) => user(a, names[a])
  const n = (id, kind, over = {}) => ({
    id: String(id), kind, actor: PUB, actorUser: ref(PUB), actorCount: 1, objectType: 'TASK', objectId: '7', postId: null, taskId: '7',
    title: '深境螺旋 12 层满星攻略', communityId: '1', amount: null, token: null, createdAt: CHAIN - 5 * 60, updatedAt: CHAIN - 5 * 60, read: false, source: SRC, ...over,
  })
  const notifications = [
    n(31, 'TASK_CLAIMED', { actor: OTHER, actorUser: ref(OTHER), updatedAt: CHAIN - 90 }),
    n(30, 'POST_LIKED', { actor: ADMIN, actorUser: ref(ADMIN), actorCount: 3, objectType: 'POST', objectId: '10', postId: '10', taskId: null, title: '今晚 8 点深渊 12 层车队，缺一个奶', updatedAt: CHAIN - 40 * 60 }),
    n(29, 'POINTS_AWARDED', { objectType: 'ACCOUNT', objectId: CLAIMER, taskId: null, title: '周年庆典活动奖励', amount: '50', token: COMMUNITY.pointsToken, updatedAt: CHAIN - 3 * H }),
    n(28, 'POST_COMMENTED', { actor: OTHER, actorUser: ref(OTHER), objectType: 'COMMENT', objectId: '55', postId: '10', taskId: null, title: '今晚 8 点深渊 12 层车队，缺一个奶', read: true, updatedAt: CHAIN - 5 * H }),
    n(27, 'TASK_APPROVED', { actor: null, actorUser: null, read: true, updatedAt: CHAIN - D }),
    n(26, 'ORDER_PAID', { actor: OTHER, actorUser: ref(OTHER), objectType: 'ORDER', objectId: '12', taskId: null, title: 'Raid banner', read: true, updatedAt: CHAIN - 2 * D }),
    n(25, 'POST_REMOVED', { actor: PUB, objectType: 'POST', objectId: '11', postId: '11', taskId: null, title: '出售账号，私聊', read: true, updatedAt: CHAIN - 3 * D }),
    n(24, 'ADMIN_GRANTED', { objectType: 'COMMUNITY', objectId: '2', taskId: null, title: GENSHIN.name, read: true, updatedAt: CHAIN - 6 * D }),
    n(23, 'OFFER_EXPIRED', { actor: null, actorUser: null, objectType: 'OFFER', objectId: '4', taskId: null, title: null, read: true, updatedAt: CHAIN - 9 * D }),
  ]
  const action = (id, kind, over = {}) => ({
    id: String(id), kind, communityId: '1', moderator: PUB, moderatorUser: ref(PUB), targetAccount: OTHER, targetAccountUser: ref(OTHER),
    targetId: null, title: null, createdAt: CHAIN - 2 * H, source: SRC, ...over,
  })
  const log = [
    action(9, 'POST_REMOVED', { targetId: '11', title: '出售账号，私聊 cheap-accounts.example', createdAt: CHAIN - 30 * 60 }),
    action(8, 'MEMBER_BANNED', { createdAt: CHAIN - H }),
    action(7, 'COMMENT_REMOVED', { targetId: '56', createdAt: CHAIN - 5 * H }),
    action(6, 'ADMIN_GRANTED', { targetAccount: CLAIMER, targetAccountUser: ref(CLAIMER), createdAt: CHAIN - 2 * D }),
    action(5, 'POST_PINNED', { targetId: '9', title: '【必看】新人指南与开荒配队', createdAt: CHAIN - 4 * D }),
  ]
  const report = (id, over = {}) => ({
    id, target: 'POST', targetId: '11', communityId: '1', reason: 'SPAM', note: null, reporter: CLAIMER, reporterUser: ref(CLAIMER),
    targetTitle: '出售账号，私聊', targetAuthor: OTHER, targetAuthorUser: ref(OTHER), postId: null, taskId: null, status: 'OPEN',
    createdAt: CHAIN - 20 * 60, resolvedAt: null, resolvedBy: null, resolutionNote: null, action: null, ...over,
  })
  const queue = {
    OPEN: [
      report(14, { note: '私聊里让人先转账，已经有人被骗了。截图在社区群里。', reason: 'SCAM' }),
      report(13, { target: 'COMMENT', targetId: '56', postId: '10', targetTitle: '今晚 8 点深渊 12 层车队，缺一个奶', reason: 'ABUSE', reporter: PUB, reporterUser: ref(PUB), createdAt: CHAIN - 3 * H }),
      report(12, { target: 'USER', targetId: OTHER, targetTitle: 'dave', reason: 'CHEATING', note: '深渊录像里明显开了加速。', createdAt: CHAIN - 8 * H }),
      report(11, { target: 'TASK', targetId: '21', targetTitle: '代打深境螺旋 12 层满星（自带配队）', targetAuthor: PUB, targetAuthorUser: ref(PUB), communityId: '2', reason: 'OTHER', createdAt: CHAIN - D }),
    ],
    ACTIONED: [report(10, { status: 'ACTIONED', resolvedAt: CHAIN - 30 * 60, action: log[0] })],
    DISMISSED: [report(9, { status: 'DISMISSED', reason: 'ABUSE', resolvedAt: CHAIN - D, resolvedBy: PUB, resolutionNote: '只是正常的吐槽，没有辱骂。' })],
  }
  const blocked = [
    { address: OTHER, user: ref(OTHER), createdAt: NOW - 2 * D },
    { address: '0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc', user: null, createdAt: NOW - 20 * D },
  ]
  const settings = ['TASK_CLAIMED', 'TASK_SUBMITTED', 'ORDER_PAID'].map((kind) => ({ kind, email: 'INSTANT' })).concat([{ kind: 'POST_LIKED', email: 'DAILY' }])
  const data = { notifications, log, queue, blocked, settings }
  const base = { prefix: 'notify', checks: true, roles: [], member: null, notify: data, unread: 3 }
  const hoverBell = async (page) => {
    if (page.viewportSize().width < 768) return
    await page.locator('[data-test="notif-bell"]').hover()
    await page.locator('[data-test="notif-preview"] [data-test="notif-item"]').first().waitFor()
  }
  return [
    { ...base, name: 'bell', tab: 'home', path: '/index/', ready: '[data-test="notif-badge"] sup', viewer: CLAIMER, act: hoverBell },
    { ...base, name: 'centre', tab: 'me', path: '/notifications/', ready: '[data-test="notif-item"][data-unread="true"]', viewer: CLAIMER },
    { ...base, name: 'empty', tab: 'me', path: '/notifications/', ready: '[data-test="notif-empty"]', viewer: CLAIMER, unread: 0, notify: { ...data, notifications: [] } },
    { ...base, name: 'me', tab: 'me', path: '/me/', ready: '[data-test="me-notifications"]', viewer: CLAIMER },
    { ...base, name: 'settings', tab: 'me', path: '/settings/', ready: '[data-kind="TASK_CLAIMED"]', viewer: CLAIMER, act: async (page) => {
      await page.locator('[data-test="notif-group-summary"]').first().waitFor()
      await page.locator('[data-test="notif-group-tasks"] .el-collapse-item__header').click()
      await page.locator('[data-test="blocked-users"] [data-blocked]').first().waitFor()
    } },
    { ...base, name: 'settings-no-email', tab: 'me', path: '/settings/', ready: '[data-test="notif-email-missing"]', viewer: CLAIMER, noEmail: true },
    { ...base, name: 'report-dialog', tab: 'tasks', path: '/task-market/7', task: task({}), ready: '[data-test="report-dialog"] [data-test="report-reasons"]', viewer: OTHER, member: { isAdmin: false, adminSince: null }, act: async (page) => {
      await page.locator('[data-test="report-task"]').click()
      await page.locator('[data-test="report-reason-SCAM"]').click()
      await page.locator('textarea[data-test="report-note"], [data-test="report-note"] textarea').fill('私聊要求先转账。')
      await page.locator('[data-test="report-submit"]').click()
      await page.locator('[data-test="report-error"]').waitFor()
    } },
    { ...base, name: 'player', path: '/user-info/?address=' + CLAIMER, ready: '[data-test="block-user"]', viewer: OTHER },
    { ...base, name: 'queue', tab: 'communities', path: '/game-community/1', ready: '[data-test="report-row"]', viewer: PUB, member: { isAdmin: true, adminSince: NOW - 60 * D }, act: async (page) => {
      await page.locator('#tab-reports').click()
      await page.locator('[data-test="report-row"]').first().waitFor()
    } },
    { ...base, name: 'queue-done', tab: 'communities', path: '/game-community/1', ready: '[data-test="report-outcome"]', viewer: PUB, member: { isAdmin: true, adminSince: NOW - 60 * D }, act: async (page) => {
      await page.locator('#tab-reports').click()
      await page.locator('[data-test="queue-status-ACTIONED"]').click()
    } },
    { ...base, name: 'log', tab: 'communities', path: '/game-community/1', ready: '[data-test="modlog-entry"]', viewer: CLAIMER, member: { isAdmin: false, adminSince: null }, act: async (page) => {
      await page.locator('#tab-log').click()
    } },
    { ...base, name: 'admin-queue', tab: 'me', path: '/admin/', ready: '[data-test="report-row"]', viewer: ADMIN, roles: ['SYSTEM_ADMIN'], act: async (page) => {
      await page.locator('#tab-reports').click()
    } },
  ]
}

/** Answers `op` for a scenario of these (and the bell's count everywhere); undefined for the shared fixtures. */
export function notifyAnswer(op, vars, sc) {
  if (op === 'UnreadNotificationCount') return { unreadNotificationCount: sc.unread ?? 0 }
  if (op === 'TokenSymbols') return { tokens: [{ address: '0x' + '22'.repeat(20), symbol: 'STAR' }, { address: '0x' + '44'.repeat(20), symbol: 'MORA' }] }
  if (!sc.notify) {
    // Other scenarios' pages ask these too (the settings, a player's page): nothing set, nobody blocked.
    if (op === 'NotificationSettings') return { notificationSettings: [] }
    if (op === 'BlockedUsers') return { blockedUsers: [] }
    return undefined
  }
  const { notifications, log, queue, blocked, settings } = sc.notify
  const edges = (rows) => ({ pageInfo: { hasNextPage: false, endCursor: null }, edges: rows.map((node, i) => ({ cursor: String(i), node })) })
  switch (op) {
    case 'Notifications': {
      const rows = vars.unreadOnly ? notifications.filter((x) => !x.read) : notifications
      return { notifications: edges(rows.slice(0, vars.first ?? 20)) }
    }
    case 'MarkNotificationsRead': return { markNotificationsRead: 0 }
    case 'NotificationSettings': return { notificationSettings: settings }
    case 'SetNotificationSettings': return { setNotificationSettings: vars.settings }
    case 'BlockedUsers': return { blockedUsers: blocked }
    case 'ModerationLog': return { moderationLog: edges(log) }
    case 'ModerationQueue': return { moderationQueue: edges(queue[vars.status ?? 'OPEN'] ?? []) }
    case 'CreateReport': return null
    case 'MyContact': return sc.noEmail ? { me: { address: sc.viewer, email: null, phone: '13800000000', emailVerified: false, hasPassword: true } } : undefined
    default: return undefined
  }
}
