import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'

vi.mock('@/api/graphql', async (orig) => (await import('./viewFakes')).fakeGraphqlModule(await orig()))
vi.mock('@/composables/useChainClock', async () => (await import('./viewFakes')).fakeClockModule())
vi.mock('@/lib/notify', async () => (await import('./viewFakes')).fakeNotifyModule())
vi.mock('@/config', async (orig) => ({ ...(await orig<typeof import('@/config')>()), loadConfig: async () => (await import('./viewFakes')).CONFIG }))
vi.mock('@/chain/write', async (orig) => ({ ...(await orig<typeof import('@/chain/write')>()), write: vi.fn(async () => ({ blockNumber: 9n, status: 'success' })) }))
vi.mock('@/chain/indexer', () => ({ waitForIndexed: vi.fn(async () => true), indexerStatus: async () => null }))

import type { Role, TaskStatus } from '@/api/types'
import { Q } from '@/api/queries'
import type { ChainContext } from '@/chain/clients'
import { write } from '@/chain/write'
import { useWalletStore } from '@/stores/wallet'
// Loaded here, not on the first navigation: the first test stays as fast as the others.
import '@/views/TaskDetailView.vue'
import { ADMIN, answer, CLAIMER, clock, DAY, memberFixture, NOW, PUBLISHER, signedInAs, STRANGER, taskFixture, toasts } from './viewFakes'
import { answerMembers, openPage, resetFakes, WAIT, type Page } from './viewMount'

enableAutoUnmount(afterEach)
// Each test mounts a whole page (several for the tables of viewers): room for a busy machine.
vi.setConfig({ testTimeout: 20_000 })
beforeEach(() => {
  resetFakes()
  vi.mocked(write).mockClear()
})

/** Task 1 as `viewer` (signed in, registered with `roles`; null: a visitor) sees it. */
async function taskAs(viewer: string | null, task: ReturnType<typeof taskFixture>, roles: Role[] = []): Promise<Page> {
  if (viewer) signedInAs(viewer, roles)
  answer(Q.task, { task })
  answer(Q.document, ({ hash }) => ({ document: { hash, json: null, text: '攻略已发布在帖子 #1 里。', verified: true } }))
  return openPage('/task-market/1')
}

/** The task's action buttons shown to the viewer, by data-test. */
const ACTIONS = ['claim', 'submit-work', 'approve', 'reject', 'dispute', 'resolve', 'finalize', 'abandon', 'cancel-task', 'expire', 'release-claim', 'settle-dispute']
const actionsOf = (page: Page) => ACTIONS.filter((id) => page.has(id))
const button = (page: Page, id: string) => page.el(id) as HTMLButtonElement

describe('an open task', () => {
  it('a registered stranger sees Claim, enabled, and nothing else', async () => {
    const page = await taskAs(STRANGER, taskFixture('OPEN'))
    expect(actionsOf(page)).toEqual(['claim'])
    expect(button(page, 'claim').disabled).toBe(false)
    expect(page.has('claim-blocked')).toBe(false)
  })

  it('its publisher is not offered the claim; it may cancel', async () => {
    const page = await taskAs(PUBLISHER, taskFixture('OPEN'), ['TASK_PUBLISHER'])
    expect(actionsOf(page)).toEqual(['cancel-task'])
  })

  it('a visitor is shown the sign-in step instead of a claim button', async () => {
    const page = await taskAs(null, taskFixture('OPEN'))
    expect(actionsOf(page)).toEqual([])
    expect(page.el('claim-blocked')?.textContent).toContain('登录后领取')
    expect(page.el('sign-in-to-act')?.getAttribute('href')).toBe('/login/?redirect=%2Ftask-market%2F1')
  })

  it.each([
    ['a task publisher', ['TASK_PUBLISHER'] as Role[], null, '任务发布者和系统管理员不能领取任务'],
    ['the system admin', ['SYSTEM_ADMIN'] as Role[], null, '任务发布者和系统管理员不能领取任务'],
    ["an admin of the task's community", [] as Role[], memberFixture(STRANGER, { isAdmin: true }), '你是该社区的管理员，不能领取本社区的任务'],
    ['a player banned there', [] as Role[], memberFixture(STRANGER, { status: 'BANNED' }), '你已被该社区封禁，不能在这里参与'],
  ])('%s sees Claim disabled, with the reason', async (_who, roles, member, reason) => {
    if (member) answerMembers(member)
    const page = await taskAs(STRANGER, taskFixture('OPEN'), roles)
    expect(actionsOf(page)).toEqual(['claim'])
    expect(button(page, 'claim').disabled).toBe(true)
    expect(page.el('claim-blocked')?.textContent).toContain(reason)
  })

  it('a claimer whose claim was released may not claim it again', async () => {
    const page = await taskAs(CLAIMER, taskFixture('OPEN', { releasedClaimers: [CLAIMER] }))
    expect(button(page, 'claim').disabled).toBe(true)
    expect(page.el('claim-blocked')?.textContent).toContain('发布者已收回你对该任务的领取，你不能再次领取')
  })

  it('past its deadline (chain time) the claim is disabled, 已过期 shows, and anyone may refund it', async () => {
    clock.value = NOW + 11 * DAY
    const page = await taskAs(STRANGER, taskFixture('OPEN'))
    expect(page.el('task-status')?.dataset.status).toBe('OVERDUE')
    expect(button(page, 'claim').disabled).toBe(true)
    expect(page.el('claim-blocked')?.textContent).toContain('已过截止时间，不能再领取')
    expect(actionsOf(page)).toEqual(['claim', 'expire'])
    expect(page.el('overdue-note')?.textContent).toContain('任何人都可以发起过期退款')
  })

  it('Claim sends TaskMarket.claimTask for this task and refreshes it once indexed', async () => {
    const page = await taskAs(STRANGER, taskFixture('OPEN'))
    vi.spyOn(useWalletStore(page.pinia), 'context').mockResolvedValue({ account: STRANGER } as unknown as ChainContext)
    answer(Q.task, { task: taskFixture('CLAIMED', { claimerAddress: STRANGER, claimer: null }) })
    button(page, 'claim').click()
    await vi.waitFor(() => expect(page.el('task-status')?.dataset.status).toBe('CLAIMED'), WAIT)
    expect(vi.mocked(write).mock.calls[0][1]).toMatchObject({ contract: 'TaskMarket', functionName: 'claimTask', args: [1n] })
    expect(toasts.shown.filter((t) => t.type === 'success')).toHaveLength(1)
  })
})

describe('a claimed task', () => {
  it('the claimer sees Submit and Abandon, and until when to deliver', async () => {
    const page = await taskAs(CLAIMER, taskFixture('CLAIMED'))
    expect(actionsOf(page)).toEqual(['submit-work', 'abandon'])
    expect(page.el('claimer-work-due')?.textContent).toContain('前提交成果')
  })

  it('the publisher waits for the work deadline before it may take the claim back', async () => {
    const before = await taskAs(PUBLISHER, taskFixture('CLAIMED'), ['TASK_PUBLISHER'])
    expect(actionsOf(before)).toEqual([])
    expect(before.has('release-wait')).toBe(true)
    before.wrapper.unmount()
    clock.value = NOW + 5 * DAY + 1
    const after = await taskAs(PUBLISHER, taskFixture('CLAIMED'), ['TASK_PUBLISHER'])
    expect(actionsOf(after)).toEqual(['release-claim'])
    expect(after.has('release-ready')).toBe(true)
  })

  it('a stranger has nothing to do on it', async () => {
    const page = await taskAs(STRANGER, taskFixture('CLAIMED'))
    expect(actionsOf(page)).toEqual([])
  })
})

describe('a submitted task', () => {
  it('the publisher reviews it: Approve and Reject, with the proof shown', async () => {
    const page = await taskAs(PUBLISHER, taskFixture('SUBMITTED'), ['TASK_PUBLISHER'])
    expect(actionsOf(page)).toEqual(['approve', 'reject'])
    expect(page.el('task-proof')?.textContent).toContain('攻略已发布在帖子 #1 里。')
  })

  it('the claimer sees Finalize disabled during the review period, with until when; enabled after it', async () => {
    const during = await taskAs(CLAIMER, taskFixture('SUBMITTED'))
    expect(actionsOf(during)).toEqual(['finalize'])
    expect(button(during, 'finalize').disabled).toBe(true)
    expect(during.el('finalize-wait')?.textContent).toMatch(/发布者审核期内：.+ 之后若仍未审核，即可领取奖励/)
    during.wrapper.unmount()
    // submitted a day before NOW, with a three-day review period
    clock.value = NOW + 2 * DAY + 1
    const after = await taskAs(CLAIMER, taskFixture('SUBMITTED'))
    expect(button(after, 'finalize').disabled).toBe(false)
    expect(after.has('finalize-wait')).toBe(false)
  })

  it('a stranger (even the system admin) may not review it', async () => {
    const page = await taskAs(ADMIN, taskFixture('SUBMITTED'), ['SYSTEM_ADMIN'])
    expect(actionsOf(page)).toEqual([])
  })
})

describe('disputes', () => {
  const viewers = [['the publisher', PUBLISHER], ['the claimer', CLAIMER], ['a stranger', STRANGER]] as const
  const cases: [TaskStatus, boolean][] = [['OPEN', false], ['CLAIMED', false], ['CLAIMED', true], ['SUBMITTED', false], ['SUBMITTED', true], ['DISPUTED', true], ['COMPLETED', true]]

  it('only the claimer of a rejected, claimed task sees Dispute', async () => {
    const seen: string[] = []
    for (const [status, rejected] of cases) {
      for (const [who, address] of viewers) {
        const page = await taskAs(address, taskFixture(status, { rejected }))
        if (page.has('dispute')) seen.push(`${who} on ${status}${rejected ? ' (rejected)' : ''}`)
        page.wrapper.unmount()
      }
    }
    expect(seen).toEqual(['the claimer on CLAIMED (rejected)'])
  })

  it('the claimer of a rejected task sees why, and Dispute next to Submit', async () => {
    const rejection = { hash: `0x${'12'.repeat(32)}`, json: null, text: '视频在 12:30 处中断。', verified: true }
    const page = await taskAs(CLAIMER, taskFixture('CLAIMED', { rejected: true, rejection }))
    expect(actionsOf(page)).toEqual(['submit-work', 'dispute', 'abandon'])
    expect(page.el('task-rejection')?.textContent).toContain('视频在 12:30 处中断。')
  })

  it('a disputed task: the system admin (no party) may resolve; the parties may not', async () => {
    const disputed = () => taskFixture('DISPUTED', { rejected: true, disputeDeadline: NOW + 7 * DAY })
    const arbiter = await taskAs(ADMIN, disputed(), ['SYSTEM_ADMIN'])
    expect(actionsOf(arbiter)).toEqual(['resolve'])
    expect(arbiter.has('settle-wait')).toBe(true)
    arbiter.wrapper.unmount()
    for (const party of [CLAIMER, PUBLISHER]) {
      const page = await taskAs(party, disputed(), party === PUBLISHER ? ['SYSTEM_ADMIN'] : [])
      expect(actionsOf(page)).toEqual([])
      expect(page.text()).toContain('争议双方都不能裁决')
      page.wrapper.unmount()
    }
  })

  it('after the dispute deadline anyone signed in may settle it 50/50', async () => {
    clock.value = NOW + 8 * DAY
    const page = await taskAs(STRANGER, taskFixture('DISPUTED', { rejected: true, disputeDeadline: NOW + 7 * DAY }))
    expect(actionsOf(page)).toEqual(['settle-dispute'])
    expect(page.has('settle-ready')).toBe(true)
  })
})
