import type { Address } from 'viem'
import { gql } from '@/api/graphql'
import { Q } from '@/api/queries'
import { toAddress } from './format'

/** An address typed as such, or the address of a username; null when neither. */
export async function resolveAccount(text: string): Promise<Address | null> {
  const direct = toAddress(text)
  if (direct) return direct
  const name = text.trim().replace(/^@/, '')
  if (!name) return null
  const d = await gql(Q.userByName, { username: name })
  return d.userByName ? toAddress(d.userByName.address) : null
}
