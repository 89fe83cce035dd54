import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { MAX_QUANTITY, totalsByToken, useCartStore } from '@/stores/cart'

const A = { itemId: '1', name: 'Sword', price: '120', token: '0xAAAA000000000000000000000000000000000001', symbol: 'GEM', communityId: '1', image: '' }
const B = { itemId: '2', name: 'Shield', price: '75', token: '0xaaaa000000000000000000000000000000000001', symbol: 'GEM', communityId: '1', image: '' }
const C = { itemId: '3', name: 'Badge', price: '5', token: '0xBBBB000000000000000000000000000000000002', symbol: 'STAR', communityId: '2', image: '' }

describe('cart store', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })

  it('adds, merges lines and counts units', () => {
    const cart = useCartStore()
    cart.add(A)
    cart.add(A, 2)
    cart.add(B)
    expect(cart.lines).toHaveLength(2)
    expect(cart.lines[0].quantity).toBe(3)
    expect(cart.count).toBe(4)
  })

  it('clamps quantities to 1..MAX', () => {
    const cart = useCartStore()
    cart.add(A)
    cart.setQuantity('1', 0)
    expect(cart.lines[0].quantity).toBe(1)
    cart.setQuantity('1', 5000)
    expect(cart.lines[0].quantity).toBe(MAX_QUANTITY)
    cart.setQuantity('1', 2.7)
    expect(cart.lines[0].quantity).toBe(2)
  })

  it('totals selected lines per token, exactly', () => {
    const cart = useCartStore()
    cart.add(A, 2) // 240
    cart.add(B, 3) // 225, same token in another case
    cart.add(C, 4) // 20
    const totals = cart.totals
    expect(totals.size).toBe(2)
    expect(totals.get(A.token.toLowerCase())?.amount).toBe(465n)
    expect(totals.get(C.token.toLowerCase())).toEqual({ symbol: 'STAR', amount: 20n })
    cart.toggle('3', false)
    expect(cart.totals.size).toBe(1)
    expect(cart.selectedCount).toBe(5)
  })

  it('selects all or none, deletes one or the selected', () => {
    const cart = useCartStore()
    cart.add(A)
    cart.add(B)
    cart.add(C)
    expect(cart.allSelected).toBe(true)
    cart.selectAll(false)
    expect(cart.allSelected).toBe(false)
    expect(cart.totals.size).toBe(0)
    cart.toggle('2')
    cart.removeSelected()
    expect(cart.lines.map((l) => l.itemId)).toEqual(['1', '3'])
    cart.remove('1')
    expect(cart.lines.map((l) => l.itemId)).toEqual(['3'])
  })

  it('persists to localStorage and reloads', async () => {
    const cart = useCartStore()
    cart.add(A, 2)
    await nextTick()
    setActivePinia(createPinia())
    const again = useCartStore()
    expect(again.lines).toHaveLength(1)
    expect(again.count).toBe(2)
  })

  it('ignores a corrupt stored cart', () => {
    localStorage.setItem('gq.cart', '{not json')
    expect(useCartStore().lines).toEqual([])
  })

  it('shows the current price after setPrice, and totals follow it', () => {
    const cart = useCartStore()
    cart.add(A, 2)
    cart.setPrice('1', '130')
    expect(cart.lines[0].price).toBe('130')
    expect(cart.totals.get(A.token.toLowerCase())?.amount).toBe(260n)
  })

  it('handles big prices without losing precision', () => {
    const big = totalsByToken([{ ...A, price: '123456789012345678901234567890', quantity: 3, selected: true }])
    expect(big.get(A.token.toLowerCase())?.amount).toBe(370370367037037036703703703670n)
  })
})
