// Home-page banners (managed off chain by the system admin, served by `banners`): their
// order, where they link, their picture and, without one, a picture drawn from the title.
// Pure: the carousel (components/home/HomeBanners.vue) and the admin's manager
// (components/AdminBanners.vue) read them from here. No viem: used on the home page.
import { mediaUrl } from './doc'

/** What these rules read of a banner (the API's `Banner`). */
export interface BannerFacts {
  id: number
  title: string
  image?: string | null
  link: string
  position: number
  active: boolean
}

/** The API's limits (the `banner` table's columns). */
export const BANNER_LIMITS = { title: 60, subtitle: 120, link: 200 } as const

/** Lowest position first; equal positions in the order they were created (id). */
export function orderBanners<B extends BannerFacts>(banners: readonly B[]): B[] {
  return [...banners].sort((a, b) => a.position - b.position || a.id - b.id)
}

/** The banners a visitor sees: the active ones, in order. */
export function visibleBanners<B extends BannerFacts>(banners: readonly B[]): B[] {
  return orderBanners(banners.filter((b) => b.active))
}

/** Where a banner leads: a path in this app, or a page elsewhere (opened in a new tab). */
export interface BannerTarget {
  href: string
  external: boolean
}

/**
 * Where a banner leads: an in-app path ("/game-community/1", "/task-market/?sort=REWARD")
 * or an https:// page; null for none ('' or anything else: "//host", "http:", "javascript:").
 */
export function bannerTarget(link: string | null | undefined): BannerTarget | null {
  const text = (link ?? '').trim()
  if (!text || /[\s\u0000-\u001f]/.test(text)) return null
  if (text.startsWith('/')) return text.startsWith('//') || text.startsWith('/\\') ? null : { href: text, external: false }
  if (!/^https:\/\/[^/?#\\]+/i.test(text)) return null
  try {
    const url = new URL(text)
    return url.protocol === 'https:' && !url.username && !url.password ? { href: url.href, external: true } : null
  } catch {
    return null
  }
}

/** A media hash as the content store names an image: keccak256, 0x + 64 hex digits. */
export function isMediaHash(hash: string | null | undefined): boolean {
  return /^0x[0-9a-fA-F]{64}$/.test((hash ?? '').trim())
}

/** A banner's picture: `/media/<hash>` (its thumbnail if `thumb`), or '' without a (valid) hash. */
export function bannerImageUrl(hash: string | null | undefined, thumb = false): string {
  const h = (hash ?? '').trim()
  return isMediaHash(h) ? mediaUrl(h, thumb) : ''
}

/** FNV-1a over the UTF-16 units: a stable number from a text. */
export function textHash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/** The picture a banner without an image gets: colours, angle and a glyph drawn from its title. */
export interface BannerArt {
  /** Two hues (0–359) of the background, a third for the shapes. */
  hues: [number, number, number]
  /** Gradient angle in degrees. */
  angle: number
  /** The title's first character (a whole emoji or CJK character), upper-cased. */
  glyph: string
  /** Which of the pattern layouts (0–2) the shapes use. */
  pattern: number
}

/** The same title always draws the same picture; different titles differ. */
export function bannerArt(title: string): BannerArt {
  const text = title.trim()
  const h = textHash(text || '?')
  const base = h % 360
  // The second hue 30–90° around the wheel, the accent opposite: lively, never muddy.
  const second = (base + 30 + ((h >>> 9) % 61)) % 360
  const accent = (base + 180) % 360
  const glyph = (Array.from(text.replace(/^[\s\p{P}]+/u, ''))[0] ?? '★').toUpperCase()
  return { hues: [base, second, accent], angle: 100 + ((h >>> 17) % 60), glyph, pattern: (h >>> 25) % 3 }
}

/**
 * Moving banner `id` by `delta` places (−1 up, +1 down) in `orderBanners` order: the
 * positions to save, 0, 10, 20, … (closer for very many) for the new order, only for the banners whose position
 * changes. Empty when it cannot move (already first or last, unknown id).
 */
export function moveBanner(banners: readonly BannerFacts[], id: number, delta: number): { id: number; position: number }[] {
  const ordered = orderBanners(banners)
  const from = ordered.findIndex((b) => b.id === id)
  const to = from + delta
  if (from < 0 || delta === 0 || to < 0 || to >= ordered.length) return []
  const [moved] = ordered.splice(from, 1)
  ordered.splice(to, 0, moved)
  // Steps of 10, closer when that would pass the API's highest position.
  const step = Math.max(1, Math.min(10, Math.floor(MAX_POSITION / Math.max(1, ordered.length - 1))))
  return ordered.map((b, i) => ({ id: b.id, position: i * step })).filter((p, i) => ordered[i].position !== p.position)
}

/** The highest position the API takes. */
export const MAX_POSITION = 1000

/** The position a new banner gets: after every other one (at most MAX_POSITION). */
export function nextPosition(banners: readonly BannerFacts[]): number {
  return banners.length ? Math.min(MAX_POSITION, Math.max(...banners.map((b) => b.position)) + 10) : 0
}

/** What the admin's banner form holds. */
export interface BannerForm {
  title: string
  subtitle: string
  image: string
  link: string
}

/**
 * What is wrong with a banner form, field by field (i18n keys under `adminBanners`):
 * a title is needed, texts within the API's limits, the image a media hash or nothing,
 * the link an in-app path, an https:// page or nothing.
 */
export function bannerFormErrors(form: BannerForm): Partial<Record<keyof BannerForm, string>> {
  const errors: Partial<Record<keyof BannerForm, string>> = {}
  const title = form.title.trim()
  if (!title) errors.title = 'titleRequired'
  else if (Array.from(title).length > BANNER_LIMITS.title) errors.title = 'titleTooLong'
  if (Array.from(form.subtitle.trim()).length > BANNER_LIMITS.subtitle) errors.subtitle = 'subtitleTooLong'
  if (form.image.trim() && !isMediaHash(form.image)) errors.image = 'imageBad'
  const link = form.link.trim()
  if (link && !bannerTarget(link)) errors.link = 'linkBad'
  else if (link.length > BANNER_LIMITS.link) errors.link = 'linkTooLong'
  return errors
}

/** The API's `BannerInput` from a form (trimmed; an empty image is none). */
export function bannerInput(form: BannerForm, extra: { id?: number | null; position: number; active: boolean }) {
  return {
    id: extra.id ?? null,
    title: form.title.trim(),
    subtitle: form.subtitle.trim(),
    image: form.image.trim() ? form.image.trim().toLowerCase() : null,
    link: form.link.trim(),
    position: extra.position,
    active: extra.active,
  }
}
