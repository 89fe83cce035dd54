import { describe, expect, it } from 'vitest'
import zh from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { ApiError } from '@/api/graphql'
import { REPORT_REASONS } from '@/api/enums'
import type { ModerationKind } from '@/api/types'
import { actionSentence, reportActions, reportErrorKey, reportLink, type ReportLike } from '@/lib/moderation'

const ALICE = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
const report = (over: Partial<ReportLike>): ReportLike => ({
  target: 'POST', targetId: '4', communityId: '1', postId: null, taskId: null, status: 'OPEN', targetAuthor: ALICE, ...over,
})

describe('reports (lib/moderation.ts)', () => {
  it('links each reported object to its page', () => {
    expect(reportLink(report({}))).toBe('/post/4')
    expect(reportLink(report({ target: 'TASK', targetId: '7' }))).toBe('/task-market/7')
    expect(reportLink(report({ target: 'ITEM', targetId: '2' }))).toBe('/product-page/?productId=2')
    expect(reportLink(report({ target: 'USER', targetId: ALICE }))).toBe(`/user-info/?address=${ALICE}`)
    expect(reportLink(report({ target: 'COMMENT', targetId: '40', postId: '3' }))).toBe('/post/3')
    expect(reportLink(report({ target: 'COMMENT', targetId: '40', taskId: '7' }))).toBe('/task-market/7')
    expect(reportLink(report({ target: 'COMMENT', targetId: '40' }))).toBe('/game-community/1')
    expect(reportLink(report({ target: 'COMMENT', targetId: '40', communityId: null }))).toBeNull()
  })

  it('offers the removal that fits the object, the ban where there is a community, and dismissal; nothing once handled', () => {
    expect(reportActions(report({}))).toEqual({ removePost: true, removeComment: false, ban: true, dismiss: true })
    expect(reportActions(report({ target: 'COMMENT' }))).toEqual({ removePost: false, removeComment: true, ban: true, dismiss: true })
    expect(reportActions(report({ target: 'TASK' }))).toEqual({ removePost: false, removeComment: false, ban: true, dismiss: true })
    expect(reportActions(report({ target: 'USER', targetId: ALICE, communityId: null }))).toEqual({ removePost: false, removeComment: false, ban: false, dismiss: true })
    for (const status of ['ACTIONED', 'DISMISSED'] as const) {
      expect(Object.values(reportActions(report({ status })))).toEqual([false, false, false, false])
    }
  })

  it("words the API's refusals: a duplicate open report, too many reports", () => {
    expect(reportErrorKey(new ApiError('you have reported this already', 'BAD_INPUT', undefined, 'DUPLICATE'))).toBe('report.errors.duplicate')
    expect(reportErrorKey(new ApiError('you cannot report your own content', 'BAD_INPUT', undefined, 'OWN_CONTENT'))).toBe('report.errors.own')
    expect(reportErrorKey(new ApiError('a note has at most 500 characters', 'BAD_INPUT'))).toBe('report.errors.invalid')
    expect(reportErrorKey(new ApiError('there is no such post', 'NOT_FOUND'))).toBe('report.errors.gone')
    expect(reportErrorKey(new ApiError('slow down', 'RATE_LIMITED'))).toBe('report.errors.rateLimited')
    expect(reportErrorKey(new ApiError('who', 'UNAUTHENTICATED'))).toBe('report.errors.signIn')
    expect(reportErrorKey(new ApiError('boom', 'INTERNAL'))).toBeNull()
    expect(reportErrorKey(new Error('x'))).toBeNull()
    expect(zh.report.errors.duplicate).toMatch(/重复举报/)
    expect(zh.report.errors.rateLimited).toMatch(/频繁/)
  })

  it('every reason and target has a label in both languages', () => {
    for (const r of REPORT_REASONS) {
      expect(zh.report.reasons[r]).toBeTruthy()
      expect(en.report.reasons[r]).toBeTruthy()
    }
    expect(REPORT_REASONS.map((r) => zh.report.reasons[r])).toEqual(['垃圾广告', '辱骂骚扰', '外挂作弊', '诈骗', '违法违规', '其他'])
  })
})

describe('the moderation log (lib/moderation.ts)', () => {
  const fill = (text: string, params: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? `{${k}}`)
  const line = (kind: ModerationKind, title: string | null = '出售账号', targetId: string | null = '3') => {
    const s = actionSentence({ kind, targetId, title, targetAccount: ALICE })
    const key = s.key.split('.').pop() as ModerationKind
    return { s, zh: fill(zh.moderation.log[key], { moderator: 'alice', target: 'carol', title: s.title }) }
  }

  it('a post action names the post and links it; a member action names the member', () => {
    expect(line('POST_REMOVED').zh).toBe('alice 删除了帖子《出售账号》')
    expect(line('POST_REMOVED').s.link).toBe('/post/3')
    expect(line('POST_REMOVED', null).zh).toBe('alice 删除了帖子《#3》')
    expect(line('MEMBER_BANNED', null, null).zh).toBe('alice 封禁了 carol')
    expect(line('ADMIN_GRANTED', null, null).zh).toBe('alice 设 carol 为管理员')
    expect(line('MEMBER_BANNED', null, null).s).toMatchObject({ target: true, link: null, title: '' })
  })

  it('every kind reads in both languages', () => {
    for (const kind of Object.keys(zh.moderation.log) as ModerationKind[]) {
      const s = actionSentence({ kind, targetId: '3', title: 'x', targetAccount: ALICE })
      for (const text of [zh.moderation.log[kind], en.moderation.log[kind]]) {
        expect(text).toContain('{moderator}')
        expect(text.includes('{target}')).toBe(s.target)
        expect(text.includes('{title}')).toBe(!s.target)
      }
    }
  })
})
