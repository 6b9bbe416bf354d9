import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../support/paths'

/** `npm start` on a fresh clone: Electron's binary is downloaded on request, so at first there is none. */
/** Runs `npm start`'s script; resolves once web mode printed its URL. `detached`: in a process group of its own, as a terminal runs it. */
async function startScript(detached = false) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-start-'))
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--port', '0', '--receiver-port', '0', '--no-open', '--data-dir', dataDir], {
    cwd: ROOT,
    // A dist folder without the binary, whatever this machine has installed.
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'no-electron-here'), CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const served = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL in time:\n${output}`)), 20_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (/Hookbench UI:\s+http/.test(output)) {
        clearTimeout(timer)
        resolve(output)
      }
    })
  })
  return { child, served, exited, output: () => output }
}

describe('npm start without the Electron binary', () => {
  it('says in one line how to get the desktop app, then serves web mode', async () => {
    const { child, served, exited } = await startScript()
    child.kill('SIGTERM')
    expect(await exited).toBe(0)

    const first = served.split('\n')[0] ?? ''
    expect(first).toContain("Electron's binary is not installed, so Hookbench is starting in web mode instead")
    expect(first).toContain('run "npx install-electron" once')
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number]
    const oldNode = major < 22 || (major === 22 && minor < 12)
    expect(first.includes(`with Node 22.12 or later (this is Node ${process.versions.node})`)).toBe(oldNode)
  })

  it('stops cleanly on a terminal\'s Ctrl+C, which reaches web mode twice (from the terminal and forwarded by the script)', async () => {
    const { child, exited, output } = await startScript(true)
    process.kill(-child.pid!, 'SIGINT')
    expect(await exited).toBe(0)
    expect(output()).not.toContain('stopped at once')
  })
})
