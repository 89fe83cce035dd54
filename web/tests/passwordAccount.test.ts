// The password flows against a fake API that keeps what a real one would (the salt, the
// login hash, the vault) and checks SIWE signatures: every flow sends login hashes, never
// the password, and the saved vault opens with the password to the key that signed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { verifyMessage, type Address, type Hex } from 'viem'
import { parseSiweMessage } from 'viem/siwe'

const keystore = vi.hoisted(() => ({ rememberKey: vi.fn(async () => {}), recallKey: vi.fn(async () => null), forgetKey: vi.fn(async () => {}) }))
vi.mock('@/chain/keystore', () => keystore)

import { createWallet, deriveKeys, openVault, VaultError } from '@/chain/vault'
import { WalletLockedError } from '@/chain/walletErrors'
import { usePasswordAccount } from '@/composables/usePasswordAccount'
import { useSessionStore } from '@/stores/session'
import { useWalletStore } from '@/stores/wallet'

const PASSWORD = 'correct horse battery'
const NEW_PASSWORD = 'a brand new passphrase'
const CONFIG = {
  chainId: 31337,
  rpcUrl: 'http://127.0.0.1:8545',
  contracts: Object.fromEntries(['Profiles', 'Communities', 'Posts', 'TaskMarket', 'PointMall', 'PointExchange', 'Forwarder'].map((n, i) => [n, `0x${String(i + 1).padStart(40, '0')}`])),
}

interface Call {
  op: string
  vars: Record<string, unknown>
  body: string
}

/** What the API holds for the one account under test, and every request it got. */
const server = {
  calls: [] as Call[],
  salt: null as Hex | null,
  loginHash: null as Hex | null,
  vault: null as string | null,
  walletLost: false,
  address: null as Address | null,
  failContact: false,
}

const json = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }))
const error = (code: string) => json({ data: null, errors: [{ message: code.toLowerCase(), extensions: { code } }] })
const session = (address: string, extra = {}) => ({ token: `jwt-${address}`, expiresAt: Math.floor(Date.now() / 1000) + 3600, address, ...extra })

async function handle(url: string, init: RequestInit): Promise<Response> {
  if (url === '/config.json') return json(CONFIG)
  const body = String(init.body)
  const { query, variables = {} } = JSON.parse(body)
  const op = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)![1]
  server.calls.push({ op, vars: variables, body })
  switch (op) {
    case 'PasswordSalt':
      return json({ data: { passwordSalt: server.salt ?? '0x' + '11'.repeat(32) } })
    case 'SignInWithPassword':
      if (variables.password !== server.loginHash) return error('UNAUTHENTICATED')
      return json({ data: { signInWithPassword: session(server.address!, { walletVault: server.vault, walletLost: server.walletLost }) } })
    case 'SiweNonce':
      return json({ data: { siweNonce: 'n0nce12345678' } })
    case 'SignIn': {
      const { address } = parseSiweMessage(variables.message)
      if (!(await verifyMessage({ address: address!, message: variables.message, signature: variables.signature }))) return error('UNAUTHENTICATED')
      return json({ data: { signIn: session(address!) } })
    }
    case 'Me':
      return json({ data: { me: null } })
    case 'UpdateContact':
      if (server.failContact) return error('BAD_INPUT')
      return json({ data: { updateContact: { email: variables.email, phone: variables.phone, emailVerified: false } } })
    case 'SetPassword':
      if (server.loginHash && variables.currentPassword !== server.loginHash) return error('UNAUTHENTICATED')
      Object.assign(server, { loginHash: variables.password, salt: variables.salt, vault: variables.walletVault ?? null, walletLost: false })
      return json({ data: { setPassword: true } })
    case 'ResetPassword':
      Object.assign(server, { loginHash: variables.newPassword, salt: variables.salt, vault: null, walletLost: true })
      return json({ data: { resetPassword: true } })
    case 'SignOut':
      return json({ data: { signOut: true } })
  }
  throw new Error(`unexpected operation ${op}`)
}

const ops = () => server.calls.map((c) => c.op)
const last = (op: string) => [...server.calls].reverse().find((c) => c.op === op)!
const siweAddress = (c: Call) => parseSiweMessage(String(c.vars.message)).address

/** An account as a sign-up leaves it: its own salt, login hash and vault. */
async function existingAccount(password = PASSWORD) {
  const w = await createWallet(password)
  Object.assign(server, { salt: w.keys.salt, loginHash: w.keys.loginHash, vault: w.vault, address: w.address, walletLost: false })
  return w
}

describe('password accounts with an in-browser wallet', () => {
  beforeEach(() => {
    localStorage.clear()
    sessionStorage.clear()
    setActivePinia(createPinia())
    Object.assign(server, { calls: [], salt: null, loginHash: null, vault: null, walletLost: false, address: null, failContact: false })
    Object.values(keystore).forEach((f) => f.mockClear())
    vi.stubGlobal('fetch', vi.fn(handle))
  })
  afterEach(() => {
    // The password never left the browser, in any request of any test.
    for (const c of server.calls) {
      expect(c.body).not.toContain(PASSWORD)
      expect(c.body).not.toContain(NEW_PASSWORD)
    }
    vi.unstubAllGlobals()
  })

  it('signs up with an email: SIWE with a new key, the contact, then login hash, salt and vault in one setPassword', async () => {
    const phases: string[] = []
    const address = await usePasswordAccount().signUp({ email: 'neo@example.com', phone: null }, PASSWORD, (p) => phases.push(p))
    expect(ops()).toEqual(['SiweNonce', 'SignIn', 'Me', 'UpdateContact', 'SetPassword'])
    expect(phases).toEqual(['deriving', 'signing-in', 'saving'])
    expect(siweAddress(last('SignIn'))).toBe(address)
    expect(last('UpdateContact').vars).toEqual({ email: 'neo@example.com', phone: null })
    const saved = last('SetPassword').vars as { password: Hex; salt: Hex; walletVault: string; currentPassword?: unknown }
    expect(saved.currentPassword ?? null).toBeNull()
    expect(saved.password).toBe((await deriveKeys(PASSWORD, saved.salt)).loginHash)
    const opened = await openVault(saved.walletVault, PASSWORD)
    expect(opened.address).toBe(address)
    // The wallet store now signs with that key, kept unlocked for the tab.
    const wallet = useWalletStore()
    expect(wallet.kind).toBe('local')
    expect(wallet.account).toBe(address)
    expect(useSessionStore().address).toBe(address)
    expect(keystore.rememberKey).toHaveBeenCalledWith({ privateKey: opened.privateKey, vault: saved.walletVault })
    const ctx = await wallet.context()
    expect(ctx.account).toBe(address)
    expect(ctx.wallet.account?.type).toBe('local')
  })

  it('a refused contact leaves no half-made wallet; the retry goes on with the same key, without a second sign-in', async () => {
    server.failContact = true
    const passwords = usePasswordAccount()
    await expect(passwords.signUp({ email: 'taken@example.com', phone: null }, PASSWORD)).rejects.toMatchObject({ code: 'BAD_INPUT' })
    expect(useWalletStore().kind).toBeNull()
    const first = siweAddress(last('SignIn'))
    server.failContact = false
    const address = await passwords.signUp({ email: null, phone: '13800138000' }, PASSWORD)
    expect(address).toBe(first)
    expect(ops().filter((o) => o === 'SignIn')).toHaveLength(1)
    expect(last('UpdateContact').vars).toEqual({ email: null, phone: '13800138000' })
    expect((await openVault(server.vault!, PASSWORD)).address).toBe(first)
  })

  it('signs in with the password: the salt, the login hash, and the vault opened here', async () => {
    const w = await existingAccount()
    const result = await useSessionStore().signInWithPassword('neo@example.com', PASSWORD)
    expect(result.wallet).toBe('local')
    expect(ops()).toEqual(['PasswordSalt', 'SignInWithPassword', 'Me'])
    expect(last('PasswordSalt').vars).toEqual({ login: 'neo@example.com' })
    expect(last('SignInWithPassword').vars).toEqual({ login: 'neo@example.com', password: w.keys.loginHash })
    const wallet = useWalletStore()
    expect(wallet.kind).toBe('local')
    expect(wallet.account).toBe(w.address)
    expect(wallet.localKey()).toBe(w.privateKey)
  })

  it('a wrong password is refused by the API and leaves no wallet', async () => {
    await existingAccount()
    await expect(useSessionStore().signInWithPassword('neo@example.com', 'not the password')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(useWalletStore().kind).toBeNull()
    expect(useSessionStore().signedIn).toBe(false)
  })

  it("an extension player's password account: no vault, the extension signs as before", async () => {
    const keys = await deriveKeys(PASSWORD, '0x' + '22'.repeat(32) as Hex)
    Object.assign(server, { salt: keys.salt, loginHash: keys.loginHash, address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' })
    expect((await useSessionStore().signInWithPassword('alice', PASSWORD)).wallet).toBe('extension')
    expect(useWalletStore().kind).toBeNull()
  })

  it('a saved key that does not open with the accepted password is reported, not used', async () => {
    const w = await existingAccount('another password entirely')
    const keys = await deriveKeys(PASSWORD, w.keys.salt)
    server.loginHash = keys.loginHash
    expect((await useSessionStore().signInWithPassword('neo', PASSWORD)).wallet).toBe('unreadable')
    expect(useWalletStore().kind).toBeNull()
  })

  it('after a reset (walletLost): a new key under the same password and salt, saved in one setPassword, then it signs in', async () => {
    const old = await existingAccount()
    await usePasswordAccount().resetPassword('reset-token', NEW_PASSWORD)
    const reset = last('ResetPassword').vars as { token: string; newPassword: Hex; salt: Hex }
    expect(reset.token).toBe('reset-token')
    expect(reset.salt).not.toBe(old.keys.salt)
    expect(reset.newPassword).toBe((await deriveKeys(NEW_PASSWORD, reset.salt)).loginHash)

    const result = await useSessionStore().signInWithPassword('neo', NEW_PASSWORD)
    expect(result.wallet).toBe('lost')
    expect(useWalletStore().kind).toBeNull()
    const address = await usePasswordAccount().replaceLostWallet(NEW_PASSWORD, result.keys)
    const saved = last('SetPassword').vars as { password: Hex; currentPassword: Hex; salt: Hex; walletVault: string }
    expect(saved.password).toBe(result.keys.loginHash)
    expect(saved.currentPassword).toBe(result.keys.loginHash)
    expect(saved.salt).toBe(reset.salt)
    const opened = await openVault(saved.walletVault, NEW_PASSWORD)
    expect(opened.address).toBe(address)
    expect(address).not.toBe(old.address)
    // The new key signs in as itself, ready to ask for the old account's recovery.
    expect(siweAddress(last('SignIn'))).toBe(address)
    expect(useSessionStore().address).toBe(address)
    expect(useWalletStore().account).toBe(address)
  })

  it("changes the password: the current one's hash at the account's salt, the key sealed again under the new one", async () => {
    const w = await existingAccount()
    await useSessionStore().signInWithPassword('neo@example.com', PASSWORD)
    await usePasswordAccount().changePassword({ login: 'neo@example.com', current: PASSWORD, next: NEW_PASSWORD })
    expect(ops().slice(-2)).toEqual(['PasswordSalt', 'SetPassword'])
    const saved = last('SetPassword').vars as { password: Hex; currentPassword: Hex; salt: Hex; walletVault: string }
    expect(saved.currentPassword).toBe(w.keys.loginHash)
    expect(saved.salt).not.toBe(w.keys.salt)
    expect(saved.password).toBe((await deriveKeys(NEW_PASSWORD, saved.salt)).loginHash)
    expect((await openVault(saved.walletVault, NEW_PASSWORD)).privateKey).toBe(w.privateKey)
    await expect(openVault(saved.walletVault, PASSWORD)).rejects.toBeInstanceOf(VaultError)
    expect(useWalletStore().vault).toBe(saved.walletVault)
    // The next sign-in uses the new password.
    setActivePinia(createPinia())
    expect((await useSessionStore().signInWithPassword('neo@example.com', NEW_PASSWORD)).wallet).toBe('local')
  })

  it("an extension player's first password gets a salt and no vault", async () => {
    await usePasswordAccount().changePassword({ login: 'alice', current: null, next: PASSWORD })
    expect(ops()).toEqual(['SetPassword'])
    const saved = last('SetPassword').vars as { password: Hex; salt: Hex; currentPassword: unknown; walletVault: unknown }
    expect(saved.password).toBe((await deriveKeys(PASSWORD, saved.salt)).loginHash)
    expect(saved.currentPassword).toBeNull()
    expect(saved.walletVault).toBeNull()
  })

  it('shows the key only to the right password', async () => {
    const w = await existingAccount()
    await useSessionStore().signInWithPassword('neo', PASSWORD)
    const passwords = usePasswordAccount()
    await expect(passwords.revealKey('wrong password!')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' })
    expect(await passwords.revealKey(PASSWORD)).toBe(w.privateKey)
  })

  it('a reload of the tab finds the key unlocked; a new tab finds it locked until the password is given again', async () => {
    const w = await existingAccount()
    await useSessionStore().signInWithPassword('neo', PASSWORD)
    const [[remembered]] = keystore.rememberKey.mock.calls as unknown as [[{ privateKey: Hex; vault: string }]]
    // Same tab, page reloaded: the tab's copy opens.
    setActivePinia(createPinia())
    keystore.recallKey.mockResolvedValueOnce(remembered as never)
    const reloaded = useWalletStore()
    await reloaded.restore()
    expect(reloaded.kind).toBe('local')
    expect(reloaded.account).toBe(w.address)
    // A new tab: nothing to recall; the wallet is known but locked, and will not sign.
    setActivePinia(createPinia())
    const fresh = useWalletStore()
    await fresh.restore()
    expect(fresh.kind).toBeNull()
    expect(fresh.locked).toBe(w.address)
    await expect(fresh.context()).rejects.toBeInstanceOf(WalletLockedError)
    // Nor can that tab change the password: the saved key would stay sealed under the old one.
    await expect(usePasswordAccount().changePassword({ login: 'neo', current: PASSWORD, next: NEW_PASSWORD })).rejects.toBeInstanceOf(WalletLockedError)
    expect(ops().filter((o) => o === 'SetPassword')).toHaveLength(0)
  })

  it('signing out forgets the key here and in the tab store', async () => {
    await existingAccount()
    const s = useSessionStore()
    await s.signInWithPassword('neo', PASSWORD)
    await s.signOut()
    expect(keystore.forgetKey).toHaveBeenCalled()
    const wallet = useWalletStore()
    expect(wallet.kind).toBeNull()
    expect(wallet.account).toBeNull()
    expect(wallet.localKey()).toBeNull()
    await expect(wallet.context()).rejects.toBeTruthy()
  })
})
