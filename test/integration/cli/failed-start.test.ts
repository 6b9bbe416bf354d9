import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs'
import { type AddressInfo, connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { commands } from '../../../src/main/cli/commands'
import { serveCommand } from '../../../src/main/cli/commands/serve'
import { disk } from '../../support/failing-disk'
import { CLI_PATH } from '../../support/paths'
import { runCliCaptured } from '../../support/run-cli'

vi.mock('node:fs/promises', async (importOriginal) => (await import('../../support/failing-disk')).failingFs(await importOriginal()))

/*
 * `serve` on a data disk that is full when it starts: the receiver is already listening when the
 * engine finds it cannot save where it listens. The start fails, and nothing is left behind: no
 * receiver answering, no lock, no process.
 */
afterEach(() => {
  disk.fault = undefined
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Whether anything accepts connections on the port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

const cli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = Date.now()
    execFile(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, CI: 'true' }, timeout: 20_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr, ms: Date.now() - started }),
    )
  })

describe('a serve start on a full disk', () => {
  it('in process: the command ends with the cause in words, the receiver is closed and the lock released', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-full-start-'))
    const staticDir = mkdtempSync(join(tmpdir(), 'hookbench-static-'))
    const cwd = tmpdir()
    // A data directory from an earlier start, with its document: then the disk fills up.
    expect((await runCliCaptured(['runs', 'list', '--data-dir', dataDir], { cwd })).code).toBe(0)
    disk.fault = { code: 'ENOSPC', path: /hookbench\.json/ }
    const receiverPort = await freePort()
    const served = await runCliCaptured(['serve', '--port', '0', '--receiver-port', String(receiverPort), '--no-open', '--data-dir', dataDir], {
      cwd,
      all: [serveCommand(staticDir), ...commands],
    })
    expect(served.code).toBe(1)
    expect(served.stderr).toBe(`hookbench serve: Could not save: the disk is full (${join(dataDir, 'hookbench.json')})\n`)
    expect(served.stdout).not.toContain('Hookbench UI')
    expect(await listening(receiverPort)).toBe(false)
    expect(existsSync(join(dataDir, 'hookbench.lock'))).toBe(false)
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('as a process: it exits 1 within seconds, its receiver port free, no lock left', { timeout: 30_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-full-start-'))
    expect((await cli(['runs', 'list', '--data-dir', dataDir])).code).toBe(0)
    // Every write of the document goes through this temporary file: on /dev/full, as on a full disk, it fails with ENOSPC.
    symlinkSync('/dev/full', join(dataDir, 'hookbench.json.tmp'))
    const receiverPort = await freePort()
    const served = await cli(['serve', '--port', '0', '--receiver-port', String(receiverPort), '--no-open', '--data-dir', dataDir])
    expect(served.stderr).toBe(`hookbench serve: Could not save: the disk is full (${join(dataDir, 'hookbench.json')})\n`)
    expect(served.code).toBe(1)
    expect(served.ms).toBeLessThan(10_000)
    expect(await listening(receiverPort)).toBe(false)
    expect(existsSync(join(dataDir, 'hookbench.lock'))).toBe(false)
    // The disk has room again: the next start works.
    const again = await cli(['runs', 'list', '--data-dir', dataDir])
    expect(again.code, again.stderr).toBe(0)
  })
})
