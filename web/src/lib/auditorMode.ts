// 审计模式: every object's 链上详情 (transaction, block, log, content hash) shown open.
// Players leave it off and open one object's details when they care; auditors turn it on
// in 设置 and it stays on for this browser.

/** The localStorage key; "1" is on, anything else (or nothing) is off. */
export const AUDITOR_KEY = 'gq.auditor'

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** Whether auditor mode is on in `store` (off when storage cannot be read). */
export function readAuditorMode(store: Store | null | undefined): boolean {
  try {
    return store?.getItem(AUDITOR_KEY) === '1'
  } catch {
    return false
  }
}

/** Remembers the choice; false when it could not be stored (private mode: it lasts for the page). */
export function writeAuditorMode(store: Store | null | undefined, on: boolean): boolean {
  try {
    if (!store) return false
    if (on) store.setItem(AUDITOR_KEY, '1')
    else store.removeItem(AUDITOR_KEY)
    return true
  } catch {
    return false
  }
}

/**
 * Whether one object's details are open: the player's own toggle on that object wins,
 * otherwise auditor mode decides.
 */
export function detailsOpen(toggled: boolean | null, auditor: boolean): boolean {
  return toggled ?? auditor
}
