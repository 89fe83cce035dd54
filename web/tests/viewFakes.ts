// What the view tests (tests/*View.test.ts) put behind the pages' data boundary: a fake
// GraphQL API answering from fixtures, a chain clock the test sets, and the wallet's writes
// recorded instead of sent. Each test file wires these in with vi.mock factories:
//
//   vi.mock('@/api/graphql', async (orig) => (await import('./viewFakes')).fakeGraphqlModule(await orig()))
//
// No app module is imported here (the factories load it while the mocked modules are
// being resolved), only types and vue.
import { ref, shallowRef } from 'vue'
import type { Operation } from '@/api/graphql'
import type { Member, OrderStatus, Role, TaskDetail, TaskStatus } from '@/api/types'
import type { CommunityQuery, MyBalancesQuery, OrderPageQuery } from '@/api/gen/graphql'
import type { CartLine } from '@/stores/cart'

// ---- players ----------------------------------------------------------------------------

export const PUBLISHER = '0x1111111111111111111111111111111111111111'
export const CLAIMER = '0x2222222222222222222222222222222222222222'
export const STRANGER = '0x3333333333333333333333333333333333333333'
export const ADMIN = '0x4444444444444444444444444444444444444444'
export const BUYER = '0x5555555555555555555555555555555555555555'
export const GEM = '0x6666666666666666666666666666666666666666'

const NAMES: Record<string, string> = { [PUBLISHER]: 'pub', [CLAIMER]: 'claire', [STRANGER]: 'stan', [ADMIN]: 'ada', [BUYER]: 'bea' }
export const userRef = (address: string) => ({ address, username: NAMES[address] ?? 'someone', verified: true })

/** Chain time "now" in the fixtures (unix seconds). */
export const NOW = 1_750_000_000
export const DAY = 86_400

// ---- the fake API -------------------------------------------------------------------------

type Answer = (vars: Record<string, unknown>) => unknown

/** The operation's name (`query Task(` → `Task`). */
export function operationName(op: unknown): string {
  return /\b(?:query|mutation|subscription)\s+(\w+)/.exec(String(op))?.[1] ?? '?'
}

export const api = {
  answers: new Map<string, Answer>(),
  /** Every request, in order: the operation's name and variables. */
  calls: [] as { name: string; vars: Record<string, unknown> }[],
  /** Subscriptions opened (and not stopped). */
  live: new Set<string>(),
}

/** Answers `op` with `data` (or what `data(vars)` returns) until `resetApi()`. */
export function answer<T, V>(op: Operation<T, V>, data: T | ((vars: V) => T)): void {
  api.answers.set(operationName(op), (vars) => (typeof data === 'function' ? (data as (v: V) => T)(vars as V) : data))
}

/** The requests made for `op`, by their variables. */
export function callsOf<T, V>(op: Operation<T, V>): V[] {
  const name = operationName(op)
  return api.calls.filter((c) => c.name === name).map((c) => c.vars as V)
}

export function resetApi(): void {
  api.answers.clear()
  api.calls.length = 0
  api.live.clear()
}

/** `@/api/graphql` with `gql` answered from the fixtures (an operation without one fails as the API would) and no socket. */
export function fakeGraphqlModule<M extends { ApiError: new (message: string, code: 'NOT_FOUND') => Error }>(actual: M) {
  return {
    ...actual,
    gql: async (op: unknown, vars: Record<string, unknown> = {}) => {
      const name = operationName(op)
      api.calls.push({ name, vars })
      const a = api.answers.get(name)
      if (!a) throw new actual.ApiError(`no fixture for ${name}`, 'NOT_FOUND')
      return structuredClone(a(vars))
    },
    subscribe: (op: unknown) => {
      const name = operationName(op)
      api.live.add(name)
      return () => api.live.delete(name)
    },
  }
}

// ---- the chain ----------------------------------------------------------------------------

/** The chain's time as the pages read it (composables/useChainClock). */
export const clock = ref(NOW)
/** TaskMarket.reviewPeriod(), as read from the chain. */
export const reviewPeriod = shallowRef<number | null>(3 * DAY)

export function fakeClockModule() {
  return {
    useChainClock: () => ({ now: clock, ready: ref(true) }),
    useReviewPeriod: () => reviewPeriod,
  }
}

/** The deployment (`/config.json`), without a request. */
export const CONFIG = {
  chainId: 31337,
  startBlock: 0,
  rpcUrl: 'http://127.0.0.1:8545',
  contracts: Object.fromEntries(
    ['Profiles', 'Communities', 'Posts', 'TaskMarket', 'PointMall', 'PointExchange', 'Forwarder'].map((n, i) => [n, `0x${String(i + 1).padStart(40, 'c')}`]),
  ),
}

/** `@/lib/notify`: the toasts and confirmation boxes, recorded (`ElMessageBox.confirm` accepts). */
export const toasts = {
  shown: [] as { type: string; message: string; customClass?: string }[],
  confirmed: [] as string[],
}
export function fakeNotifyModule() {
  const show = (type: string) => (o: string | { message?: unknown; customClass?: string }) => {
    const opts = typeof o === 'string' ? { message: o } : o
    toasts.shown.push({ type, message: String(opts.message ?? ''), customClass: opts.customClass })
    return { close() {} }
  }
  const ElMessage = Object.assign((o: { message?: unknown; type?: string; customClass?: string }) => show(o.type ?? 'info')(o), {
    info: show('info'), success: show('success'), warning: show('warning'), error: show('error'),
  })
  return {
    ElMessage,
    ElNotification: () => ({ close() {} }),
    ElMessageBox: { confirm: async (message: string) => void toasts.confirmed.push(message) },
  }
}

// ---- fixtures -----------------------------------------------------------------------------

const source = { blockNumber: 7, txHash: `0x${'ab'.repeat(32)}`, logIndex: 0 }
const doc = (text: string) => ({ hash: `0x${'cd'.repeat(32)}`, json: JSON.stringify({ text }), text, verified: true })
const community = { id: '1', name: '原神玩家联盟', theme: 'Genshin', pointsToken: GEM, pointsSymbol: 'GEM' }

/** A task of community 1 published by PUBLISHER, 0.01 ETH, due in 10 days; `status` and the rest as given. */
export function taskFixture(status: TaskStatus, over: Partial<TaskDetail> = {}): TaskDetail {
  const claimed = status !== 'OPEN'
  return {
    id: '1',
    title: '攻略：深境螺旋 12 层满星',
    status,
    communityId: '1',
    community,
    publisherAddress: PUBLISHER,
    publisher: userRef(PUBLISHER),
    claimerAddress: claimed ? CLAIMER : null,
    claimer: claimed ? userRef(CLAIMER) : null,
    rewardToken: '0x0000000000000000000000000000000000000000',
    reward: '10000000000000000',
    deadline: NOW + 10 * DAY,
    rejected: false,
    createdAt: NOW - 5 * DAY,
    updatedAt: NOW - DAY,
    source,
    spec: doc('写一篇图文攻略'),
    proofHash: status === 'SUBMITTED' ? `0x${'ef'.repeat(32)}` : null,
    submittedAt: status === 'SUBMITTED' ? NOW - DAY : null,
    rejection: null,
    dispute: null,
    workDeadline: claimed ? NOW + 5 * DAY : null,
    disputeDeadline: null,
    releasedClaimers: [],
    payments: [],
    ...over,
  }
}

export type OrderDetail = NonNullable<OrderPageQuery['order']>

/** Order 3 of BUYER: 2 × 「四星武器兑换券」 at 20 GEM in community 1. */
export function orderFixture(status: OrderStatus, over: Partial<OrderDetail> = {}): OrderDetail {
  return {
    id: '3',
    itemId: '1',
    itemName: '四星武器兑换券',
    communityId: '1',
    buyer: BUYER,
    quantity: 2,
    amount: '40',
    token: GEM,
    status,
    reviewed: false,
    createdAt: NOW - 3 * DAY,
    updatedAt: NOW - DAY,
    expiresAt: NOW - 3 * DAY + 2 * DAY,
    paidAt: status === 'ORDERED' ? null : NOW - 3 * DAY,
    completedAt: status === 'COMPLETED' ? NOW - DAY : null,
    cancelledAt: status === 'CANCELLED' ? NOW - DAY : null,
    item: {
      id: '1',
      communityId: '1',
      token: GEM,
      name: '四星武器兑换券',
      price: '20',
      stock: 5,
      active: true,
      ratingCount: 0,
      rating: null,
      sold: 2,
      createdAt: NOW - 9 * DAY,
      community,
      metadata: doc('可兑换任意四星武器一把'),
      source,
    },
    source,
    ...over,
  }
}

/** `account`'s row in community 1. */
export function memberFixture(account: string, over: Partial<Member> = {}): Member {
  return { communityId: '1', account, user: userRef(account), isAdmin: false, status: 'MEMBER', joinedAt: NOW - 4 * DAY, source, ...over }
}

/** Community 1, created by ADMIN, with `memberCount` members. */
export function communityFixture(memberCount = 3): CommunityQuery {
  return {
    community: {
      ...community,
      memberCount,
      creatorAddress: ADMIN,
      creator: userRef(ADMIN),
      pointsName: 'Genshin Gems',
      createdAt: NOW - 30 * DAY,
      description: doc('每周六晚 8 点组队刷本。'),
      source,
    },
    pinned: { nodes: [] },
  }
}

/** A post of community 1. */
export function postFixture(id: string, title: string, pinned = false) {
  return {
    id, title, communityId: '1', authorAddress: STRANGER, author: userRef(STRANGER), removed: false, pinned,
    likeCount: 0, commentCount: 0, createdAt: NOW - DAY, editedAt: null, content: doc(`${title}的正文`), source,
  }
}

/** `balance` GEM (community 1's points) for `address`. */
export function balancesFixture(address: string, balance: bigint): MyBalancesQuery {
  return { user: { address, balances: [{ token: GEM, communityId: '1', symbol: 'GEM', name: 'Genshin Gems', balance: String(balance) }] } }
}

/** A cart line of community 1's item `itemId`. */
export function cartLine(itemId: string, name: string, price: number, quantity: number): CartLine {
  return { itemId, name, price: String(price), token: GEM, symbol: 'GEM', communityId: '1', communityName: '原神玩家联盟', image: '', quantity, selected: true }
}

/**
 * Signs `address` in (a stored session, as after SIWE) as a registered player with `roles`;
 * `roles` null: signed in, but with no account registered yet.
 */
export function signedInAs(address: string, roles: Role[] | null = []): void {
  localStorage.setItem('gq.session', JSON.stringify({ token: 't', address, expiresAt: Math.floor(Date.now() / 1000) + 3600 }))
  if (roles) rolesOf.set(address.toLowerCase(), roles)
  else rolesOf.delete(address.toLowerCase())
}

/** Registered players' roles, as `Q.userRef` answers them (see `answerViewer`). */
export const rolesOf = new Map<string, Role[]>()
