// Short names for the types graphql-codegen generates (./gen, from ../schema.graphql and
// the operations in ./queries.ts). Nothing here restates a field: a shape is a fragment
// of queries.ts or the result of one of its operations.
import type {
  BlockedUsersQuery,
  IndexerStatusQuery,
  MyContactQuery,
  PostQuery,
  SettingsQuery,
  TaskQuery,
  UserPageQuery,
} from './gen/graphql'

export type {
  BannerFragment as Banner,
  BannerInput,
  CommentFragment as Comment,
  CommunityFragment as Community,
  CommunityRefFragment as CommunityRef,
  DocFragment as Doc,
  ItemFragment as Item,
  MemberFragment as Member,
  ModerationActionFragment as ModerationAction,
  ModerationKind,
  NotificationFragment as Notification,
  NotificationKind,
  NotificationObject,
  EmailMode,
  ReportFragment as Report,
  ReportReason,
  ReportStatus,
  ReportTarget,
  MemberStatus,
  OfferFragment as Offer,
  OfferStatus,
  OrderFragment as Order,
  OrderStatus,
  PointEntryFragment as PointEntry,
  PostFragment as Post,
  PublisherApplicationFragment as PublisherApplication,
  RecoveryRequestFragment as RecoveryRequest,
  RecoveryStatus,
  ReviewFragment as Review,
  Role,
  SessionFragment as Session,
  SourceFragment as Source,
  TaskFragment as Task,
  TaskStatus,
  UserFragment as User,
  UserRefFragment as UserRef,
} from './gen/graphql'

/** A user's page: the profile, balances, memberships and credits. */
export type UserDetail = NonNullable<UserPageQuery['user']>
/** The signed-in account's private contact details. */
export type PrivateContact = NonNullable<MyContactQuery['me']>
/** A task's page: the card fields plus spec, proof, dispute and payments. */
export type TaskDetail = NonNullable<TaskQuery['task']>
/** A post's page (with `likedBy` when asked for). */
export type PostDetail = NonNullable<PostQuery['post']>
export type Setting = SettingsQuery['settings'][number]
export type IndexerStatus = NonNullable<IndexerStatusQuery['indexerStatus']>
/** A player the viewer blocked. */
export type BlockedUser = BlockedUsersQuery['blockedUsers'][number]
