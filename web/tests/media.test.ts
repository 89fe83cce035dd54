import { describe, expect, it } from 'vitest'
import { docImage, docImages, mediaUrl } from '@/lib/doc'
import { checkImageFile, MAX_IMAGE_BYTES, uploadErrorKey, uploadImage, UploadError } from '@/lib/media'
import { setAuthToken } from '@/api/graphql'

const H = '0x' + 'ab'.repeat(32)
const doc = (fields: Record<string, unknown>) => ({ hash: '0x' + '11'.repeat(32), json: JSON.stringify(fields), text: null, verified: true })

describe('image references', () => {
  it('serves content-store hashes from /media, thumbnails from /thumb', () => {
    expect(mediaUrl(H)).toBe(`/media/${H}`)
    expect(mediaUrl(H.toUpperCase().replace('0X', '0x'), true)).toBe(`/media/${H}/thumb`)
  })

  it('keeps http(s) and same-origin URLs of older documents and drops anything else', () => {
    expect(mediaUrl('https://img.example/a.png')).toBe('https://img.example/a.png')
    expect(mediaUrl('/static/a.png')).toBe('/static/a.png')
    for (const bad of ['javascript:alert(1)', '//evil.example/x.png', 'data:image/png;base64,AA', 42, null]) expect(mediaUrl(bad)).toBe('')
  })

  it('reads one picture or a gallery from a document', () => {
    expect(docImage(doc({ avatar: H }), 'avatar')).toBe(`/media/${H}`)
    expect(docImages(doc({ images: [H, 'javascript:x', H] }), 'images', true)).toEqual([`/media/${H}/thumb`, `/media/${H}/thumb`])
    expect(docImages(doc({ images: 'not a list' }))).toEqual([])
  })
})

describe('uploads', () => {
  it('refuses wrong types and sizes before sending anything', () => {
    expect(checkImageFile({ size: 10, type: 'image/svg+xml' })).toBe('UNSUPPORTED_MEDIA_TYPE')
    expect(checkImageFile({ size: MAX_IMAGE_BYTES + 1, type: 'image/png' })).toBe('PAYLOAD_TOO_LARGE')
    expect(checkImageFile({ size: 1000, type: 'image/jpeg' })).toBeNull()
  })

  it('sends the bytes with their type and the session, and reports the API code', async () => {
    setAuthToken('tok')
    const calls: RequestInit[] = []
    const ok = (async (_url: string, init: RequestInit) => {
      calls.push(init)
      return new Response(JSON.stringify({ hash: H, contentType: 'image/png', width: 1, height: 1, byteSize: 9 }))
    }) as unknown as typeof fetch
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'a.png', { type: 'image/png' })
    expect((await uploadImage(file, ok)).hash).toBe(H)
    expect((calls[0].headers as Record<string, string>).authorization).toBe('Bearer tok')
    expect((calls[0].headers as Record<string, string>)['content-type']).toBe('image/png')

    const refused = (async () =>
      new Response(JSON.stringify({ errors: [{ message: 'the image carries an HTML page inside it', extensions: { code: 'BAD_IMAGE' } }] }), { status: 422 })) as unknown as typeof fetch
    const err = await uploadImage(file, refused).catch((e) => e)
    expect(err).toBeInstanceOf(UploadError)
    expect(err.code).toBe('BAD_IMAGE')
    expect(uploadErrorKey(err.code)).toBe('media.bad')
    setAuthToken(null)
    expect((await uploadImage(file, ok).catch((e) => e)).code).toBe('UNAUTHENTICATED')
  })
})
