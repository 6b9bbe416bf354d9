import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BARE_SERVER = fileURLToPath(new URL('../fixtures/bare-server.mjs', import.meta.url))
const TETHERED = fileURLToPath(new URL('../fixtures/tethered.mjs', import.meta.url))

/** Every child still running; all are killed when this process exits, however the bench ended. */
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export interface Child {
  process: ChildProcess
  /** Everything it printed so far (stdout and stderr). */
  output(): string
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>
}

/**
 * Starts `node <args>` with its stdin a pipe from us: the children exit when that pipe closes,
 * so they die with the bench even if it is killed outright.
 */
function startNode(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, CI: 'true', ...env } })
  running.add(child)
  child.once('exit', () => running.delete(child))
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return {
    process: child,
    output: () => output,
    stop: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        child.kill('SIGTERM')
        child.stdin?.end()
      }),
  }
}

/** Waits until the child's output matches `pattern` (bounded), and returns the match. */
export function waitForOutput(child: Child, pattern: RegExp, what: string, timeoutMs = 30_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error, match?: RegExpExecArray) => {
      clearTimeout(timer)
      child.process.stdout?.off('data', check)
      child.process.off('exit', exited)
      if (error) reject(error)
      else resolve(match as RegExpExecArray)
    }
    const check = () => {
      const match = pattern.exec(child.output())
      if (match) done(undefined, match)
    }
    const exited = (code: number | null) => done(new Error(`${what} exited (code ${code}) before it was ready:\n${child.output()}`))
    const timer = setTimeout(() => done(new Error(`${what} was not ready within ${timeoutMs} ms:\n${child.output()}`)), timeoutMs)
    child.process.stdout?.on('data', check)
    child.process.once('exit', exited)
    check()
  })
}

/** The bare node:http sink (answers 200) in a child process. */
export async function startBareServer(): Promise<{ url: string; child: Child }> {
  const child = startNode([BARE_SERVER])
  try {
    const match = await waitForOutput(child, /port (\d+)/, 'the bare server')
    return { url: `http://127.0.0.1:${match[1]}/`, child }
  } catch (error) {
    await child.stop()
    throw error
  }
}

/** `node <cli> <args>` behind the tether (see fixtures/tethered.mjs); `saySpawn`: it prints when it spawned the child (`spawnedAt`). */
export function startTetheredNode(args: string[], options: { saySpawn?: boolean } = {}): Child {
  return startNode([TETHERED, ...args], options.saySpawn ? { TETHER_SAY_SPAWN: '1' } : {})
}

/** When the tether spawned its child (epoch ms, as `performance.timeOrigin + performance.now()`), once it said so. */
export async function spawnedAt(child: Child): Promise<number> {
  const [, at] = await waitForOutput(child, /tethered: spawned at ([\d.]+)/, 'the tether')
  return Number(at)
}
