// The steps of an on-chain action as the player sees them: "第 1/2 步：授权 STAR 积分",
// then what the wallet is doing ("请在钱包中确认" while its prompt is open). The chain
// code (chain/mall.ts, chain/exchange.ts) plans the steps once it knows which allowances
// are missing, before the first prompt; composables/useTx follows them through WriteHooks.
// Pure: no viem, no Vue.

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
 * do for the player), `wallet` (the wallet's prompt is open: confirm there), `mining`
 * (sent, waiting for the block).
 */
export type TxPhase = 'prepare' | 'wallet' | 'mining'

/** The state of a running action: its planned steps (empty until planned), the current one, the phase. */
export interface TxProgress {
  steps: TxStep[]
  /** 0-based index into `steps`. */
  index: number
  phase: TxPhase
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

/** The wallet is about to ask (a signature or a transaction). */
export function promptOpened(p: TxProgress): TxProgress {
  return { ...p, phase: 'wallet' }
}

/** The wallet signed and sent a transaction: waiting for its block. */
export function txSent(p: TxProgress): TxProgress {
  return { ...p, phase: 'mining' }
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

/** What the player should do or expect now ("请在钱包中确认"). */
export function phaseText(p: TxProgress, t: Translate): string {
  return t(`txStep.phase.${p.phase}`)
}

/** The whole line: heading · phase ("第 1/2 步：授权 STAR 积分 · 请在钱包中确认"). */
export function progressText(p: TxProgress, t: Translate): string {
  const heading = stepHeading(p, t)
  return heading ? `${heading} · ${phaseText(p, t)}` : phaseText(p, t)
}
