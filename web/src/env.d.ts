/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Block explorer base URL, e.g. https://etherscan.io; tx links are `${url}/tx/${hash}`. */
  readonly VITE_EXPLORER_URL?: string
  /** API base for the dev server's proxy (default http://127.0.0.1:8080). */
  readonly VITE_API_URL?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
