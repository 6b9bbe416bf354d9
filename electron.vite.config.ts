import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { CONTENT_SECURITY_POLICY_META_TAG } from './src/shared/content-security-policy'
import { senderWorker } from './vite.sender-worker.js'

const root = dirname(fileURLToPath(import.meta.url))
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }
const sender = senderWorker()
const define = { __HOOKBENCH_VERSION__: JSON.stringify(pkg.version) }

/** The page's CSP `<meta>` tag comes from the one policy web mode and `app://` send as a header. */
const contentSecurityPolicy: Plugin = {
  name: 'hookbench-content-security-policy',
  transformIndexHtml: () => [CONTENT_SECURITY_POLICY_META_TAG],
}

export default defineConfig({
  main: {
    define: { ...define, ...sender.define },
    plugins: [sender.plugin],
    build: {
      // The engine's sending thread is a script of its own beside index.js.
      rollupOptions: { input: { index: resolve(root, 'src/main/electron/main.ts'), 'sender-worker': resolve(root, sender.input['sender-worker']!) } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() packages: inline zod and emit one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
    plugins: [react(), contentSecurityPolicy],
  },
})
