import { describe, expect, it } from 'vitest'
import { bytesToHex, getAddress, hexToBytes, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createWallet, deriveKeys, KDF_ITERATIONS, newSalt, openVault, parseVault, sealVault, VaultError } from '@/chain/vault'
import { quickErrorText } from '@/lib/errorText'

// The design, written out again here with WebCrypto (not through chain/vault.ts), so the
// tests check the module against the spec, not against itself.
const enc = (s: string) => new TextEncoder().encode(s)
const raw = (h: Hex) => hexToBytes(h) as Uint8Array<ArrayBuffer>
async function masterOf(password: string, salt: Hex, iterations = KDF_ITERATIONS): Promise<ArrayBuffer> {
  const pw = await crypto.subtle.importKey('raw', enc(password), 'PBKDF2', false, ['deriveBits'])
  return crypto.subtle.deriveBits({ name: 'PBKDF2', salt: raw(salt), iterations, hash: 'SHA-256' }, pw, 256)
}
async function hkdf(ikm: ArrayBuffer | Uint8Array<ArrayBuffer>, info: string): Promise<Hex> {
  const key = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: enc(info) }, key, 256)
  return bytesToHex(new Uint8Array(bits))
}
async function openWithRawKey(vaultJson: string, keyHex: Hex): Promise<Hex> {
  const v = JSON.parse(vaultJson)
  const key = await crypto.subtle.importKey('raw', raw(keyHex), 'AES-GCM', false, ['decrypt'])
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: raw(v.iv), additionalData: raw(v.address) }, key, raw(v.ciphertext))
  return bytesToHex(new Uint8Array(plain))
}

const PASSWORD = 'correct horse battery'
// The lowest count a vault may name: quicker where the count is not what a test is about.
const FAST = 100_000

async function rejection(p: Promise<unknown>): Promise<VaultError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(VaultError)
    return e as VaultError
  }
  throw new Error('expected a VaultError')
}

describe('the in-browser wallet vault', () => {
  it('seals a new key and opens it again with the password (round trip), in the documented format', async () => {
    const w = await createWallet(PASSWORD)
    expect(w.address).toBe(privateKeyToAccount(w.privateKey).address)
    const v = JSON.parse(w.vault)
    expect(Object.keys(v).sort()).toEqual(['address', 'ciphertext', 'iterations', 'iv', 'kdf', 'salt', 'v'])
    expect(v).toMatchObject({ v: 1, kdf: 'PBKDF2-SHA256', iterations: 600000, address: w.address })
    expect(v.salt).toMatch(/^0x[0-9a-f]{64}$/)
    expect(v.iv).toMatch(/^0x[0-9a-f]{24}$/)
    expect(v.ciphertext).toMatch(/^0x[0-9a-f]{96}$/)
    expect(w.vault.toLowerCase()).not.toContain(w.privateKey.slice(2).toLowerCase())
    const opened = await openVault(w.vault, PASSWORD)
    expect(opened).toEqual({ privateKey: w.privateKey, address: w.address })
  })

  it('refuses a wrong password with a clear error', async () => {
    const w = await createWallet(PASSWORD)
    const e = await rejection(openVault(w.vault, 'correct horse battery!'))
    expect(e.code).toBe('WRONG_PASSWORD')
    expect(quickErrorText(e)).toBe('密码不正确，无法解开浏览器钱包')
  })

  it('refuses a vault whose ciphertext, iv or address was changed', async () => {
    const keys = await deriveKeys(PASSWORD, newSalt(), FAST)
    const pk = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' as Hex
    const vault = await sealVault(keys, pk)
    const v = JSON.parse(vault)
    expect(v.address).toBe(privateKeyToAccount(pk).address)
    const flip = (h: string, at: number) => h.slice(0, at) + (h[at] === '0' ? '1' : '0') + h.slice(at + 1)
    const tampered = [
      { ...v, ciphertext: flip(v.ciphertext, 10) },
      { ...v, ciphertext: flip(v.ciphertext, v.ciphertext.length - 1) },
      { ...v, iv: flip(v.iv, 5) },
      // Another real address: the key inside is authenticated with the one it was sealed for.
      { ...v, address: getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc') },
    ]
    for (const t of tampered) expect((await rejection(openVault(JSON.stringify(t), PASSWORD, keys))).code).toBe('WRONG_PASSWORD')
    // The untouched vault still opens with the same keys.
    expect((await openVault(vault, PASSWORD, keys)).privateKey).toBe(pk)
  })

  it('reads the iterations and the salt from the vault', async () => {
    const salt = newSalt()
    const keys = await deriveKeys(PASSWORD, salt, 200_000)
    const vault = await sealVault(keys, '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba')
    expect(parseVault(vault)).toMatchObject({ iterations: 200_000, salt })
    // The password alone opens it: 200000 rounds and this salt, as the vault says.
    expect((await openVault(vault, PASSWORD)).address).toBe(privateKeyToAccount('0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba').address)
    const v = JSON.parse(vault)
    expect((await rejection(openVault(JSON.stringify({ ...v, iterations: 600_000 }), PASSWORD))).code).toBe('WRONG_PASSWORD')
    expect((await rejection(openVault(JSON.stringify({ ...v, salt: newSalt() }), PASSWORD))).code).toBe('WRONG_PASSWORD')
    // Keys derived for another salt are not used for it.
    const other = await deriveKeys(PASSWORD, newSalt(), 200_000)
    expect((await openVault(vault, PASSWORD, other)).address).toBe(v.address)
    // Too few rounds to be a real vault, or so many the page would hang: refused up front.
    expect((await rejection(openVault(JSON.stringify({ ...v, iterations: 1000 }), PASSWORD))).code).toBe('MALFORMED')
    expect((await rejection(openVault(JSON.stringify({ ...v, iterations: 1e9 }), PASSWORD))).code).toBe('MALFORMED')
  })

  it('derives the login hash and the encryption key as specified, and they differ', async () => {
    const salt = newSalt()
    const keys = await deriveKeys(PASSWORD, salt)
    expect(keys.loginHash).toMatch(/^0x[0-9a-f]{64}$/)
    const master = await masterOf(PASSWORD, salt)
    expect(keys.loginHash).toBe(await hkdf(master, 'gq login hash'))
    const encryptionKey = await hkdf(master, 'gq wallet encryption')
    expect(encryptionKey).not.toBe(keys.loginHash)
    // The spec's encryption key opens what the module sealed.
    const vault = await sealVault(keys, '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
    expect(await openWithRawKey(vault, encryptionKey)).toBe('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
    // A vault sealed by the spec (by hand here) opens; one whose key is not its address's is refused.
    const handMade = async (pk: Hex, address: string) => {
      const key = await crypto.subtle.importKey('raw', raw(encryptionKey), 'AES-GCM', false, ['encrypt'])
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: raw(address as Hex) }, key, raw(pk))
      return JSON.stringify({ v: 1, kdf: 'PBKDF2-SHA256', iterations: KDF_ITERATIONS, salt, iv: bytesToHex(iv), ciphertext: bytesToHex(new Uint8Array(ct)), address })
    }
    const pkB = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a' as Hex
    expect((await openVault(await handMade(pkB, privateKeyToAccount(pkB).address), PASSWORD, keys)).privateKey).toBe(pkB)
    const swapped = await handMade(pkB, privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d').address)
    expect((await rejection(openVault(swapped, PASSWORD, keys))).code).toBe('MISMATCH')
    // The module's encryption key cannot be read out.
    expect(keys.encryptionKey.extractable).toBe(false)
    await expect(crypto.subtle.exportKey('raw', keys.encryptionKey)).rejects.toBeTruthy()
  })

  it("gives a login hash that nothing short of the password's master key reproduces", async () => {
    const salt = newSalt()
    const { loginHash } = await deriveKeys(PASSWORD, salt, FAST)
    const master = await masterOf(PASSWORD, salt, FAST)
    const sha = async (b: Uint8Array<ArrayBuffer> | ArrayBuffer) => bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', b)))
    const notIt = [
      bytesToHex(new Uint8Array(master)), // the master key itself is not sent
      await sha(enc(PASSWORD)),
      await sha(raw(salt)),
      await hkdf(raw(salt), 'gq login hash'), // what the server alone could compute
      await hkdf(enc(PASSWORD), 'gq login hash'), // skipping the PBKDF2 work
      await hkdf(master, 'gq wallet encryption'),
      (await deriveKeys('correct horse batterY', salt, FAST)).loginHash,
      (await deriveKeys(PASSWORD, newSalt(), FAST)).loginHash,
      (await deriveKeys(PASSWORD, salt, FAST + 1)).loginHash,
    ]
    for (const h of notIt) expect(h).not.toBe(loginHash)
    // …and the same password, salt and count always give it.
    expect((await deriveKeys(PASSWORD, salt, FAST)).loginHash).toBe(loginHash)
  })

  it('refuses malformed vaults, salts and short passwords with what is wrong', async () => {
    const w = JSON.parse((await createWallet(PASSWORD, await deriveKeys(PASSWORD, newSalt(), FAST))).vault)
    const bad: [unknown, RegExp][] = [
      ['not json', /not JSON/],
      [{ ...w, v: 2 }, /version 2/],
      [{ ...w, kdf: 'scrypt' }, /KDF scrypt/],
      [{ ...w, salt: '0x1234' }, /salt/],
      [{ ...w, iv: undefined }, /iv/],
      [{ ...w, ciphertext: w.ciphertext.slice(0, 40) }, /ciphertext/],
      [{ ...w, address: 'alice' }, /address/],
    ]
    for (const [raw, why] of bad) {
      const e = await rejection(openVault(typeof raw === 'string' ? raw : JSON.stringify(raw), PASSWORD))
      expect(e.code).toBe('MALFORMED')
      expect(e.message).toMatch(why)
    }
    expect((await rejection(deriveKeys(PASSWORD, '0xnothex' as Hex))).code).toBe('MALFORMED')
    const weak = await rejection(createWallet('short'))
    expect(weak.code).toBe('WEAK_PASSWORD')
    expect(quickErrorText(weak)).toBe('密码至少 8 位')
  })

  it('makes a different key and salt every time', async () => {
    const [a, b] = await Promise.all([createWallet(PASSWORD), createWallet(PASSWORD)])
    expect(a.address).not.toBe(b.address)
    expect(a.keys.salt).not.toBe(b.keys.salt)
    expect(a.keys.loginHash).not.toBe(b.keys.loginHash)
  })
})
