// Ordered lists of the status enums graphql-codegen generates from ../schema.graphql
// (./gen/graphql: `TaskStatus`, `OrderStatus`, ...). The generated objects are sorted by
// name; these keep the contracts' order (the ordinal of a Solidity enum, after `None`),
// which is also the order the pages list them in. Each list compiles only if it names
// every member of its enum, so a status added to the schema fails vue-tsc here.
import { EmailMode, NotificationKind, OrderStatus, ReportReason, ReportStatus, Role, TaskStatus } from './gen/graphql'

/** `list`, checked at compile time to hold every member of `E`. */
export function every<E extends string>() {
  return <const L extends readonly E[]>(list: L & ([Exclude<E, L[number]>] extends [never] ? unknown : { missing: Exclude<E, L[number]> })): L =>
    list
}

/** TaskMarket's `TaskStatus` in declaration order (ordinal 1 onwards). */
export const TASK_STATUSES = every<TaskStatus>()([
  TaskStatus.Open,
  TaskStatus.Claimed,
  TaskStatus.Submitted,
  TaskStatus.Completed,
  TaskStatus.Expired,
  TaskStatus.Cancelled,
  TaskStatus.Disputed,
])

/** PointMall's `OrderStatus` in declaration order (ordinal 1 onwards). */
export const ORDER_STATUSES = every<OrderStatus>()([OrderStatus.Ordered, OrderStatus.Paid, OrderStatus.Completed, OrderStatus.Cancelled])

/** The roles in the order the admin page offers them. */
export const ROLES = every<Role>()([Role.TaskPublisher, Role.Verifier, Role.Pauser, Role.SystemAdmin])

/**
 * Every notification kind, in the groups the settings page shows them in (任务 / 帖子与评论 /
 * 商城与交易 / 社区与账号 / 积分); the flat list compiles only if it names every kind.
 */
export const NOTIFICATION_GROUPS = {
  tasks: [
    NotificationKind.TaskClaimed,
    NotificationKind.TaskAbandoned,
    NotificationKind.TaskSubmitted,
    NotificationKind.TaskApproved,
    NotificationKind.TaskRejected,
    NotificationKind.TaskDisputed,
    NotificationKind.TaskResolved,
    NotificationKind.TaskClaimReleased,
    NotificationKind.TaskExpired,
    NotificationKind.TaskCancelled,
    NotificationKind.TaskCommented,
  ],
  posts: [NotificationKind.PostCommented, NotificationKind.PostLiked, NotificationKind.PostRemoved, NotificationKind.CommentRemoved],
  trade: [
    NotificationKind.OrderPaid,
    NotificationKind.OrderCompleted,
    NotificationKind.OrderCancelled,
    NotificationKind.ItemReviewed,
    NotificationKind.OfferAccepted,
    NotificationKind.OfferExpired,
  ],
  account: [
    NotificationKind.AdminGranted,
    NotificationKind.MemberBanned,
    NotificationKind.Verified,
    NotificationKind.PublisherGranted,
    NotificationKind.RecoveryApproved,
    NotificationKind.RecoveryRejected,
  ],
  points: [NotificationKind.PointsAwarded],
} as const
export type NotificationGroup = keyof typeof NOTIFICATION_GROUPS
export const NOTIFICATION_KINDS = every<NotificationKind>()([
  ...NOTIFICATION_GROUPS.tasks,
  ...NOTIFICATION_GROUPS.posts,
  ...NOTIFICATION_GROUPS.trade,
  ...NOTIFICATION_GROUPS.account,
  ...NOTIFICATION_GROUPS.points,
])

/** The mail modes in the order the settings offer them: 关闭 / 即时 / 每日汇总. */
export const EMAIL_MODES = every<EmailMode>()([EmailMode.Off, EmailMode.Instant, EmailMode.Daily])

/** The reasons a report may give, in the order the dialog lists them. */
export const REPORT_REASONS = every<ReportReason>()([
  ReportReason.Spam,
  ReportReason.Abuse,
  ReportReason.Cheating,
  ReportReason.Scam,
  ReportReason.Illegal,
  ReportReason.Other,
])

/** The moderation queue's tabs: 待处理 / 已处理 / 已驳回. */
export const REPORT_STATUSES = every<ReportStatus>()([ReportStatus.Open, ReportStatus.Actioned, ReportStatus.Dismissed])

export { CommunityOrderField, Direction, OfferStatus, PostOrderField, TaskOrderField } from './gen/graphql'
