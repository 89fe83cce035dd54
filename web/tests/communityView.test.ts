import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'

vi.mock('@/api/graphql', async (orig) => (await import('./viewFakes')).fakeGraphqlModule(await orig()))
vi.mock('@/composables/useChainClock', async () => (await import('./viewFakes')).fakeClockModule())
vi.mock('@/lib/notify', async () => (await import('./viewFakes')).fakeNotifyModule())
vi.mock('@/config', async (orig) => ({ ...(await orig<typeof import('@/config')>()), loadConfig: async () => (await import('./viewFakes')).CONFIG }))
vi.mock('@/chain/write', async (orig) => ({ ...(await orig<typeof import('@/chain/write')>()), write: vi.fn(async () => ({ blockNumber: 9n, status: 'success' })) }))
vi.mock('@/chain/indexer', () => ({ waitForIndexed: vi.fn(async () => true), indexerStatus: async () => null }))

import type { Member } from '@/api/types'
import { Q } from '@/api/queries'
import type { ChainContext } from '@/chain/clients'
import { write } from '@/chain/write'
import { useWalletStore } from '@/stores/wallet'
import '@/views/CommunityDetailView.vue'
import { ADMIN, answer, BUYER, communityFixture, memberFixture, postFixture, signedInAs, STRANGER, toasts } from './viewFakes'
import { answerMembers, openPage, resetFakes, settle, WAIT, type Page } from './viewMount'

enableAutoUnmount(afterEach)
// Each test mounts a whole page (several for the tables of viewers): room for a busy machine.
vi.setConfig({ testTimeout: 20_000 })

// Community 1: ADMIN administers it, BUYER is a member; STRANGER is registered, not a member.
const admin = memberFixture(ADMIN, { isAdmin: true })
const member = memberFixture(BUYER)
beforeEach(() => {
  resetFakes()
  vi.mocked(write).mockClear()
  answer(Q.community, communityFixture(2))
  answer(Q.posts, { posts: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [postFixture('5', '本周组队公告')] } })
  answer(Q.members, { members: { totalCount: 2, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [admin, member] } })
  answerMembers(admin, member)
})

/** Community 1 as `viewer` sees it (null: a visitor; `registered` false: signed in, no account yet). */
async function communityAs(viewer: string | null, { registered = true, rows }: { registered?: boolean; rows?: Member[] } = {}): Promise<Page> {
  if (viewer) signedInAs(viewer, registered ? [] : null)
  if (rows) answerMembers(...rows)
  return openPage('/game-community/1')
}

const ADMIN_TABS = ['reports', 'manage', 'mall']
const adminTabs = () => ADMIN_TABS.filter((name) => document.querySelector(`#tab-${name}`))
const controls = (page: Page) => ['join', 'joined', 'leave', 'banned', 'new-post', 'pin-5'].filter((id) => page.has(id))
const banButtons = (page: Page) => page.all('member-list').flatMap((t) => [...t.querySelectorAll('[data-test^="ban-"]')].map((b) => b.getAttribute('data-test')))

describe('the community page', () => {
  it('shows the community: name, member count, description, posts', async () => {
    const page = await communityAs(null)
    expect(page.el('community-name')?.textContent).toContain('原神玩家联盟')
    expect(page.el('member-count')?.textContent).toContain('2 位成员')
    expect(page.text()).toContain('每周六晚 8 点组队刷本。')
    expect(page.el('post-list')?.textContent).toContain('本周组队公告')
  })

  it('a visitor is shown the sign-in step to join and to post', async () => {
    const page = await communityAs(null)
    expect(controls(page)).toEqual([])
    expect(page.el('join-gate')?.textContent).toContain('登录后加入')
    expect(page.el('post-gate')?.textContent).toContain('登录后发帖')
  })

  it('a signed-in player without an account is sent to register first', async () => {
    const page = await communityAs(STRANGER, { registered: false })
    expect(controls(page)).toEqual([])
    expect(page.el('join-gate')?.textContent).toContain('注册账户后才能参与')
    expect(page.has('register-to-act')).toBe(true)
  })

  it('a registered player who is not a member may join; posting waits for it, with the reason', async () => {
    const page = await communityAs(STRANGER)
    expect(controls(page)).toEqual(['join'])
    expect(page.el('post-gate')?.textContent).toContain('加入社区后才能发帖')
    expect(adminTabs()).toEqual([])
  })

  it('a member sees 已加入, may leave and post, and has no admin controls', async () => {
    const page = await communityAs(BUYER)
    expect(controls(page)).toEqual(['joined', 'leave', 'new-post'])
    expect(page.has('post-gate')).toBe(false)
    expect(adminTabs()).toEqual([])
    expect(banButtons(page)).toEqual([])
  })

  it('an admin also pins posts, bans members (never another admin) and has the admin tabs', async () => {
    const page = await communityAs(ADMIN)
    expect(controls(page)).toEqual(['joined', 'leave', 'new-post', 'pin-5'])
    expect(adminTabs()).toEqual(ADMIN_TABS)
    expect(banButtons(page)).toEqual(['ban-bea'])
  })

  it('a banned player sees 已被封禁: no join, no post form, no leave', async () => {
    const page = await communityAs(STRANGER, { rows: [admin, member, memberFixture(STRANGER, { status: 'BANNED' })] })
    expect(controls(page)).toEqual(['banned'])
    expect(page.has('post-gate')).toBe(false)
  })

  it('a player who left may join again', async () => {
    const page = await communityAs(STRANGER, { rows: [admin, member, memberFixture(STRANGER, { status: 'LEFT' })] })
    expect(controls(page)).toEqual(['join'])
  })

  it('Join sends Communities.join for this community, and the page shows the membership once indexed', async () => {
    const page = await communityAs(STRANGER)
    vi.spyOn(useWalletStore(page.pinia), 'context').mockResolvedValue({ account: STRANGER } as unknown as ChainContext)
    answerMembers(admin, member, memberFixture(STRANGER))
    page.el('join')?.click()
    await vi.waitFor(() => expect(page.has('leave')).toBe(true), WAIT)
    expect(vi.mocked(write).mock.calls[0][1]).toMatchObject({ contract: 'Communities', functionName: 'join', args: [1n] })
    expect(page.has('join')).toBe(false)
  })

  it('Leave asks first (warning an admin that the role goes too), then sends Communities.leave', async () => {
    const page = await communityAs(ADMIN)
    vi.spyOn(useWalletStore(page.pinia), 'context').mockResolvedValue({ account: ADMIN } as unknown as ChainContext)
    page.el('leave')?.click()
    await settle()
    await vi.waitFor(() => expect(vi.mocked(write)).toHaveBeenCalledTimes(1), WAIT)
    expect(toasts.confirmed[0]).toContain('你的管理员身份也会被取消')
    expect(vi.mocked(write).mock.calls[0][1]).toMatchObject({ contract: 'Communities', functionName: 'leave', args: [1n] })
  })
})
