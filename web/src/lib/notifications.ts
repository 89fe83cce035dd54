// A notification as the player reads it (issue 14): one sentence in their language that
// names who did what to which of their things, e.g. 「bob 领取了你的任务《深境螺旋攻略》」,
// and the page it leads to. Pure: the components (components/NotificationItem.vue) render
// the sentence with the actor as a link (UserLink) and the title as a link to the object.
import { NOTIFICATION_GROUPS, type NotificationGroup } from '@/api/enums'
import type { Notification, NotificationKind } from '@/api/types'
import { formatAmount, groupDigits } from '@/lib/format'
import { pointSourceKey } from '@/lib/pointSource'

/** The fields of a notification the sentence and the link read. */
export type NotificationLike = Pick<
  Notification,
  'kind' | 'actor' | 'actorCount' | 'objectType' | 'objectId' | 'postId' | 'taskId' | 'title' | 'communityId' | 'amount' | 'token'
> & { actorUser?: { username: string } | null }

/** A translator, as vue-i18n's `t`. */
export type Translate = (key: string, params?: Record<string, unknown>) => string

/** What one notification says: its message key and the values of its placeholders. */
export interface NotificationSentence {
  /** The i18n key (`notify.sentence.<KIND>` or a variant of it). */
  key: string
  /** The sentence names the actor (`{actor}`); false for what happened without one. */
  actor: boolean
  /** `{title}`: the object's name, or `#<id>` when the API had none. */
  title: string
  /** `{n}`: how many people (a batched like). */
  n: number
  /** `{amount}` of POINTS_AWARDED: the amount and its token (worded by `pointsText`). */
  points: { amount: string; token: string | null } | null
  /** `{reason}` of POINTS_AWARDED: the award's source as stored (worded by `reasonText`). */
  reason: string | null
}

// The kinds whose sentence names nobody: what happened on its own, by the system, or to the
// player's own account (an award reads 「你获得了 50 积分：活动奖励」).
const NO_ACTOR = new Set<NotificationKind>(['TASK_EXPIRED', 'TASK_CANCELLED', 'OFFER_EXPIRED', 'RECOVERY_APPROVED', 'RECOVERY_REJECTED', 'POINTS_AWARDED'])
// Kinds told otherwise when the API names no actor: approved when the review period ran out,
// a dispute split 50/50 when nobody resolved it, and a few the system may do on its own.
const WITHOUT_ACTOR: Partial<Record<NotificationKind, string>> = {
  TASK_APPROVED: 'TASK_APPROVED_AUTO',
  TASK_RESOLVED: 'TASK_RESOLVED_SPLIT',
  ORDER_CANCELLED: 'ORDER_CANCELLED_PLAIN',
  VERIFIED: 'VERIFIED_PLAIN',
  PUBLISHER_GRANTED: 'PUBLISHER_GRANTED_PLAIN',
}

/** The sentence of a notification: which message, with which values. */
export function notificationSentence(n: NotificationLike): NotificationSentence {
  let variant: string = n.kind
  let actor = !NO_ACTOR.has(n.kind)
  if (actor && !n.actor && WITHOUT_ACTOR[n.kind]) {
    variant = WITHOUT_ACTOR[n.kind]!
    actor = false
  }
  if (n.kind === 'POST_LIKED' && n.actorCount > 1) variant = 'POST_LIKED_MANY'
  if (n.kind === 'COMMENT_REMOVED' && !n.title) variant = 'COMMENT_REMOVED_UNTITLED'
  if (n.kind === 'POINTS_AWARDED' && !n.title) variant = 'POINTS_AWARDED_PLAIN'
  const points = n.kind === 'POINTS_AWARDED' ? { amount: n.amount ?? '0', token: n.token ?? null } : null
  return {
    key: `notify.sentence.${variant}`,
    actor,
    title: n.title?.trim() || `#${n.objectId}`,
    n: Math.max(1, n.actorCount),
    points,
    reason: n.kind === 'POINTS_AWARDED' ? (n.title ?? null) : null,
  }
}

/** An awarded amount: "50 GEM" when the token's symbol is known, else "50 积分". Points have 0 decimals. */
export function pointsText(points: { amount: string; token: string | null }, t: Translate, symbolOf?: (token: string) => string | undefined): string {
  const symbol = points.token ? symbolOf?.(points.token) : undefined
  if (symbol) return formatAmount(points.amount, points.token, symbol)
  return t('notify.pointsAmount', { n: groupDigits(BigInt(points.amount || '0').toString()) })
}

/** An award's source as the player reads it: a label the read model writes, translated; an admin's own text as written. */
export function reasonText(reason: string | null, t: Translate): string {
  const key = pointSourceKey(reason)
  return key ? t(key) : (reason ?? '')
}

/**
 * The whole sentence as text (the bell's preview reads the same): the actor by name
 * (`actorName`, else the API's username, else "有人").
 */
export function notificationText(n: NotificationLike, t: Translate, opts: { actorName?: string | null; symbolOf?: (token: string) => string | undefined } = {}): string {
  const s = notificationSentence(n)
  return t(s.key, {
    actor: opts.actorName ?? n.actorUser?.username ?? t('notify.someone'),
    title: s.title,
    n: s.n,
    amount: s.points ? pointsText(s.points, t, opts.symbolOf) : '',
    reason: reasonText(s.reason, t),
  })
}

/** The page a notification leads to (null: none). */
export function notificationLink(n: NotificationLike): string | null {
  // An award shows in the player's point history.
  if (n.kind === 'POINTS_AWARDED') return '/user-info/'
  const id = encodeURIComponent(n.objectId)
  switch (n.objectType) {
    case 'TASK':
      return `/task-market/${id}`
    case 'POST':
      return `/post/${id}`
    case 'COMMENT':
      // The comment's page: the post or the task it is on, else its community.
      if (n.postId) return `/post/${encodeURIComponent(n.postId)}`
      if (n.taskId) return `/task-market/${encodeURIComponent(n.taskId)}`
      return n.communityId ? `/game-community/${encodeURIComponent(n.communityId)}` : null
    case 'ORDER':
      return `/order/${id}`
    case 'ITEM':
      return `/product-page/?productId=${id}`
    case 'OFFER':
      return '/points-trading/'
    case 'COMMUNITY':
      return `/game-community/${id}`
    case 'RECOVERY':
    case 'ACCOUNT':
      return '/me/'
    default:
      return null
  }
}

/** The group a kind belongs to (its icon on the page, its section in the settings). */
export function groupOf(kind: NotificationKind): NotificationGroup {
  for (const [group, kinds] of Object.entries(NOTIFICATION_GROUPS) as [NotificationGroup, readonly NotificationKind[]][]) {
    if (kinds.includes(kind)) return group
  }
  return 'account'
}

/**
 * The id to mark read up to, of the notifications shown (newest first, by their latest
 * change): the first; null when none are shown. The API marks by that notification's
 * position, so everything shown below it is read too.
 */
export function newestId(shown: readonly { id: string }[]): string | null {
  return shown[0]?.id ?? null
}

/**
 * The notifications to show: those that arrived live (newest first) on top of the list read
 * page by page, each once (a re-sent batched like replaces its older reading).
 */
export function withLive<N extends { id: string }>(live: readonly N[], listed: readonly N[]): N[] {
  const seen = new Set<string>()
  const out: N[] = []
  for (const n of [...live, ...listed]) {
    if (seen.has(n.id)) continue
    seen.add(n.id)
    out.push(n)
  }
  return out
}
