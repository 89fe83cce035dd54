import { describe, expect, it } from 'vitest'
import { bannerArt, bannerFormErrors, bannerInput, bannerTarget, bannerImageUrl, isMediaHash, moveBanner, nextPosition, orderBanners, visibleBanners } from '@/lib/banner'

const b = (id: number, position: number, active = true) => ({ id, title: `Banner ${id}`, link: '', position, active })

describe('banner order (what the carousel shows, in what order)', () => {
  it('lowest position first, ties in creation order', () => {
    expect(orderBanners([b(3, 20), b(1, 10), b(4, 10), b(2, 0)]).map((x) => x.id)).toEqual([2, 1, 4, 3])
  })
  it('visitors see only the active ones', () => {
    expect(visibleBanners([b(1, 0, false), b(2, 5), b(3, 1)]).map((x) => x.id)).toEqual([3, 2])
    expect(visibleBanners([b(1, 0, false)])).toEqual([])
  })
  it('does not reorder the list it was given', () => {
    const list = [b(2, 10), b(1, 0)]
    orderBanners(list)
    expect(list.map((x) => x.id)).toEqual([2, 1])
  })
})

describe('moving a banner up or down', () => {
  const list = [b(1, 0), b(2, 10), b(3, 20)]
  it('saves only the positions that change', () => {
    expect(moveBanner(list, 3, -1)).toEqual([{ id: 3, position: 10 }, { id: 2, position: 20 }])
    expect(moveBanner(list, 1, 1)).toEqual([{ id: 2, position: 0 }, { id: 1, position: 10 }])
  })
  it('renumbers messy positions (equal ones, gaps) into a clean order', () => {
    const messy = [b(1, 5), b(2, 5), b(3, 99)]
    expect(moveBanner(messy, 3, -2)).toEqual([{ id: 3, position: 0 }, { id: 1, position: 10 }, { id: 2, position: 20 }])
  })
  it('very many banners stay within the API’s positions (0–1000)', () => {
    const many = Array.from({ length: 150 }, (_, i) => b(i + 1, i))
    const moved = moveBanner(many, 150, -149)
    expect(moved.length).toBeGreaterThan(0)
    expect(Math.max(...moved.map((m) => m.position))).toBeLessThanOrEqual(1000)
    expect(moved.find((m) => m.id === 150)?.position).toBe(0)
  })
  it('the first cannot go up, the last cannot go down, an unknown one not at all', () => {
    expect(moveBanner(list, 1, -1)).toEqual([])
    expect(moveBanner(list, 3, 1)).toEqual([])
    expect(moveBanner(list, 9, 1)).toEqual([])
  })
  it('a new banner goes last', () => {
    expect(nextPosition([])).toBe(0)
    expect(nextPosition(list)).toBe(30)
    expect(nextPosition([b(1, 995)])).toBe(1000)
  })
})

describe('where a banner leads', () => {
  it('an in-app path stays in the app', () => {
    expect(bannerTarget('/game-community/1')).toEqual({ href: '/game-community/1', external: false })
    expect(bannerTarget(' /task-market/?sort=REWARD ')).toEqual({ href: '/task-market/?sort=REWARD', external: false })
  })
  it('an https:// page opens elsewhere', () => {
    expect(bannerTarget('https://genshin.example/event')).toEqual({ href: 'https://genshin.example/event', external: true })
  })
  it('nothing for empty links, other schemes, protocol-relative or malformed ones', () => {
    for (const bad of ['', '   ', null, undefined, 'http://plain.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'game-community/1', '/a b', 'https://', 'https://user:pw@evil.example/', 'https:/evil.example']) {
      expect(bannerTarget(bad)).toBeNull()
    }
  })
})

describe('a banner picture', () => {
  const hash = '0x' + 'Ab'.repeat(32)
  it('is served at /media/<hash> for a media hash', () => {
    expect(isMediaHash(hash)).toBe(true)
    expect(bannerImageUrl(hash)).toBe('/media/0x' + 'ab'.repeat(32))
    expect(bannerImageUrl(hash, true)).toBe('/media/0x' + 'ab'.repeat(32) + '/thumb')
  })
  it('is none for anything else (the fallback is drawn instead)', () => {
    for (const bad of [null, '', '0x1234', 'ab'.repeat(32), 'https://img.example/a.png', hash + '00']) expect(bannerImageUrl(bad)).toBe('')
  })
  it('without an image, the title draws it: the same title the same picture', () => {
    expect(bannerArt('周年庆典')).toEqual(bannerArt('周年庆典'))
    expect(bannerArt('  周年庆典 ')).toEqual(bannerArt('周年庆典'))
  })
  it('different titles get different colours (not one gradient per slot)', () => {
    const titles = ['周年庆典', '新赛季开启', '深渊挑战赛', 'Summer raid week', '积分商城上新', '星穹铁道 2.0']
    const hues = new Set(titles.map((t) => bannerArt(t).hues[0]))
    expect(hues.size).toBe(titles.length)
    for (const t of titles) {
      const { hues: [a, b2, c], angle, pattern } = bannerArt(t)
      for (const h of [a, b2, c]) expect(h >= 0 && h < 360).toBe(true)
      expect(Math.abs(b2 - a) % 360).not.toBe(0)
      expect(angle >= 100 && angle < 160).toBe(true)
      expect([0, 1, 2]).toContain(pattern)
    }
  })
  it('its glyph is the title’s first character, whole (CJK, emoji), skipping punctuation', () => {
    expect(bannerArt('周年庆典').glyph).toBe('周')
    expect(bannerArt('summer raid').glyph).toBe('S')
    expect(bannerArt('【限时】双倍积分').glyph).toBe('限')
    expect(bannerArt('🎉 新赛季').glyph).toBe('🎉')
    expect(bannerArt('   ').glyph).toBe('★')
  })
})

describe('the admin’s banner form', () => {
  const ok = { title: '周年庆典', subtitle: '双倍积分三天', image: '', link: '/game-community/1' }
  it('accepts a title with an optional subtitle, media hash and in-app link', () => {
    expect(bannerFormErrors(ok)).toEqual({})
    expect(bannerFormErrors({ ...ok, subtitle: '', link: '', image: '0x' + 'cd'.repeat(32) })).toEqual({})
  })
  it('needs a title and keeps within the API’s limits (counted in characters)', () => {
    expect(bannerFormErrors({ ...ok, title: '   ' })).toEqual({ title: 'titleRequired' })
    expect(bannerFormErrors({ ...ok, title: '庆'.repeat(60) })).toEqual({})
    expect(bannerFormErrors({ ...ok, title: '庆'.repeat(61) })).toEqual({ title: 'titleTooLong' })
    expect(bannerFormErrors({ ...ok, subtitle: 'x'.repeat(121) })).toEqual({ subtitle: 'subtitleTooLong' })
    expect(bannerFormErrors({ ...ok, link: '/' + 'a'.repeat(200) })).toEqual({ link: 'linkTooLong' })
  })
  it('refuses an image that is not a media hash and a link that is neither an in-app path nor https', () => {
    expect(bannerFormErrors({ ...ok, image: 'https://img.example/a.png', link: 'http://plain.example' })).toEqual({ image: 'imageBad', link: 'linkBad' })
    expect(bannerFormErrors({ ...ok, link: 'https://genshin.example/event' })).toEqual({})
  })
  it('sends trimmed text, no image for an empty one, and creates when there is no id', () => {
    expect(bannerInput({ title: ' A ', subtitle: ' b ', image: ' ', link: ' /x ' }, { position: 30, active: true })).toEqual({ id: null, title: 'A', subtitle: 'b', image: null, link: '/x', position: 30, active: true })
    expect(bannerInput({ ...ok, image: '0x' + 'CD'.repeat(32) }, { id: 4, position: 0, active: false }).image).toBe('0x' + 'cd'.repeat(32))
  })
})
