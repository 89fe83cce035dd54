// Sponsored transactions (issue 15): calls the API's relayer pays the gas of. The player
// signs an ERC-2771 forward request (OpenZeppelin ERC2771Forwarder, EIP-712), the API's
// `relay` mutation queues it, the relayer sends it; the page follows the request
// (`relayRequestUpdated`, or polling `relayRequest`) until it is MINED, then reads the
// receipt, so a caller of chain/write.ts gets a receipt whichever way the call went.
// write() decides: a call listed in Sponsorship.functions with no ETH goes here first and
// to the wallet when the relayer refuses it (RelayRefusedError.fallback).
import {
  BaseError,
  ContractFunctionRevertedError,
  TransactionReceiptNotFoundError,
  encodeFunctionData,
  type Abi,
  type Address,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem'
import { ApiError, gql, subscribe, type ApiErrorCode } from '@/api/graphql'
import { M, Q, S } from '@/api/queries'
import type { ForwardRequestInput, RelayRequestFragment, SponsorshipQuery } from '@/api/gen/graphql'
import { loadConfig } from '@/config'
import { abis } from './abis'
import { rpcOf, signerOf, type ChainContext } from './clients'
import { readChainTime } from './clock'
import { TxRevertedError, resolveCall, withHeadroom, type FallbackReason, type WriteHooks, type WriteRequest } from './call'

/** What the relayer pays for (the API's `sponsorship`, without the per-player fields). */
export type Sponsorship = SponsorshipQuery['sponsorship']
export type { FallbackReason }
/** A relayed request as the page follows it. */
export type RelayRequest = RelayRequestFragment

/** How long a signed request stays valid: 30 minutes of chain time. */
export const RELAY_WINDOW = 30 * 60

/** The refusals after which the wallet sends the call instead (the player pays the gas). */
export const FALLBACK_REASONS: readonly FallbackReason[] = ['NOT_SPONSORED', 'RELAYER_OFF', 'QUOTA']

/** Every reason the `relay` mutation refuses with (`extensions.reason`); each has a message (i18n `relay.refused`). */
export const RELAY_REFUSALS = [...FALLBACK_REASONS, 'SIGNATURE', 'EXPIRED', 'NONCE', 'REVERTS'] as const
export type RelayRefusal = (typeof RELAY_REFUSALS)[number]

// ---- what the relayer pays for: loaded once per page ------------------------------------

let loading: Promise<Sponsorship | null> | null = null
let current: Sponsorship | null = null
let deployed: Partial<Record<string, Address>> = {}
const quotas = new Map<string, number>()
const listeners = new Set<() => void>()
const changed = () => listeners.forEach((fn) => fn())

/**
 * The sponsorship, read once per page (`refresh` reads it again). Null when the API cannot
 * say (offline, or an API without sponsored transactions): every call then goes to the
 * wallet. A failure is not kept: the next call asks again.
 */
export function loadSponsorship(refresh = false): Promise<Sponsorship | null> {
  if (!loading || refresh) {
    const mine: Promise<Sponsorship | null> = Promise.all([gql(Q.sponsorship), loadConfig().catch(() => null)])
      .then(([d, cfg]) => {
        current = d.sponsorship
        if (cfg) deployed = cfg.contracts
        changed()
        return current
      })
      .catch(() => {
        if (loading === mine) loading = null
        return null
      })
    loading = mine
  }
  return loading
}

/** The sponsorship loaded so far (null before loadSponsorship answered). */
export function sponsorshipNow(): Sponsorship | null {
  return current
}

/** Calls `fn` whenever the sponsorship or a player's quota changes; returns the unsubscribe. */
export function onSponsorshipChange(fn: () => void): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

function noteQuota(address: string, remaining: number): void {
  quotas.set(address.toLowerCase(), Math.max(0, remaining))
  changed()
}

/** The sponsored requests `address` may still send today, as last read (null: not read yet). */
export function quotaOf(address: string): number | null {
  return quotas.get(address.toLowerCase()) ?? null
}

/** Reads `address`'s quota for today (and the forwarder nonce it signs next). */
export async function loadQuota(address: Address): Promise<{ enabled: boolean; remainingToday: number; nextNonce: bigint }> {
  const { sponsorship } = await gql(Q.sponsorQuota, { address })
  noteQuota(address, sponsorship.remainingToday)
  return { enabled: sponsorship.enabled, remainingToday: sponsorship.remainingToday, nextNonce: BigInt(sponsorship.nextNonce) }
}

// ---- which calls ------------------------------------------------------------------------

/**
 * The contract a write targets, as Sponsorship.functions names it: the deployment's name
 * for a name or a deployed address (/config.json), else the bindings' name of the ABI given
 * (a community's point token is `CommunityPoints`); null for an unknown address.
 */
export function contractNameOf(target: string, abi?: Abi, contracts: Partial<Record<string, Address>> = deployed): string | null {
  if (!target.startsWith('0x')) return target
  const lower = target.toLowerCase()
  const byAddress = Object.entries(contracts).find(([, a]) => a?.toLowerCase() === lower)?.[0]
  if (byAddress) return byAddress
  if (!abi) return null
  const byAbi = Object.entries(abis).find(([name, known]) => known === abi && !(name in contracts))?.[0]
  return byAbi ?? null
}

/**
 * Whether the relayer pays for `functionName` of `contract` (a contract name, or an address
 * of the deployment): by the call's 4-byte `selector` when known (overloads differ), else
 * by name. False while the relayer is off or before the sponsorship is loaded.
 */
export function isSponsored(contract: string, functionName: string, selector?: Hex, sponsorship: Sponsorship | null = current): boolean {
  if (!sponsorship?.enabled || !sponsorship.forwarder) return false
  const name = contractNameOf(contract)
  if (!name) return false
  return sponsorship.functions.some(
    (f) => f.contract === name && (selector && f.selector ? f.selector.toLowerCase() === selector.toLowerCase() : f.functionName === functionName),
  )
}

/** The calldata of a write. */
export function calldataOf(abi: Abi, functionName: string, args: readonly unknown[]): Hex {
  return encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0])
}

/**
 * Whether write() should send `req` through the relayer: the relayer runs for this chain,
 * lists the call (contract and selector), and the call sends no ETH.
 */
export async function shouldRelay(ctx: Pick<ChainContext, 'config'>, req: WriteRequest): Promise<boolean> {
  if (req.value) return false
  const s = await loadSponsorship()
  if (!s?.enabled || !s.forwarder || s.chainId !== ctx.config.chainId) return false
  const name = contractNameOf(req.contract, req.abi, ctx.config.contracts)
  if (!name) return false
  const { abi } = resolveCall(ctx, req)
  const selector = calldataOf(abi, req.functionName, req.args).slice(0, 10) as Hex
  return isSponsored(name, req.functionName, selector, s)
}

// ---- the signed request -----------------------------------------------------------------

/** A forward request as the player signs it (OpenZeppelin ERC2771Forwarder's ForwardRequest). */
export interface ForwardRequest {
  from: Address
  to: Address
  value: bigint
  gas: bigint
  nonce: bigint
  /** Unix seconds of chain time (uint48). */
  deadline: number
  data: Hex
}

/** The EIP-712 type: ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data). */
export const FORWARD_REQUEST_TYPES = {
  ForwardRequest: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'gas', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint48' },
    { name: 'data', type: 'bytes' },
  ],
} as const

/** What the wallet signs for `request`: the forwarder's domain, the type, the message. */
export function forwardRequestTypedData(forwarder: Address, chainId: number, request: ForwardRequest) {
  return {
    domain: { name: 'Forwarder', version: '1', chainId, verifyingContract: forwarder },
    types: FORWARD_REQUEST_TYPES,
    primaryType: 'ForwardRequest' as const,
    message: request,
  }
}

/** The request as the `relay` mutation takes it (decimal strings). */
export function forwardRequestInput(r: ForwardRequest): ForwardRequestInput {
  return {
    from: r.from,
    to: r.to,
    value: r.value.toString(),
    gas: r.gas.toString(),
    nonce: r.nonce.toString(),
    deadline: String(r.deadline),
    data: r.data,
  }
}

// ---- what can go wrong ------------------------------------------------------------------

/** The relayer would not take the request (the API's refusal, or the quota read before signing). */
export class RelayRefusedError extends Error {
  constructor(
    /** The API's `extensions.reason`: NOT_SPONSORED, RELAYER_OFF, QUOTA, SIGNATURE, EXPIRED, NONCE, REVERTS. */
    readonly reason: string,
    readonly code: ApiErrorCode,
    message: string,
    /** For REVERTS: the custom error the API's simulation hit. */
    readonly errorName?: string,
  ) {
    super(message)
    this.name = 'RelayRefusedError'
  }

  /** The wallet may send the call instead: the relayer will not pay, but nothing is wrong with the call. */
  get fallback(): boolean {
    return (FALLBACK_REASONS as readonly string[]).includes(this.reason)
  }
}

/** The relayed request failed (FAILED): the decoded custom error when the API knows it. */
export class RelayFailedError extends Error {
  readonly id: string
  readonly errorName: string | null
  readonly detail: string | null
  readonly hash: Hash | null
  constructor(r: RelayRequest) {
    super(r.error ?? `relayed request ${r.id} failed`)
    this.name = 'RelayFailedError'
    this.id = r.id
    this.errorName = r.errorName
    this.detail = r.error
    this.hash = (r.txHash as Hash | null) ?? null
  }
}

/** The relayer kept the request longer than the page waits: it may still be mined. */
export class RelayTimeoutError extends Error {
  constructor(readonly id: string) {
    super(`relayed request ${id} not mined yet`)
    this.name = 'RelayTimeoutError'
  }
}

/** The relayer refused and the account holds no ETH to pay the gas itself. */
export class NoGasError extends Error {
  constructor(
    readonly reason: FallbackReason,
    readonly account: Address,
    options?: { cause?: unknown },
  ) {
    super(`sponsorship refused (${reason}) and ${account} holds no ETH for gas`, options)
    this.name = 'NoGasError'
  }
}

/** The API's refusal of a `relay` as a RelayRefusedError (other errors unchanged). */
export function relayRefusal(e: unknown): unknown {
  if (e instanceof ApiError && e.reason) return new RelayRefusedError(e.reason, e.code, e.message, e.errorName)
  return e
}

// ---- following a request ----------------------------------------------------------------

/** How a relayed request is followed (tests shorten them). */
export interface FollowOptions {
  /** Polling interval once the socket failed (default 1 s). */
  pollMs?: number
  /** Polling interval while the socket is up, for an update sent before it subscribed (default 4 s). */
  safetyPollMs?: number
  /** How long the page waits for MINED or FAILED (default 5 min). */
  timeoutMs?: number
}

/**
 * Follows request `id` (`relayRequestUpdated`; `relayRequest` every second if the socket
 * fails) until MINED (resolves with it) or FAILED (rejects with RelayFailedError).
 * `onUpdate` sees every state read on the way.
 */
export function followRelay(id: string, onUpdate: (r: RelayRequest) => void = () => {}, opts: FollowOptions = {}): Promise<RelayRequest> {
  const { pollMs = 1000, safetyPollMs = 4000, timeoutMs = 5 * 60_000 } = opts
  return new Promise((resolve, reject) => {
    let done = false
    let interval = safetyPollMs
    let timer: ReturnType<typeof setTimeout> | undefined
    const finish = (settle: () => void) => {
      if (done) return
      done = true
      clearTimeout(timer)
      clearTimeout(deadline)
      stop()
      settle()
    }
    const seen = (r: RelayRequest | null | undefined) => {
      if (done || !r || r.id !== id) return
      onUpdate(r)
      if (r.status === 'MINED') finish(() => resolve(r))
      else if (r.status === 'FAILED') finish(() => reject(new RelayFailedError(r)))
    }
    const schedule = (ms: number) => {
      clearTimeout(timer)
      if (!done) timer = setTimeout(poll, ms)
    }
    const poll = async () => {
      if (done) return
      try {
        seen((await gql(Q.relayRequest, { id })).relayRequest)
      } catch {
        // the API is unreachable for a moment: the next poll or the deadline decides
      }
      schedule(interval)
    }
    const stop = subscribe(
      S.relayRequestUpdated,
      { id },
      (d) => seen(d.relayRequestUpdated),
      () => {
        // The socket failed: poll every second instead.
        if (interval === pollMs) return
        interval = pollMs
        schedule(0)
      },
    )
    const deadline = setTimeout(() => finish(() => reject(new RelayTimeoutError(id))), timeoutMs)
    schedule(interval)
  })
}

/** The receipt of a transaction the relayer sent (the wallet's node may see it a moment later). */
async function receiptOf(ctx: ChainContext, hash: Hash): Promise<TransactionReceipt> {
  try {
    return await ctx.reader.getTransactionReceipt({ hash })
  } catch (e) {
    if (!(e instanceof TransactionReceiptNotFoundError)) throw e
    return ctx.reader.waitForTransactionReceipt({ hash })
  }
}

/** The custom error's name in a simulation's failure (null when it went through or failed otherwise). */
function revertName(e: unknown): string | null {
  if (!(e instanceof BaseError)) return null
  const reverted = e.walk((x) => x instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null
  return reverted?.data?.errorName ?? null
}

// ---- the sponsored write ----------------------------------------------------------------

/**
 * Sends `req` through the relayer: simulate as the player (custom errors surface before
 * any prompt), estimate the gas (plus headroom), read the quota and the forwarder nonce,
 * ask the wallet for the EIP-712 signature (`onPrompt(true)`), relay it (`onRelayed`),
 * follow it (`onSent` once the relayer's transaction hash is known) and return the
 * receipt. Throws RelayRefusedError when the relayer will not take it (`fallback` says
 * whether the wallet may send it instead), RelayFailedError (or the simulation's own
 * revert, decoded like a direct one) when it failed on chain.
 */
export async function relayWrite(ctx: ChainContext, req: WriteRequest, hooks: WriteHooks = {}, opts: FollowOptions = {}): Promise<TransactionReceipt> {
  const s = await loadSponsorship()
  if (!s?.enabled || !s.forwarder) throw new RelayRefusedError('RELAYER_OFF', 'FORBIDDEN', 'the relayer is off')
  if (req.value) throw new RelayRefusedError('NOT_SPONSORED', 'FORBIDDEN', 'a sponsored call sends no ETH')
  const { address, abi } = resolveCall(ctx, req)
  const call = { address, abi, functionName: req.functionName, args: req.args, account: ctx.account }
  await ctx.reader.simulateContract(call as Parameters<typeof ctx.reader.simulateContract>[0])
  const [estimate, quota, now] = await Promise.all([
    ctx.reader.estimateContractGas(call as Parameters<typeof ctx.reader.estimateContractGas>[0]),
    loadQuota(ctx.account),
    readChainTime(rpcOf(ctx.reader)),
  ])
  if (!quota.enabled) {
    void loadSponsorship(true)
    throw new RelayRefusedError('RELAYER_OFF', 'FORBIDDEN', 'the relayer is off')
  }
  if (quota.remainingToday <= 0) throw new RelayRefusedError('QUOTA', 'RATE_LIMITED', 'no sponsored request left today')
  const request: ForwardRequest = {
    from: ctx.account,
    to: address,
    value: 0n,
    gas: withHeadroom(estimate),
    nonce: quota.nextNonce,
    deadline: now + RELAY_WINDOW,
    data: calldataOf(abi, req.functionName, req.args),
  }
  hooks.onPrompt?.(true)
  const signature = await ctx.wallet.signTypedData({ account: signerOf(ctx), ...forwardRequestTypedData(s.forwarder as Address, s.chainId, request) })
  let accepted: RelayRequest
  try {
    accepted = (await gql(M.relay, { request: forwardRequestInput(request), signature })).relay
  } catch (e) {
    const refused = relayRefusal(e)
    if (refused instanceof RelayRefusedError && refused.reason === 'QUOTA') noteQuota(ctx.account, 0)
    // The relayer stopped or the list changed since the page read it: the 免 Gas tags follow.
    if (refused instanceof RelayRefusedError && (refused.reason === 'RELAYER_OFF' || refused.reason === 'NOT_SPONSORED')) void loadSponsorship(true)
    throw refused
  }
  noteQuota(ctx.account, quota.remainingToday - 1)
  hooks.onRelayed?.(accepted.id)
  let sent: string | null = null
  const update = (r: RelayRequest) => {
    if (r.txHash && !sent) {
      sent = r.txHash
      hooks.onSent?.(r.txHash as Hash)
    }
  }
  update(accepted)
  let mined: RelayRequest
  try {
    if (accepted.status === 'FAILED') throw new RelayFailedError(accepted)
    mined = accepted.status === 'MINED' ? accepted : await followRelay(accepted.id, update, opts)
  } catch (e) {
    if (!(e instanceof RelayFailedError) || !e.errorName) throw e
    // Simulated again now, the same custom error comes with its arguments: the message the
    // player reads is the one of a direct revert.
    const again = await ctx.reader.simulateContract(call as Parameters<typeof ctx.reader.simulateContract>[0]).then(
      () => null,
      (x: unknown) => x,
    )
    throw revertName(again) === e.errorName ? again : e
  }
  if (!mined.txHash) throw new RelayFailedError(mined)
  const receipt = await receiptOf(ctx, mined.txHash as Hash)
  if (receipt.status !== 'success') throw new TxRevertedError(mined.txHash as Hash)
  return receipt
}
