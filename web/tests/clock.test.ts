import { describe, expect, it } from 'vitest'
import { chainTimeAt } from '@/chain/clock'

describe('chainTimeAt', () => {
  it('is the latest block time plus what elapsed since it was read, in whole seconds', () => {
    // The chain runs two days ahead of this computer (an anvil after evm_increaseTime).
    const reading = { chain: 1_800_172_800, local: 1_800_000_000.25 }
    expect(chainTimeAt(reading, 1_800_000_000.25)).toBe(1_800_172_800)
    expect(chainTimeAt(reading, 1_800_000_030.9)).toBe(1_800_172_830)
  })

  it('never runs backwards when the local clock is set back', () => {
    expect(chainTimeAt({ chain: 1_000, local: 500 }, 400)).toBe(1_000)
  })

  it('falls back to the local clock without a reading', () => {
    expect(chainTimeAt(null, 1_234.8)).toBe(1_234)
  })
})
