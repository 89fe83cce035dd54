// Type-level tests: `npm run typecheck` (vue-tsc) checks this file, nothing runs it. write()
// and read() are typed by the ABIs scripts/gen-bindings generates, so a renamed contract
// function or a changed argument type fails the typecheck at every call site. Each
// `@ts-expect-error` below fails the typecheck in turn if the mistake it marks compiles.
import type { Address, Hex } from 'viem'
import type { ChainContext } from '@/chain/clients'
import { CommunityPointsAbi } from '@/chain/abis'
import { read, write, type NamedArgs, type NamedFunction } from '@/chain/write'

declare const ctx: ChainContext
declare const account: Address
declare const hash: Hex

export function namedContracts() {
  void write(ctx, { contract: 'Posts', functionName: 'createPost', args: [1n, 'title', hash] })
  void write(ctx, { contract: 'Posts', functionName: 'like', args: [1n] })
  // @ts-expect-error Posts has no function `createPots`
  void write(ctx, { contract: 'Posts', functionName: 'createPots', args: [1n, 'title', hash] })
  // @ts-expect-error communityId is a uint256 (bigint), not a string
  void write(ctx, { contract: 'Posts', functionName: 'createPost', args: ['1', 'title', hash] })
  // @ts-expect-error the content hash is missing
  void write(ctx, { contract: 'Posts', functionName: 'createPost', args: [1n, 'title'] })
  // @ts-expect-error a bytes32 is a 0x-prefixed hex string
  void write(ctx, { contract: 'Posts', functionName: 'editPost', args: [1n, 'not hex'] })
  // @ts-expect-error getPost is a view function: it sends no transaction
  void write(ctx, { contract: 'Posts', functionName: 'getPost', args: [1n] })
  // @ts-expect-error `createPost` is on Posts, not on Communities
  void write(ctx, { contract: 'Communities', functionName: 'createPost', args: [1n, 'title', hash] })
}

export function rawAddresses() {
  void write(ctx, { contract: account, abi: CommunityPointsAbi, functionName: 'approve', args: [account, 1n] })
  // @ts-expect-error a raw address needs its ABI
  void write(ctx, { contract: account, functionName: 'approve', args: [account, 1n] })
  // @ts-expect-error the spender is an address
  void write(ctx, { contract: account, abi: CommunityPointsAbi, functionName: 'approve', args: ['bob', 1n] })
}

export async function reads() {
  const allowance: bigint = await read(ctx, account, CommunityPointsAbi, 'allowance', [account, account])
  // @ts-expect-error allowance returns a uint256 (bigint)
  const wrong: string = await read(ctx, account, CommunityPointsAbi, 'allowance', [account, account])
  // @ts-expect-error approve is not a view function
  await read(ctx, account, CommunityPointsAbi, 'approve', [account, 1n])
  return [allowance, wrong]
}

/** The helpers views write on top of write() stay typed. */
export function helpers() {
  const call = <F extends NamedFunction<'TaskMarket'>>(functionName: F, args: NamedArgs<'TaskMarket', F>) =>
    write(ctx, { contract: 'TaskMarket', functionName, args })
  void call('claimTask', [1n])
  // @ts-expect-error claimTask takes the task id
  void call('claimTask', [])
  // @ts-expect-error TaskMarket has no function `claim`
  void call('claim', [1n])
}
