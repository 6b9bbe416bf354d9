#!/usr/bin/env node
// `npm start`: opens the Electron app; where Electron's binary is missing (CI boxes, sandboxes,
// installs made with --ignore-scripts), says so in one line and serves the same UI in web mode.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/cli/hookbench.js']

if (!built.every((file) => existsSync(join(root, file)))) {
  console.log('Building Hookbench first (npm run build)…')
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron')
    return existsSync(candidate) ? candidate : undefined
  }
  const dir = join(root, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : undefined
}

/** The desktop app's binary is downloaded on request; its downloader wants Node 22.12 or later. */
function howToGetElectron() {
  const [major, minor] = process.versions.node.split('.').map(Number)
  const oldNode = major < 22 || (major === 22 && minor < 12)
  const withNode = oldNode ? ` with Node 22.12 or later (this is Node ${process.versions.node})` : ''
  return `For the desktop app, run "npx install-electron" once${withNode}, then npm start again.`
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

const binary = electronBinary()
if (binary) {
  run(binary, [root, ...process.argv.slice(2)])
} else {
  console.log(`Electron's binary is not installed, so Hookbench is starting in web mode instead (open the URL below). ${howToGetElectron()}`)
  run(process.execPath, [join(root, 'out/cli/hookbench.js'), 'serve', ...process.argv.slice(2)])
}
