import { chmodSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { type Plugin, defineConfig } from 'vite'
import { senderWorker } from './vite.sender-worker.js'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }
/**
 * Only Node's own modules stay outside the bundle: the dependencies (zod, yaml, fastify…) are
 * bundled in, so a start reads a few files instead of resolving and loading hundreds (web mode
 * answers ~25 % sooner). They stay in package.json for the desktop app's build.
 */
const external = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)].map((name) => new RegExp(`^${name.replace(/[/.]/g, '\\$&')}(/.*)?$`))

/** npm marks bins executable only at install time; a rebuild replaces the file, so mark it again. */
const executableBin: Plugin = {
  name: 'hookbench-executable-bin',
  writeBundle(options, bundle) {
    for (const file of Object.keys(bundle)) if (file.endsWith('.js')) chmodSync(`${options.dir}/${file}`, 0o755)
  },
}

const sender = senderWorker()

/**
 * The `hookbench` CLI and web mode: plain Node, no Electron anywhere in its graph. The entry is
 * small (arguments, help, version); each command is a chunk loaded when it runs (command-list.ts).
 * sender-worker.js, beside it, is the engine's sending thread.
 */
export default defineConfig({
  plugins: [executableBin, sender.plugin],
  define: { __HOOKBENCH_VERSION__: JSON.stringify(pkg.version), ...sender.define },
  ssr: { noExternal: true },
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      external,
      input: { hookbench: 'src/main/cli/main.ts', ...sender.input },
      output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'es', banner: (chunk) => (chunk.isEntry && chunk.name === 'hookbench' ? '#!/usr/bin/env node' : '') },
    },
  },
})
