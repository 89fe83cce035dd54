// Error text for the light parts of the app (queries, wallet connection) that must not
// pull viem and the ABIs into the first page load. Contract reverts are decoded by
// chain/errors.ts (see composables/useTx.ts).
import { ApiError } from '@/api/graphql'
import { t } from '@/i18n'
import { walletErrorKey } from '@/chain/walletErrors'

/** The player-facing text of a GraphQL error, a wallet rejection or lock, a password problem, or anything else. */
export function quickErrorText(e: unknown): string {
  if (e instanceof ApiError) return t(`apiErrors.${e.code}`)
  const walletKey = walletErrorKey(e)
  if (walletKey) return t(walletKey)
  const err = e as { code?: number; message?: string; shortMessage?: string }
  if (err?.code === 4001) return t('errors.rejected')
  return t('errors.unknown', { detail: err?.shortMessage ?? err?.message ?? String(e) })
}
