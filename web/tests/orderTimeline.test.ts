import { describe, expect, it } from 'vitest'
import { orderTimeline } from '@/lib/orderTimeline'

const base = { createdAt: 1000, updatedAt: 1000, expiresAt: 1000 + 86400 }
const brief = (steps: ReturnType<typeof orderTimeline>) => steps.map((s) => `${s.key}:${s.state}${s.at === null ? '' : '@' + s.at}${s.note ? ' ' + s.note : ''}`)

describe('an order’s timeline', () => {
  it('placed, not paid: pay by the end of the reservation, delivery later', () => {
    expect(brief(orderTimeline({ ...base, status: 'ORDERED' }, 2000))).toEqual(['placed:done@1000', 'paid:current payBy', 'completed:todo'])
    expect(orderTimeline({ ...base, status: 'ORDERED' }, 2000)[1].until).toBe(87400)
  })

  it('placed, not paid, past the reservation (chain time): expired', () => {
    expect(brief(orderTimeline({ ...base, status: 'ORDERED' }, 87401))).toEqual(['placed:done@1000', 'paid:expired payExpired', 'completed:todo'])
  })

  it('paid: paid at its last change, waiting for delivery', () => {
    expect(brief(orderTimeline({ ...base, status: 'PAID', updatedAt: 1500 }, 2000))).toEqual(['placed:done@1000', 'paid:done@1500', 'completed:current waitDelivery'])
  })

  it('completed: delivered at its last change; the payment time is not recorded', () => {
    expect(brief(orderTimeline({ ...base, status: 'COMPLETED', updatedAt: 9000 }, 9999))).toEqual(['placed:done@1000', 'paid:done timeUnknown', 'completed:done@9000'])
  })

  it('cancelled: placed, then cancelled at its last change', () => {
    expect(brief(orderTimeline({ ...base, status: 'CANCELLED', updatedAt: 5000 }, 9999))).toEqual(['placed:done@1000', 'cancelled:done@5000 cancelledNote'])
  })
})
