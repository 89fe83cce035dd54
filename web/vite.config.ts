/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, loadEnv } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), '')
  const api = env.VITE_API_URL || 'http://127.0.0.1:8080'
  // Under vitest the components mount without their stylesheets (Node cannot import .css
  // from element-plus, and jsdom lays nothing out).
  const elementPlus = ElementPlusResolver({ importStyle: process.env.VITEST ? false : 'css' })
  return {
    define: {
      __VUE_I18N_FULL_INSTALL__: false,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
    },
    plugins: [
      vue(),
      AutoImport({ resolvers: [elementPlus], dts: 'src/auto-imports.d.ts' }),
      Components({ resolvers: [elementPlus], dts: 'src/components.d.ts', dirs: [] }),
    ],
    resolve: {
      alias: {
        '@': fileURLToPath(new URL('./src', import.meta.url)),
        '@abi': fileURLToPath(new URL('../bindings/abi', import.meta.url)),
      },
    },
    server: {
      fs: { allow: ['..'] },
      proxy: {
        '/graphql': { target: api, changeOrigin: false, ws: true },
        '/config.json': { target: api },
        // Uploaded images (banners, documents' pictures), served by the API.
        '/media': { target: api },
      },
    },
    build: {
      target: 'es2022',
      manifest: true,
      chunkSizeWarningLimit: 800,
    },
    test: {
      environment: 'jsdom',
      include: ['tests/**/*.test.ts'],
      setupFiles: ['tests/setup.ts'],
    },
  }
})
