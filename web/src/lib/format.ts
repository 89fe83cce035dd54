// No viem here: this module is on the home page's critical path.

/** The zero address: native ETH wherever a token address is taken. */
export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'
const WEI = 10n ** 18n

/** wei → decimal ether text ("1.5"), exact. */
export function formatEther(wei: bigint): string {
  const neg = wei < 0n
  const abs = neg ? -wei : wei
  const int = abs / WEI
  const frac = (abs % WEI).toString().padStart(18, '0').replace(/0+$/, '')
  return `${neg ? '-' : ''}${int}${frac ? '.' + frac : ''}`
}

/** Decimal ether text → wei; throws on more than 18 decimals. */
export function parseEther(text: string): bigint {
  const [int, frac = ''] = text.split('.')
  if (frac.length > 18) throw new Error('too many decimals')
  return BigInt(int || '0') * WEI + BigInt(frac.padEnd(18, '0') || '0')
}

/** `0x1234…abcd`, or '' for nothing. */
export function shortAddress(address: string | null | undefined, head = 6, tail = 4): string {
  if (!address) return ''
  if (address.length <= head + tail + 1) return address
  return `${address.slice(0, head)}…${address.slice(-tail)}`
}

/** A short hash for display: `0xabcdef…1234`. */
export function shortHash(hash: string | null | undefined): string {
  return shortAddress(hash, 8, 6)
}

/** True for the zero address (native ETH wherever a token is taken). */
export function isEth(token: string | null | undefined): boolean {
  return !token || token.toLowerCase() === ZERO_ADDRESS
}

/** Same address, any case. */
export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase()
}

/** The text as an address (any case), or null when it is not one. */
export function toAddress(text: string): `0x${string}` | null {
  const t = text.trim()
  return /^0x[0-9a-fA-F]{40}$/.test(t) ? (t as `0x${string}`) : null
}

/** Groups an integer string with thin separators: 1234567 → 1,234,567. */
export function groupDigits(int: string): string {
  const neg = int.startsWith('-')
  const digits = neg ? int.slice(1) : int
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return neg ? `-${grouped}` : grouped
}

/**
 * An amount in a token's smallest unit, for people. ETH (the zero address) has 18
 * decimals and shows up to 6 of them; community points have 0 decimals.
 */
export function formatAmount(amount: string | bigint, token?: string | null, symbol?: string | null): string {
  const value = typeof amount === 'bigint' ? amount : BigInt(amount || '0')
  if (isEth(token)) {
    const neg = value < 0n
    const text = formatEther(neg ? -value : value)
    const [int, frac = ''] = text.split('.')
    const trimmed = frac.slice(0, 6).replace(/0+$/, '')
    return `${neg ? '-' : ''}${groupDigits(int)}${trimmed ? '.' + trimmed : ''} ETH`
  }
  const text = groupDigits(value.toString())
  return symbol ? `${text} ${symbol}` : text
}

/** Parses what a person typed as an amount of `token` into its smallest unit. */
export function parseAmount(text: string, token?: string | null): bigint {
  const t = text.trim().replace(/,/g, '')
  if (!/^\d+(\.\d+)?$/.test(t)) throw new Error('invalid amount')
  if (isEth(token)) return parseEther(t)
  if (t.includes('.')) throw new Error('points are whole numbers')
  return BigInt(t)
}

/** Unix seconds → a local date and time, in the given locale. */
export function formatDate(seconds: number | null | undefined, locale = 'zh-CN'): string {
  if (seconds == null) return ''
  const d = new Date(seconds * 1000)
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d)
}

/** Unix seconds relative to `now` (seconds), e.g. "3 天后" / "in 3 days". */
export function formatRelative(seconds: number, locale = 'zh-CN', now = Date.now() / 1000): string {
  const diff = seconds - now
  const abs = Math.abs(diff)
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ]
  for (const [unit, size] of units) {
    if (abs >= size) return rtf.format(Math.round(diff / size), unit)
  }
  return rtf.format(Math.round(diff), 'second')
}

/** `<input type="datetime-local">` value → unix seconds. */
export function localInputToUnix(value: string): number {
  return Math.floor(new Date(value).getTime() / 1000)
}

/** Average stars, one decimal: 4.25 → "4.3". */
export function formatRating(rating: number | null | undefined): string {
  return rating == null ? '—' : (Math.round(rating * 10) / 10).toFixed(1)
}
