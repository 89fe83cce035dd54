/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What a comment is on (the seed's `comment_object_type`). */
export const CommentTarget = {
  /** 社区: a community. */
  Community: 'COMMUNITY',
  /** 帖子: a post. */
  Post: 'POST',
  /** 任务: a task. */
  Task: 'TASK'
} as const;

export type CommentTarget = typeof CommentTarget[keyof typeof CommentTarget];
/** Filters of `communities`. */
export type CommunityFilter = {
  /** Name contains this text. */
  nameContains?: string | null | undefined;
  /** Exactly this theme. */
  theme?: string | null | undefined;
};

/** How `communities` is sorted. */
export type CommunityOrderBy = {
  /** The direction. */
  direction?: Direction;
  /** The key. */
  field?: CommunityOrderField;
};

/** What `communities` sorts by. */
export const CommunityOrderField = {
  /** Creation time. */
  CreatedAt: 'CREATED_AT',
  /** Member count. */
  MemberCount: 'MEMBER_COUNT'
} as const;

export type CommunityOrderField = typeof CommunityOrderField[keyof typeof CommunityOrderField];
/** Sort direction. */
export const Direction = {
  /** Smallest first. */
  Asc: 'ASC',
  /** Largest first. */
  Desc: 'DESC'
} as const;

export type Direction = typeof Direction[keyof typeof Direction];
/** Where a member stands. */
export const MemberStatus = {
  /** Banned by an admin. */
  Banned: 'BANNED',
  /** Left. */
  Left: 'LEFT',
  /** A member. */
  Member: 'MEMBER'
} as const;

export type MemberStatus = typeof MemberStatus[keyof typeof MemberStatus];
/** An offer's status. */
export const OfferStatus = {
  /** Cancelled, its escrow returned. */
  Cancelled: 'CANCELLED',
  /** Taken. */
  Filled: 'FILLED',
  /** Waiting for a taker. */
  Open: 'OPEN'
} as const;

export type OfferStatus = typeof OfferStatus[keyof typeof OfferStatus];
/** Filters of `orders`; all given ones must hold. */
export type OrderFilter = {
  /** The buyer (others than the caller: admins only). */
  buyer?: string | null | undefined;
  /** The community (its admins see all its orders). */
  communityId?: string | null | undefined;
  /** The item. */
  itemId?: string | null | undefined;
  /** The status. */
  status?: OrderStatus | null | undefined;
};

/** An order's status (the seed's 已下单 已支付 已完成 已取消). */
export const OrderStatus = {
  /** 已取消: cancelled; stock and points returned. */
  Cancelled: 'CANCELLED',
  /** 已完成: delivered; the points were burned. */
  Completed: 'COMPLETED',
  /** 已下单: placed, stock reserved, not paid. */
  Ordered: 'ORDERED',
  /** 已支付: points in escrow. */
  Paid: 'PAID'
} as const;

export type OrderStatus = typeof OrderStatus[keyof typeof OrderStatus];
/** A recovery request's state. */
export const RecoveryStatus = {
  /** Approved: the account moved. */
  Approved: 'APPROVED',
  /** Waiting for the system admin. */
  Pending: 'PENDING',
  /** Rejected. */
  Rejected: 'REJECTED'
} as const;

export type RecoveryStatus = typeof RecoveryStatus[keyof typeof RecoveryStatus];
/** A role held in `Profiles`. */
export const Role = {
  /** Pauses the contracts. */
  Pauser: 'PAUSER',
  /** The system admin (`DEFAULT_ADMIN_ROLE`). */
  SystemAdmin: 'SYSTEM_ADMIN',
  /** Publishes tasks. */
  TaskPublisher: 'TASK_PUBLISHER',
  /** Verifies players. */
  Verifier: 'VERIFIER'
} as const;

export type Role = typeof Role[keyof typeof Role];
/** Filters of `tasks`; all given ones must hold. */
export type TaskFilter = {
  /** The claimer's address. */
  claimer?: string | null | undefined;
  /** The community's id. */
  communityId?: string | null | undefined;
  /** Deadline at or after (unix seconds). */
  deadlineFrom?: number | null | undefined;
  /** Deadline at or before (unix seconds). */
  deadlineTo?: number | null | undefined;
  /** The publisher's address. */
  publisher?: string | null | undefined;
  /** The reward token's address (`0x000…0` for ETH). */
  rewardToken?: string | null | undefined;
  /** One status. */
  status?: TaskStatus | null | undefined;
  /** Any of these statuses. */
  statusIn?: Array<TaskStatus> | null | undefined;
  /** Title contains this text. */
  titleContains?: string | null | undefined;
};

/** How `tasks` is sorted. */
export type TaskOrderBy = {
  /** The direction. */
  direction?: Direction;
  /** The key. */
  field?: TaskOrderField;
};

/** What `tasks` sorts by. */
export const TaskOrderField = {
  /** Publication time. */
  CreatedAt: 'CREATED_AT',
  /** Deadline. */
  Deadline: 'DEADLINE',
  /** Reward amount (compare within one token). */
  Reward: 'REWARD'
} as const;

export type TaskOrderField = typeof TaskOrderField[keyof typeof TaskOrderField];
/** A task's status (the seed's 发布 领取 完成 过期, plus the new states). */
export const TaskStatus = {
  /** 已取消: cancelled by the publisher; refunded. */
  Cancelled: 'CANCELLED',
  /** 领取: claimed (or rejected and back with the claimer). */
  Claimed: 'CLAIMED',
  /** 完成: paid out. */
  Completed: 'COMPLETED',
  /** 争议中: the claimer disputed a rejection. */
  Disputed: 'DISPUTED',
  /**
   * 过期: the deadline passed and the publisher was refunded, or a dispute nobody
   * resolved within the dispute period was split 50/50 (see `payments`).
   */
  Expired: 'EXPIRED',
  /** 发布: published, waiting for a claimer. */
  Open: 'OPEN',
  /** 已提交: work submitted, waiting for review. */
  Submitted: 'SUBMITTED'
} as const;

export type TaskStatus = typeof TaskStatus[keyof typeof TaskStatus];
export type SourceFragment = { blockNumber: number, txHash: string };

export type DocFragment = { hash: string, json: string | null, text: string | null, verified: boolean };

export type UserRefFragment = { address: string, username: string, verified: boolean };

export type CommunityRefFragment = { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null };

export type UserFragment = { profileHash: string, registeredAt: number, roles: Array<Role>, address: string, username: string, verified: boolean, profile: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } };

export type CommunityFragment = { memberCount: number, creatorAddress: string, pointsName: string | null, createdAt: number, id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null, creator: { address: string, username: string, verified: boolean } | null, description: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } };

export type TaskFragment = { id: string, title: string, status: TaskStatus | null, communityId: string, publisherAddress: string, claimerAddress: string | null, rewardToken: string, reward: string, deadline: number, rejected: boolean, createdAt: number, updatedAt: number, community: { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null } | null, publisher: { address: string, username: string, verified: boolean } | null, claimer: { address: string, username: string, verified: boolean } | null, source: { blockNumber: number, txHash: string } };

export type PostFragment = { id: string, title: string, communityId: string, authorAddress: string, removed: boolean, pinned: boolean, likeCount: number, commentCount: number, createdAt: number, editedAt: number | null, author: { address: string, username: string, verified: boolean } | null, content: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } };

export type ItemFragment = { id: string, communityId: string, token: string, name: string, price: string, stock: number, active: boolean, ratingCount: number, rating: number | null, sold: number, createdAt: number, community: { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null } | null, metadata: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } };

export type OrderFragment = { id: string, itemId: string, itemName: string, communityId: string, buyer: string, quantity: number, amount: string, token: string, status: OrderStatus | null, reviewed: boolean, createdAt: number, updatedAt: number, expiresAt: number, item: { community: { pointsSymbol: string | null } | null } | null, source: { blockNumber: number, txHash: string } };

export type OfferFragment = { id: string, maker: string, giveToken: string, giveAmount: string, wantToken: string, wantAmount: string, counterparty: string, expiry: number, status: OfferStatus | null, taker: string | null, source: { blockNumber: number, txHash: string } };

export type MemberFragment = { communityId: string, account: string, isAdmin: boolean, status: MemberStatus, joinedAt: number, user: { address: string, username: string, verified: boolean } | null, source: { blockNumber: number, txHash: string } };

export type CommentFragment = { id: string, authorAddress: string, createdAt: number, author: { address: string, username: string, verified: boolean } | null, content: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } };

export type ReviewFragment = { orderId: string, buyer: string, stars: number, createdAt: number, author: { address: string, username: string, verified: boolean } | null, content: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } };

export type PointEntryFragment = { id: string, communityId: string, token: string, amount: string, counterparty: string, reason: string | null, createdAt: number, source: { blockNumber: number, txHash: string } };

export type RecoveryRequestFragment = { id: string, username: string, oldAccount: string, newAccount: string, status: RecoveryStatus, createdAt: number, evidence: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } };

export type PublisherApplicationFragment = { id: string, account: string, granted: boolean, createdAt: number, user: { roles: Array<Role>, address: string, username: string, verified: boolean } | null, application: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } };

export type SessionFragment = { token: string, expiresAt: number, address: string };

export type IndexerStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type IndexerStatusQuery = { indexerStatus: { chainId: number, headBlock: number, indexedBlock: number, lagBlocks: number } | null };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { profileHash: string, registeredAt: number, roles: Array<Role>, address: string, username: string, verified: boolean, profile: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } } | null };

export type MyContactQueryVariables = Exact<{ [key: string]: never; }>;


export type MyContactQuery = { me: { address: string, email: string | null, phone: string | null, emailVerified: boolean, hasPassword: boolean } | null };

export type UserPageQueryVariables = Exact<{
  address: string;
}>;


export type UserPageQuery = { user: { profileHash: string, registeredAt: number, roles: Array<Role>, address: string, username: string, verified: boolean, balances: Array<{ token: string, communityId: string, symbol: string, name: string, balance: string }>, memberships: Array<{ communityId: string, account: string, isAdmin: boolean, status: MemberStatus, joinedAt: number, user: { address: string, username: string, verified: boolean } | null, source: { blockNumber: number, txHash: string } }>, credits: Array<{ contract: string, token: string, owed: string }>, profile: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } } | null };

export type UserRefQueryVariables = Exact<{
  address: string;
}>;


export type UserRefQuery = { user: { roles: Array<Role>, address: string, username: string, verified: boolean } | null };

export type UserByNameQueryVariables = Exact<{
  username: string;
}>;


export type UserByNameQuery = { userByName: { address: string, username: string, verified: boolean } | null };

export type UsersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UsersQuery = { users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ profileHash: string, registeredAt: number, roles: Array<Role>, address: string, username: string, verified: boolean, profile: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } }> } };

export type HomeQueryVariables = Exact<{ [key: string]: never; }>;


export type HomeQuery = { items: { nodes: Array<{ id: string, communityId: string, token: string, name: string, price: string, stock: number, active: boolean, ratingCount: number, rating: number | null, sold: number, createdAt: number, community: { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null } | null, metadata: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } }> }, tasks: { nodes: Array<{ id: string, title: string, reward: string, rewardToken: string, community: { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null } | null }> }, communities: { nodes: Array<{ id: string, name: string, theme: string, memberCount: number }> } };

export type SearchQueryVariables = Exact<{
  query: string;
  first?: number | null | undefined;
}>;


export type SearchQuery = { search: { tasks: Array<{ id: string, title: string, status: TaskStatus | null }>, communities: Array<{ id: string, name: string, theme: string, memberCount: number }>, posts: Array<{ id: string, title: string, communityId: string }> } };

export type TasksQueryVariables = Exact<{
  filter?: TaskFilter | null | undefined;
  orderBy?: TaskOrderBy | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TasksQuery = { tasks: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, title: string, status: TaskStatus | null, communityId: string, publisherAddress: string, claimerAddress: string | null, rewardToken: string, reward: string, deadline: number, rejected: boolean, createdAt: number, updatedAt: number, community: { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null } | null, publisher: { address: string, username: string, verified: boolean } | null, claimer: { address: string, username: string, verified: boolean } | null, source: { blockNumber: number, txHash: string } }> } };

export type TaskQueryVariables = Exact<{
  id: string;
}>;


export type TaskQuery = { task: { proofHash: string | null, submittedAt: number | null, workDeadline: number | null, disputeDeadline: number | null, releasedClaimers: Array<string>, id: string, title: string, status: TaskStatus | null, communityId: string, publisherAddress: string, claimerAddress: string | null, rewardToken: string, reward: string, deadline: number, rejected: boolean, createdAt: number, updatedAt: number, spec: { hash: string, json: string | null, text: string | null, verified: boolean }, rejection: { hash: string, json: string | null, text: string | null, verified: boolean } | null, dispute: { hash: string, json: string | null, text: string | null, verified: boolean } | null, payments: Array<{ from: string, to: string, token: string, amount: string, createdAt: number, source: { blockNumber: number, txHash: string } }>, community: { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null } | null, publisher: { address: string, username: string, verified: boolean } | null, claimer: { address: string, username: string, verified: boolean } | null, source: { blockNumber: number, txHash: string } } | null };

export type CommunitiesQueryVariables = Exact<{
  filter?: CommunityFilter | null | undefined;
  orderBy?: CommunityOrderBy | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CommunitiesQuery = { communities: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ memberCount: number, creatorAddress: string, pointsName: string | null, createdAt: number, id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null, creator: { address: string, username: string, verified: boolean } | null, description: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } }> } };

export type CommunityQueryVariables = Exact<{
  id: string;
}>;


export type CommunityQuery = { community: { memberCount: number, creatorAddress: string, pointsName: string | null, createdAt: number, id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null, creator: { address: string, username: string, verified: boolean } | null, description: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } } | null, pinned: { nodes: Array<{ id: string, title: string, communityId: string, authorAddress: string, removed: boolean, pinned: boolean, likeCount: number, commentCount: number, createdAt: number, editedAt: number | null, author: { address: string, username: string, verified: boolean } | null, content: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } }> }, recent: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, title: string, communityId: string, authorAddress: string, removed: boolean, pinned: boolean, likeCount: number, commentCount: number, createdAt: number, editedAt: number | null, author: { address: string, username: string, verified: boolean } | null, content: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } }> }, members: { totalCount: number, nodes: Array<{ communityId: string, account: string, isAdmin: boolean, status: MemberStatus, joinedAt: number, user: { address: string, username: string, verified: boolean } | null, source: { blockNumber: number, txHash: string } }> } };

export type MembershipQueryVariables = Exact<{
  id: string;
  account: string;
}>;


export type MembershipQuery = { members: { nodes: Array<{ communityId: string, account: string, isAdmin: boolean, status: MemberStatus, joinedAt: number, user: { address: string, username: string, verified: boolean } | null, source: { blockNumber: number, txHash: string } }> } };

export type AdminSinceQueryVariables = Exact<{
  id: string;
  account: string;
}>;


export type AdminSinceQuery = { members: { nodes: Array<{ adminSince: number | null }> } };

export type CommunityAdminsQueryVariables = Exact<{
  id: string;
}>;


export type CommunityAdminsQuery = { members: { nodes: Array<{ communityId: string, account: string, isAdmin: boolean, status: MemberStatus, joinedAt: number, user: { address: string, username: string, verified: boolean } | null, source: { blockNumber: number, txHash: string } }> } };

export type PostQueryVariables = Exact<{
  id: string;
  account: string;
  withLike: boolean;
}>;


export type PostQuery = { post: { likedBy?: boolean, id: string, title: string, communityId: string, authorAddress: string, removed: boolean, pinned: boolean, likeCount: number, commentCount: number, createdAt: number, editedAt: number | null, community: { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null } | null, author: { address: string, username: string, verified: boolean } | null, content: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } } | null };

export type CommentsQueryVariables = Exact<{
  target: CommentTarget;
  targetId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CommentsQuery = { comments: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, authorAddress: string, createdAt: number, author: { address: string, username: string, verified: boolean } | null, content: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } }> } };

export type ItemsQueryVariables = Exact<{
  communityId?: string | null | undefined;
  byPrice: boolean;
  direction: Direction;
  first?: number | null | undefined;
  after?: string | null | undefined;
  includeInactive: boolean;
}>;


export type ItemsQuery = { items: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, communityId: string, token: string, name: string, price: string, stock: number, active: boolean, ratingCount: number, rating: number | null, sold: number, createdAt: number, community: { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null } | null, metadata: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } }> } };

export type ItemQueryVariables = Exact<{
  id: string;
}>;


export type ItemQuery = { item: { id: string, communityId: string, token: string, name: string, price: string, stock: number, active: boolean, ratingCount: number, rating: number | null, sold: number, createdAt: number, community: { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null } | null, metadata: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } } | null, reviews: { totalCount: number, nodes: Array<{ orderId: string, buyer: string, stars: number, createdAt: number, author: { address: string, username: string, verified: boolean } | null, content: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } }> } };

export type ItemRefQueryVariables = Exact<{
  id: string;
}>;


export type ItemRefQuery = { item: { id: string, communityId: string, token: string, name: string, price: string, stock: number, active: boolean, ratingCount: number, rating: number | null, sold: number, createdAt: number, community: { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null } | null, metadata: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } } | null };

export type OrdersQueryVariables = Exact<{
  filter?: OrderFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type OrdersQuery = { orders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, itemId: string, itemName: string, communityId: string, buyer: string, quantity: number, amount: string, token: string, status: OrderStatus | null, reviewed: boolean, createdAt: number, updatedAt: number, expiresAt: number, item: { community: { pointsSymbol: string | null } | null } | null, source: { blockNumber: number, txHash: string } }> } };

export type PointHistoryQueryVariables = Exact<{
  account: string;
  communityId?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PointHistoryQuery = { pointHistory: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, communityId: string, token: string, amount: string, counterparty: string, reason: string | null, createdAt: number, source: { blockNumber: number, txHash: string } }> } };

export type OffersQueryVariables = Exact<{
  status?: OfferStatus | null | undefined;
  maker?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type OffersQuery = { offers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, maker: string, giveToken: string, giveAmount: string, wantToken: string, wantAmount: string, counterparty: string, expiry: number, status: OfferStatus | null, taker: string | null, source: { blockNumber: number, txHash: string } }> } };

export type PointTokensQueryVariables = Exact<{ [key: string]: never; }>;


export type PointTokensQuery = { communities: { nodes: Array<{ id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null }> } };

export type RecoveryRequestsQueryVariables = Exact<{
  status?: RecoveryStatus | null | undefined;
}>;


export type RecoveryRequestsQuery = { recoveryRequests: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, username: string, oldAccount: string, newAccount: string, status: RecoveryStatus, createdAt: number, evidence: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } }> } };

export type PublisherApplicationsQueryVariables = Exact<{ [key: string]: never; }>;


export type PublisherApplicationsQuery = { publisherApplications: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, account: string, granted: boolean, createdAt: number, user: { roles: Array<Role>, address: string, username: string, verified: boolean } | null, application: { hash: string, json: string | null, text: string | null, verified: boolean }, source: { blockNumber: number, txHash: string } }> } };

export type SettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type SettingsQuery = { settings: Array<{ contract: string, name: string, value: string }> };

export type DocumentQueryVariables = Exact<{
  hash: string;
}>;


export type DocumentQuery = { document: { hash: string, json: string | null, text: string | null, verified: boolean } | null };

export type SiweNonceMutationVariables = Exact<{ [key: string]: never; }>;


export type SiweNonceMutation = { siweNonce: string };

export type SignInMutationVariables = Exact<{
  message: string;
  signature: string;
}>;


export type SignInMutation = { signIn: { token: string, expiresAt: number, address: string } };

export type SignInWithPasswordMutationVariables = Exact<{
  login: string;
  password: string;
}>;


export type SignInWithPasswordMutation = { signInWithPassword: { token: string, expiresAt: number, address: string } };

export type SetPasswordMutationVariables = Exact<{
  password: string;
  currentPassword?: string | null | undefined;
}>;


export type SetPasswordMutation = { setPassword: boolean };

export type RequestPasswordResetMutationVariables = Exact<{
  email: string;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset: boolean };

export type ResetPasswordMutationVariables = Exact<{
  token: string;
  newPassword: string;
}>;


export type ResetPasswordMutation = { resetPassword: boolean };

export type UpdateContactMutationVariables = Exact<{
  email?: string | null | undefined;
  phone?: string | null | undefined;
}>;


export type UpdateContactMutation = { updateContact: { email: string | null, phone: string | null, emailVerified: boolean } };

export type RequestEmailVerificationMutationVariables = Exact<{ [key: string]: never; }>;


export type RequestEmailVerificationMutation = { requestEmailVerification: boolean };

export type VerifyEmailMutationVariables = Exact<{
  token: string;
}>;


export type VerifyEmailMutation = { verifyEmail: boolean };

export type PutContentMutationVariables = Exact<{
  json: string;
}>;


export type PutContentMutation = { putContent: string };

export type TaskChangedSubscriptionVariables = Exact<{
  id: string;
}>;


export type TaskChangedSubscription = { taskChanged: { id: string, title: string, status: TaskStatus | null, communityId: string, publisherAddress: string, claimerAddress: string | null, rewardToken: string, reward: string, deadline: number, rejected: boolean, createdAt: number, updatedAt: number, community: { id: string, name: string, theme: string, pointsToken: string | null, pointsSymbol: string | null } | null, publisher: { address: string, username: string, verified: boolean } | null, claimer: { address: string, username: string, verified: boolean } | null, source: { blockNumber: number, txHash: string } } };

export type PostCreatedSubscriptionVariables = Exact<{
  communityId?: string | null | undefined;
}>;


export type PostCreatedSubscription = { postCreated: { id: string, title: string, communityId: string } };

export type BlockIndexedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type BlockIndexedSubscription = { blockIndexed: { number: number, hash: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const UserRefFragmentDoc = new TypedDocumentString(`
    fragment UserRef on User {
  address
  username
  verified
}
    `, {"fragmentName":"UserRef"}) as unknown as TypedDocumentString<UserRefFragment, unknown>;
export const DocFragmentDoc = new TypedDocumentString(`
    fragment Doc on Document {
  hash
  json
  text
  verified
}
    `, {"fragmentName":"Doc"}) as unknown as TypedDocumentString<DocFragment, unknown>;
export const SourceFragmentDoc = new TypedDocumentString(`
    fragment Source on Source {
  blockNumber
  txHash
}
    `, {"fragmentName":"Source"}) as unknown as TypedDocumentString<SourceFragment, unknown>;
export const UserFragmentDoc = new TypedDocumentString(`
    fragment User on User {
  ...UserRef
  profileHash
  registeredAt
  roles
  profile {
    ...Doc
  }
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}`, {"fragmentName":"User"}) as unknown as TypedDocumentString<UserFragment, unknown>;
export const CommunityRefFragmentDoc = new TypedDocumentString(`
    fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}
    `, {"fragmentName":"CommunityRef"}) as unknown as TypedDocumentString<CommunityRefFragment, unknown>;
export const CommunityFragmentDoc = new TypedDocumentString(`
    fragment Community on Community {
  ...CommunityRef
  memberCount
  creatorAddress
  creator {
    ...UserRef
  }
  pointsName
  createdAt
  description {
    ...Doc
  }
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}`, {"fragmentName":"Community"}) as unknown as TypedDocumentString<CommunityFragment, unknown>;
export const TaskFragmentDoc = new TypedDocumentString(`
    fragment Task on Task {
  id
  title
  status
  communityId
  community {
    ...CommunityRef
  }
  publisherAddress
  publisher {
    ...UserRef
  }
  claimerAddress
  claimer {
    ...UserRef
  }
  rewardToken
  reward
  deadline
  rejected
  createdAt
  updatedAt
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment UserRef on User {
  address
  username
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}`, {"fragmentName":"Task"}) as unknown as TypedDocumentString<TaskFragment, unknown>;
export const PostFragmentDoc = new TypedDocumentString(`
    fragment Post on Post {
  id
  title
  communityId
  authorAddress
  author {
    ...UserRef
  }
  removed
  pinned
  likeCount
  commentCount
  createdAt
  editedAt
  content {
    ...Doc
  }
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}`, {"fragmentName":"Post"}) as unknown as TypedDocumentString<PostFragment, unknown>;
export const ItemFragmentDoc = new TypedDocumentString(`
    fragment Item on Item {
  id
  communityId
  community {
    ...CommunityRef
  }
  token
  name
  price
  stock
  active
  ratingCount
  rating
  sold
  createdAt
  metadata {
    ...Doc
  }
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}`, {"fragmentName":"Item"}) as unknown as TypedDocumentString<ItemFragment, unknown>;
export const OrderFragmentDoc = new TypedDocumentString(`
    fragment Order on Order {
  id
  itemId
  itemName
  item {
    community {
      pointsSymbol
    }
  }
  communityId
  buyer
  quantity
  amount
  token
  status
  reviewed
  createdAt
  updatedAt
  expiresAt
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}`, {"fragmentName":"Order"}) as unknown as TypedDocumentString<OrderFragment, unknown>;
export const OfferFragmentDoc = new TypedDocumentString(`
    fragment Offer on Offer {
  id
  maker
  giveToken
  giveAmount
  wantToken
  wantAmount
  counterparty
  expiry
  status
  taker
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}`, {"fragmentName":"Offer"}) as unknown as TypedDocumentString<OfferFragment, unknown>;
export const MemberFragmentDoc = new TypedDocumentString(`
    fragment Member on Member {
  communityId
  account
  user {
    ...UserRef
  }
  isAdmin
  status
  joinedAt
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment UserRef on User {
  address
  username
  verified
}`, {"fragmentName":"Member"}) as unknown as TypedDocumentString<MemberFragment, unknown>;
export const CommentFragmentDoc = new TypedDocumentString(`
    fragment Comment on Comment {
  id
  authorAddress
  author {
    ...UserRef
  }
  content {
    ...Doc
  }
  createdAt
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}`, {"fragmentName":"Comment"}) as unknown as TypedDocumentString<CommentFragment, unknown>;
export const ReviewFragmentDoc = new TypedDocumentString(`
    fragment Review on Review {
  orderId
  buyer
  author {
    ...UserRef
  }
  stars
  content {
    ...Doc
  }
  createdAt
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}`, {"fragmentName":"Review"}) as unknown as TypedDocumentString<ReviewFragment, unknown>;
export const PointEntryFragmentDoc = new TypedDocumentString(`
    fragment PointEntry on PointEntry {
  id
  communityId
  token
  amount
  counterparty
  reason
  createdAt
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}`, {"fragmentName":"PointEntry"}) as unknown as TypedDocumentString<PointEntryFragment, unknown>;
export const RecoveryRequestFragmentDoc = new TypedDocumentString(`
    fragment RecoveryRequest on RecoveryRequest {
  id
  username
  oldAccount
  newAccount
  evidence {
    ...Doc
  }
  status
  createdAt
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}`, {"fragmentName":"RecoveryRequest"}) as unknown as TypedDocumentString<RecoveryRequestFragment, unknown>;
export const PublisherApplicationFragmentDoc = new TypedDocumentString(`
    fragment PublisherApplication on PublisherApplication {
  id
  account
  user {
    ...UserRef
    roles
  }
  application {
    ...Doc
  }
  granted
  createdAt
  source {
    ...Source
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}`, {"fragmentName":"PublisherApplication"}) as unknown as TypedDocumentString<PublisherApplicationFragment, unknown>;
export const SessionFragmentDoc = new TypedDocumentString(`
    fragment Session on Session {
  token
  expiresAt
  address
}
    `, {"fragmentName":"Session"}) as unknown as TypedDocumentString<SessionFragment, unknown>;
export const IndexerStatusDocument = new TypedDocumentString(`
    query IndexerStatus {
  indexerStatus {
    chainId
    headBlock
    indexedBlock
    lagBlocks
  }
}
    `) as unknown as TypedDocumentString<IndexerStatusQuery, IndexerStatusQueryVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    ...User
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}
fragment User on User {
  ...UserRef
  profileHash
  registeredAt
  roles
  profile {
    ...Doc
  }
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const MyContactDocument = new TypedDocumentString(`
    query MyContact {
  me {
    address
    email
    phone
    emailVerified
    hasPassword
  }
}
    `) as unknown as TypedDocumentString<MyContactQuery, MyContactQueryVariables>;
export const UserPageDocument = new TypedDocumentString(`
    query UserPage($address: String!) {
  user(address: $address) {
    ...User
    balances {
      token
      communityId
      symbol
      name
      balance
    }
    memberships {
      ...Member
    }
    credits {
      contract
      token
      owed
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}
fragment User on User {
  ...UserRef
  profileHash
  registeredAt
  roles
  profile {
    ...Doc
  }
  source {
    ...Source
  }
}
fragment Member on Member {
  communityId
  account
  user {
    ...UserRef
  }
  isAdmin
  status
  joinedAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<UserPageQuery, UserPageQueryVariables>;
export const UserRefDocument = new TypedDocumentString(`
    query UserRef($address: String!) {
  user(address: $address) {
    ...UserRef
    roles
  }
}
    fragment UserRef on User {
  address
  username
  verified
}`) as unknown as TypedDocumentString<UserRefQuery, UserRefQueryVariables>;
export const UserByNameDocument = new TypedDocumentString(`
    query UserByName($username: String!) {
  userByName(username: $username) {
    ...UserRef
  }
}
    fragment UserRef on User {
  address
  username
  verified
}`) as unknown as TypedDocumentString<UserByNameQuery, UserByNameQueryVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users($first: Int, $after: String) {
  users(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...User
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}
fragment User on User {
  ...UserRef
  profileHash
  registeredAt
  roles
  profile {
    ...Doc
  }
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const HomeDocument = new TypedDocumentString(`
    query Home {
  items(first: 8) {
    nodes {
      ...Item
    }
  }
  tasks(
    filter: {status: OPEN}
    orderBy: {field: CREATED_AT, direction: DESC}
    first: 1
  ) {
    nodes {
      id
      title
      reward
      rewardToken
      community {
        ...CommunityRef
      }
    }
  }
  communities(orderBy: {field: MEMBER_COUNT, direction: DESC}, first: 1) {
    nodes {
      id
      name
      theme
      memberCount
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}
fragment Item on Item {
  id
  communityId
  community {
    ...CommunityRef
  }
  token
  name
  price
  stock
  active
  ratingCount
  rating
  sold
  createdAt
  metadata {
    ...Doc
  }
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<HomeQuery, HomeQueryVariables>;
export const SearchDocument = new TypedDocumentString(`
    query Search($query: String!, $first: Int) {
  search(query: $query, first: $first) {
    tasks {
      id
      title
      status
    }
    communities {
      id
      name
      theme
      memberCount
    }
    posts {
      id
      title
      communityId
    }
  }
}
    `) as unknown as TypedDocumentString<SearchQuery, SearchQueryVariables>;
export const TasksDocument = new TypedDocumentString(`
    query Tasks($filter: TaskFilter, $orderBy: TaskOrderBy, $first: Int, $after: String) {
  tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...Task
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment UserRef on User {
  address
  username
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}
fragment Task on Task {
  id
  title
  status
  communityId
  community {
    ...CommunityRef
  }
  publisherAddress
  publisher {
    ...UserRef
  }
  claimerAddress
  claimer {
    ...UserRef
  }
  rewardToken
  reward
  deadline
  rejected
  createdAt
  updatedAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<TasksQuery, TasksQueryVariables>;
export const TaskDocument = new TypedDocumentString(`
    query Task($id: String!) {
  task(id: $id) {
    ...Task
    spec {
      ...Doc
    }
    proofHash
    submittedAt
    rejection {
      ...Doc
    }
    dispute {
      ...Doc
    }
    workDeadline
    disputeDeadline
    releasedClaimers
    payments {
      from
      to
      token
      amount
      createdAt
      source {
        ...Source
      }
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}
fragment Task on Task {
  id
  title
  status
  communityId
  community {
    ...CommunityRef
  }
  publisherAddress
  publisher {
    ...UserRef
  }
  claimerAddress
  claimer {
    ...UserRef
  }
  rewardToken
  reward
  deadline
  rejected
  createdAt
  updatedAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<TaskQuery, TaskQueryVariables>;
export const CommunitiesDocument = new TypedDocumentString(`
    query Communities($filter: CommunityFilter, $orderBy: CommunityOrderBy, $first: Int, $after: String) {
  communities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...Community
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}
fragment Community on Community {
  ...CommunityRef
  memberCount
  creatorAddress
  creator {
    ...UserRef
  }
  pointsName
  createdAt
  description {
    ...Doc
  }
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<CommunitiesQuery, CommunitiesQueryVariables>;
export const CommunityDocument = new TypedDocumentString(`
    query Community($id: String!) {
  community(id: $id) {
    ...Community
  }
  pinned: posts(filter: {communityId: $id, pinned: true}, first: 10) {
    nodes {
      ...Post
    }
  }
  recent: posts(
    filter: {communityId: $id}
    orderBy: {field: CREATED_AT, direction: DESC}
    first: 20
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...Post
    }
  }
  members(communityId: $id, first: 50) {
    totalCount
    nodes {
      ...Member
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}
fragment Community on Community {
  ...CommunityRef
  memberCount
  creatorAddress
  creator {
    ...UserRef
  }
  pointsName
  createdAt
  description {
    ...Doc
  }
  source {
    ...Source
  }
}
fragment Post on Post {
  id
  title
  communityId
  authorAddress
  author {
    ...UserRef
  }
  removed
  pinned
  likeCount
  commentCount
  createdAt
  editedAt
  content {
    ...Doc
  }
  source {
    ...Source
  }
}
fragment Member on Member {
  communityId
  account
  user {
    ...UserRef
  }
  isAdmin
  status
  joinedAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<CommunityQuery, CommunityQueryVariables>;
export const MembershipDocument = new TypedDocumentString(`
    query Membership($id: String!, $account: String!) {
  members(communityId: $id, account: $account, first: 1) {
    nodes {
      ...Member
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment UserRef on User {
  address
  username
  verified
}
fragment Member on Member {
  communityId
  account
  user {
    ...UserRef
  }
  isAdmin
  status
  joinedAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<MembershipQuery, MembershipQueryVariables>;
export const AdminSinceDocument = new TypedDocumentString(`
    query AdminSince($id: String!, $account: String!) {
  members(communityId: $id, account: $account, first: 1) {
    nodes {
      adminSince
    }
  }
}
    `) as unknown as TypedDocumentString<AdminSinceQuery, AdminSinceQueryVariables>;
export const CommunityAdminsDocument = new TypedDocumentString(`
    query CommunityAdmins($id: String!) {
  members(communityId: $id, adminsOnly: true, first: 50) {
    nodes {
      ...Member
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment UserRef on User {
  address
  username
  verified
}
fragment Member on Member {
  communityId
  account
  user {
    ...UserRef
  }
  isAdmin
  status
  joinedAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<CommunityAdminsQuery, CommunityAdminsQueryVariables>;
export const PostDocument = new TypedDocumentString(`
    query Post($id: String!, $account: String!, $withLike: Boolean!) {
  post(id: $id) {
    ...Post
    community {
      ...CommunityRef
    }
    likedBy(account: $account) @include(if: $withLike)
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}
fragment Post on Post {
  id
  title
  communityId
  authorAddress
  author {
    ...UserRef
  }
  removed
  pinned
  likeCount
  commentCount
  createdAt
  editedAt
  content {
    ...Doc
  }
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<PostQuery, PostQueryVariables>;
export const CommentsDocument = new TypedDocumentString(`
    query Comments($target: CommentTarget!, $targetId: String!, $first: Int, $after: String) {
  comments(target: $target, targetId: $targetId, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...Comment
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}
fragment Comment on Comment {
  id
  authorAddress
  author {
    ...UserRef
  }
  content {
    ...Doc
  }
  createdAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<CommentsQuery, CommentsQueryVariables>;
export const ItemsDocument = new TypedDocumentString(`
    query Items($communityId: String, $byPrice: Boolean!, $direction: Direction!, $first: Int, $after: String, $includeInactive: Boolean!) {
  items(
    communityId: $communityId
    byPrice: $byPrice
    direction: $direction
    first: $first
    after: $after
    includeInactive: $includeInactive
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...Item
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}
fragment Item on Item {
  id
  communityId
  community {
    ...CommunityRef
  }
  token
  name
  price
  stock
  active
  ratingCount
  rating
  sold
  createdAt
  metadata {
    ...Doc
  }
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<ItemsQuery, ItemsQueryVariables>;
export const ItemDocument = new TypedDocumentString(`
    query Item($id: String!) {
  item(id: $id) {
    ...Item
  }
  reviews(itemId: $id, first: 50) {
    totalCount
    nodes {
      ...Review
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}
fragment Item on Item {
  id
  communityId
  community {
    ...CommunityRef
  }
  token
  name
  price
  stock
  active
  ratingCount
  rating
  sold
  createdAt
  metadata {
    ...Doc
  }
  source {
    ...Source
  }
}
fragment Review on Review {
  orderId
  buyer
  author {
    ...UserRef
  }
  stars
  content {
    ...Doc
  }
  createdAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<ItemQuery, ItemQueryVariables>;
export const ItemRefDocument = new TypedDocumentString(`
    query ItemRef($id: String!) {
  item(id: $id) {
    ...Item
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}
fragment Item on Item {
  id
  communityId
  community {
    ...CommunityRef
  }
  token
  name
  price
  stock
  active
  ratingCount
  rating
  sold
  createdAt
  metadata {
    ...Doc
  }
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<ItemRefQuery, ItemRefQueryVariables>;
export const OrdersDocument = new TypedDocumentString(`
    query Orders($filter: OrderFilter, $first: Int, $after: String) {
  orders(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...Order
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Order on Order {
  id
  itemId
  itemName
  item {
    community {
      pointsSymbol
    }
  }
  communityId
  buyer
  quantity
  amount
  token
  status
  reviewed
  createdAt
  updatedAt
  expiresAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<OrdersQuery, OrdersQueryVariables>;
export const PointHistoryDocument = new TypedDocumentString(`
    query PointHistory($account: String!, $communityId: String, $first: Int, $after: String) {
  pointHistory(
    account: $account
    communityId: $communityId
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...PointEntry
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment PointEntry on PointEntry {
  id
  communityId
  token
  amount
  counterparty
  reason
  createdAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<PointHistoryQuery, PointHistoryQueryVariables>;
export const OffersDocument = new TypedDocumentString(`
    query Offers($status: OfferStatus, $maker: String, $first: Int, $after: String) {
  offers(status: $status, maker: $maker, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...Offer
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Offer on Offer {
  id
  maker
  giveToken
  giveAmount
  wantToken
  wantAmount
  counterparty
  expiry
  status
  taker
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<OffersQuery, OffersQueryVariables>;
export const PointTokensDocument = new TypedDocumentString(`
    query PointTokens {
  communities(first: 100, orderBy: {field: MEMBER_COUNT, direction: DESC}) {
    nodes {
      ...CommunityRef
    }
  }
}
    fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}`) as unknown as TypedDocumentString<PointTokensQuery, PointTokensQueryVariables>;
export const RecoveryRequestsDocument = new TypedDocumentString(`
    query RecoveryRequests($status: RecoveryStatus) {
  recoveryRequests(status: $status, first: 50) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...RecoveryRequest
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment RecoveryRequest on RecoveryRequest {
  id
  username
  oldAccount
  newAccount
  evidence {
    ...Doc
  }
  status
  createdAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<RecoveryRequestsQuery, RecoveryRequestsQueryVariables>;
export const PublisherApplicationsDocument = new TypedDocumentString(`
    query PublisherApplications {
  publisherApplications(first: 50) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...PublisherApplication
    }
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment Doc on Document {
  hash
  json
  text
  verified
}
fragment UserRef on User {
  address
  username
  verified
}
fragment PublisherApplication on PublisherApplication {
  id
  account
  user {
    ...UserRef
    roles
  }
  application {
    ...Doc
  }
  granted
  createdAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<PublisherApplicationsQuery, PublisherApplicationsQueryVariables>;
export const SettingsDocument = new TypedDocumentString(`
    query Settings {
  settings {
    contract
    name
    value
  }
}
    `) as unknown as TypedDocumentString<SettingsQuery, SettingsQueryVariables>;
export const DocumentDocument = new TypedDocumentString(`
    query Document($hash: String!) {
  document(hash: $hash) {
    ...Doc
  }
}
    fragment Doc on Document {
  hash
  json
  text
  verified
}`) as unknown as TypedDocumentString<DocumentQuery, DocumentQueryVariables>;
export const SiweNonceDocument = new TypedDocumentString(`
    mutation SiweNonce {
  siweNonce
}
    `) as unknown as TypedDocumentString<SiweNonceMutation, SiweNonceMutationVariables>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($message: String!, $signature: String!) {
  signIn(message: $message, signature: $signature) {
    ...Session
  }
}
    fragment Session on Session {
  token
  expiresAt
  address
}`) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const SignInWithPasswordDocument = new TypedDocumentString(`
    mutation SignInWithPassword($login: String!, $password: String!) {
  signInWithPassword(login: $login, password: $password) {
    ...Session
  }
}
    fragment Session on Session {
  token
  expiresAt
  address
}`) as unknown as TypedDocumentString<SignInWithPasswordMutation, SignInWithPasswordMutationVariables>;
export const SetPasswordDocument = new TypedDocumentString(`
    mutation SetPassword($password: String!, $currentPassword: String) {
  setPassword(password: $password, currentPassword: $currentPassword)
}
    `) as unknown as TypedDocumentString<SetPasswordMutation, SetPasswordMutationVariables>;
export const RequestPasswordResetDocument = new TypedDocumentString(`
    mutation RequestPasswordReset($email: String!) {
  requestPasswordReset(email: $email)
}
    `) as unknown as TypedDocumentString<RequestPasswordResetMutation, RequestPasswordResetMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($token: String!, $newPassword: String!) {
  resetPassword(token: $token, newPassword: $newPassword)
}
    `) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const UpdateContactDocument = new TypedDocumentString(`
    mutation UpdateContact($email: String, $phone: String) {
  updateContact(email: $email, phone: $phone) {
    email
    phone
    emailVerified
  }
}
    `) as unknown as TypedDocumentString<UpdateContactMutation, UpdateContactMutationVariables>;
export const RequestEmailVerificationDocument = new TypedDocumentString(`
    mutation RequestEmailVerification {
  requestEmailVerification
}
    `) as unknown as TypedDocumentString<RequestEmailVerificationMutation, RequestEmailVerificationMutationVariables>;
export const VerifyEmailDocument = new TypedDocumentString(`
    mutation VerifyEmail($token: String!) {
  verifyEmail(token: $token)
}
    `) as unknown as TypedDocumentString<VerifyEmailMutation, VerifyEmailMutationVariables>;
export const PutContentDocument = new TypedDocumentString(`
    mutation PutContent($json: String!) {
  putContent(json: $json)
}
    `) as unknown as TypedDocumentString<PutContentMutation, PutContentMutationVariables>;
export const TaskChangedDocument = new TypedDocumentString(`
    subscription TaskChanged($id: String!) {
  taskChanged(id: $id) {
    ...Task
  }
}
    fragment Source on Source {
  blockNumber
  txHash
}
fragment UserRef on User {
  address
  username
  verified
}
fragment CommunityRef on Community {
  id
  name
  theme
  pointsToken
  pointsSymbol
}
fragment Task on Task {
  id
  title
  status
  communityId
  community {
    ...CommunityRef
  }
  publisherAddress
  publisher {
    ...UserRef
  }
  claimerAddress
  claimer {
    ...UserRef
  }
  rewardToken
  reward
  deadline
  rejected
  createdAt
  updatedAt
  source {
    ...Source
  }
}`) as unknown as TypedDocumentString<TaskChangedSubscription, TaskChangedSubscriptionVariables>;
export const PostCreatedDocument = new TypedDocumentString(`
    subscription PostCreated($communityId: String) {
  postCreated(communityId: $communityId) {
    id
    title
    communityId
  }
}
    `) as unknown as TypedDocumentString<PostCreatedSubscription, PostCreatedSubscriptionVariables>;
export const BlockIndexedDocument = new TypedDocumentString(`
    subscription BlockIndexed {
  blockIndexed {
    number
    hash
  }
}
    `) as unknown as TypedDocumentString<BlockIndexedSubscription, BlockIndexedSubscriptionVariables>;