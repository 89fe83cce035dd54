// Reading content documents as the API serves them (no viem: used on the home page).
import type { Doc } from '@/api/types'

/** The fields of a document as served by the API, or null when its body is missing or bad. */
export function docFields(doc: Doc | null | undefined): Record<string, unknown> | null {
  if (!doc?.json) return null
  try {
    const v = JSON.parse(doc.json)
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** One string field of a document ('' when absent). */
export function docString(doc: Doc | null | undefined, key: string): string {
  const v = docFields(doc)?.[key]
  return typeof v === 'string' ? v : ''
}

/** The document's body text: the API's `text`, else its "text" field. */
export function docText(doc: Doc | null | undefined): string {
  return doc?.text ?? docString(doc, 'text')
}

const MEDIA_HASH = /^0x[0-9a-f]{64}$/i

/**
 * The URL of an image reference: a content-store hash (`0x…`, served at `/media/<hash>`,
 * its thumbnail at `/media/<hash>/thumb`), or an http(s) or same-origin URL as older
 * documents hold. Anything else (javascript:, data:, protocol-relative) gives ''.
 */
export function mediaUrl(ref: unknown, thumb = false): string {
  if (typeof ref !== 'string') return ''
  if (MEDIA_HASH.test(ref)) return `/media/${ref.toLowerCase()}${thumb ? '/thumb' : ''}`
  return /^(https?:\/\/|\/(?!\/))/i.test(ref) ? ref : ''
}

/** An image URL from a document's field (see [`mediaUrl`]); the thumbnail if `thumb`. */
export function docImage(doc: Doc | null | undefined, key = 'image', thumb = false): string {
  return mediaUrl(docFields(doc)?.[key], thumb)
}

/** The image URLs of a document's list field (a post's or an item's gallery). */
export function docImages(doc: Doc | null | undefined, key = 'images', thumb = false): string[] {
  const v = docFields(doc)?.[key]
  return Array.isArray(v) ? v.map((r) => mediaUrl(r, thumb)).filter(Boolean).slice(0, 9) : []
}

/**
 * A profile's bio. Profile documents keep it in "text" (as every document keeps its body);
 * older ones written by this client only in "bio".
 */
export function profileBio(doc: Doc | null | undefined): string {
  return docText(doc) || docString(doc, 'bio')
}
