import type { Address } from 'viem'

/**
 * The contracts the client talks to, as `/config.json` names them: the six that hold the
 * community, and `Forwarder`, the ERC-2771 forwarder they all trust (a relayer submits a
 * player's signed request to it and pays the gas).
 */
export const CONTRACT_NAMES = ['Profiles', 'Communities', 'Posts', 'TaskMarket', 'PointMall', 'PointExchange', 'Forwarder'] as const

/** One of {@link CONTRACT_NAMES}. */
export type ContractName = (typeof CONTRACT_NAMES)[number]

/** What the API serves at `GET /config.json` (from `deployments/<chainId>.json`). */
export interface RuntimeConfig {
  chainId: number
  startBlock: number
  contracts: Record<ContractName, Address>
  rpcUrl: string
}

let loaded: Promise<RuntimeConfig> | null = null

/** Parses and checks a `/config.json` body. Throws on a malformed one. */
export function parseConfig(raw: unknown): RuntimeConfig {
  if (!raw || typeof raw !== 'object') throw new Error('config.json: not an object')
  const r = raw as Record<string, unknown>
  const contracts = r.contracts as Record<string, unknown> | undefined
  if (typeof r.chainId !== 'number' || !contracts) throw new Error('config.json: chainId/contracts missing')
  for (const n of CONTRACT_NAMES) {
    const a = contracts[n]
    if (typeof a !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(a)) throw new Error(`config.json: contracts.${n} missing`)
  }
  return {
    chainId: r.chainId,
    startBlock: typeof r.startBlock === 'number' ? r.startBlock : 0,
    contracts: contracts as Record<ContractName, Address>,
    rpcUrl: typeof r.rpcUrl === 'string' ? r.rpcUrl : 'http://127.0.0.1:8545',
  }
}

/** Loads `/config.json` once per page. */
export function loadConfig(): Promise<RuntimeConfig> {
  if (!loaded) {
    loaded = fetch('/config.json', { headers: { accept: 'application/json' } })
      .then((res) => {
        if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`)
        return res.json()
      })
      .then(parseConfig)
      .catch((e) => {
        loaded = null
        throw e
      })
  }
  return loaded
}

/** The block explorer, if configured (no trailing slash). */
export const explorerUrl: string | undefined = (import.meta.env.VITE_EXPLORER_URL || '').replace(/\/+$/, '') || undefined
