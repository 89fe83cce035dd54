import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import zh from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { DEFAULT_AWARD_SOURCE, POINT_SOURCES, pointSourceKey } from '@/lib/pointSource'

// The labels the indexer writes into Point.source: every string literal its
// `source_label` returns (indexer/src/project/points.rs), read from the source itself so a
// new label there fails here until it has a translation.
function indexerLabels(): string[] {
  const here = dirname(fileURLToPath(import.meta.url))
  const rust = readFileSync(join(here, '../../indexer/src/project/points.rs'), 'utf8')
  const body = /fn source_label\([\s\S]*?\n {4}\}\n/.exec(rust)?.[0]
  if (!body) throw new Error('source_label not found in indexer/src/project/points.rs')
  return [...body.matchAll(/"([^"]+)"/g)].map((m) => m[1])
}

const CJK = /[\u4e00-\u9fff]/

describe('point sources', () => {
  it('knows every label the indexer writes, and the award default this client sends', () => {
    const labels = indexerLabels()
    expect(labels.length).toBeGreaterThanOrEqual(10)
    expect(labels).toContain('mall payment')
    for (const label of [...labels, DEFAULT_AWARD_SOURCE]) expect(pointSourceKey(label), label).not.toBeNull()
  })

  it('every known label has a Chinese and an English translation', () => {
    for (const [label, key] of Object.entries(POINT_SOURCES)) {
      const zhText = zh.user.sources[key]
      const enText = en.user.sources[key]
      expect(zhText, `zh for ${label}`).toMatch(CJK)
      expect(enText, `en for ${label}`).toMatch(/^[A-Z][\w ]+$/)
    }
  })

  it("leaves an admin's own award text alone (null: shown as written)", () => {
    expect(pointSourceKey('周年活动')).toBeNull()
    expect(pointSourceKey(null)).toBeNull()
    expect(pointSourceKey('constructor')).toBeNull()
    expect(pointSourceKey('toString')).toBeNull()
  })
})
