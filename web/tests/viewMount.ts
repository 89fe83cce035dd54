// Mounts a page as main.ts does (pinia, the router, i18n) at a path of the app's own routes,
// with a memory history: the route's component and props are the real ones. The data comes
// from tests/viewFakes (see the vi.mock lines at the top of each *View.test.ts).
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { i18n } from '@/i18n'
import { routes } from '@/router'
import { Q } from '@/api/queries'
import type { Member } from '@/api/types'
import { answer, api, clock, NOW, resetApi, reviewPeriod, rolesOf, DAY, toasts, userRef } from './viewFakes'

/** Before each test: no session, no cart, the fixtures' clock, and an API that knows only the registered players. */
export function resetFakes(): void {
  localStorage.clear()
  resetApi()
  rolesOf.clear()
  toasts.shown.length = 0
  toasts.confirmed.length = 0
  clock.value = NOW
  reviewPeriod.value = 3 * DAY
  answer(Q.userRef, ({ address }) => {
    const roles = rolesOf.get(address.toLowerCase())
    return { user: roles ? { ...userRef(address), roles } : null }
  })
  answerMembers()
}

/** The community's members as `Q.membership` answers them (nobody else is one). */
export function answerMembers(...rows: Member[]): void {
  answer(Q.membership, ({ account }) => ({ members: { nodes: rows.filter((m) => m.account.toLowerCase() === account.toLowerCase()) } }))
}

export interface Page {
  wrapper: VueWrapper
  router: Router
  pinia: Pinia
  /** Elements by data-test. */
  all: (id: string) => HTMLElement[]
  /** The element with data-test `id`, or null. */
  el: (id: string) => HTMLElement | null
  /** Whether a button with data-test `id` is shown. */
  has: (id: string) => boolean
  /** The page's visible text (whitespace collapsed). */
  text: () => string
}

/** Opens `path` and waits until the page's requests are answered. */
export async function openPage(path: string): Promise<Page> {
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  const pinia = createPinia()
  const wrapper = mount(RouterView, {
    attachTo: document.body,
    global: {
      plugins: [pinia, router, i18n],
      // Not what these tests read, and each would ask the API for more.
      stubs: { CommentsPanel: true, ReportButton: true, ModerationLog: true },
    },
  })
  await settle()
  const all = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-test="${id}"]`)]
  return {
    wrapper,
    router,
    pinia,
    all,
    el: (id) => all(id)[0] ?? null,
    has: (id) => all(id).length > 0,
    text: () => (document.body.textContent ?? '').replace(/\s+/g, ' '),
  }
}

/** How long a test waits for the page to follow a click (generous: the machine may be busy). */
export const WAIT = { timeout: 5_000 }

/** Lets the page's pending requests and watchers run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await flushPromises()
}

/** The requests made so far, by operation name (for a failing test's message). */
export const requested = () => api.calls.map((c) => c.name)
