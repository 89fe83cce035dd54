/** Plain text preview of a markdown body (no markup), at most `max` characters. */
export function plainPreview(text: string | null | undefined, max = 120): string {
  if (!text) return ''
  const flat = text.replace(/[`*_#>![\]()~-]/g, ' ').replace(/\s+/g, ' ').trim()
  return flat.length > max ? flat.slice(0, max) + '…' : flat
}
