import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CLI_PATH = join(ROOT, 'out', 'cli', 'hookbench.js')
const BUILT = [CLI_PATH, join(ROOT, 'out', 'renderer', 'index.html')]
/** What the build is made from: newer than the build means it must be built again. */
const SOURCES = ['src', 'package.json', 'package-lock.json', 'electron.vite.config.ts', 'vite.cli.config.ts', 'vite.sender-worker.ts', 'vite.pure-schemas.ts', 'scripts/code-cache.mjs']

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** Why the build is missing or stale, or undefined when it is up to date. */
export function buildStaleness(): string | undefined {
  const missing = BUILT.find((file) => !existsSync(file))
  if (missing) return `${missing} is missing`
  const built = Math.min(...BUILT.map((file) => statSync(file).mtimeMs))
  const stale = SOURCES.map((s) => join(ROOT, s)).find((s) => existsSync(s) && newestMtime(s) > built)
  return stale ? `${stale} changed after the last build` : undefined
}

/** Runs `npm run build` when the built CLI or renderer is missing or older than the sources. */
export function ensureBuild(log: (line: string) => void): void {
  const why = buildStaleness()
  if (!why) return log('bench: build is up to date')
  log(`bench: building (${why})…`)
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    timeout: 10 * 60_000,
  })
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal ?? result.error?.message})`)
}
