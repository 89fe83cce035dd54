import { beforeEach, describe, expect, it } from 'vitest'
import { forgetKey, recallKey, rememberKey, type KeyBackend } from '@/chain/keystore'

// IndexedDB in the browser; here a box that holds a CryptoKey the same way.
function memoryBackend(): KeyBackend & { key: CryptoKey | null } {
  const box = {
    key: null as CryptoKey | null,
    get: async () => box.key,
    put: async (k: CryptoKey) => {
      box.key = k
    },
    remove: async () => {
      box.key = null
    },
  }
  return box
}

const WALLET = {
  privateKey: '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba' as const,
  vault: '{"v":1,"kdf":"PBKDF2-SHA256","note":"opaque here"}',
}

describe('keeping the in-browser wallet unlocked for a tab', () => {
  beforeEach(() => sessionStorage.clear())

  it('brings the key back on a reload of the same tab, without ever storing it readable', async () => {
    const idb = memoryBackend()
    await rememberKey(WALLET, idb)
    const stored = Object.values({ ...sessionStorage }).join(' ') + JSON.stringify(localStorage)
    expect(stored).not.toContain(WALLET.privateKey.slice(2))
    expect(stored).not.toContain('opaque here')
    expect(idb.key?.extractable).toBe(false)
    await expect(crypto.subtle.exportKey('raw', idb.key!)).rejects.toBeTruthy()
    expect(await recallKey(idb)).toEqual(WALLET)
  })

  it('uses one unlocking key per browser, so a second sign-in does not orphan the first', async () => {
    const idb = memoryBackend()
    await rememberKey(WALLET, idb)
    const first = idb.key
    await rememberKey({ ...WALLET, vault: 'newer' }, idb)
    expect(idb.key).toBe(first)
    expect((await recallKey(idb))?.vault).toBe('newer')
  })

  it('asks again in a new tab (no ciphertext there) or another browser (another unlocking key)', async () => {
    const idb = memoryBackend()
    await rememberKey(WALLET, idb)
    const saved = { ...sessionStorage }
    sessionStorage.clear()
    expect(await recallKey(idb)).toBeNull()
    Object.entries(saved).forEach(([k, v]) => sessionStorage.setItem(k, v))
    expect(await recallKey(memoryBackend())).toBeNull()
    // The copy that no longer opens is dropped.
    expect(sessionStorage.length).toBe(0)
  })

  it('drops a changed ciphertext instead of failing the page', async () => {
    const idb = memoryBackend()
    await rememberKey(WALLET, idb)
    const [k] = Object.keys({ ...sessionStorage })
    const v = JSON.parse(sessionStorage.getItem(k)!)
    sessionStorage.setItem(k, JSON.stringify({ ...v, ciphertext: v.ciphertext.replace(/^./, (c: string) => (c === '0' ? '1' : '0')) }))
    expect(await recallKey(idb)).toBeNull()
    expect(sessionStorage.getItem(k)).toBeNull()
  })

  it('signing out deletes both halves', async () => {
    const idb = memoryBackend()
    await rememberKey(WALLET, idb)
    await forgetKey(idb)
    expect(sessionStorage.length).toBe(0)
    expect(idb.key).toBeNull()
    expect(await recallKey(idb)).toBeNull()
  })
})
