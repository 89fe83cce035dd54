// Keeps an in-browser wallet unlocked across page loads of one tab, without keeping the
// private key readable at rest: the key (and its password-sealed vault) is encrypted under
// a NON-extractable AES-GCM key that lives in IndexedDB, and that ciphertext lives in
// sessionStorage. Neither half alone gives the key: the IndexedDB key cannot be read out
// (only used by this origin's pages), and sessionStorage goes with the tab. A new tab or
// browser has no ciphertext and asks for the password again; signing out deletes both.
//
// No viem here: the wallet store restores through this module on every page load.

const UNLOCKED = 'gq.wallet.unlocked'
const DB_NAME = 'gq-wallet'
const DB_STORE = 'keys'
const KEY_ID = 'session'
const IV_BYTES = 12

/** A wallet whose key this tab may use without asking for the password. */
export interface UnlockedWallet {
  /** 0x + 64 hex. */
  privateKey: `0x${string}`
  /** The password-sealed vault (chain/vault.ts), for export and password changes. */
  vault: string
}

/** Where the tab-unlocking key is kept (IndexedDB in the app; a map in unit tests). */
export interface KeyBackend {
  get(): Promise<CryptoKey | null>
  put(key: CryptoKey): Promise<void>
  remove(): Promise<void>
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function withStore<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const open = indexedDB.open(DB_NAME, 1)
  open.onupgradeneeded = () => open.result.createObjectStore(DB_STORE)
  const db = await request(open)
  try {
    return await request(fn(db.transaction(DB_STORE, mode).objectStore(DB_STORE)))
  } finally {
    db.close()
  }
}

/** The browser's IndexedDB (a CryptoKey is stored as is: it stays non-extractable). */
export const indexedDbBackend: KeyBackend = {
  async get() {
    const key = await withStore<unknown>('readonly', (s) => s.get(KEY_ID))
    return key instanceof CryptoKey ? key : null
  },
  async put(key) {
    await withStore('readwrite', (s) => s.put(key, KEY_ID))
  },
  async remove() {
    await withStore('readwrite', (s) => s.delete(KEY_ID))
  },
}

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
function fromHex(h: string): Uint8Array<ArrayBuffer> {
  if (!/^([0-9a-f]{2})*$/.test(h)) throw new Error('not hex')
  const out = new Uint8Array(h.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** Keeps `wallet` unlocked for this tab (a new tab-unlocking key unless one exists). */
export async function rememberKey(wallet: UnlockedWallet, backend: KeyBackend = indexedDbBackend): Promise<void> {
  let key = await backend.get()
  if (!key) {
    key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
    await backend.put(key)
  }
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(wallet)))
  sessionStorage.setItem(UNLOCKED, JSON.stringify({ iv: toHex(iv), ciphertext: toHex(new Uint8Array(sealed)) }))
}

/** The wallet this tab unlocked before (null: none, or it no longer opens; then it is dropped). */
export async function recallKey(backend: KeyBackend = indexedDbBackend): Promise<UnlockedWallet | null> {
  const raw = sessionStorage.getItem(UNLOCKED)
  if (!raw) return null
  try {
    const key = await backend.get()
    if (!key) throw new Error('no tab-unlocking key')
    const { iv, ciphertext } = JSON.parse(raw) as { iv: string; ciphertext: string }
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromHex(iv) }, key, fromHex(ciphertext))
    const wallet = JSON.parse(new TextDecoder().decode(plain)) as UnlockedWallet
    if (!/^0x[0-9a-fA-F]{64}$/.test(wallet.privateKey) || typeof wallet.vault !== 'string') throw new Error('not a wallet')
    return wallet
  } catch {
    sessionStorage.removeItem(UNLOCKED)
    return null
  }
}

/** Locks the wallet: this tab's ciphertext and the browser's tab-unlocking key are deleted. */
export async function forgetKey(backend: KeyBackend = indexedDbBackend): Promise<void> {
  sessionStorage.removeItem(UNLOCKED)
  await backend.remove()
}
