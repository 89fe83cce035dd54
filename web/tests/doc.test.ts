import { describe, expect, it } from 'vitest'
import { profileBio } from '@/lib/doc'
import { initialOf, tintOf } from '@/lib/badge'

const doc = (fields: Record<string, unknown>, text: string | null = null) => ({ hash: '0x' + '11'.repeat(32), json: JSON.stringify(fields), text, verified: true })

describe('profileBio', () => {
  it('reads the bio from "text", where profile documents keep it', () => {
    expect(profileBio(doc({ text: '原神老玩家，深渊满星' }, '原神老玩家，深渊满星'))).toBe('原神老玩家，深渊满星')
    // The API's `text` may be missing while the body has the field.
    expect(profileBio(doc({ text: '只在正文里' }))).toBe('只在正文里')
  })

  it('still reads "bio" of older documents, and prefers "text" when both are there', () => {
    expect(profileBio(doc({ displayName: 'Bob', bio: '旧资料' }))).toBe('旧资料')
    expect(profileBio(doc({ bio: '旧', text: '新' }, '新'))).toBe('新')
  })

  it('is empty without a document or a bio', () => {
    expect(profileBio(null)).toBe('')
    expect(profileBio(doc({ displayName: 'Bob' }))).toBe('')
  })
})

describe('community badge', () => {
  it('takes the whole first character of a name', () => {
    expect(initialOf('星穹铁道研究所')).toBe('星')
    expect(initialOf('  starfall')).toBe('S')
    expect(initialOf('🎮 Club')).toBe('🎮')
    expect(initialOf('')).toBe('?')
  })

  it('gives the same community the same colour', () => {
    expect(tintOf('12')).toBe(tintOf('12'))
    expect(tintOf('1')).toMatch(/^#[0-9a-f]{6}$/)
  })
})
