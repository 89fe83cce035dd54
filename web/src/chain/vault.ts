// The in-browser wallet of a player who signs up with email or phone and a password
// (issue 15), with WebCrypto alone. One password gives two independent secrets:
//
//   master        = PBKDF2-SHA256(password as UTF-8, salt, iterations, 256 bits)
//   encryptionKey = HKDF-SHA256(master, salt = empty, info "gq wallet encryption") → AES-GCM-256
//   loginHash     = HKDF-SHA256(master, salt = empty, info "gq login hash"), 32 bytes as 0x-hex
//
// The server only ever receives the login hash (as the `password` of signInWithPassword,
// setPassword and resetPassword) and the sealed key (the vault); it can check the one and
// cannot open the other. The vault is a JSON string:
//
//   {"v":1,"kdf":"PBKDF2-SHA256","iterations":600000,"salt":"0x…","iv":"0x…","ciphertext":"0x…","address":"0x…"}
//
// ciphertext = AES-GCM(encryptionKey, iv, the 32-byte private key), its additional
// authenticated data the 20 bytes of `address`: a vault whose address or ciphertext was
// changed does not open.
import { bytesToHex, getAddress, hexToBytes, isAddress, isHex, type Address, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { PASSWORD_MIN } from '@/lib/validate'
import { VaultError } from './walletErrors'

export { VaultError, type VaultErrorCode } from './walletErrors'

export const VAULT_VERSION = 1
export const KDF_NAME = 'PBKDF2-SHA256'
/** PBKDF2 rounds for new vaults and login hashes (OWASP's figure for PBKDF2-SHA256). */
export const KDF_ITERATIONS = 600_000
/** Bounds on the rounds a vault may name: fewer is too weak to accept, more would hang the page. */
const MIN_ITERATIONS = 100_000
const MAX_ITERATIONS = 10_000_000
const SALT_BYTES = 32
const IV_BYTES = 12
const ENCRYPTION_INFO = 'gq wallet encryption'
const LOGIN_INFO = 'gq login hash'

/** A parsed vault (see the top of this file). */
export interface Vault {
  v: typeof VAULT_VERSION
  kdf: typeof KDF_NAME
  iterations: number
  salt: Hex
  iv: Hex
  ciphertext: Hex
  address: Address
}

/** The two secrets one password gives with one salt. */
export interface PasswordKeys {
  salt: Hex
  iterations: number
  /** What the server receives in place of the password (0x + 64 hex). */
  loginHash: Hex
  /** AES-GCM-256, not extractable: it seals and opens vaults, nothing reads it out. */
  encryptionKey: CryptoKey
}

const utf8 = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s)
const bytes = (h: Hex): Uint8Array<ArrayBuffer> => hexToBytes(h) as Uint8Array<ArrayBuffer>
const isSalt = (s: unknown): s is Hex => typeof s === 'string' && isHex(s, { strict: true }) && s.length === 2 + 2 * SALT_BYTES

/** A fresh random KDF salt (0x + 64 hex). */
export function newSalt(): Hex {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(SALT_BYTES)))
}

/** Refuses a password shorter than the policy's minimum (the API's too). */
export function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN) throw new VaultError('WEAK_PASSWORD', `a password needs at least ${PASSWORD_MIN} characters`)
}

function checkIterations(iterations: unknown): asserts iterations is number {
  if (!Number.isInteger(iterations) || (iterations as number) < MIN_ITERATIONS || (iterations as number) > MAX_ITERATIONS) {
    throw new VaultError('MALFORMED', `KDF iterations must be an integer from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}, not ${String(iterations)}`)
  }
}

/** PBKDF2 once, then both HKDF outputs: the login hash and the (non-extractable) encryption key. */
export async function deriveKeys(password: string, salt: Hex, iterations: number = KDF_ITERATIONS): Promise<PasswordKeys> {
  if (!isSalt(salt)) throw new VaultError('MALFORMED', `a KDF salt is 0x and ${2 * SALT_BYTES} hex digits, not ${String(salt)}`)
  checkIterations(iterations)
  const subtle = crypto.subtle
  const pw = await subtle.importKey('raw', utf8(password), 'PBKDF2', false, ['deriveBits'])
  const master = await subtle.deriveBits({ name: 'PBKDF2', salt: bytes(salt), iterations, hash: 'SHA-256' }, pw, 256)
  const hkdf = await subtle.importKey('raw', master, 'HKDF', false, ['deriveBits', 'deriveKey'])
  const expand = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(info) })
  const login = await subtle.deriveBits(expand(LOGIN_INFO), hkdf, 256)
  const encryptionKey = await subtle.deriveKey(expand(ENCRYPTION_INFO), hkdf, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
  return { salt, iterations, loginHash: bytesToHex(new Uint8Array(login)), encryptionKey }
}

/** Seals `privateKey` under `keys`: the vault's JSON string, ready for setPassword. */
export async function sealVault(keys: PasswordKeys, privateKey: Hex): Promise<string> {
  const address = privateKeyToAccount(privateKey).address
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: bytes(address) }, keys.encryptionKey, bytes(privateKey))
  const vault: Vault = {
    v: VAULT_VERSION,
    kdf: KDF_NAME,
    iterations: keys.iterations,
    salt: keys.salt,
    iv: bytesToHex(iv),
    ciphertext: bytesToHex(new Uint8Array(sealed)),
    address,
  }
  return JSON.stringify(vault)
}

/** Reads and checks a vault's JSON; a VaultError('MALFORMED') says what is wrong. */
export function parseVault(raw: string): Vault {
  let v: Record<string, unknown>
  try {
    v = JSON.parse(raw) as Record<string, unknown>
  } catch {
    throw new VaultError('MALFORMED', 'the wallet vault is not JSON')
  }
  if (!v || typeof v !== 'object') throw new VaultError('MALFORMED', 'the wallet vault is not an object')
  if (v.v !== VAULT_VERSION) throw new VaultError('MALFORMED', `wallet vault version ${String(v.v)} is not ${VAULT_VERSION}`)
  if (v.kdf !== KDF_NAME) throw new VaultError('MALFORMED', `wallet vault KDF ${String(v.kdf)} is not ${KDF_NAME}`)
  checkIterations(v.iterations)
  if (!isSalt(v.salt)) throw new VaultError('MALFORMED', 'the wallet vault salt is not 32 bytes of hex')
  const hexOf = (x: unknown, n: number) => typeof x === 'string' && isHex(x, { strict: true }) && x.length === 2 + 2 * n
  if (!hexOf(v.iv, IV_BYTES)) throw new VaultError('MALFORMED', 'the wallet vault iv is not 12 bytes of hex')
  // 32 bytes of key and the 16-byte tag.
  if (!hexOf(v.ciphertext, 48)) throw new VaultError('MALFORMED', 'the wallet vault ciphertext is not 48 bytes of hex')
  if (typeof v.address !== 'string' || !isAddress(v.address, { strict: false })) throw new VaultError('MALFORMED', 'the wallet vault address is not an address')
  return { ...(v as unknown as Vault), address: getAddress(v.address) }
}

/** A private key and its address. */
export interface OpenedKey {
  privateKey: Hex
  address: Address
}

/**
 * Opens a vault with `password`, at the vault's own salt and iterations. `keys` already
 * derived for the same salt and iterations (a sign-in's) are used instead of deriving again.
 */
export async function openVault(raw: string, password: string, keys?: PasswordKeys): Promise<OpenedKey> {
  const vault = parseVault(raw)
  const reuse = keys && keys.iterations === vault.iterations && keys.salt.toLowerCase() === vault.salt.toLowerCase()
  const k = reuse ? keys : await deriveKeys(password, vault.salt, vault.iterations)
  let plain: ArrayBuffer
  try {
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes(vault.iv), additionalData: bytes(vault.address) }, k.encryptionKey, bytes(vault.ciphertext))
  } catch {
    throw new VaultError('WRONG_PASSWORD', 'the password does not open this wallet (or the wallet was changed)')
  }
  const privateKey = bytesToHex(new Uint8Array(plain))
  const address = privateKeyToAccount(privateKey).address
  if (address !== vault.address) throw new VaultError('MISMATCH', `the wallet vault holds the key of ${address}, not of ${vault.address}`)
  return { privateKey, address }
}

/** A new in-browser wallet: a random key, sealed under a password with a fresh salt. */
export interface NewWallet extends OpenedKey {
  keys: PasswordKeys
  vault: string
}

/** Makes a key and its vault; `keys` (a sign-in's, for the same password) are reused when given. */
export async function createWallet(password: string, keys?: PasswordKeys): Promise<NewWallet> {
  checkPassword(password)
  const k = keys ?? (await deriveKeys(password, newSalt()))
  const privateKey = generatePrivateKey()
  const vault = await sealVault(k, privateKey)
  return { privateKey, address: privateKeyToAccount(privateKey).address, keys: k, vault }
}
