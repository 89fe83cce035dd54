import { describe, expect, it } from 'vitest'
import { formatEther as viemFormatEther, parseEther as viemParseEther } from 'viem'
import {
  ZERO_ADDRESS, formatAmount, formatDate, formatEther, formatRating, formatRelative, groupDigits, isEth, parseAmount, parseEther,
  sameAddress, shortAddress, shortHash, toAddress,
} from '@/lib/format'
import { validEmail, validPhone, validUsername } from '@/lib/validate'

const POINTS = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

describe('amounts', () => {
  it('formats ETH from wei with at most 6 decimals', () => {
    expect(formatAmount('1500000000000000000', ZERO_ADDRESS)).toBe('1.5 ETH')
    expect(formatAmount(10n ** 16n, ZERO_ADDRESS)).toBe('0.01 ETH')
    expect(formatAmount('1234567000000000000000', ZERO_ADDRESS)).toBe('1,234.567 ETH')
    expect(formatAmount('1', ZERO_ADDRESS)).toBe('0 ETH')
    expect(formatAmount('-2000000000000000000', ZERO_ADDRESS)).toBe('-2 ETH')
  })
  it('formats whole points with a symbol', () => {
    expect(formatAmount('1200', POINTS, 'GEM')).toBe('1,200 GEM')
    expect(formatAmount('-35', POINTS, 'GEM')).toBe('-35 GEM')
    expect(formatAmount(7n, POINTS)).toBe('7')
  })
  it('parses typed amounts per token', () => {
    expect(parseAmount('0.01', ZERO_ADDRESS)).toBe(10n ** 16n)
    expect(parseAmount('1,000', POINTS)).toBe(1000n)
    expect(() => parseAmount('1.5', POINTS)).toThrow()
    expect(() => parseAmount('abc', ZERO_ADDRESS)).toThrow()
    expect(() => parseAmount('-1', POINTS)).toThrow()
  })
  it('agrees with viem on ether conversions', () => {
    for (const v of ['0', '1', '0.000000000000000001', '123.456', '99999999.123456789012345678']) {
      expect(parseEther(v)).toBe(viemParseEther(v))
      expect(formatEther(parseEther(v))).toBe(viemFormatEther(viemParseEther(v)))
    }
    expect(() => parseEther('1.0000000000000000001')).toThrow()
  })
  it('groups digits', () => {
    expect(groupDigits('1234567')).toBe('1,234,567')
    expect(groupDigits('-1000')).toBe('-1,000')
    expect(groupDigits('12')).toBe('12')
  })
})

describe('addresses and hashes', () => {
  it('shortens', () => {
    expect(shortAddress('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')).toBe('0xf39F…2266')
    expect(shortAddress(null)).toBe('')
    expect(shortHash('0x' + 'ab'.repeat(32))).toBe('0xababab…ababab')
  })
  it('compares case-insensitively and knows ETH', () => {
    expect(sameAddress('0xABC0000000000000000000000000000000000001', '0xabc0000000000000000000000000000000000001')).toBe(true)
    expect(sameAddress(null, '0x1')).toBe(false)
    expect(isEth(ZERO_ADDRESS)).toBe(true)
    expect(isEth(POINTS)).toBe(false)
  })
  it('recognises typed addresses', () => {
    expect(toAddress('  0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 ')).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
    expect(toAddress('alice')).toBeNull()
  })
})

describe('dates', () => {
  it('formats unix seconds in the locale', () => {
    expect(formatDate(1_700_000_000, 'zh-CN')).toBe('2023/11/14 22:13')
    expect(formatDate(1_700_000_000, 'en')).toBe('11/14/2023, 22:13')
    expect(formatDate(null)).toBe('')
  })
  it('formats relative times', () => {
    expect(formatRelative(1000 + 3 * 86400, 'en', 1000)).toBe('in 3 days')
    expect(formatRelative(1000 - 2 * 3600, 'en', 1000)).toBe('2 hours ago')
    expect(formatRelative(1000 + 86400, 'zh-CN', 1000)).toBe('明天')
  })
  it('formats ratings', () => {
    expect(formatRating(4.25)).toBe('4.3')
    expect(formatRating(null)).toBe('—')
  })
})

describe('form rules', () => {
  it('follows the on-chain username rule', () => {
    expect(validUsername('alice_01')).toBe(true)
    expect(validUsername('Al')).toBe(false)
    expect(validUsername('Alice')).toBe(false)
    expect(validUsername('a'.repeat(33))).toBe(false)
  })
  it('checks email and phone formats', () => {
    expect(validEmail('player@example.com')).toBe(true)
    expect(validEmail('player@')).toBe(false)
    expect(validPhone('13812345678')).toBe(true)
    expect(validPhone('+44 7700 900123')).toBe(true)
    expect(validPhone('12345')).toBe(false)
  })
})
