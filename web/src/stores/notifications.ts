import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { gql, subscribe } from '@/api/graphql'
import { M, Q, S } from '@/api/queries'
import type { Notification } from '@/api/types'
import { useSessionStore } from './session'

/**
 * The signed-in player's notifications as the header's bell and the phone's 我的 tab show
 * them (issue 14): the unread count, kept current by the `notificationAdded` subscription
 * (the socket is signed in with the session's token: api/graphql.ts), by `refresh()` on
 * every route change and when the tab becomes visible again. The notification centre
 * listens for what arrives (`onAdded`) to put it at the top, and marks what it showed read.
 */
export const useNotificationStore = defineStore('notifications', () => {
  const session = useSessionStore()
  const unread = ref(0)
  const listeners = new Set<(n: Notification) => void>()
  let stop: (() => void) | null = null
  // The newest request wins: an older count never overwrites a newer one (or a mark-read's).
  let seq = 0

  /** Reads the unread count again (0 when signed out; a failure keeps the count shown). */
  async function refresh(): Promise<void> {
    const mine = ++seq
    if (!session.signedIn) {
      unread.value = 0
      return
    }
    try {
      const d = await gql(Q.unreadNotificationCount)
      if (mine === seq) unread.value = d.unreadNotificationCount
    } catch {
      // Offline or the session ended: the session store notices the latter on its own.
    }
  }

  /** Marks read every notification up to and including `upTo` (all when null); the count left shows at once. */
  async function markRead(upTo: string | null): Promise<void> {
    const mine = ++seq
    const d = await gql(M.markNotificationsRead, { upTo })
    if (mine === seq) unread.value = d.markNotificationsRead
  }

  /** Calls `fn` with each notification that arrives (also a batched like re-sent as it grows); returns the unsubscribe. */
  function onAdded(fn: (n: Notification) => void): () => void {
    listeners.add(fn)
    return () => listeners.delete(fn)
  }

  // One subscription per session: a new token (sign-in, another account) reconnects the
  // socket with it (api/graphql.ts), so subscribe again; signed out, nothing is listened to.
  watch(
    () => session.session?.token ?? null,
    (token) => {
      stop?.()
      stop = null
      unread.value = 0
      if (!token) return
      void refresh()
      stop = subscribe(S.notificationAdded, {}, (d) => {
        void refresh()
        for (const fn of listeners) fn(d.notificationAdded)
      })
    },
    { immediate: true },
  )

  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void refresh()
    })
  }

  return { unread, refresh, markRead, onAdded }
})
