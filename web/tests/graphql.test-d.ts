// Type-level tests: `npm run typecheck` (vue-tsc) checks this file, nothing runs it. The
// operations in src/api/queries.ts are typed by graphql-codegen from ../schema.graphql,
// so variables and results are checked wherever they are used; the status lists in
// src/api/enums.ts must name every member of the generated enums.
import { gql, subscribe } from '@/api/graphql'
import { every } from '@/api/enums'
import type { OrderStatus, TaskStatus } from '@/api/gen/graphql'
import { Q, S } from '@/api/queries'
import { useConnection } from '@/composables/useConnection'

export async function results() {
  const { task } = await gql(Q.task, { id: '1' })
  const status: TaskStatus | null | undefined = task?.status
  const payments: string[] | undefined = task?.payments.map((p) => p.amount)
  // @ts-expect-error `specHash` is in the schema but the query does not select it
  void task?.specHash
  // @ts-expect-error `id` is a String!
  await gql(Q.task, { id: 1 })
  // @ts-expect-error the variable is `id`, not `taskId`
  await gql(Q.task, { taskId: '1' })
  // @ts-expect-error `$id` is required
  await gql(Q.task)
  // @ts-expect-error `PLACED` is not an OrderStatus
  await gql(Q.orders, { filter: { status: 'PLACED' } })
  return [status, payments]
}

export function pagesAndSubscriptions() {
  const list = useConnection(Q.tasks, 'tasks', () => ({ first: 24 }))
  const title: string | undefined = list.nodes.value[0]?.title
  // @ts-expect-error the result has no `items` connection
  useConnection(Q.tasks, 'items', () => ({ first: 24 }))
  subscribe(S.taskChanged, { id: '1' }, (d) => void d.taskChanged.status)
  // @ts-expect-error taskChanged takes the task id
  subscribe(S.taskChanged, {}, () => {})
  return title
}

export function exhaustiveLists() {
  every<OrderStatus>()(['ORDERED', 'PAID', 'COMPLETED', 'CANCELLED'])
  // @ts-expect-error CANCELLED is missing
  every<OrderStatus>()(['ORDERED', 'PAID', 'COMPLETED'])
  // @ts-expect-error SHIPPED is not an OrderStatus
  every<OrderStatus>()(['ORDERED', 'PAID', 'COMPLETED', 'CANCELLED', 'SHIPPED'])
}
