import { chmodSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { type Plugin, defineConfig } from 'vite'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string
  dependencies: Record<string, string>
}
const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(pkg.dependencies),
].map((name) => new RegExp(`^${name.replace(/[/.]/g, '\\$&')}(/.*)?$`))

/** npm marks bins executable only at install time; a rebuild replaces the file, so mark it again. */
const executableBin: Plugin = {
  name: 'hookbench-executable-bin',
  writeBundle(options, bundle) {
    for (const file of Object.keys(bundle)) if (file.endsWith('.js')) chmodSync(`${options.dir}/${file}`, 0o755)
  },
}

/** The `hookbench` CLI and web mode: plain Node, no Electron anywhere in its graph. */
export default defineConfig({
  plugins: [executableBin],
  define: { __HOOKBENCH_VERSION__: JSON.stringify(pkg.version) },
  build: {
    ssr: 'src/main/cli/main.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      external,
      output: { entryFileNames: 'hookbench.js', format: 'es', banner: '#!/usr/bin/env node' },
    },
  },
})
