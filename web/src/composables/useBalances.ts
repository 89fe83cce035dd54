import { ref, shallowRef, watch, type WatchSource } from 'vue'
import type { Address } from 'viem'
import { gql } from '@/api/graphql'
import { Q } from '@/api/queries'
import { loadConfig } from '@/config'
import { balanceIn, type BalanceRow } from '@/lib/balances'
import { isEth } from '@/lib/format'

/**
 * The player's balances, shown before any signature: community points from the API
 * (User.balances, as indexed), ETH read from the chain on demand (`loadEth`, offers in
 * ETH). `of(token)` is null while unknown (not loaded, no account): pages then show no
 * shortfall and the chain code (chain/balance.ts) still checks before the wallet asks.
 */
export function useBalances(account: WatchSource<string | null | undefined>) {
  const rows = shallowRef<BalanceRow[] | null>(null)
  const eth = ref<bigint | null>(null)
  /** The API is being asked (false again once answered or failed: then `of` stays null). */
  const loading = ref(false)
  let current: string | null = null

  async function reload(): Promise<void> {
    const acc = current
    if (!acc) {
      rows.value = null
      return
    }
    loading.value = true
    try {
      const user = (await gql(Q.myBalances, { address: acc })).user
      if (acc === current) rows.value = user?.balances ?? []
    } catch {
      if (acc === current) rows.value = null
    } finally {
      if (acc === current) loading.value = false
    }
  }

  /** Reads the account's ETH from the chain (a read over the deployment's RPC: no wallet prompt). */
  async function loadEth(): Promise<void> {
    const acc = current
    if (!acc) return
    loading.value = true
    try {
      const { publicReader } = await import('@/chain/clients')
      const value = await publicReader(await loadConfig()).getBalance({ address: acc as Address })
      if (acc === current) eth.value = value
    } catch {
      if (acc === current) eth.value = null
    } finally {
      if (acc === current) loading.value = false
    }
  }

  watch(
    account,
    (acc) => {
      current = acc ?? null
      rows.value = null
      eth.value = null
      void reload()
    },
    { immediate: true },
  )

  /** The balance of `token` (the zero address: ETH), or null when unknown. */
  const of = (token: string): bigint | null => (isEth(token) ? eth.value : balanceIn(rows.value, token))
  return { rows, eth, loading, of, reload, loadEth }
}
