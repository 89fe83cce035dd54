import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'

/** One line of the cart. Prices are whole points, as decimal strings. */
export interface CartLine {
  itemId: string
  name: string
  price: string
  token: string
  symbol: string
  communityId: string
  image: string
  /** The item's community, naming its points when they fall short (lines saved before it was kept lack it). */
  communityName?: string
  quantity: number
  selected: boolean
}

const KEY = 'gq.cart'
export const MAX_QUANTITY = 999

function load(): CartLine[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(v) ? v.filter((l) => l && typeof l.itemId === 'string' && Number.isInteger(l.quantity)) : []
  } catch {
    return []
  }
}

/** Totals per point token: token address (lowercase) → sum of price × quantity. */
export function totalsByToken(lines: CartLine[]): Map<string, { symbol: string; amount: bigint }> {
  const out = new Map<string, { symbol: string; amount: bigint }>()
  for (const l of lines) {
    const key = l.token.toLowerCase()
    const prev = out.get(key) ?? { symbol: l.symbol, amount: 0n }
    prev.amount += BigInt(l.price) * BigInt(l.quantity)
    out.set(key, prev)
  }
  return out
}

function clampQuantity(q: number): number {
  if (!Number.isFinite(q)) return 1
  return Math.min(MAX_QUANTITY, Math.max(1, Math.floor(q)))
}

/** The shopping cart, kept in localStorage. */
export const useCartStore = defineStore('cart', () => {
  const lines = ref<CartLine[]>(load())
  watch(lines, (v) => localStorage.setItem(KEY, JSON.stringify(v)), { deep: true })

  const count = computed(() => lines.value.reduce((n, l) => n + l.quantity, 0))
  const selected = computed(() => lines.value.filter((l) => l.selected))
  const selectedCount = computed(() => selected.value.reduce((n, l) => n + l.quantity, 0))
  const allSelected = computed(() => lines.value.length > 0 && lines.value.every((l) => l.selected))
  const totals = computed(() => totalsByToken(selected.value))

  /** Adds `quantity` of an item (merging with its line). */
  function add(item: Omit<CartLine, 'quantity' | 'selected'>, quantity = 1): void {
    const line = lines.value.find((l) => l.itemId === item.itemId)
    if (line) {
      line.quantity = clampQuantity(line.quantity + quantity)
      Object.assign(line, { name: item.name, price: item.price, image: item.image, ...(item.communityName ? { communityName: item.communityName } : {}) })
    } else {
      lines.value.push({ ...item, quantity: clampQuantity(quantity), selected: true })
    }
  }

  function setQuantity(itemId: string, quantity: number): void {
    const line = lines.value.find((l) => l.itemId === itemId)
    if (line) line.quantity = clampQuantity(quantity)
  }

  /** Updates a line's unit price to the item's current one (what the cart then shows). */
  function setPrice(itemId: string, price: string): void {
    const line = lines.value.find((l) => l.itemId === itemId)
    if (line) line.price = price
  }

  /** Keeps the name of a line's community (refreshed with its price). */
  function setCommunityName(itemId: string, communityName: string): void {
    const line = lines.value.find((l) => l.itemId === itemId)
    if (line) line.communityName = communityName
  }

  function toggle(itemId: string, on?: boolean): void {
    const line = lines.value.find((l) => l.itemId === itemId)
    if (line) line.selected = on ?? !line.selected
  }

  function selectAll(on: boolean): void {
    for (const l of lines.value) l.selected = on
  }

  function remove(itemId: string): void {
    lines.value = lines.value.filter((l) => l.itemId !== itemId)
  }

  function removeSelected(): void {
    lines.value = lines.value.filter((l) => !l.selected)
  }

  function clear(): void {
    lines.value = []
  }

  return { lines, count, selected, selectedCount, allSelected, totals, add, setQuantity, setPrice, setCommunityName, toggle, selectAll, remove, removeSelected, clear }
})
