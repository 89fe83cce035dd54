import { createSiweMessage } from 'viem/siwe'
import type { Address } from 'viem'

/** The EIP-4361 message the API verifies: domain = this host, uri = this origin. */
export function buildSiweMessage(opts: {
  address: Address
  chainId: number
  nonce: string
  domain?: string
  uri?: string
  issuedAt?: Date
  statement?: string
}): string {
  return createSiweMessage({
    address: opts.address,
    chainId: opts.chainId,
    domain: opts.domain ?? location.host,
    uri: opts.uri ?? location.origin,
    nonce: opts.nonce,
    version: '1',
    issuedAt: opts.issuedAt ?? new Date(),
    expirationTime: new Date((opts.issuedAt ?? new Date()).getTime() + 10 * 60 * 1000),
    statement: opts.statement ?? 'Sign in to GameQuest, the game community and task market.',
  })
}
