// Element Plus's imperative services, with their styles (components used in templates
// get theirs from unplugin-vue-components).
import { ElMessage, ElMessageBox, ElNotification } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/notification/style/css'

export { ElMessage, ElMessageBox, ElNotification }
