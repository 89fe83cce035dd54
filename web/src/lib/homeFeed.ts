// What the home page's sections ask the API for and how they pick what to show. Pure, and
// without viem (the home page's budget): the chain's time comes in as `now`.
import type { TaskStatus } from '@/api/types'
import { ZERO_ADDRESS } from './format'
import { claimableFilter } from './taskDeadline'
import { taskOrder } from './taskOrder'
import { textHash } from './banner'

/** How many rows each section shows. */
export const HOME_COUNTS = { hotPosts: 6, tasks: 4, communities: 6, items: 8, myFeed: 5, myTasks: 4 } as const

/** Hot posts are the most liked of this window (then of all time, to fill the section). */
export const HOT_WINDOW = 7 * 86400

/** The statuses of a task still in a claimer's hands (not finished, not given back). */
export const IN_PROGRESS: TaskStatus[] = ['CLAIMED', 'SUBMITTED', 'DISPUTED']

/**
 * The two open-task lists at chain time `now`: 即将截止 (claimable, soonest deadline first)
 * and 奖励最高 (claimable, paid in ETH, largest first: rewards compare only within one
 * token, lib/taskOrder).
 */
export function homeTaskVars(now: number) {
  const open = claimableFilter(now)
  const soon = taskOrder('DEADLINE', ZERO_ADDRESS)
  const best = taskOrder('REWARD', ZERO_ADDRESS)
  return {
    soonFilter: { ...open, ...soon.filter },
    soonOrder: soon.orderBy,
    bestFilter: { ...open, ...best.filter },
    bestOrder: best.orderBy,
    first: HOME_COUNTS.tasks,
  }
}

/**
 * The hot-posts section: this window's most liked first, then all-time favourites not
 * already shown, at most `count`; posts nobody liked only when nothing else fills it.
 */
export function pickHotPosts<P extends { id: string; likeCount: number }>(recent: readonly P[], allTime: readonly P[], count: number = HOME_COUNTS.hotPosts): P[] {
  const seen = new Set<string>()
  const out: P[] = []
  const take = (p: P) => {
    if (out.length < count && !seen.has(p.id)) {
      seen.add(p.id)
      out.push(p)
    }
  }
  for (const p of recent) if (p.likeCount > 0) take(p)
  for (const p of allTime) if (p.likeCount > 0) take(p)
  for (const p of [...recent, ...allTime]) take(p)
  return out
}

/** The link to the full list behind a section (its "更多"). */
export const MORE_LINKS = {
  posts: '/game-community/',
  tasks: '/task-market/',
  communities: '/game-community/',
  items: '/point-mall/',
  myTasks: '/user-info/',
} as const

/** A community's (or anyone's) badge without a picture: its first character on a colour of its name. */
export function nameBadge(name: string): { glyph: string; hue: number } {
  const text = name.trim()
  return { glyph: (Array.from(text)[0] ?? '?').toUpperCase(), hue: textHash(text) % 360 }
}
