// The in-browser wallet's errors (chain/vault.ts, chain/keystore.ts), apart from both so
// that the error texts (chain/errors.ts, lib/errorText.ts) know them without loading either.

/** What went wrong with a password or a vault. */
export type VaultErrorCode =
  /** The password does not open the vault (or the vault was changed: AES-GCM cannot tell). */
  | 'WRONG_PASSWORD'
  /** Not a vault this client reads (bad JSON, version, field or parameter). */
  | 'MALFORMED'
  /** It opened, but the key inside is not the address's. */
  | 'MISMATCH'
  /** A password shorter than the policy's minimum. */
  | 'WEAK_PASSWORD'

/** A password or vault problem; `code` names it for the player (i18n `vault.errors.<code>`). */
export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'VaultError'
  }
}

/** The wallet is an in-browser one, but this tab has not been given its password. */
export class WalletLockedError extends Error {
  constructor() {
    super('the in-browser wallet is locked in this tab: sign in with the password again')
    this.name = 'WalletLockedError'
  }
}

/** The i18n key of a wallet error (null for any other error). */
export function walletErrorKey(e: unknown): string | null {
  if (e instanceof VaultError) return `vault.errors.${e.code}`
  if (e instanceof WalletLockedError) return 'vault.errors.LOCKED'
  return null
}
