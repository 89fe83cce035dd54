import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { readStoredSession, useSessionStore } from '@/stores/session'
import { gql } from '@/api/graphql'
import { Q } from '@/api/queries'
import { deriveKeys } from '@/chain/vault'
import type { Hex } from 'viem'

function answer(body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }))
}

describe('stored sessions', () => {
  it('reads a valid session and rejects expired or malformed ones', () => {
    const ok = { token: 't', address: '0x1', expiresAt: 2000 }
    expect(readStoredSession(JSON.stringify(ok), 1000)).toEqual(ok)
    expect(readStoredSession(JSON.stringify(ok), 3000)).toBeNull()
    expect(readStoredSession('{"token":1}', 1000)).toBeNull()
    expect(readStoredSession('nope', 1000)).toBeNull()
    expect(readStoredSession(null)).toBeNull()
  })
})

describe('session store', () => {
  const fetchMock = vi.fn()
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('signs in with a password (its login hash, never the password), keeps the token and sends it', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600
    const salt = '0x' + 'ab'.repeat(32)
    fetchMock
      .mockImplementationOnce(() => answer({ data: { passwordSalt: salt } }))
      .mockImplementationOnce(() => answer({ data: { signInWithPassword: { token: 'jwt-1', expiresAt: exp, address: '0xAbC', walletVault: null, walletLost: false } } }))
      .mockImplementationOnce(() => answer({ data: { me: { address: '0xAbC', username: 'alice', verified: true, roles: ['TASK_PUBLISHER'] } } }))
      .mockImplementationOnce(() => answer({ data: { indexerStatus: null } }))
    const s = useSessionStore()
    expect((await s.signInWithPassword('alice', 'correct horse')).wallet).toBe('extension')
    expect(s.signedIn).toBe(true)
    expect(s.username).toBe('alice')
    expect(s.isPublisher).toBe(true)
    expect(s.isAdmin).toBe(false)
    expect(JSON.parse(localStorage.getItem('gq.session')!)).toEqual({ token: 'jwt-1', address: '0xAbC', expiresAt: exp })
    expect(JSON.parse(fetchMock.mock.calls[0][1].body).variables).toEqual({ login: 'alice' })
    const { loginHash } = await deriveKeys('correct horse', salt as Hex)
    expect(JSON.parse(fetchMock.mock.calls[1][1].body).variables).toEqual({ login: 'alice', password: loginHash })
    await gql(Q.indexerStatus)
    expect(fetchMock.mock.calls[3][1].headers.authorization).toBe('Bearer jwt-1')
  })

  it('logs out: forgets the token and stops sending it', async () => {
    localStorage.setItem('gq.session', JSON.stringify({ token: 'jwt-2', address: '0x1', expiresAt: Date.now() / 1000 + 60 }))
    const s = useSessionStore()
    expect(s.signedIn).toBe(true)
    s.logout()
    expect(s.signedIn).toBe(false)
    expect(localStorage.getItem('gq.session')).toBeNull()
    fetchMock.mockImplementationOnce(() => answer({ data: { x: 1 } }))
    await gql(Q.indexerStatus)
    expect(fetchMock.mock.calls[0][1].headers.authorization).toBeUndefined()
  })

  it('退出登录 ends the session on the server (signOut, with the token), then forgets it here', async () => {
    localStorage.setItem('gq.session', JSON.stringify({ token: 'jwt-3', address: '0x1', expiresAt: Date.now() / 1000 + 60 }))
    fetchMock.mockImplementationOnce(() => answer({ data: { signOut: true } }))
    const s = useSessionStore()
    await s.signOut()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [, init] = fetchMock.mock.calls[0]
    expect(JSON.parse(init.body).query).toMatch(/mutation SignOut\s*\{\s*signOut\s*\}/)
    expect(init.headers.authorization).toBe('Bearer jwt-3')
    expect(s.signedIn).toBe(false)
    expect(localStorage.getItem('gq.session')).toBeNull()
  })

  it('signs out here even when the server cannot be reached, and says so; an already-ended token is no error', async () => {
    localStorage.setItem('gq.session', JSON.stringify({ token: 'jwt-4', address: '0x1', expiresAt: Date.now() / 1000 + 60 }))
    fetchMock.mockImplementationOnce(() => Promise.reject(new TypeError('network down')))
    const s = useSessionStore()
    await expect(s.signOut()).rejects.toBeTruthy()
    expect(s.signedIn).toBe(false)
    expect(localStorage.getItem('gq.session')).toBeNull()

    localStorage.setItem('gq.session', JSON.stringify({ token: 'jwt-5', address: '0x1', expiresAt: Date.now() / 1000 + 60 }))
    setActivePinia(createPinia())
    fetchMock.mockImplementationOnce(() => answer({ data: null, errors: [{ message: 'ended', extensions: { code: 'UNAUTHENTICATED' } }] }))
    const again = useSessionStore()
    await expect(again.signOut()).resolves.toBeUndefined()
    expect(again.signedIn).toBe(false)
  })

  it('drops a session the API no longer accepts', async () => {
    localStorage.setItem('gq.session', JSON.stringify({ token: 'old', address: '0x1', expiresAt: Date.now() / 1000 + 60 }))
    fetchMock.mockImplementationOnce(() => answer({ data: null, errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] }))
    const s = useSessionStore()
    await s.refresh()
    expect(s.signedIn).toBe(false)
    expect(s.me).toBeNull()
  })

  it('surfaces API error codes', async () => {
    fetchMock.mockImplementationOnce(() => answer({ data: { passwordSalt: '0x' + '01'.repeat(32) } }))
    fetchMock.mockImplementationOnce(() => answer({ data: null, errors: [{ message: 'bad password', extensions: { code: 'UNAUTHENTICATED' } }] }))
    const s = useSessionStore()
    await expect(s.signInWithPassword('alice', 'wrong')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(s.signedIn).toBe(false)
  })
})
