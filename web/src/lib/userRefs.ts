import { gql } from '@/api/graphql'
import { Q } from '@/api/queries'
import type { UserRef } from '@/api/types'

// One lookup per address for the page's lifetime (a history lists the same people often).
const known = new Map<string, Promise<UserRef | null>>()

/** The registered user at `address` (null for none); a failed lookup is tried again next time. */
export function userRefOf(address: string): Promise<UserRef | null> {
  const key = address.toLowerCase()
  let found = known.get(key)
  if (!found) {
    found = gql(Q.userRef, { address }).then(
      (d) => d.user ?? null,
      () => {
        known.delete(key)
        return null
      },
    )
    known.set(key, found)
  }
  return found
}
