import { describe, expect, it } from 'vitest'
import { balanceIn, checkNeeds, needsOf, offerSides, shortOnes, tokenLabel } from '@/lib/balances'

const MORA = '0x4444444444444444444444444444444444444444'
const STAR = '0x2222222222222222222222222222222222222222'
const ETH = '0x0000000000000000000000000000000000000000'
const BOB = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const ALICE = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const rows = [{ token: MORA.toUpperCase().replace('0X', '0x'), symbol: 'MORA', name: '原神社区积分', balance: '80' }]

describe('the cart against the balances', () => {
  const lines = [
    { token: MORA, symbol: 'MORA', price: '60', quantity: 2, communityName: '提瓦特冒险团' },
    { token: STAR, symbol: 'STAR', price: '5', quantity: 3, communityName: 'Starfall Raiders' },
    { token: MORA.toUpperCase().replace('0X', '0x'), symbol: 'MORA', price: '1', quantity: 1, communityName: '提瓦特冒险团' },
  ]

  it('sums what each token needs, any address case, in first-seen order', () => {
    expect(needsOf(lines, rows).map((n) => [n.symbol, n.amount])).toEqual([['MORA', 121n], ['STAR', 15n]])
  })

  it('names a token by its points name when held, else by its community', () => {
    expect(needsOf(lines, rows).map((n) => n.label)).toEqual(['原神社区积分', 'Starfall Raiders · STAR'])
    expect(tokenLabel({ symbol: 'GEM' })).toBe('GEM')
  })

  it('a token the player holds none of counts as 0, not unknown (the API lists non-zero balances)', () => {
    expect(balanceIn(rows, STAR)).toBe(0n)
    expect(balanceIn(rows, MORA)).toBe(80n)
    expect(balanceIn(null, MORA)).toBeNull()
  })

  it('finds the short token: 原神社区积分 needs 121, has 80; STAR needs 15, has 0', () => {
    const states = checkNeeds(needsOf(lines, rows), (t) => balanceIn(rows, t))
    expect(shortOnes(states).map((s) => [s.label, s.amount, s.have])).toEqual([
      ['原神社区积分', 121n, 80n],
      ['Starfall Raiders · STAR', 15n, 0n],
    ])
  })

  it('blocks nothing while the balances are unknown', () => {
    expect(shortOnes(checkNeeds(needsOf(lines), () => null))).toEqual([])
  })

  it('an exact balance is enough', () => {
    expect(shortOnes(checkNeeds(needsOf([{ token: STAR, symbol: 'STAR', price: '80', quantity: 1 }]), () => 80n))).toEqual([])
  })
})

describe('an offer from the viewer’s side', () => {
  const offer = { maker: ALICE, giveToken: MORA, giveAmount: '100', wantToken: ETH, wantAmount: '1000000000000000' }

  it('a taker pays what the maker wants and gets what the maker gives', () => {
    const s = offerSides(offer, BOB)
    expect(s.mine).toBe(false)
    expect(s.pay).toEqual({ token: ETH, amount: 10n ** 15n })
    expect(s.get).toEqual({ token: MORA, amount: 100n })
  })

  it('its maker (any address case) pays the give side and gets the want side', () => {
    const s = offerSides(offer, ALICE.toLowerCase())
    expect(s.mine).toBe(true)
    expect(s.pay.token).toBe(MORA)
    expect(s.get.amount).toBe(10n ** 15n)
  })

  it('a visitor sees it as a taker would', () => {
    expect(offerSides(offer, null).pay.token).toBe(ETH)
  })
})
