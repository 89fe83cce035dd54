// Uploading images to the API's content store (`POST /media`). The API re-encodes every
// upload (metadata stripped) and answers the hash documents name it by.
import { getAuthToken } from '@/api/graphql'

/** What the API stored. */
export interface StoredImage {
  hash: string
  contentType: string
  width: number
  height: number
  byteSize: number
}

/** The largest upload the API takes (5 MiB), checked here first to spare the transfer. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024
/** The types the API takes. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp']

/** Why an upload failed: the API's code (or a local check's) and a message for players. */
export class UploadError extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
    this.name = 'UploadError'
  }
}

/** The i18n key for an upload error code. */
export function uploadErrorKey(code: string): string {
  switch (code) {
    case 'PAYLOAD_TOO_LARGE':
      return 'media.tooLarge'
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 'media.unsupported'
    case 'BAD_IMAGE':
      return 'media.bad'
    case 'UNAUTHENTICATED':
      return 'media.signIn'
    case 'RATE_LIMITED':
    case 'QUOTA_EXCEEDED':
      return 'media.tooMany'
    default:
      return 'media.failed'
  }
}

/** Checks a picked file before sending it: the code of the first problem, or null. */
export function checkImageFile(file: { size: number; type: string }): string | null {
  if (!IMAGE_TYPES.includes(file.type)) return 'UNSUPPORTED_MEDIA_TYPE'
  if (file.size > MAX_IMAGE_BYTES) return 'PAYLOAD_TOO_LARGE'
  if (file.size === 0) return 'BAD_IMAGE'
  return null
}

/** Uploads `file` as the signed-in player; throws an UploadError with the API's code. */
export async function uploadImage(file: File, fetcher: typeof fetch = fetch): Promise<StoredImage> {
  const local = checkImageFile(file)
  if (local) throw new UploadError(local, local)
  const token = getAuthToken()
  if (!token) throw new UploadError('UNAUTHENTICATED', 'sign in first')
  let res: Response
  try {
    res = await fetcher('/media', {
      method: 'POST',
      headers: { 'content-type': file.type, authorization: `Bearer ${token}` },
      body: file,
    })
  } catch (e) {
    throw new UploadError('NETWORK', (e as Error).message)
  }
  const body = await res.json().catch(() => null)
  if (!res.ok || !body?.hash) {
    const err = body?.errors?.[0]
    throw new UploadError(err?.extensions?.code ?? `HTTP_${res.status}`, err?.message ?? `HTTP ${res.status}`)
  }
  return body as StoredImage
}
