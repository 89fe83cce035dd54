import { describe, expect, it } from 'vitest'
import zh from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { TABS, tabFor } from '@/lib/tabs'

describe('tabFor: the tab a page highlights on the phone', () => {
  it('each tab is highlighted on its own page', () => {
    for (const tab of TABS) expect(tabFor(tab.to)).toBe(tab.key)
  })

  it('a detail page highlights its list: a task, a community, a post, a product, the cart', () => {
    expect(tabFor('/task-market/7')).toBe('tasks')
    expect(tabFor('/game-community/3')).toBe('communities')
    expect(tabFor('/post/12')).toBe('communities')
    expect(tabFor('/product-page/')).toBe('mall')
    expect(tabFor('/shopping-cart/')).toBe('mall')
    expect(tabFor('/')).toBe('home')
  })

  it("the player's own pages are under 我的, another player's profile under none", () => {
    for (const p of ['/user-info/', '/my-orders/', '/settings/', '/points-trading/', '/admin/', '/login/', '/register/', '/notifications/']) expect(tabFor(p)).toBe('me')
    expect(tabFor('/user-info/', true)).toBeNull()
  })

  it('pages of no tab highlight none, and a prefix only matches whole segments', () => {
    expect(tabFor('/search/')).toBeNull()
    expect(tabFor('/page/help/')).toBeNull()
    expect(tabFor('/nowhere')).toBeNull()
    expect(tabFor('/postcards/')).toBeNull()
    expect(tabFor('/mega/')).toBeNull()
  })

  it('five tabs, each labelled in both languages, the Chinese ones as short as a tab bar needs', () => {
    expect(TABS.map((t) => t.key)).toEqual(['home', 'tasks', 'communities', 'mall', 'me'])
    expect(TABS.map((t) => zh.tabs[t.key])).toEqual(['首页', '任务', '社区', '商城', '我的'])
    for (const t of TABS) expect(en.tabs[t.key]).toBeTruthy()
  })
})
