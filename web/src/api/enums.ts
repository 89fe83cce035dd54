// Ordered lists of the status enums graphql-codegen generates from ../schema.graphql
// (./gen/graphql: `TaskStatus`, `OrderStatus`, ...). The generated objects are sorted by
// name; these keep the contracts' order (the ordinal of a Solidity enum, after `None`),
// which is also the order the pages list them in. Each list compiles only if it names
// every member of its enum, so a status added to the schema fails vue-tsc here.
import { OrderStatus, Role, TaskStatus } from './gen/graphql'

/** `list`, checked at compile time to hold every member of `E`. */
export function every<E extends string>() {
  return <const L extends readonly E[]>(list: L & ([Exclude<E, L[number]>] extends [never] ? unknown : { missing: Exclude<E, L[number]> })): L =>
    list
}

/** TaskMarket's `TaskStatus` in declaration order (ordinal 1 onwards). */
export const TASK_STATUSES = every<TaskStatus>()([
  TaskStatus.Open,
  TaskStatus.Claimed,
  TaskStatus.Submitted,
  TaskStatus.Completed,
  TaskStatus.Expired,
  TaskStatus.Cancelled,
  TaskStatus.Disputed,
])

/** PointMall's `OrderStatus` in declaration order (ordinal 1 onwards). */
export const ORDER_STATUSES = every<OrderStatus>()([OrderStatus.Ordered, OrderStatus.Paid, OrderStatus.Completed, OrderStatus.Cancelled])

/** The roles in the order the admin page offers them. */
export const ROLES = every<Role>()([Role.TaskPublisher, Role.Verifier, Role.Pauser, Role.SystemAdmin])

export { CommunityOrderField, Direction, OfferStatus, PostOrderField, TaskOrderField } from './gen/graphql'
