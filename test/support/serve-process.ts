import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLI_PATH } from './paths'
import { pageHeaders } from './web-api'

export interface ServeProcess {
  url: string
  dataDir: string
  child: ChildProcess
  output(): string
  stop(): Promise<number | null>
  /** Calls an API method the way a script would (no Origin header). */
  api<T = unknown>(method: string, input?: unknown): Promise<T>
}

/** Starts the built `hookbench serve` on free ports with a fresh data directory. */
export async function startServe(extraArgs: string[] = [], dataDir = mkdtempSync(join(tmpdir(), 'hookbench-e2e-'))): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--receiver-port', '0', '--no-open', '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true' },
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in time:\n${output}`)), 15_000)
    const check = () => {
      const match = /Hookbench UI:\s+(http:\/\/\S+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    dataDir,
    child,
    output: () => output,
    async api<T>(method: string, input: unknown = {}) {
      // As the page calls it: its Origin (calls that change something need one).
      const token = new URL(url).searchParams.get('token')
      const headers = { ...pageHeaders(url), ...(token && { Authorization: `Bearer ${token}` }) }
      const res = await fetch(new URL(`/api/${method}`, url), { method: 'POST', headers, body: JSON.stringify(input) })
      const result = (await res.json()) as { ok: boolean; data: T; error?: { message: string } }
      if (!result.ok) throw new Error(`${method}: ${result.error?.message}`)
      return result.data
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => resolve(code))
        child.kill('SIGTERM')
      }),
  }
}
