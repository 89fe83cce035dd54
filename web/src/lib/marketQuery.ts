// The task market's list as the player chose it: status, sort, community, reward token,
// deadline window and title text. Kept in the page's URL (so a filtered list can be shared
// and survives a reload) and turned into the `tasks` query's variables at chain time `now`.
// Pure: the view (views/TaskMarketView.vue) owns the refs and the router.
import { TASK_STATUSES } from '@/api/enums'
import type { TaskStatus } from '@/api/types'
import { parseAmount } from './format'
import { claimableFilter } from './taskDeadline'
import { taskOrder } from './taskOrder'

/** 'CLAIMABLE' (the default): open and before its deadline; 'ALL': any status. */
export type MarketStatus = TaskStatus | 'CLAIMABLE' | 'ALL'
export type MarketSort = 'CREATED_AT' | 'DEADLINE' | 'REWARD'
/** Tasks whose deadline falls within this window from now (and not past). */
export type DeadlineWindow = 'any' | '24h' | '7d'

export interface MarketState {
  status: MarketStatus
  sort: MarketSort
  /** The reward token's address (`0x000…0` for ETH); null: any. */
  token: string | null
  /** A community's id; null: every community. */
  community: string | null
  deadline: DeadlineWindow
  /** Title contains this text. */
  q: string
  /** The reward at least / at most, as the player typed it in the token's units (ETH, whole points); '' for none. Only with a token. */
  min: string
  max: string
}

export const DEFAULT_MARKET: Readonly<MarketState> = { status: 'CLAIMABLE', sort: 'CREATED_AT', token: null, community: null, deadline: 'any', q: '', min: '', max: '' }

/** An amount typed in a token's units ('' when it is not one). */
function amountText(v: string | null): string {
  const t = (v ?? '').trim()
  return /^\d{1,30}(\.\d{1,18})?$/.test(t) ? t : ''
}

export const ETH_TOKEN = '0x0000000000000000000000000000000000000000'
const SORTS: readonly MarketSort[] = ['CREATED_AT', 'DEADLINE', 'REWARD']
const WINDOWS: readonly DeadlineWindow[] = ['any', '24h', '7d']
const WINDOW_SECONDS: Record<Exclude<DeadlineWindow, 'any'>, number> = { '24h': 86_400, '7d': 7 * 86_400 }
// The URL's names for the sorts (short, readable in a shared link).
const SORT_PARAM: Record<MarketSort, string> = { CREATED_AT: 'new', DEADLINE: 'deadline', REWARD: 'reward' }

type QueryValue = string | null | (string | null)[] | undefined

function one(v: QueryValue): string | null {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' && s !== '' ? s : null
}

/** The market's state from a route's query; anything unknown or malformed is the default. */
export function parseMarketQuery(query: Record<string, QueryValue>): MarketState {
  const status = one(query.status)?.toUpperCase()
  const sort = one(query.sort)
  const token = one(query.token)?.toLowerCase() ?? null
  const community = one(query.community)
  const deadline = one(query.deadline)
  return {
    status: status === 'ALL' || status === 'CLAIMABLE' || (TASK_STATUSES as readonly string[]).includes(status ?? '') ? (status as MarketStatus) : DEFAULT_MARKET.status,
    sort: (SORTS.find((s) => SORT_PARAM[s] === sort) ?? DEFAULT_MARKET.sort),
    token: token && /^0x[0-9a-f]{40}$/.test(token) ? token : null,
    community: community && /^\d{1,20}$/.test(community) ? community : null,
    deadline: WINDOWS.includes(deadline as DeadlineWindow) ? (deadline as DeadlineWindow) : 'any',
    q: (one(query.q) ?? '').trim().slice(0, 200),
    min: amountText(one(query.min)),
    max: amountText(one(query.max)),
  }
}

/** The route query of a state: the choices that differ from the default, nothing else. */
export function marketQueryOf(state: MarketState): Record<string, string> {
  const out: Record<string, string> = {}
  if (state.status !== DEFAULT_MARKET.status) out.status = state.status.toLowerCase()
  if (state.sort !== DEFAULT_MARKET.sort) out.sort = SORT_PARAM[state.sort]
  if (state.community) out.community = state.community
  if (state.token) out.token = state.token
  if (state.deadline !== 'any') out.deadline = state.deadline
  if (state.q.trim()) out.q = state.q.trim()
  if (amountText(state.min)) out.min = amountText(state.min)
  if (amountText(state.max)) out.max = amountText(state.max)
  return out
}

/** Whether two route queries name the same list (to skip a navigation to where the page is). */
export function sameMarketQuery(a: Record<string, QueryValue>, b: Record<string, QueryValue>): boolean {
  return JSON.stringify(marketQueryOf(parseMarketQuery(a))) === JSON.stringify(marketQueryOf(parseMarketQuery(b)))
}

/** The token the list is really filtered by: sorting by reward needs one, ETH unless chosen. */
export function effectiveToken(state: MarketState): string | null {
  return state.sort === 'REWARD' ? (state.token ?? ETH_TOKEN) : state.token
}

/** How many of the filters behind the 筛选 button are set (community, token, deadline, reward range). */
export function activeFilterCount(state: MarketState): number {
  const range = effectiveToken(state) && (amountText(state.min) || amountText(state.max)) ? 1 : 0
  return (state.community ? 1 : 0) + (state.token ? 1 : 0) + (state.deadline !== 'any' ? 1 : 0) + range
}

/** A bound in the token's smallest unit (the API's decimal string), or undefined when blank or not an amount of it. */
function bound(text: string, token: string): string | undefined {
  const t = amountText(text)
  if (!t) return undefined
  try {
    return parseAmount(t, token).toString()
  } catch {
    return undefined
  }
}

/** The `tasks` query's filter and order for `state` at chain time `now` (unix seconds). */
export function marketVariables(state: MarketState, now: number) {
  const order = taskOrder(state.sort, effectiveToken(state) ?? ETH_TOKEN)
  const filter: {
    status?: TaskStatus
    communityId?: string
    rewardToken?: string
    titleContains?: string
    deadlineFrom?: number
    deadlineTo?: number
    rewardMin?: string
    rewardMax?: string
  } = {}
  if (state.status === 'CLAIMABLE') Object.assign(filter, claimableFilter(now))
  else if (state.status !== 'ALL') filter.status = state.status
  if (state.community) filter.communityId = state.community
  const token = effectiveToken(state)
  if (token) {
    filter.rewardToken = token
    // A range counts in one token's units, so it applies only with a token.
    const min = bound(state.min, token)
    const max = bound(state.max, token)
    if (min) filter.rewardMin = min
    if (max) filter.rewardMax = max
  }
  if (state.deadline !== 'any') {
    const from = Math.floor(now)
    filter.deadlineFrom = Math.max(filter.deadlineFrom ?? from, from)
    filter.deadlineTo = from + WINDOW_SECONDS[state.deadline]
  }
  if (state.q.trim()) filter.titleContains = state.q.trim()
  return { filter, orderBy: order.orderBy }
}
