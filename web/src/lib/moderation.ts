// Reports and the on-chain moderation they lead to (issue 14), as pure rules: where a
// report's object is, which on-chain action a moderator may take on it, how a moderation
// reads in a community's public log (管理日志), and what an API refusal of a report says.
import { ApiError } from '@/api/graphql'
import type { ModerationAction, Report } from '@/api/types'

/** The fields of a report its link and actions read. */
export type ReportLike = Pick<Report, 'target' | 'targetId' | 'communityId' | 'postId' | 'taskId' | 'status' | 'targetAuthor'>

/** The page of a reported object (null: none to open). */
export function reportLink(r: ReportLike): string | null {
  const id = encodeURIComponent(r.targetId)
  switch (r.target) {
    case 'POST':
      return `/post/${id}`
    case 'COMMENT':
      if (r.postId) return `/post/${encodeURIComponent(r.postId)}`
      if (r.taskId) return `/task-market/${encodeURIComponent(r.taskId)}`
      return r.communityId ? `/game-community/${encodeURIComponent(r.communityId)}` : null
    case 'TASK':
      return `/task-market/${id}`
    case 'ITEM':
      return `/product-page/?productId=${id}`
    case 'USER':
      return `/user-info/?address=${id}`
    default:
      return null
  }
}

/** What a moderator may do about an open report: the on-chain removal, the ban, the dismissal. */
export interface ReportActions {
  /** Posts.removePost (a reported post). */
  removePost: boolean
  /** Posts.removeComment (a reported comment). */
  removeComment: boolean
  /** Communities.ban of the author (a community is known and the author is someone). */
  ban: boolean
  /** dismissReport with a note. */
  dismiss: boolean
}

/** The actions a moderator is offered on a report: none once it is handled. */
export function reportActions(r: ReportLike): ReportActions {
  const open = r.status === 'OPEN'
  return {
    removePost: open && r.target === 'POST',
    removeComment: open && r.target === 'COMMENT',
    ban: open && !!r.communityId && !!r.targetAuthor,
    dismiss: open,
  }
}

/** The i18n key of the API's refusal of a report (a duplicate open report, one's own content, a gone object, the rate limit); null for others. */
export function reportErrorKey(e: unknown): string | null {
  if (!(e instanceof ApiError)) return null
  if (e.reason === 'DUPLICATE') return 'report.errors.duplicate'
  if (e.reason === 'OWN_CONTENT') return 'report.errors.own'
  if (e.code === 'BAD_INPUT') return 'report.errors.invalid'
  if (e.code === 'NOT_FOUND') return 'report.errors.gone'
  if (e.code === 'RATE_LIMITED') return 'report.errors.rateLimited'
  if (e.code === 'UNAUTHENTICATED') return 'report.errors.signIn'
  return null
}

/** The fields of a moderation its log line reads. */
export type ActionLike = Pick<ModerationAction, 'kind' | 'targetId' | 'title' | 'targetAccount'>

/** One line of the moderation log: its message, whether it names the member concerned, the post's title and link. */
export interface ActionSentence {
  /** `moderation.log.<KIND>`: `{moderator}` and, for member actions and comments, `{target}`. */
  key: string
  /** The sentence names the member or author concerned (`{target}`). */
  target: boolean
  /** `{title}` of a post action (`#<id>` when the API had none); '' otherwise. */
  title: string
  /** The post it was about (null: none to open). */
  link: string | null
}

const ABOUT_POST = new Set(['POST_REMOVED', 'POST_PINNED', 'POST_UNPINNED'])

/** How one moderation reads in the log (删除了帖子《…》 / 封禁了 … / 设 … 为管理员). */
export function actionSentence(a: ActionLike): ActionSentence {
  const post = ABOUT_POST.has(a.kind)
  return {
    key: `moderation.log.${a.kind}`,
    target: !post,
    title: post ? a.title?.trim() || (a.targetId ? `#${a.targetId}` : '') : '',
    link: post && a.targetId ? `/post/${encodeURIComponent(a.targetId)}` : null,
  }
}
