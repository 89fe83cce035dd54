import { parseSignature, type Address, type Hex, type TransactionReceipt } from 'viem'
import { CommunityPointsAbi } from './abis'
import { rpcOf, signerOf, type ChainContext } from './clients'
import { read, write, type WriteHooks } from './write'
import { decodeError } from './errors'
import { permitDeadline } from './clock'

/** An ERC-2612 permit signature, split as contracts take it. */
export interface PermitSignature {
  value: bigint
  deadline: bigint
  v: number
  r: Hex
  s: Hex
}

/**
 * Signs an ERC-2612 permit for `spender` to pull `value` of `token`, usable for one hour
 * of chain time (the deadline counts from the chain's clock, not the browser's).
 */
export async function signPermit(ctx: ChainContext, token: Address, spender: Address, value: bigint, hooks: WriteHooks = {}): Promise<PermitSignature> {
  const [domain, nonce, deadline] = await Promise.all([
    read(ctx, token, CommunityPointsAbi, 'eip712Domain', []),
    read(ctx, token, CommunityPointsAbi, 'nonces', [ctx.account]),
    permitDeadline(rpcOf(ctx.reader)),
  ])
  const [, name, version, chainId, verifyingContract] = domain
  hooks.onPrompt?.()
  const signature = await ctx.wallet.signTypedData({
    account: signerOf(ctx),
    domain: { name, version, chainId: Number(chainId), verifyingContract },
    types: {
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Permit',
    message: { owner: ctx.account, spender, value, nonce, deadline },
  })
  const sig = parseSignature(signature)
  const v = sig.v !== undefined ? Number(sig.v) : sig.yParity + 27
  return { value, deadline, v, r: sig.r, s: sig.s }
}

/** The allowance `spender` has over the caller's `token`. */
export function allowance(ctx: ChainContext, token: Address, spender: Address): Promise<bigint> {
  return read(ctx, token, CommunityPointsAbi, 'allowance', [ctx.account, spender])
}

/**
 * Makes sure `spender` may pull `amount` of `token`: nothing if the allowance suffices;
 * else a permit signature submitted with `permit` (community points support ERC-2612);
 * if the token or wallet cannot sign one, a plain `approve`.
 */
export async function ensureAllowance(
  ctx: ChainContext,
  token: Address,
  spender: Address,
  amount: bigint,
  hooks: WriteHooks = {},
): Promise<TransactionReceipt | null> {
  if ((await allowance(ctx, token, spender)) >= amount) return null
  let permit: PermitSignature | null = null
  try {
    permit = await signPermit(ctx, token, spender, amount, hooks)
  } catch (e) {
    if (decodeError(e).kind === 'rejected') throw e
  }
  if (permit) {
    return write(
      ctx,
      { contract: token, abi: CommunityPointsAbi, functionName: 'permit', args: [ctx.account, spender, permit.value, permit.deadline, permit.v, permit.r, permit.s] },
      hooks,
    )
  }
  return write(ctx, { contract: token, abi: CommunityPointsAbi, functionName: 'approve', args: [spender, amount] }, hooks)
}
