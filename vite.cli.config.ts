import { spawnSync } from 'node:child_process'
import { chmodSync, readFileSync, readdirSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, resolve } from 'node:path'
import { type Plugin, build, defineConfig } from 'vite'
import { pureSchemas } from './vite.pure-schemas.js'
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

/**
 * The CLI is built as CommonJS, with a package.json beside it saying so (the project's own says
 * "module"): Node starts a CommonJS entry without its ES module loader, ~5 ms sooner for every
 * command (`--version` 1.16x -> 1.09x a bare `node -e 0` here); a command's chunk is then a
 * require() when it runs.
 */
const commonJsFolder: Plugin = {
  name: 'hookbench-commonjs-folder',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'package.json', source: `${JSON.stringify({ type: 'commonjs' })}\n` })
  },
}

const define = { __HOOKBENCH_VERSION__: JSON.stringify(pkg.version) }
const CHECK_SOURCE = resolve('src/main/cli/scenario-check.ts')
const CHECK_BUNDLE = 'scenario-check.cjs'
const VIRTUAL_CHECK = '\0compiled-scenario-check'

/**
 * `scenarios validate` starts mostly compiling the parser, zod and yaml (Node 20 keeps no compile
 * cache of its own). Here its parser (scenario-check.ts, as the command imports it) becomes a
 * CommonJS bundle of its own with V8's code cache made at build time, loaded on first use
 * through compiled-script.ts; every other importer keeps the shared chunks.
 */
const compiledScenarioCheck: Plugin = {
  name: 'hookbench-compiled-scenario-check',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source === '../scenario-check' && importer === resolve('src/main/cli/commands/scenarios-validate.ts')) return VIRTUAL_CHECK
    return null
  },
  load(id) {
    if (id !== VIRTUAL_CHECK) return null
    return [
      `import { dirname, join } from 'node:path'`,
      `import { fileURLToPath } from 'node:url'`,
      `import { loadCompiled } from ${JSON.stringify(resolve('src/main/cli/compiled-script.ts'))}`,
      `let check`,
      `const load = () => (check ??= loadCompiled(join(dirname(fileURLToPath(import.meta.url)), ${JSON.stringify(CHECK_BUNDLE)})).scenarioCheck)`,
      `export const scenarioCheck = new Proxy({}, { get: (_, key) => load()[key] })`,
    ].join('\n')
  },
  async writeBundle(options) {
    const dir = join(options.dir!, 'chunks')
    await build({
      configFile: false,
      logLevel: 'warn',
      plugins: [pureSchemas(resolve('src/shared'))],
      // No key descriptions in this parser: it reads none (scenario.ts, doc).
      define: { ...define, __HOOKBENCH_SCHEMA_DOCS__: 'false' },
      ssr: { noExternal: true },
      build: {
        ssr: CHECK_SOURCE,
        outDir: dir,
        emptyOutDir: false,
        target: 'node20',
        rollupOptions: { external, output: { format: 'cjs', entryFileNames: CHECK_BUNDLE } },
      },
    })
    const env = { ...process.env }
    delete env.NODE_OPTIONS
    const trained = spawnSync(process.execPath, [resolve('scripts/code-cache.mjs'), join(dir, CHECK_BUNDLE), resolve('examples')], { env, encoding: 'utf8' })
    if (trained.status !== 0) throw new Error(`making the code cache of ${CHECK_BUNDLE} failed:\n${trained.stderr}`)
    if (!readdirSync(dir).includes(`${CHECK_BUNDLE}.v8cache`)) throw new Error(`no code cache for ${CHECK_BUNDLE}`)
  },
}

const sender = senderWorker()

/**
 * The `hookbench` CLI and web mode: plain Node, no Electron anywhere in its graph. The entry is
 * small (arguments, help, version); each command is a chunk loaded when it runs (command-list.ts).
 * CommonJS, see commonJsFolder.
 * sender-worker.js, beside it, is the engine's sending thread.
 */
export default defineConfig({
  plugins: [executableBin, commonJsFolder, compiledScenarioCheck, sender.plugin],
  define: { ...define, ...sender.define },
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
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        format: 'cjs',
        banner: (chunk) => (chunk.isEntry && chunk.name === 'hookbench' ? '#!/usr/bin/env node' : ''),
        // scenario-check.ts in a chunk of its own: merged into one `scenarios validate` imports, it
        // would load the shared parser beside the compiled one (compiledScenarioCheck).
        codeSplitting: { groups: [{ name: 'scenario-check', test: /\/src\/main\/cli\/scenario-check\.ts$/, includeDependenciesRecursively: false }] },
      },
    },
  },
})
