import type { Client } from 'graphql-ws'
import type { TypedDocumentString } from './gen/graphql'

/** An operation from ./queries.ts: its text, with its result and variables types attached. */
export type Operation<TResult, TVariables> = TypedDocumentString<TResult, TVariables>

/** The codes the API puts in `extensions.code`. */
export type ApiErrorCode =
  | 'BAD_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'NETWORK'

interface RawError {
  message: string
  path?: (string | number)[]
  extensions?: { code?: string; reason?: string; errorName?: string }
}

/** A GraphQL error answer (or the request failing), with the API's code. */
export class ApiError extends Error {
  readonly code: ApiErrorCode
  readonly path?: (string | number)[]
  /** The API's finer reason for some refusals (`extensions.reason`, e.g. `DUPLICATE`). */
  readonly reason?: string
  /** The contract's custom error when the API's simulation of a call reverted (`extensions.errorName`). */
  readonly errorName?: string
  constructor(message: string, code: ApiErrorCode, path?: (string | number)[], reason?: string, errorName?: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.path = path
    this.reason = reason
    this.errorName = errorName
  }
}

const KNOWN: ApiErrorCode[] = ['BAD_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED', 'INTERNAL']

function toApiError(e: RawError): ApiError {
  const code = (KNOWN as string[]).includes(e.extensions?.code ?? '') ? (e.extensions!.code as ApiErrorCode) : 'INTERNAL'
  return new ApiError(e.message, code, e.path, e.extensions?.reason, e.extensions?.errorName)
}

let token: string | null = null
/** Sets the bearer token sent with every request (the session store owns it). */
export function setAuthToken(next: string | null): void {
  if (next === token) return
  token = next
  // The socket authenticates once, on connect: reconnect with the new token.
  if (wsClient) {
    void wsClient.dispose()
    wsClient = null
  }
}

/** The bearer token in use (for requests outside GraphQL, such as image uploads). */
export function getAuthToken(): string | null {
  return token
}

/** Options of one request. */
export interface GqlOptions {
  /** Return the data even if some fields failed (they come back null). */
  partial?: boolean
  signal?: AbortSignal
}

/** The variables of an operation: optional only when it declares none that are required. */
export type VariablesArg<V> = {} extends V ? [variables?: V, opts?: GqlOptions] : [variables: V, opts?: GqlOptions]

/** POSTs a query or mutation to `/graphql`; throws an `ApiError` on any error. */
export async function gql<T, V>(operation: Operation<T, V>, ...[variables, opts = {}]: VariablesArg<V>): Promise<T> {
  const query = operation.toString()
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  let res: Response
  try {
    res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: opts.signal })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError((e as Error).message, 'NETWORK')
  }
  let body: { data?: T | null; errors?: RawError[] }
  try {
    body = await res.json()
  } catch {
    throw new ApiError(`HTTP ${res.status}`, res.status === 429 ? 'RATE_LIMITED' : 'NETWORK')
  }
  if (body.errors?.length && !(opts.partial && body.data)) throw toApiError(body.errors[0])
  if (!body.data) throw new ApiError(`HTTP ${res.status}`, 'INTERNAL')
  return body.data
}

let wsClient: Client | null = null

async function ws(): Promise<Client> {
  if (!wsClient) {
    const { createClient } = await import('graphql-ws')
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
    wsClient = createClient({
      url: `${proto}//${location.host}/graphql/ws`,
      lazy: true,
      retryAttempts: 20,
      connectionParams: () => (token ? { Authorization: `Bearer ${token}` } : {}),
    })
  }
  return wsClient
}

/** Subscribes; returns a function that stops it. Errors are reported, not thrown. */
export function subscribe<T, V extends Record<string, unknown>>(
  operation: Operation<T, V>,
  variables: V,
  onData: (data: T) => void,
  onError?: (e: unknown) => void,
): () => void {
  let stop: (() => void) | null = null
  let stopped = false
  void ws().then((client) => {
    if (stopped) return
    stop = client.subscribe<T>(
      { query: operation.toString(), variables },
      {
        next: (v) => {
          if (v.errors?.length) onError?.(toApiError(v.errors[0] as RawError))
          else if (v.data) onData(v.data as T)
        },
        error: (e) => onError?.(e),
        complete: () => {},
      },
    )
  })
  return () => {
    stopped = true
    stop?.()
  }
}
