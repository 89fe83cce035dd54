// An order's progress as the order page draws it, from what the API serves of an Order:
// its status, `createdAt` (placed), `updatedAt` (the last change) and `expiresAt` (the
// end of an unpaid order's reservation). Times are unix seconds, chain time.
//
// The API keeps no time per state: a paid order's payment is its last change; once it is
// completed (or cancelled) the payment's time is no longer known and is shown without one.
// PointMall.checkout places and pays in one transaction, so this client's orders are paid
// when placed; 已下单 (placed, unpaid) comes from PointMall.placeOrder sent by another
// client, and the order page pays it (chain/mall.ts payOrder).
import type { OrderStatus } from '@/api/types'

/** A point of the timeline; its label is `orderPage.<key>`. */
export type OrderStepKey = 'placed' | 'paid' | 'completed' | 'cancelled'

/** `done` happened, `current` is what happens next, `todo` comes later, `expired`: an unpaid order's reservation ended. */
export type OrderStepState = 'done' | 'current' | 'todo' | 'expired'

/** What the note under a point says: `orderPage.<note>` with `{ time }` when `until` is set. */
export type OrderStepNote = 'payBy' | 'payExpired' | 'waitDelivery' | 'cancelledNote' | 'timeUnknown'

export interface OrderStep {
  key: OrderStepKey
  state: OrderStepState
  /** When it happened (null: not yet, or not recorded). */
  at: number | null
  note?: OrderStepNote
  /** For `payBy`/`payExpired`: the reservation's end. */
  until?: number
}

/** What `orderTimeline` reads of an order. */
export interface TimelineFacts {
  status: OrderStatus | null | undefined
  createdAt: number
  updatedAt: number
  expiresAt: number
}

/** The order's timeline at chain time `now`. */
export function orderTimeline(o: TimelineFacts, now: number): OrderStep[] {
  const placed: OrderStep = { key: 'placed', state: 'done', at: o.createdAt }
  switch (o.status) {
    case 'ORDERED': {
      const expired = now > o.expiresAt
      return [
        placed,
        { key: 'paid', state: expired ? 'expired' : 'current', at: null, note: expired ? 'payExpired' : 'payBy', until: o.expiresAt },
        { key: 'completed', state: 'todo', at: null },
      ]
    }
    case 'PAID':
      return [placed, { key: 'paid', state: 'done', at: o.updatedAt }, { key: 'completed', state: 'current', at: null, note: 'waitDelivery' }]
    case 'COMPLETED':
      return [placed, { key: 'paid', state: 'done', at: null, note: 'timeUnknown' }, { key: 'completed', state: 'done', at: o.updatedAt }]
    case 'CANCELLED':
      return [placed, { key: 'cancelled', state: 'done', at: o.updatedAt, note: 'cancelledNote' }]
    default:
      return [placed]
  }
}
