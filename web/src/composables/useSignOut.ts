import { useRouter } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { ElMessage } from '@/lib/notify'
import { useSessionStore } from '@/stores/session'

/** 退出登录: the server ends the session too (signOut), then it is forgotten here; back home. */
export function useSignOut() {
  const session = useSessionStore()
  const router = useRouter()
  const { t } = useI18n()
  return async function signOut() {
    try {
      await session.signOut()
      ElMessage.success({ message: t('auth.loggedOut'), customClass: 'signed-out' })
    } catch {
      ElMessage.warning(t('auth.signOutLocalOnly'))
    }
    void router.push('/index/')
  }
}
