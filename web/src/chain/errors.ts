import {
  BaseError,
  ContractFunctionRevertedError,
  InsufficientFundsError,
  UserRejectedRequestError,
  decodeErrorResult,
  type Hex,
} from 'viem'
import { allErrorsAbi, type AbiError } from './abis'
import { ApiError } from '@/api/graphql'
import { ORDER_STATUSES, TASK_STATUSES } from '@/api/enums'
import { ContentHashMismatch } from './content'
import { ShortBalanceError } from './balance'
import { walletErrorKey } from './walletErrors'
import { formatAmount } from '@/lib/format'
import { NoGasError, RELAY_REFUSALS, RelayFailedError, RelayRefusedError, RelayTimeoutError } from './relay'

/** What went wrong, reduced to an i18n key and its parameters. */
export interface DecodedError {
  kind: 'revert' | 'rejected' | 'funds' | 'short' | 'api' | 'content' | 'relay' | 'wallet' | 'unknown'
  /** The custom error's name, for reverts. */
  name?: string
  /** An i18n key: `chainErrors.<Name>`, `apiErrors.<CODE>` or `errors.*`. */
  key: string
  /** Named parameters for the message (decoded error arguments, stringified). */
  params: Record<string, string>
  /** The raw message, for the console and a "details" line. */
  detail: string
}

/** `OPEN` → `Open`: the Solidity enum member a status is named after. */
const solidityName = (status: string) => status[0] + status.slice(1).toLowerCase()

/** The labels of a `uint8 status` in a WrongStatus error: `None`, then the schema's enum in contract order. */
const STATUS_NAMES: Record<string, string[]> = {
  TaskMarketWrongStatus: ['None', ...TASK_STATUSES.map(solidityName)],
  PointMallWrongStatus: ['None', ...ORDER_STATUSES.map(solidityName)],
}

function paramsOf(name: string, args: readonly unknown[] | undefined): Record<string, string> {
  const def = allErrorsAbi.find((e: AbiError) => e.name === name)
  const out: Record<string, string> = {}
  if (!def || !args) return out
  def.inputs.forEach((input, i) => {
    const key = input.name || `arg${i}`
    const v = args[i]
    if (key === 'status' && STATUS_NAMES[name]) out[key] = STATUS_NAMES[name][Number(v)] ?? String(v)
    else if (/deadline|expiry|until/i.test(key) && typeof v === 'bigint') out[key] = new Date(Number(v) * 1000).toLocaleString()
    else out[key] = typeof v === 'bigint' ? v.toString() : String(v)
  })
  return out
}

/** Decodes ABI-encoded revert data against every contract's custom errors. */
export function decodeRevertData(data: Hex): { name: string; args: readonly unknown[] } | null {
  try {
    const r = decodeErrorResult({ abi: allErrorsAbi, data })
    return { name: r.errorName, args: (r.args ?? []) as readonly unknown[] }
  } catch {
    return null
  }
}

function findRevertData(err: unknown): Hex | null {
  let cur: unknown = err
  for (let depth = 0; cur && depth < 10; depth++) {
    const c = cur as { data?: unknown; raw?: unknown; cause?: unknown }
    if (typeof c.raw === 'string' && c.raw.startsWith('0x') && c.raw.length >= 10) return c.raw as Hex
    if (typeof c.data === 'string' && c.data.startsWith('0x') && c.data.length >= 10) return c.data as Hex
    const nested = (c.data as { data?: unknown } | undefined)?.data
    if (typeof nested === 'string' && nested.startsWith('0x') && nested.length >= 10) return nested as Hex
    cur = c.cause
  }
  return null
}

function isRejection(e: unknown): boolean {
  const err = e as { code?: number; name?: string }
  return e instanceof UserRejectedRequestError || err?.code === 4001 || err?.name === 'UserRejectedRequestError'
}

/** A custom error named by the API (a relayed request's): its arguments when `detail` carries the revert data. */
function namedRevert(name: string, detail: string): DecodedError {
  const data = /0x[0-9a-fA-F]{8,}/.exec(detail)?.[0] as Hex | undefined
  const decoded = data ? decodeRevertData(data) : null
  const params = decoded?.name === name ? paramsOf(name, decoded.args) : {}
  return { kind: 'revert', name, key: `chainErrors.${name}`, params, detail }
}

/** The errors of a sponsored call (chain/relay.ts). */
function decodeRelay(err: Error, detail: string): DecodedError | null {
  if (err instanceof RelayRefusedError) {
    if (err.errorName) return namedRevert(err.errorName, detail)
    if (err.reason === 'REVERTS') return { kind: 'revert', key: 'errors.revertReason', params: { reason: err.message }, detail }
    if ((RELAY_REFUSALS as readonly string[]).includes(err.reason)) return { kind: 'relay', key: `relay.refused.${err.reason}`, params: {}, detail }
    return { kind: 'api', key: `apiErrors.${err.code}`, params: {}, detail }
  }
  if (err instanceof RelayFailedError) {
    if (err.errorName) return namedRevert(err.errorName, err.detail ?? '')
    return { kind: 'relay', key: 'relay.failed', params: { detail: err.detail ?? '' }, detail }
  }
  if (err instanceof RelayTimeoutError) return { kind: 'relay', key: 'relay.timeout', params: {}, detail }
  if (err instanceof NoGasError) return { kind: 'funds', key: `relay.noGas.${err.reason}`, params: {}, detail }
  return null
}

/** Turns anything a write or a request can throw into a DecodedError. */
export function decodeError(err: unknown): DecodedError {
  const detail = err instanceof BaseError ? err.shortMessage : err instanceof Error ? err.message : String(err)
  const relay = err instanceof Error ? decodeRelay(err, detail) : null
  if (relay) return relay
  if (err instanceof ApiError) return { kind: 'api', key: `apiErrors.${err.code}`, params: {}, detail }
  const walletKey = walletErrorKey(err)
  if (walletKey) return { kind: 'wallet', key: walletKey, params: {}, detail }
  if (err instanceof ContentHashMismatch) return { kind: 'content', key: 'errors.contentMismatch', params: {}, detail }
  if (err instanceof ShortBalanceError) {
    // Named by the first short token; the others (a mixed cart) are listed after it.
    const [first, ...others] = err.short
    const params = {
      token: first.label || first.symbol,
      need: formatAmount(first.amount, first.token, first.symbol),
      have: formatAmount(first.have ?? 0n, first.token, first.symbol),
      others: others.map((o) => o.label || o.symbol).join('、'),
    }
    return { kind: 'short', key: others.length ? 'balanceCheck.shortAlso' : 'balanceCheck.short', params, detail }
  }

  if (err instanceof BaseError) {
    if (err.walk(isRejection)) return { kind: 'rejected', key: 'errors.rejected', params: {}, detail }
    if (err.walk((e) => e instanceof InsufficientFundsError)) return { kind: 'funds', key: 'errors.insufficientFunds', params: {}, detail }
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null
    if (reverted?.data?.errorName && reverted.data.errorName !== 'Error' && reverted.data.errorName !== 'Panic') {
      const name = reverted.data.errorName
      return { kind: 'revert', name, key: `chainErrors.${name}`, params: paramsOf(name, reverted.data.args), detail }
    }
    if (reverted?.reason) return { kind: 'revert', key: 'errors.revertReason', params: { reason: reverted.reason }, detail }
  } else if (isRejection(err)) {
    return { kind: 'rejected', key: 'errors.rejected', params: {}, detail }
  }
  const data = findRevertData(err)
  const decoded = data ? decodeRevertData(data) : null
  if (decoded) {
    return { kind: 'revert', name: decoded.name, key: `chainErrors.${decoded.name}`, params: paramsOf(decoded.name, decoded.args), detail }
  }
  return { kind: 'unknown', key: 'errors.unknown', params: { detail }, detail }
}

/**
 * The player-facing message of an error, through a translator. Unknown custom errors
 * fall back to a generic message that still names the error.
 */
export function friendlyError(
  err: unknown,
  t: (key: string, params?: Record<string, string>) => string,
  te: (key: string) => boolean,
): string {
  const d = decodeError(err)
  if (te(d.key)) return t(d.key, d.params)
  if (d.name) return t('errors.unknownRevert', { name: d.name })
  return t('errors.unknown', { detail: d.detail })
}
