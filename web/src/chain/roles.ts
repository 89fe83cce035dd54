import { keccak256, toBytes, type Hex } from 'viem'
import type { Role } from '@/api/types'

/** Role ids as contracts/src/utils/Roles.sol defines them. */
export const ROLE_IDS: Record<Role, Hex> = {
  SYSTEM_ADMIN: `0x${'00'.repeat(32)}`,
  VERIFIER: keccak256(toBytes('VERIFIER_ROLE')),
  TASK_PUBLISHER: keccak256(toBytes('TASK_PUBLISHER_ROLE')),
  PAUSER: keccak256(toBytes('PAUSER_ROLE')),
}
