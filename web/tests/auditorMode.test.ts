import { beforeEach, describe, expect, it } from 'vitest'
import { AUDITOR_KEY, detailsOpen, readAuditorMode, writeAuditorMode } from '@/lib/auditorMode'

describe('auditor mode', () => {
  beforeEach(() => localStorage.clear())

  it('is off until the player turns it on', () => {
    expect(readAuditorMode(localStorage)).toBe(false)
    expect(readAuditorMode(null)).toBe(false)
  })

  it('is remembered across page loads, and turning it off forgets it', () => {
    expect(writeAuditorMode(localStorage, true)).toBe(true)
    expect(localStorage.getItem(AUDITOR_KEY)).toBe('1')
    expect(readAuditorMode(localStorage)).toBe(true)
    writeAuditorMode(localStorage, false)
    expect(localStorage.getItem(AUDITOR_KEY)).toBeNull()
    expect(readAuditorMode(localStorage)).toBe(false)
  })

  it('only "1" means on (an old or hand-edited value does not)', () => {
    localStorage.setItem(AUDITOR_KEY, 'true')
    expect(readAuditorMode(localStorage)).toBe(false)
  })

  it('storage that throws (private mode) reads as off and reports the write as lost', () => {
    const broken = {
      getItem: () => { throw new Error('denied') },
      setItem: () => { throw new Error('denied') },
      removeItem: () => { throw new Error('denied') },
    }
    expect(readAuditorMode(broken)).toBe(false)
    expect(writeAuditorMode(broken, true)).toBe(false)
  })

  it("an object's own toggle wins; untouched objects follow auditor mode", () => {
    expect(detailsOpen(null, false)).toBe(false)
    expect(detailsOpen(null, true)).toBe(true)
    expect(detailsOpen(true, false)).toBe(true)
    expect(detailsOpen(false, true)).toBe(false)
  })
})
