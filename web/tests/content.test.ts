import { afterEach, describe, expect, it, vi } from 'vitest'
import { keccak256, toBytes } from 'viem'
import { ContentHashMismatch, documentHash, documentJson, putContent } from '@/chain/content'
import { docFields, docImage, docText } from '@/lib/doc'
import { CONTRACT_NAMES, parseConfig } from '@/config'
import { isPausable } from '@/chain/abis'
import { ROLE_IDS } from '@/chain/roles'

describe('content documents', () => {
  it('serialises with sorted keys and no empty fields', () => {
    expect(documentJson({ text: 'hi', image: '', avatar: undefined, displayName: '小明' })).toBe('{"displayName":"小明","text":"hi"}')
  })
  it('hashes the UTF-8 JSON with keccak256', () => {
    const json = documentJson({ text: '你好' })
    expect(documentHash(json)).toBe(keccak256(toBytes('{"text":"你好"}')))
  })
  it('reads fields, text and safe images from served documents', () => {
    const doc = { hash: '0x', json: '{"text":"body","image":"javascript:alert(1)","avatar":"https://a/b.png"}', text: null, verified: true }
    expect(docFields(doc)).toMatchObject({ text: 'body' })
    expect(docText(doc)).toBe('body')
    expect(docImage(doc)).toBe('')
    expect(docImage(doc, 'avatar')).toBe('https://a/b.png')
    expect(docFields({ ...doc, json: '[1]' })).toBeNull()
    expect(docFields(null)).toBeNull()
  })
})

describe('putContent', () => {
  afterEach(() => vi.unstubAllGlobals())
  it('returns the hash when the API agrees, and refuses when it does not', async () => {
    const json = documentJson({ text: 'x' })
    const hash = documentHash(json)
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ data: { putContent: hash } }))))
    await expect(putContent({ text: 'x' })).resolves.toBe(hash)
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ data: { putContent: '0x' + '00'.repeat(32) } }))))
    await expect(putContent({ text: 'x' })).rejects.toBeInstanceOf(ContentHashMismatch)
  })
})

describe('runtime config', () => {
  it('accepts /config.json and rejects a broken one', () => {
    const a = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
    const f = '0x0165878A594ca255338adfa4d48449f69242Eb8F'
    const contracts = { Profiles: a, Communities: a, Posts: a, TaskMarket: a, PointMall: a, PointExchange: a, Forwarder: f }
    const cfg = parseConfig({ chainId: 31337, startBlock: 3, rpcUrl: 'http://x', contracts })
    expect(cfg.chainId).toBe(31337)
    expect(cfg.contracts.Forwarder).toBe(f)
    expect(() => parseConfig({ chainId: 1, contracts: { Profiles: a } })).toThrow(/Communities/)
    // A deployment from before the ERC-2771 forwarder: the relayer would have nowhere to send requests.
    const { Forwarder: _, ...withoutForwarder } = contracts
    expect(() => parseConfig({ chainId: 31337, contracts: withoutForwarder })).toThrow(/contracts\.Forwarder missing/)
  })
  it('pauses every contract but the forwarder', () => {
    expect(CONTRACT_NAMES.filter((n) => isPausable(n))).toEqual(['Profiles', 'Communities', 'Posts', 'TaskMarket', 'PointMall', 'PointExchange'])
    expect(isPausable('Forwarder')).toBe(false)
    expect(isPausable('NotOurs')).toBe(false)
  })
  it('uses the role ids of Roles.sol', () => {
    expect(ROLE_IDS.SYSTEM_ADMIN).toBe('0x' + '00'.repeat(32))
    expect(ROLE_IDS.TASK_PUBLISHER).toBe(keccak256(toBytes('TASK_PUBLISHER_ROLE')))
  })
})
