import { keccak256, toBytes, type Hex } from 'viem'
import { gql } from '@/api/graphql'
import { M } from '@/api/queries'

/** A content document (`{"text": …}` plus per-kind fields; `images` lists image hashes). */
export type ContentDoc = Record<string, string | number | boolean | null | undefined | string[]>

/** The canonical JSON of a document: fixed key order, no undefined fields. */
export function documentJson(doc: ContentDoc): string {
  const clean: Record<string, unknown> = {}
  for (const key of Object.keys(doc).sort()) {
    const v = doc[key]
    if (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) clean[key] = v
  }
  return JSON.stringify(clean)
}

/** keccak256 of the document's UTF-8 JSON: what goes on-chain as bytes32. */
export function documentHash(json: string): Hex {
  return keccak256(toBytes(json))
}

/** Raised when the API's hash of a document differs from ours. */
export class ContentHashMismatch extends Error {
  constructor(readonly local: Hex, readonly remote: string) {
    super(`content hash mismatch: local ${local}, API ${remote}`)
    this.name = 'ContentHashMismatch'
  }
}

/** Stores a document in the API's content store and returns its hash (checked). */
export async function putContent(doc: ContentDoc): Promise<Hex> {
  const json = documentJson(doc)
  const local = documentHash(json)
  const { putContent: remote } = await gql(M.putContent, { json })
  if (remote.toLowerCase() !== local.toLowerCase()) throw new ContentHashMismatch(local, remote)
  return local
}

export { docFields, docString, docText, docImage, docImages } from '@/lib/doc'
