// The letter tile that stands for something without a picture (a community has no icon).

const TINTS = ['#4f46e5', '#0891b2', '#059669', '#d97706', '#dc2626', '#7c3aed', '#db2777', '#2563eb']

/** The first character of a name (a whole CJK character or emoji), upper-cased. */
export function initialOf(name: string | null | undefined): string {
  const first = Array.from((name ?? '').trim())[0] ?? '?'
  return first.toUpperCase()
}

/** A background colour that stays the same for the same key (a community's id). */
export function tintOf(key: string): string {
  let h = 0
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return TINTS[h % TINTS.length]
}
