// How the task market sorts, and the filter a sort needs.
/**
 * The `orderBy` of the task market and the filter it needs: rewards compare only within one
 * token (the API refuses REWARD without `rewardToken`: wei of ETH against whole points),
 * largest first; deadlines soonest first; anything else newest first.
 */
export function taskOrder(field: 'CREATED_AT' | 'DEADLINE' | 'REWARD', rewardToken: string) {
  return {
    orderBy: { field, direction: field === 'DEADLINE' ? ('ASC' as const) : ('DESC' as const) },
    filter: field === 'REWARD' ? { rewardToken } : {},
  }
}
