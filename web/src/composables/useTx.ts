import { h, ref } from 'vue'
import { ElMessage, ElNotification } from '@/lib/notify'
import type { Hash, TransactionReceipt } from 'viem'
import { useRouter } from 'vue-router'
import { useWalletStore } from '@/stores/wallet'
import { useSessionStore } from '@/stores/session'
import { signInPath } from '@/lib/actionState'
import { sameAddress } from '@/lib/format'
import type { ChainContext } from '@/chain/clients'
import type { WriteHooks } from '@/chain/write'
import { friendlyError, decodeError } from '@/chain/errors'
import { waitForIndexed } from '@/chain/indexer'
import { explorerUrl } from '@/config'
import { useAuditorMode } from '@/composables/useAuditorMode'
import { shortHash } from '@/lib/format'
import { t, te } from '@/i18n'
import { enterStep, progressText, promptOpened, relayQueued, relayRefused, startProgress, txIndexing, txSent, type TxProgress } from '@/lib/txSteps'

/** The player-facing text of any error. */
export function errorText(e: unknown): string {
  return friendlyError(e, (k, p) => t(k, p), te)
}

function hashNode(hash: Hash) {
  const label = shortHash(hash)
  return explorerUrl
    ? h('a', { href: `${explorerUrl}/tx/${hash}`, target: '_blank', rel: 'noopener', class: 'tx-hash', 'data-tx': hash }, label)
    : h('code', { class: 'tx-hash', 'data-tx': hash, title: hash }, label)
}

/**
 * How an action ended: `done` (on chain, and the page's data has it), `unindexed` (on
 * chain, but the indexer had not caught up when the wait ended: the page's lists still
 * show the old state and update shortly), `failed` (nothing changed, or it reverted).
 */
export type TxOutcome = 'done' | 'unindexed' | 'failed'

/** What `gq:tx` carries: `ok` for an action on chain (`done` or `unindexed`), the error shown otherwise. */
export interface TxEventDetail {
  ok: boolean
  error: string | null
  outcome: TxOutcome
}

/** Announces a finished action on `window` as `gq:tx` (for tests and other listeners). */
function announce(outcome: TxOutcome, error: string | null = null): void {
  const detail: TxEventDetail = { ok: outcome !== 'failed', error, outcome }
  window.dispatchEvent(new CustomEvent('gq:tx', { detail }))
}

type Steps = (ctx: ChainContext, hooks: WriteHooks) => Promise<TransactionReceipt | TransactionReceipt[] | null | void>

/** Options of one on-chain action. */
export interface TxOptions {
  /** Shown when the page has the new state. */
  success?: string
  /** Runs once the indexer holds the block (refresh the page's data here). */
  onIndexed?: () => unknown
  /**
   * Sign in with the wallet as the first step when there is no session for its account
   * (registration, account recovery). Otherwise a visitor without a session is sent to the
   * login page and the wallet is never asked to sign.
   */
  signIn?: boolean
}

/** How a page shows an action's progress. */
export interface TxDisplay {
  /**
   * The page renders `progress` itself (components/TxSteps.vue next to its button);
   * otherwise a toast says "请在钱包中确认" (with the step, for a multi-step action)
   * while the wallet's prompt is open.
   */
  inline?: boolean
}

/**
 * Runs on-chain steps with the player's wallet: a pending toast per transaction (with its
 * hash), the receipt, then a wait until the indexer has the block before `onIndexed`
 * refreshes the page. Errors become one friendly message (also kept in `error`).
 * `progress` follows the action (lib/txSteps): its planned steps, the current one, and
 * whether the wallet's prompt is open. `outcome` says how the last action ended: when the
 * indexer does not catch up in time it is `unindexed`, and the player is told the action
 * is on chain and the lists update shortly, not that the page shows it.
 */
export function useTx(display: TxDisplay = {}) {
  const { auditor } = useAuditorMode()
  const busy = ref(false)
  const error = ref<string | null>(null)
  const progress = ref<TxProgress | null>(null)
  const outcome = ref<TxOutcome | null>(null)
  const router = useRouter()
  let promptNote: { close: () => void } | null = null
  const closePrompt = () => {
    promptNote?.close()
    promptNote = null
  }
  const follow = (next: TxProgress) => {
    progress.value = next
    closePrompt()
    // Without TxSteps next to the button, a toast says what to do now: confirm in the
    // wallet, or (a sponsored call) that the relayer has the signed request.
    if (!display.inline && (next.phase === 'wallet' || next.phase === 'queued')) {
      promptNote = ElMessage({
        message: next.sponsored ? `${t('relay.gasFree')} · ${progressText(next, t)}` : progressText(next, t),
        type: next.phase === 'wallet' ? 'warning' : 'info',
        duration: 0,
        customClass: next.phase === 'wallet' ? 'wallet-prompt' : 'relay-queued',
      })
    }
  }
  const current = () => progress.value ?? startProgress()

  async function run(steps: Steps, opts: TxOptions = {}): Promise<boolean> {
    const wallet = useWalletStore()
    const session = useSessionStore()
    if (!session.signedIn && !opts.signIn) {
      ElMessage.info({ message: t('gate.signInToAct'), customClass: 'sign-in-first' })
      void router.push(signInPath(router.currentRoute.value.fullPath))
      outcome.value = 'failed'
      announce('failed', t('gate.signInToAct'))
      return false
    }
    // An in-browser wallet this tab has not unlocked: the password again, then back here.
    if (wallet.locked && !wallet.local) {
      ElMessage.info({ message: t('vault.errors.LOCKED'), customClass: 'wallet-locked' })
      void router.push(signInPath(router.currentRoute.value.fullPath))
      outcome.value = 'failed'
      announce('failed', t('vault.errors.LOCKED'))
      return false
    }
    busy.value = true
    error.value = null
    outcome.value = null
    progress.value = startProgress()
    const toasts: { close: () => void }[] = []
    try {
      const ctx = await wallet.context()
      if (opts.signIn && (!session.signedIn || !sameAddress(session.address, ctx.account))) await session.signInWithWallet()
      const hooks: WriteHooks = {
        onStep: (steps, index) => follow(enterStep(steps, index)),
        onPrompt: (sponsored) => follow(promptOpened(current(), sponsored)),
        onRelayed: () => follow(relayQueued(current())),
        onFallback: (reason) => {
          follow(relayRefused(current(), reason))
          ElMessage.warning({ message: t(`relay.fallback.${reason}`), customClass: 'relay-fallback', duration: 6000 })
        },
        onSent: (hash) => {
          const sponsored = !!progress.value?.sponsored
          follow(txSent(current()))
          toasts.push(
            ElNotification({
              title: t(sponsored ? 'relay.pending' : 'tx.pending'),
              // The hash is a chain detail: for auditors; players read what happens next.
              message: h('div', [h('span', t(sponsored ? 'relay.pendingHint' : 'tx.pendingHint')), ...(auditor.value ? [' ', hashNode(hash)] : [])]),
              type: 'info',
              duration: 0,
              customClass: sponsored ? 'tx-toast tx-toast-sponsored' : 'tx-toast',
            }),
          )
        },
      }
      const result = await steps(ctx, hooks)
      toasts.forEach((n) => n.close())
      const receipts = (Array.isArray(result) ? result : result ? [result] : []).filter(Boolean) as TransactionReceipt[]
      const last = receipts.reduce<bigint>((m, r) => (r.blockNumber > m ? r.blockNumber : m), 0n)
      let indexed = true
      if (last > 0n) {
        follow(txIndexing(current()))
        const note = ElMessage({ message: t('tx.indexing'), type: 'info', duration: 0 })
        indexed = await waitForIndexed(last)
        note.close()
      }
      // Refreshed either way: if the indexer caught up meanwhile, the page has it.
      await opts.onIndexed?.()
      if (indexed) {
        ElMessage.success({ message: opts.success ?? t('tx.confirmed'), customClass: 'tx-success' })
        outcome.value = 'done'
      } else {
        // On chain, but the page's data may not show it yet: say that, not plain success.
        ElMessage.warning({ message: t('tx.notIndexed'), customClass: 'tx-not-indexed', duration: 8000 })
        outcome.value = 'unindexed'
      }
      announce(outcome.value)
      return true
    } catch (e) {
      toasts.forEach((n) => n.close())
      console.warn('transaction failed', JSON.stringify(decodeError(e)), e)
      error.value = errorText(e)
      ElMessage.error({ message: error.value, customClass: 'tx-error', duration: 6000 })
      outcome.value = 'failed'
      announce('failed', error.value)
      return false
    } finally {
      closePrompt()
      progress.value = null
      busy.value = false
    }
  }

  return { busy, error, progress, outcome, run }
}

/** Runs an API call with a friendly error message; returns its value or null. */
export async function attempt<T>(fn: () => Promise<T>, success?: string): Promise<T | null> {
  try {
    const v = await fn()
    if (success) ElMessage.success(success)
    return v
  } catch (e) {
    console.warn(e)
    ElMessage.error({ message: errorText(e), customClass: 'api-error' })
    return null
  }
}
