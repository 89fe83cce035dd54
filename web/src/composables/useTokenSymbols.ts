import { shallowRef } from 'vue'
import { gql } from '@/api/graphql'
import { Q } from '@/api/queries'

// Every point token's symbol, read once per page load (a handful of rows) and shared.
const symbols = shallowRef<Map<string, string>>(new Map())
let loading: Promise<void> | null = null

/**
 * `symbolOf(token)`: a point token's symbol ("GEM"), once the tokens are read; undefined
 * until then or for an unknown token (the text then says "积分").
 */
export function useTokenSymbols() {
  if (!loading) {
    loading = gql(Q.tokenSymbols).then(
      (d) => {
        symbols.value = new Map(d.tokens.map((t) => [t.address.toLowerCase(), t.symbol]))
      },
      () => {
        loading = null
      },
    )
  }
  return { symbolOf: (token: string) => symbols.value.get(token.toLowerCase()) }
}
