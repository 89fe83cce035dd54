// What a point movement was for (`PointEntry.reason`), as a translated label. The indexer
// labels every transfer from who sent it where (indexer/src/project/points.rs,
// `source_label`); an admin's award carries the text the admin typed, shown as written.

/** The award source this client sends when the admin leaves it empty. */
export const DEFAULT_AWARD_SOURCE = 'award'

/** Every label the read model writes itself, with its i18n key under `user.sources`. */
export const POINT_SOURCES = {
  mint: 'mint',
  burn: 'burn',
  'mall redemption': 'mallRedemption',
  'mall payment': 'mallPayment',
  'mall refund': 'mallRefund',
  'task escrow': 'taskEscrow',
  'task payout': 'taskPayout',
  'exchange escrow': 'exchangeEscrow',
  exchange: 'exchange',
  transfer: 'transfer',
  [DEFAULT_AWARD_SOURCE]: 'award',
} as const

export type PointSourceKey = (typeof POINT_SOURCES)[keyof typeof POINT_SOURCES]

/** The i18n key of a known label (`user.sources.…`); null for an admin's own text or none. */
export function pointSourceKey(reason: string | null | undefined): `user.sources.${PointSourceKey}` | null {
  if (!reason || !Object.hasOwn(POINT_SOURCES, reason)) return null
  return `user.sources.${POINT_SOURCES[reason as keyof typeof POINT_SOURCES]}`
}
