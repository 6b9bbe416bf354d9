import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { type AddressInfo, connect, createServer as createTcpServer } from 'node:net'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postApi } from '../support/web-api'
import { type ChildOptions, type Finished, hookbench, hookbenchToEnd } from './support/child'
import { createTally } from './support/tally'
import { unprivileged } from './support/unprivileged'

/*
 * What happens around the work rather than in it, against the built binary: delays past Node's
 * timer limit across restarts, fires on a disk that takes no writes, locks left by killed
 * processes whose pid came back, and starts that fail.
 */
const timers = createTally('long timers')
const honest = createTally('read-only disk fire')
const locks = createTally('lock owners')
const starts = createTally('failed starts')

/** Counts requests by path, answering each with `answer`. */
let target: Server
let targetUrl = ''
const requests: string[] = []
let answer = 500
beforeAll(async () => {
  target = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      requests.push(req.url ?? '')
      res.writeHead(answer).end()
    })
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const tally of [timers, honest, locks, starts]) tally.flush()
  target.closeAllConnections()
  await new Promise((resolve) => target.close(resolve))
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const newDataDir = () => mkdtempSync(join(tmpdir(), 'hookbench-starts-'))
const hits = (path: string) => requests.filter((url) => url === path).length
const LOCK = 'hookbench.lock'
/** A stack frame or a source location: never in what a user reads. */
const TRACE = /\n\s+at |\bat [\w.<>]+ \(|\.(?:ts|js|mjs):\d+|RangeError|TypeError/

type Answer<T> = { status: number; body: { ok: boolean; data: T; error?: { message: string } } }

/** `hookbench serve` on free ports; `api` calls it as the page does. */
async function serve(dataDir: string, options: ChildOptions = {}, extra: string[] = []) {
  const run = hookbench(['serve', '--port', '0', '--no-open', '--data-dir', dataDir, ...(extra.includes('--receiver-port') ? [] : ['--receiver-port', '0']), ...extra], options)
  const up = await Promise.race([run.printed(/Hookbench UI:\s+http:\/\/\S+/), sleep(20_000).then(() => false)])
  const url = /Hookbench UI:\s+(http:\/\/\S+)/.exec(run.output())?.[1] ?? ''
  return {
    ...run,
    up,
    async api<T = unknown>(method: string, input: unknown = {}): Promise<Answer<T>> {
      const res = await postApi(url, method, input)
      return { status: res.status, body: (await res.json()) as Answer<T>['body'] }
    },
    async stop(): Promise<Finished> {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM')
      const timer = setTimeout(() => run.child.kill('SIGKILL'), 15_000)
      const finished = await run.done
      clearTimeout(timer)
      return finished
    },
  }
}
type Serve = Awaited<ReturnType<typeof serve>>

async function freePort(): Promise<number> {
  const server = createTcpServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

describe('delays past 2^31 ms (about 24.8 days) in hookbench serve', () => {
  const LONG = 3e9

  it('a 3e9 ms fixed and exponential retry and a controller with interval and timeout of 3e9 ms: nothing comes due within seconds, before or after a restart', async () => {
    const seen = timers.failures.length
    const dataDir = newDataDir()
    let server = await serve(dataDir)
    timers.check('serve started', server.up ? undefined : server.output())
    const create = (name: string, provider: string, retry?: unknown) => server.api<{ id: string }>('createSubscription', { name, url: `${targetUrl}/${name}`, provider, ...(retry !== undefined && { retry }) })
    const fixed = await create('timers-fixed', 'divshot', { preset: 'fixed', delaysMs: [LONG] })
    const exponential = await create('timers-exponential', 'divshot', { preset: 'exponential', baseMs: LONG, capMs: LONG, maxAttempts: 3 })
    await create('timers-heartbeat', 'ocean-cd')
    const controller = await server.api('saveController', { clusterId: 'slow-1', intervalMs: LONG, timeoutMs: LONG })
    timers.check('a controller of 3e9 ms is taken', controller.status === 200 ? undefined : JSON.stringify(controller.body))
    await server.api('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [fixed.body.data.id, exponential.body.data.id] })
    const firstTwo = await Promise.race([
      (async () => {
        while (hits('/timers-fixed') + hits('/timers-exponential') < 2) await sleep(20)
        return true
      })(),
      sleep(10_000).then(() => false),
    ])
    timers.check('the first attempts went out', firstTwo ? undefined : `requests: ${requests.join(' ')}`)

    const check = async (when: string) => {
      await sleep(2_000)
      timers.check(`${when}: the 3e9 ms fixed retry did not come`, hits('/timers-fixed') === 1 ? undefined : `${hits('/timers-fixed')} requests`)
      timers.check(`${when}: the 3e9 ms exponential retry did not come`, hits('/timers-exponential') === 1 ? undefined : `${hits('/timers-exponential')} requests`)
      timers.check(`${when}: no heartbeat failure from a 3e9 ms timeout`, hits('/timers-heartbeat') === 0 ? undefined : `${hits('/timers-heartbeat')} requests`)
      const pending = await server.api<{ counts: { pendingDeliveries: number } }>('getStatus')
      timers.check(`${when}: both deliveries still wait`, pending.body.data.counts.pendingDeliveries === 2 ? undefined : JSON.stringify(pending.body.data.counts))
    }
    await check('at once')
    let stopped = await server.stop()
    timers.check('serve stopped on SIGTERM', stopped.code === 0 ? undefined : `exit ${stopped.code ?? stopped.signal}`)
    // The settings are saved: a restart must wait on, not storm.
    server = await serve(dataDir)
    timers.check('serve started again', server.up ? undefined : server.output())
    await check('after a restart')
    stopped = await server.stop()
    timers.check('no TimeoutOverflowWarning', /TimeoutOverflowWarning/.test(stopped.stderr) ? stopped.stderr.slice(0, 300) : undefined)
    expect(timers.failures.slice(seen)).toEqual([])
  }, 90_000)

  it('delays past 10 years are refused where they are set, with the reason; serve goes on', async () => {
    const seen = timers.failures.length
    const server = await serve(newDataDir())
    const past = 10 * 365 * 24 * 3_600_000 + 1
    const refusals: Array<[string, string, unknown]> = [
      ['fixed retry delay', 'createSubscription', { name: 'x', url: targetUrl, provider: 'divshot', retry: { preset: 'fixed', delaysMs: [past] } }],
      ['exponential cap', 'createSubscription', { name: 'x', url: targetUrl, provider: 'divshot', retry: { preset: 'exponential', capMs: past } }],
      ['controller interval', 'saveController', { clusterId: 'c-1', intervalMs: past }],
      ['controller timeout', 'saveController', { clusterId: 'c-1', timeoutMs: past }],
      ['receiver delay', 'saveEndpoint', { name: 'slow', response: { delayMs: LONG } }],
    ]
    for (const [label, method, input] of refusals) {
      const answered = await server.api(method, input)
      const message = answered.body.error?.message ?? ''
      timers.check(`${label} past its limit refused 400 in words`, answered.status === 400 && /is too big: at most|at most [0-9]/.test(message) && !TRACE.test(message) ? undefined : `${answered.status} ${message}`)
    }
    timers.check('serve still answers', (await server.api('getStatus')).status === 200 ? undefined : 'no')
    await server.stop()
    expect(timers.failures.slice(seen)).toEqual([])
  })
})

describe('fires on a data directory that takes no writes', () => {
  const FIRES = 20

  it(`${FIRES} fires answered 503 are never sent, now or after a restart; the one fired once the disk is back is sent once`, async () => {
    const seen = honest.failures.length
    answer = 200
    const dataDir = newDataDir()
    const as = unprivileged()
    let server: Serve = await serve(dataDir, as)
    const sub = await server.api<{ id: string }>('createSubscription', { name: 'honest', url: `${targetUrl}/honest`, provider: 'generic' })
    const fire = () => server.api('fireEvent', { provider: 'generic', event: 'deploy.succeeded', subscriptionIds: [sub.body.data.id] })
    const frozen = [dataDir, join(dataDir, 'deliveries.index.data')].filter(existsSync)
    for (const path of frozen) chmodSync(path, 0o555)
    try {
      for (let i = 0; i < FIRES; i++) {
        const fired = await fire()
        const message = fired.body.error?.message ?? ''
        honest.check(`fire ${i + 1} on a read-only disk answered 503 in words`, fired.status === 503 && message.startsWith('Could not save: ') && !TRACE.test(message) ? undefined : `${fired.status} ${message}`)
      }
      await sleep(500)
      honest.check('none of them was sent', hits('/honest') === 0 ? undefined : `${hits('/honest')} sent`)
    } finally {
      for (const path of frozen) chmodSync(path, 0o700)
    }
    const after = await fire()
    honest.check('the fire after the disk is back answered 200', after.status === 200 ? undefined : `${after.status}`)
    await sleep(500)
    honest.check('and sent once', hits('/honest') === 1 ? undefined : `${hits('/honest')} sent`)
    await server.stop()
    server = await serve(dataDir, as)
    await sleep(1_000)
    honest.check('a restart sends nothing refused', hits('/honest') === 1 ? undefined : `${hits('/honest')} sent`)
    const listed = await server.api<{ items: Array<{ status: string; reason?: string }> }>('listDeliveries', { limit: 100 })
    const cancelled = listed.body.data.items.filter((d) => d.status === 'cancelled' && d.reason?.startsWith('not sent: Could not save')).length
    honest.check('the refused fires are listed as not sent', cancelled === FIRES ? undefined : `${cancelled} listed as not sent`)
    await server.stop()
    answer = 500
    expect(honest.failures.slice(seen)).toEqual([])
  }, 90_000)
})

describe('locks left by killed processes', () => {
  const lockOf = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, LOCK), 'utf8')) as { pid: number; nonce: string; startTime?: string }

  it("serve SIGKILLed, restarted under the same pid (the shell that edits the lock execs it), starts: its own pid's lock is a dead predecessor's", async () => {
    const seen = locks.failures.length
    const dataDir = newDataDir()
    const first = await serve(dataDir)
    first.child.kill('SIGKILL')
    await first.done
    const stale = lockOf(dataDir)
    locks.check('SIGKILL leaves the lock', stale.pid === first.child.pid ? undefined : JSON.stringify(stale))
    // `$$` is the shell's pid, which `exec` hands to node: the lock names the restarted process itself.
    const via = ['sh', '-c', `sed -i 's/"pid":[0-9]*/"pid":'$$'/' "${join(dataDir, LOCK)}"; exec "$@"`, 'sh']
    const again = await serve(dataDir, { via })
    locks.check('restarted under the pid its lock names: starts', again.up ? undefined : again.output())
    const taken = existsSync(join(dataDir, LOCK)) ? lockOf(dataDir) : undefined
    locks.check('the lock is the new one', taken !== undefined && taken.pid === again.child.pid && taken.nonce !== stale.nonce ? undefined : JSON.stringify(taken))
    const stopped = await again.stop()
    locks.check('and released at its stop', stopped.code === 0 && !existsSync(join(dataDir, LOCK)) ? undefined : `exit ${stopped.code}`)
    expect(locks.failures.slice(seen)).toEqual([])
  }, 60_000)

  it("a container's PID 1 (a PID namespace, where unshare can make one) restarted after SIGKILL starts", async () => {
    const seen = locks.failures.length
    const namespace = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child=SIGKILL']
    if (spawnSync(namespace[0]!, [...namespace.slice(1), 'true']).status !== 0) {
      locks.note('a real PID 1 not tried: unshare cannot make a PID namespace here (the shell above stands in)')
      return
    }
    const dataDir = newDataDir()
    const first = await serve(dataDir, { via: namespace })
    locks.check('PID 1: started', first.up && lockOf(dataDir).pid === 1 ? undefined : first.output())
    // unshare's death SIGKILLs its child, PID 1 of the namespace.
    first.child.kill('SIGKILL')
    await first.done
    await sleep(300)
    const again = await serve(dataDir, { via: namespace })
    locks.check('PID 1 again, after SIGKILL: starts', again.up && lockOf(dataDir).pid === 1 ? undefined : again.output())
    again.child.kill('SIGKILL')
    await again.done
    locks.note('a real PID 1 in a PID namespace (unshare) restarted after SIGKILL')
    expect(locks.failures.slice(seen)).toEqual([])
  }, 60_000)

  it('a lock naming a live process that started later than its holder is taken over; one naming a live holder keeps the directory', async () => {
    const seen = locks.failures.length
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    const reused = newDataDir()
    writeFileSync(join(reused, LOCK), JSON.stringify({ pid: process.pid, host: hostname(), purpose: 'hookbench web', nonce: 'old', bootId, startTime: '1' }))
    const listed = await hookbenchToEnd(['runs', 'list', '--data-dir', reused])
    locks.check('pid reused by a live process: taken over', listed.code === 0 && !existsSync(join(reused, LOCK)) ? undefined : `exit ${listed.code}: ${listed.stderr}`)

    const held = newDataDir()
    const holder = await serve(held)
    const second = await hookbenchToEnd(['fire', 'divshot', 'release', '--to', `${targetUrl}/x`, '--data-dir', held])
    locks.check('a live holder: a second process refused in words', second.code === 2 && /in use by another Hookbench \(hookbench web, pid \d+\)/.test(second.stderr) && !TRACE.test(second.stderr) ? undefined : `exit ${second.code}: ${second.stderr}`)
    await holder.stop()
    expect(locks.failures.slice(seen)).toEqual([])
  }, 60_000)

  it('the drafts and takeover claims that killed starts left are removed by the next start', async () => {
    const seen = locks.failures.length
    const dataDir = newDataDir()
    const longAgo = new Date(Date.now() - 60_000)
    for (const name of [`${LOCK}.4242-0c0ffee0-0000-4000-8000-000000000000`, `${LOCK}.takeover-0123456789abcdef`]) {
      writeFileSync(join(dataDir, name), '')
      utimesSync(join(dataDir, name), longAgo, longAgo)
    }
    const listed = await hookbenchToEnd(['runs', 'list', '--data-dir', dataDir])
    const left = readdirSync(dataDir).filter((name) => name.startsWith(`${LOCK}`))
    locks.check('leftover lock files removed', listed.code === 0 && left.length === 0 ? undefined : `exit ${listed.code}, left: ${left.join(' ')}`)
    expect(locks.failures.slice(seen)).toEqual([])
  })
})

describe('starts that fail', () => {
  /** A data directory from an earlier start whose disk is now full: every write of the document fails with ENOSPC. */
  async function fullDisk(): Promise<string> {
    const dataDir = newDataDir()
    await hookbenchToEnd(['runs', 'list', '--data-dir', dataDir])
    symlinkSync('/dev/full', join(dataDir, 'hookbench.json.tmp'))
    return dataDir
  }

  const commands: Array<[string, (dataDir: string, port: number) => string[]]> = [
    ['serve', (dataDir, port) => ['serve', '--port', '0', '--receiver-port', String(port), '--no-open', '--data-dir', dataDir]],
    ['fire', (dataDir) => ['fire', 'divshot', 'release', '--to', `${targetUrl}/full`, '--data-dir', dataDir]],
    ['resume', (dataDir) => ['resume', '--data-dir', dataDir]],
    ['run', (dataDir) => ['run', 'divshot-release', '--time-scale', '0', '--data-dir', dataDir]],
  ]

  it.each(commands)('%s on a full disk exits within seconds, in words, leaving no receiver and no lock', async (name, args) => {
    const seen = starts.failures.length
    const dataDir = await fullDisk()
    const port = await freePort()
    const started = Date.now()
    const finished = await hookbenchToEnd(args(dataDir, port), 20_000)
    const ms = Date.now() - started
    starts.check(`${name} on a full disk: exits non-zero by itself`, finished.code === 1 || finished.code === 2 ? undefined : `exit ${finished.code ?? finished.signal}: ${finished.stderr.slice(0, 300)}`)
    starts.check(`${name} on a full disk: within 10 s`, ms < 10_000 ? undefined : `${ms} ms`)
    starts.check(`${name} on a full disk: says the disk is full, no trace`, /the disk is full/.test(finished.stderr) && !TRACE.test(finished.stderr) ? undefined : finished.stderr.slice(0, 300))
    starts.check(`${name} on a full disk: no lock left`, existsSync(join(dataDir, LOCK)) ? 'lock left' : undefined)
    if (name === 'serve') starts.check('serve on a full disk: its receiver port closed', (await listening(port)) ? 'still listening' : undefined)
    expect(starts.failures.slice(seen)).toEqual([])
  }, 60_000)

  it('serve with its UI port or receiver port taken exits 2 in words, with nothing left listening and no lock', async () => {
    const seen = starts.failures.length
    const busy = createTcpServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const busyPort = (busy.address() as AddressInfo).port
    try {
      for (const [label, flag] of [['UI port', '--port'], ['receiver port', '--receiver-port']] as const) {
        const dataDir = newDataDir()
        const other = await freePort()
        const ports = flag === '--port' ? ['--port', String(busyPort), '--receiver-port', String(other)] : ['--port', String(other), '--receiver-port', String(busyPort)]
        const finished = await hookbenchToEnd(['serve', ...ports, '--no-open', '--data-dir', dataDir], 20_000)
        starts.check(`${label} taken: exit 2 in words`, finished.code === 2 && /already in use/.test(finished.stderr) && !TRACE.test(finished.stderr) ? undefined : `exit ${finished.code}: ${finished.stderr}`)
        starts.check(`${label} taken: the other port closed`, (await listening(other)) ? 'still listening' : undefined)
        starts.check(`${label} taken: no lock left`, existsSync(join(dataDir, LOCK)) ? 'lock left' : undefined)
      }
    } finally {
      await new Promise((resolve) => busy.close(resolve))
    }
    expect(starts.failures.slice(seen)).toEqual([])
  }, 60_000)
})
