import { describe, expect, it } from 'vitest'
import zh from '@/i18n/zh-CN'
import en from '@/i18n/en'
import type { ContractName } from '@/config'
import { CONTRACT_PAGES, partyOf } from '@/lib/parties'

const contracts: Record<ContractName, string> = {
  Profiles: '0x0000000000000000000000000000000000000001',
  Communities: '0x0000000000000000000000000000000000000002',
  Posts: '0x0000000000000000000000000000000000000003',
  TaskMarket: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  PointMall: '0x0000000000000000000000000000000000000005',
  PointExchange: '0x0000000000000000000000000000000000000006',
  Forwarder: '0x0000000000000000000000000000000000000007',
}
const ALICE = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

describe('partyOf', () => {
  it('names our contracts, in any letter case', () => {
    expect(partyOf('0x5fbdb2315678afecb367f032d93f642f64180aa3', contracts)).toEqual({ kind: 'contract', name: 'TaskMarket' })
    expect(partyOf(contracts.PointMall, contracts)).toEqual({ kind: 'contract', name: 'PointMall' })
  })

  it('the zero address is the system (minting, burning), anyone else a player', () => {
    expect(partyOf('0x0000000000000000000000000000000000000000', contracts)).toEqual({ kind: 'none' })
    expect(partyOf(ALICE, contracts)).toEqual({ kind: 'account', address: ALICE })
    expect(partyOf(ALICE, null)).toEqual({ kind: 'account', address: ALICE })
  })

  it('every contract has a name in both languages', () => {
    for (const name of Object.keys(CONTRACT_PAGES) as ContractName[]) {
      expect(zh.contracts[name]).toMatch(/[\u4e00-\u9fff]/)
      expect(en.contracts[name]).toMatch(/^[A-Z]/)
    }
    expect(zh.contracts.PointMall).toBe('积分商城')
    expect(zh.contracts.TaskMarket).toBe('任务托管')
    expect(zh.contracts.PointExchange).toBe('积分交易所')
    expect(zh.contracts.Forwarder).toBe('代付转发')
  })
})
