import { gql, subscribe } from '@/api/graphql'
import { Q, S } from '@/api/queries'
import type { IndexerStatus } from '@/api/types'

/** The indexer's progress, or null before it indexed anything. */
export async function indexerStatus(): Promise<IndexerStatus | null> {
  return (await gql(Q.indexerStatus)).indexerStatus
}

/**
 * Resolves once the read model holds `block` (a `blockIndexed` event or a poll of
 * `indexerStatus`, whichever comes first); false after `timeoutMs`.
 */
export function waitForIndexed(block: bigint | number, timeoutMs = 60_000, pollMs = 400): Promise<boolean> {
  const target = Number(block)
  return new Promise((resolve) => {
    let done = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const finish = (ok: boolean) => {
      if (done) return
      done = true
      clearTimeout(timer)
      clearTimeout(deadline)
      unsubscribe()
      resolve(ok)
    }
    const unsubscribe = subscribe(
      S.blockIndexed,
      {},
      (d) => {
        if (d.blockIndexed.number >= target) finish(true)
      },
      () => {},
    )
    const poll = async () => {
      if (done) return
      try {
        const s = await indexerStatus()
        if (s && s.indexedBlock >= target) return finish(true)
      } catch {
        // keep polling; the deadline ends it
      }
      timer = setTimeout(poll, pollMs)
    }
    const deadline = setTimeout(() => finish(false), timeoutMs)
    void poll()
  })
}
