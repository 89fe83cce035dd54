// Who is on the other side of a point movement or holds a credit: a person, one of our
// own contracts (named, not shown as an address), or nobody (minting and burning).
import type { ContractName } from '@/config'
import { sameAddress } from './format'

const ZERO = '0x0000000000000000000000000000000000000000'

/** A counterparty: our contract by name, the zero address, or a player's account. */
export type Party = { kind: 'contract'; name: ContractName } | { kind: 'none' } | { kind: 'account'; address: string }

/** Classifies `address` against the deployment's contracts (`/config.json`). */
export function partyOf(address: string, contracts: Partial<Record<ContractName, string>> | null): Party {
  if (sameAddress(address, ZERO)) return { kind: 'none' }
  for (const [name, at] of Object.entries(contracts ?? {}) as [ContractName, string][]) {
    if (sameAddress(address, at)) return { kind: 'contract', name }
  }
  return { kind: 'account', address }
}

/** The page where a player meets each contract (none for the ones without a page). */
export const CONTRACT_PAGES: Record<ContractName, string | null> = {
  Profiles: null,
  Communities: '/game-community/',
  Posts: null,
  TaskMarket: '/task-market/',
  PointMall: '/point-mall/',
  PointExchange: '/points-trading/',
  Forwarder: null,
}
