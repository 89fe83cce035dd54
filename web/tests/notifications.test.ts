import { describe, expect, it } from 'vitest'
import zh from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { NOTIFICATION_GROUPS, NOTIFICATION_KINDS } from '@/api/enums'
import type { NotificationKind, NotificationObject } from '@/api/types'
import { groupOf, newestId, notificationLink, notificationSentence, notificationText, withLive, type NotificationLike } from '@/lib/notifications'

// A translator over the message files, as vue-i18n interpolates them ({name} → value): a
// missing key or a placeholder left unfilled fails.
function translator(messages: object) {
  return (key: string, params: Record<string, unknown> = {}) => {
    const v = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], messages)
    if (typeof v !== 'string') throw new Error(`no message ${key}`)
    return v.replace(/\{(\w+)\}/g, (_, k: string) => {
      if (!(k in params)) throw new Error(`${key}: no value for {${k}}`)
      return String(params[k])
    })
  }
}
const tz = translator(zh)
const te = translator(en)
const GEM = '0x5fbdb2315678afecb367f032d93f642f64180aa3'
const BOB = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc'
const symbolOf = (token: string) => (token.toLowerCase() === GEM ? 'GEM' : undefined)

function note(over: Partial<NotificationLike> & { kind: NotificationKind }): NotificationLike {
  return {
    actor: BOB, actorUser: { username: '小明' }, actorCount: 1, objectType: 'TASK', objectId: '7', postId: null, taskId: '7',
    title: '深境螺旋 12 层攻略', communityId: '1', amount: null, token: null, ...over,
  }
}
const zhText = (n: NotificationLike) => notificationText(n, tz, { symbolOf })

describe('notification sentences (lib/notifications.ts)', () => {
  it('names the actor and the object: 「小明 领取了你的任务《…》」', () => {
    expect(zhText(note({ kind: 'TASK_CLAIMED' }))).toBe('小明 领取了你的任务《深境螺旋 12 层攻略》')
    expect(notificationText(note({ kind: 'TASK_CLAIMED' }), te)).toBe('小明 claimed your task “深境螺旋 12 层攻略”')
    expect(zhText(note({ kind: 'TASK_SUBMITTED' }))).toBe('小明 提交了任务《深境螺旋 12 层攻略》的成果，等你验收')
    expect(zhText(note({ kind: 'POST_COMMENTED', objectType: 'POST', objectId: '3', postId: '3', taskId: null, title: '本周组队公告' }))).toBe('小明 评论了你的帖子《本周组队公告》')
  })

  it('a batched like says how many: 「小红 等 3 人赞了你的帖子《…》」, one liker alone', () => {
    const like = (n: number) => note({ kind: 'POST_LIKED', actorUser: { username: '小红' }, actorCount: n, objectType: 'POST', objectId: '3', postId: '3', title: '本周组队公告' })
    expect(zhText(like(3))).toBe('小红 等 3 人赞了你的帖子《本周组队公告》')
    expect(zhText(like(1))).toBe('小红 赞了你的帖子《本周组队公告》')
    expect(notificationSentence(like(3)).key).toBe('notify.sentence.POST_LIKED_MANY')
  })

  it('an award names the amount and the reason: 「你获得了 50 积分：活动奖励」, with the symbol when known', () => {
    const award = (token: string | null, reason: string | null) =>
      note({ kind: 'POINTS_AWARDED', objectType: 'ACCOUNT', objectId: BOB, taskId: null, amount: '50', token, title: reason })
    expect(zhText(award(null, '活动奖励'))).toBe('你获得了 50 积分：活动奖励')
    expect(zhText(award(GEM, '周年活动'))).toBe('你获得了 50 GEM：周年活动')
    expect(zhText(award(GEM, null))).toBe('你获得了 50 GEM')
    // The label this client sends for an award without a source is translated.
    expect(zhText(award(null, 'award'))).toBe('你获得了 50 积分：社区奖励')
    expect(notificationText(award(GEM, 'award'), te, { symbolOf })).toBe('You received 50 GEM: Community award')
    expect(notificationSentence(award(null, 'x')).actor).toBe(false)
  })

  it('what happened without an actor is told so (auto-approval, a 50/50 split)', () => {
    expect(zhText(note({ kind: 'TASK_APPROVED', actor: null, actorUser: null }))).toBe('任务《深境螺旋 12 层攻略》审核期内无人审核，已自动通过，奖励已发放')
    expect(zhText(note({ kind: 'TASK_RESOLVED', actor: null, actorUser: null }))).toBe('任务《深境螺旋 12 层攻略》的争议逾期无人裁决，奖励已按 50/50 结算')
    expect(zhText(note({ kind: 'TASK_RESOLVED' }))).toBe('小明 裁决了任务《深境螺旋 12 层攻略》的争议')
    expect(zhText(note({ kind: 'TASK_EXPIRED' }))).toBe('任务《深境螺旋 12 层攻略》已过期，托管的奖励已退还发布者')
    expect(notificationSentence(note({ kind: 'TASK_EXPIRED' })).actor).toBe(false)
    // An actor the API did not name where one is expected: 「有人」, never an address.
    expect(zhText(note({ kind: 'TASK_CLAIMED', actor: null, actorUser: null }))).toBe('有人 领取了你的任务《深境螺旋 12 层攻略》')
  })

  it('an object without a name is shown by its id', () => {
    expect(zhText(note({ kind: 'TASK_CLAIMED', title: null }))).toBe('小明 领取了你的任务《#7》')
    expect(zhText(note({ kind: 'COMMENT_REMOVED', objectType: 'COMMENT', objectId: '40', title: null }))).toBe('管理员 小明 删除了你的一条评论')
    expect(zhText(note({ kind: 'COMMENT_REMOVED', objectType: 'COMMENT', objectId: '40', title: '本周组队公告' }))).toBe('管理员 小明 删除了你在《本周组队公告》下的评论')
  })

  it('every kind, with and without an actor, one liker or many, reads in both languages with every placeholder filled', () => {
    for (const kind of NOTIFICATION_KINDS) {
      for (const actor of [BOB, null]) {
        for (const actorCount of [1, 4]) {
          const n = note({ kind, actor, actorUser: actor ? { username: 'bob' } : null, actorCount, amount: '5', token: GEM })
          for (const t of [tz, te]) {
            const text = notificationText(n, t, { symbolOf })
            expect(text, `${kind} ${actor} ${actorCount}`).not.toMatch(/[{}]|undefined|null/)
            if (notificationSentence(n).actor) expect(text).toMatch(actor ? /bob/ : /有人|Someone/)
          }
        }
      }
      expect(zh.notify.kinds[kind]).toBeTruthy()
      expect(en.notify.kinds[kind]).toBeTruthy()
    }
  })

  it('groups every kind once, in the order the settings list them', () => {
    const grouped = Object.values(NOTIFICATION_GROUPS).flat()
    expect(new Set(grouped).size).toBe(grouped.length)
    expect(grouped).toEqual([...NOTIFICATION_KINDS])
    expect(groupOf('TASK_CLAIMED')).toBe('tasks')
    expect(groupOf('POST_LIKED')).toBe('posts')
    expect(groupOf('OFFER_ACCEPTED')).toBe('trade')
    expect(groupOf('MEMBER_BANNED')).toBe('account')
    expect(groupOf('POINTS_AWARDED')).toBe('points')
    expect(Object.keys(zh.notify.groups)).toEqual(Object.keys(NOTIFICATION_GROUPS))
  })
})

describe('notification links (lib/notifications.ts)', () => {
  const at = (objectType: NotificationObject, over: Partial<NotificationLike> = {}) =>
    notificationLink(note({ kind: 'TASK_CLAIMED', objectType, objectId: '12', postId: null, taskId: null, communityId: null, ...over }))

  it('opens the object: task, post, order, item, offer, community, account', () => {
    expect(at('TASK')).toBe('/task-market/12')
    expect(at('POST')).toBe('/post/12')
    expect(at('ORDER')).toBe('/order/12')
    expect(at('ITEM')).toBe('/product-page/?productId=12')
    expect(at('OFFER')).toBe('/points-trading/')
    expect(at('COMMUNITY')).toBe('/game-community/12')
    expect(at('RECOVERY')).toBe('/me/')
    expect(at('ACCOUNT')).toBe('/me/')
  })

  it('a comment opens the page it is on: its post, its task, else its community', () => {
    expect(at('COMMENT', { postId: '3' })).toBe('/post/3')
    expect(at('COMMENT', { taskId: '7' })).toBe('/task-market/7')
    expect(at('COMMENT', { communityId: '1' })).toBe('/game-community/1')
    expect(at('COMMENT')).toBeNull()
  })

  it('an award opens the point history', () => {
    expect(notificationLink(note({ kind: 'POINTS_AWARDED', objectType: 'ACCOUNT', objectId: BOB }))).toBe('/user-info/')
  })
})

describe('reading the list (lib/notifications.ts)', () => {
  const ids = (...xs: string[]) => xs.map((id) => ({ id }))

  it('marks read up to the first shown: the newest by its latest change (a grown like batch included)', () => {
    expect(newestId(ids('12.0.task_claimed', 'like.post.3', '9.1.post_commented'))).toBe('12.0.task_claimed')
    expect(newestId(ids('like.post.3', '12.0.task_claimed'))).toBe('like.post.3')
    expect(newestId([])).toBeNull()
  })

  it('puts live arrivals on top, each notification once', () => {
    const listed = [{ id: '9', v: 'listed' }, { id: '8', v: 'listed' }]
    const live = [{ id: '10', v: 'live' }, { id: '9', v: 'live' }]
    expect(withLive(live, listed)).toEqual([{ id: '10', v: 'live' }, { id: '9', v: 'live' }, { id: '8', v: 'listed' }])
  })
})
