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

/** An image URL from a document, only if it is http(s) or same-origin. */
export function docImage(doc: Doc | null | undefined, key = 'image'): string {
  const url = docString(doc, key)
  return /^(https?:\/\/|\/(?!\/))/i.test(url) ? url : ''
}

/**
 * A profile's bio. Profile documents keep it in "text" (as every document keeps its body);
 * older ones written by this client only in "bio".
 */
export function profileBio(doc: Doc | null | undefined): string {
  return docText(doc) || docString(doc, 'bio')
}
