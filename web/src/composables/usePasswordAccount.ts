// The password flows (issue 15), every one of them sending a login hash derived in the
// browser (chain/vault.ts), never the password: sign-up with email or phone and an
// in-browser key, a new key after a reset lost the old one, setting and changing the
// password (the key sealed again in the same call), the reset from the mailed link, and
// showing the key to the player who asks for it. Sign-in is stores/session.ts's.
import type { Address, Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { gql } from '@/api/graphql'
import { M, Q } from '@/api/queries'
import { checkPassword, createWallet, deriveKeys, newSalt, openVault, sealVault, VaultError, type PasswordKeys } from '@/chain/vault'
import { WalletLockedError } from '@/chain/walletErrors'
import { sameAddress } from '@/lib/format'
import { useSessionStore } from '@/stores/session'
import { useWalletStore } from '@/stores/wallet'

/** Where a sign-up stands, for the page's button. */
export type SignUpPhase = 'deriving' | 'signing-in' | 'saving'

/** A sign-up's contact: an email or a phone number (the other one null). */
export interface SignUpContact {
  email: string | null
  phone: string | null
}

// The key of a sign-up that failed after its SIWE sign-in (a refused contact, say): a retry
// on the same page goes on with it, rather than leaving an account behind for each attempt.
let pending: { privateKey: Hex; address: Address } | null = null

export function usePasswordAccount() {
  const session = useSessionStore()
  const wallet = useWalletStore()

  /**
   * Sign-up without a wallet extension: a key made here, a fresh salt, the password's two
   * keys; SIWE with the new key; the contact; then the login hash, salt and sealed key in
   * one setPassword. Only then does the wallet store take the key (and the page goes on to
   * the on-chain registration). Returns the new address.
   */
  async function signUp(contact: SignUpContact, password: string, onPhase: (p: SignUpPhase) => void = () => {}): Promise<Address> {
    checkPassword(password)
    if (!contact.email && !contact.phone) throw new Error('an email or a phone number is needed')
    onPhase('deriving')
    const privateKey = pending && sameAddress(session.address, pending.address) ? pending.privateKey : generatePrivateKey()
    const keys = await deriveKeys(password, newSalt())
    const sealed = await sealVault(keys, privateKey)
    const signer = privateKeyToAccount(privateKey)
    if (!sameAddress(session.address, signer.address)) {
      onPhase('signing-in')
      await session.signInWithWallet(signer)
      pending = { privateKey, address: signer.address }
    }
    onPhase('saving')
    await gql(M.updateContact, contact)
    await gql(M.setPassword, { password: keys.loginHash, salt: keys.salt, walletVault: sealed })
    await wallet.useLocal(privateKey, sealed)
    pending = null
    return signer.address
  }

  /**
   * After a reset (Session.walletLost) or with a key that no longer opens: a new key sealed
   * under the password just signed in with (the same salt: `keys` are that sign-in's),
   * saved in place of the lost one; then the new key signs in, ready to ask for the old
   * account's recovery. Returns the new address.
   */
  async function replaceLostWallet(password: string, keys: PasswordKeys): Promise<Address> {
    const fresh = await createWallet(password, keys)
    await gql(M.setPassword, { password: keys.loginHash, currentPassword: keys.loginHash, salt: keys.salt, walletVault: fresh.vault })
    await session.signInWithWallet(privateKeyToAccount(fresh.privateKey))
    await wallet.useLocal(fresh.privateKey, fresh.vault)
    return fresh.address
  }

  /**
   * Sets or changes the password: a new salt and keys; the current password's login hash
   * at the account's salt (passwordSalt of `login`); the in-browser key, if this account
   * signs with one, sealed again under the new password, all in one setPassword.
   */
  async function changePassword(opts: { login: string; current: string | null; next: string }): Promise<void> {
    checkPassword(opts.next)
    // Without the key this tab cannot seal it again: the saved one would stay under the old password.
    if (wallet.locked && !wallet.local) throw new WalletLockedError()
    let currentHash: Hex | null = null
    if (opts.current) {
      const { passwordSalt } = await gql(Q.passwordSalt, { login: opts.login })
      currentHash = (await deriveKeys(opts.current, passwordSalt as Hex)).loginHash
    }
    const keys = await deriveKeys(opts.next, newSalt())
    const key = wallet.kind === 'local' ? wallet.localKey() : null
    const sealed = key ? await sealVault(keys, key) : null
    await gql(M.setPassword, { password: keys.loginHash, currentPassword: currentHash, salt: keys.salt, walletVault: sealed })
    if (key && sealed) await wallet.useLocal(key, sealed)
  }

  /** The reset from the mailed link: a login hash at a fresh salt (an in-browser key is lost by it). */
  async function resetPassword(token: string, next: string): Promise<void> {
    checkPassword(next)
    const keys = await deriveKeys(next, newSalt())
    await gql(M.resetPassword, { token, newPassword: keys.loginHash, salt: keys.salt })
  }

  /** The in-browser key, for the player who typed the password again (Settings → 钱包 → 导出私钥). */
  async function revealKey(password: string): Promise<Hex> {
    if (!wallet.vault || !wallet.account) throw new VaultError('MALFORMED', 'this browser holds no in-browser wallet')
    const opened = await openVault(wallet.vault, password)
    if (!sameAddress(opened.address, wallet.account)) throw new VaultError('MISMATCH', 'the saved wallet is not the one in use')
    return opened.privateKey
  }

  return { signUp, replaceLostWallet, changePassword, resetPassword, revealKey }
}
