// The steps of an on-chain action as the player sees them: "第 1/2 步：授权 STAR 积分",
// then what the wallet is doing ("请在钱包中确认" while its prompt is open). The chain
// code (chain/mall.ts, chain/exchange.ts) plans the steps once it knows which allowances
// are missing, before the first prompt; composables/useTx follows them through WriteHooks.
// Pure: no viem, no Vue.
import type { FallbackReason } from '@/chain/call'

/** What one step does. `authorize`: a permit signature or an approval for a point token. */
export type TxStepKind = 'authorize' | 'checkout' | 'payOrder' | 'acceptOffer' | 'createOffer'

/** One step of a multi-step write. */
export interface TxStep {
  kind: TxStepKind
  /** For `authorize`: the token's symbol as the player knows it (STAR, MORA). */
  symbol?: string
}

/**
 * Where the action is: `prepare` (reading balances and allowances, simulating: nothing to
 * do for the player), `wallet` (the wallet's prompt is open: confirm there), `queued` (a
 * sponsored request signed, waiting for the relayer to send it), `mining` (sent, waiting
 * for the block), `indexing` (mined, waiting for the page's data to have it).
 */
export type TxPhase = 'prepare' | 'wallet' | 'queued' | 'mining' | 'indexing'

/** The phases in order (TxSteps.vue draws a sponsored call's as stages). */
export const TX_PHASES: readonly TxPhase[] = ['prepare', 'wallet', 'queued', 'mining', 'indexing']

/** The state of a running action: its planned steps (empty until planned), the current one, the phase. */
export interface TxProgress {
  steps: TxStep[]
  /** 0-based index into `steps`. */
  index: number
  phase: TxPhase
  /** The current step goes through the API's relayer: the player signs, the relayer pays the gas (chain/relay.ts). */
  sponsored?: boolean
  /** The relayer refused the current step (why the wallet asks for gas after all). */
  fallback?: FallbackReason
}

/** A token whose allowance must be granted first. */
export interface Authorization {
  token: string
  symbol?: string
}

/** The plan of an action: one `authorize` step per token lacking an allowance, then the action itself. */
export function planSteps(authorizations: Authorization[], final: TxStepKind): TxStep[] {
  return [...authorizations.map((a) => ({ kind: 'authorize' as const, ...(a.symbol ? { symbol: a.symbol } : {}) })), { kind: final }]
}

/** A new action, before anything is known. */
export function startProgress(): TxProgress {
  return { steps: [], index: 0, phase: 'prepare' }
}

/** Step `index` of `steps` begins (reading and checking, no prompt yet). */
export function enterStep(steps: TxStep[], index: number): TxProgress {
  return { steps, index: Math.max(0, Math.min(index, steps.length - 1)), phase: 'prepare' }
}

/**
 * The wallet is about to ask (a signature or a transaction); `sponsored`: the signature of
 * a request the relayer sends and pays the gas of.
 */
export function promptOpened(p: TxProgress, sponsored = false): TxProgress {
  return { ...p, phase: 'wallet', sponsored }
}

/** The relayer accepted the signed request: queued until it sends it. */
export function relayQueued(p: TxProgress): TxProgress {
  return { ...p, phase: 'queued', sponsored: true }
}

/** The transaction was sent (by the wallet, or by the relayer for a sponsored one): waiting for its block. */
export function txSent(p: TxProgress): TxProgress {
  return { ...p, phase: 'mining' }
}

/** Mined: waiting until the indexer has the block and the page can show the new state. */
export function txIndexing(p: TxProgress): TxProgress {
  return { ...p, phase: 'indexing' }
}

/** The relayer refused (`reason`): the wallet sends the transaction instead, the player pays the gas. */
export function relayRefused(p: TxProgress, reason: FallbackReason): TxProgress {
  return { ...p, phase: 'prepare', sponsored: false, fallback: reason }
}

/**
 * The stages of a sponsored call for the player (签名 → 中继排队 → 上链确认 → 页面同步),
 * each done, current or ahead; empty for a call the wallet sends.
 */
export function sponsoredStages(p: TxProgress): { stage: 'sign' | 'queued' | 'mining' | 'indexing'; state: 'done' | 'current' | 'ahead' }[] {
  if (!p.sponsored) return []
  const order = [['sign', 'wallet'], ['queued', 'queued'], ['mining', 'mining'], ['indexing', 'indexing']] as const
  const at = TX_PHASES.indexOf(p.phase)
  return order.map(([stage, phase]) => {
    const i = TX_PHASES.indexOf(phase)
    return { stage, state: i < at ? 'done' : i === at ? 'current' : 'ahead' }
  })
}

/** A translator, as vue-i18n's `t`. */
export type Translate = (key: string, params?: Record<string, unknown>) => string

/** The current step's label ("授权 STAR 积分"), or null before the plan is known. */
export function stepLabel(p: TxProgress, t: Translate): string | null {
  const step = p.steps[p.index]
  if (!step) return null
  if (step.kind === 'authorize') return step.symbol ? t('txStep.authorize', { symbol: step.symbol }) : t('txStep.authorizePoints')
  return t(`txStep.${step.kind}`)
}

/**
 * The heading of the progress: "第 1/2 步：授权 STAR 积分" when there are several steps,
 * the step's label alone for a single one, null before the plan is known.
 */
export function stepHeading(p: TxProgress, t: Translate): string | null {
  const label = stepLabel(p, t)
  if (!label) return null
  return p.steps.length > 1 ? t('txStep.numbered', { n: p.index + 1, total: p.steps.length, label }) : label
}

/** What the player should do or expect now ("请在钱包中确认"; "请在钱包中签名（免 Gas…）" for a sponsored call). */
export function phaseText(p: TxProgress, t: Translate): string {
  return t(`txStep.${p.sponsored ? 'sponsoredPhase' : 'phase'}.${p.phase}`)
}

/** The whole line: heading · phase ("第 1/2 步：授权 STAR 积分 · 请在钱包中确认"). */
export function progressText(p: TxProgress, t: Translate): string {
  const heading = stepHeading(p, t)
  return heading ? `${heading} · ${phaseText(p, t)}` : phaseText(p, t)
}
