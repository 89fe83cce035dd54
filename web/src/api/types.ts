// Shapes of what the queries in ./queries.ts select (a subset of schema.graphql).

export interface Source {
  blockNumber: number
  txHash: string
}

/** A content document: its hash is on-chain, its body is in the API's content store. */
export interface Doc {
  hash: string
  json: string | null
  text: string | null
  verified: boolean
}

export type Role = 'SYSTEM_ADMIN' | 'VERIFIER' | 'TASK_PUBLISHER' | 'PAUSER'

export interface UserRef {
  address: string
  username: string
  verified: boolean
}

export interface Balance {
  token: string
  communityId: string
  symbol: string
  name: string
  balance: string
}

export interface Credit {
  contract: string
  token: string
  owed: string
}

export interface Member {
  communityId: string
  account: string
  user: UserRef | null
  isAdmin: boolean
  status: 'MEMBER' | 'LEFT' | 'BANNED'
  joinedAt: number
  /** Unix seconds since when it is an admin (selected by `Q.adminSince` only). */
  adminSince?: number | null
  source: Source
}

export interface User extends UserRef {
  profileHash: string
  registeredAt: number
  roles: Role[]
  profile: Doc
  source: Source
}

export interface UserDetail extends User {
  balances: Balance[]
  memberships: Member[]
  credits: Credit[]
}

export interface PrivateContact {
  email: string | null
  phone: string | null
  emailVerified: boolean | null
  hasPassword: boolean | null
}

export interface CommunityRef {
  id: string
  name: string
  theme: string
  pointsToken: string | null
  pointsSymbol: string | null
}

export interface Community extends CommunityRef {
  memberCount: number
  creatorAddress: string
  creator: UserRef | null
  pointsName: string | null
  createdAt: number
  description: Doc
  source: Source
}

export type TaskStatus = 'OPEN' | 'CLAIMED' | 'SUBMITTED' | 'COMPLETED' | 'EXPIRED' | 'CANCELLED' | 'DISPUTED'

export interface Payment {
  from: string
  to: string
  token: string
  amount: string
  createdAt: number
  source: Source
}

export interface Task {
  id: string
  title: string
  status: TaskStatus | null
  communityId: string
  community: CommunityRef | null
  publisherAddress: string
  publisher: UserRef | null
  claimerAddress: string | null
  claimer: UserRef | null
  rewardToken: string
  reward: string
  deadline: number
  rejected: boolean
  createdAt: number
  updatedAt: number
  source: Source
}

export interface TaskDetail extends Task {
  spec: Doc
  proofHash: string | null
  submittedAt: number | null
  rejection: Doc | null
  dispute: Doc | null
  /** While claimed: after this, the publisher may release the claim (unless work was submitted). */
  workDeadline: number | null
  /** While disputed: after this, anyone may settle it 50/50 (`expireTask`). */
  disputeDeadline: number | null
  /** Claimers whose claim was released: they may never claim this task again. */
  releasedClaimers: string[]
  payments: Payment[]
}

export interface Post {
  id: string
  title: string
  communityId: string
  authorAddress: string
  author: UserRef | null
  removed: boolean
  pinned: boolean
  likeCount: number
  commentCount: number
  createdAt: number
  editedAt: number | null
  content: Doc
  source: Source
}

export interface PostDetail extends Post {
  community: CommunityRef | null
  likedBy?: boolean
}

export interface Comment {
  id: string
  authorAddress: string
  author: UserRef | null
  content: Doc
  createdAt: number
  source: Source
}

export interface Item {
  id: string
  communityId: string
  community: CommunityRef | null
  token: string
  name: string
  price: string
  stock: number
  active: boolean
  ratingCount: number
  rating: number | null
  sold: number
  createdAt: number
  metadata: Doc
  source: Source
}

export type OrderStatus = 'ORDERED' | 'PAID' | 'COMPLETED' | 'CANCELLED'

export interface Order {
  id: string
  itemId: string
  itemName: string
  item: { community: { pointsSymbol: string | null } | null } | null
  communityId: string
  buyer: string
  quantity: number
  amount: string
  token: string
  status: OrderStatus
  reviewed: boolean
  createdAt: number
  updatedAt: number
  /** Unpaid after this, anyone may cancel it (the stock returns). */
  expiresAt: number
  source: Source
}

export interface Review {
  orderId: string
  buyer: string
  author: UserRef | null
  stars: number
  content: Doc
  createdAt: number
  source: Source
}

export interface PointEntry {
  id: string
  communityId: string
  token: string
  amount: string
  counterparty: string
  reason: string | null
  createdAt: number
  source: Source
}

export type OfferStatus = 'OPEN' | 'FILLED' | 'CANCELLED'

export interface Offer {
  id: string
  maker: string
  giveToken: string
  giveAmount: string
  wantToken: string
  wantAmount: string
  counterparty: string
  expiry: number
  status: OfferStatus | null
  taker: string | null
  source: Source
}

export interface RecoveryRequest {
  id: string
  username: string
  oldAccount: string
  newAccount: string
  evidence: Doc
  status: 'PENDING' | 'APPROVED' | 'REJECTED'
  createdAt: number
  source: Source
}

export interface PublisherApplication {
  id: string
  account: string
  user: (UserRef & { roles: Role[] }) | null
  application: Doc
  granted: boolean
  createdAt: number
  source: Source
}

export interface Setting {
  contract: string
  name: string
  value: string
}

export interface Session {
  token: string
  expiresAt: number
  address: string
}

export interface PageInfo {
  hasNextPage: boolean
  endCursor: string | null
}

export interface Connection<T> {
  totalCount: number
  pageInfo: PageInfo
  nodes: T[]
}

export interface IndexerStatus {
  chainId: number
  headBlock: number
  indexedBlock: number
  lagBlocks: number
}
