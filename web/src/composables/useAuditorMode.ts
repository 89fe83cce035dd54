import { readonly, ref } from 'vue'
import { AUDITOR_KEY, readAuditorMode, writeAuditorMode } from '@/lib/auditorMode'

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

// One switch for the whole page: every ChainDetails reads it.
const on = ref(readAuditorMode(storage()))
if (typeof window !== 'undefined') {
  // Another tab of this site changed it.
  window.addEventListener('storage', (e) => {
    if (e.key === AUDITOR_KEY || e.key === null) on.value = readAuditorMode(storage())
  })
}

/** 审计模式: whether every object's 链上详情 starts open, and the setter that remembers it. */
export function useAuditorMode() {
  return {
    auditor: readonly(on),
    setAuditor(value: boolean) {
      on.value = value
      writeAuditorMode(storage(), value)
    },
  }
}
