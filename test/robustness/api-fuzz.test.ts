import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiContract, apiMethods } from '../../src/shared/api/contract'
import { seededRandom } from '../../src/shared/core/seeded-random'
import { type OpenedEngine, openEngine } from '../../src/main/host/open-engine'
import { serveWeb } from '../../src/main/web/serve-web'
import { type ServeProcess, startServe } from '../support/serve-process'
import { type HostileBody, deepObject, fieldBodies, genericBodies } from './support/hostile-json'
import { type HttpAnswer, keepCalling, postRaw } from './support/http-call'
import { leakIn } from './support/leaks'
import { inputKeys } from './support/schema-keys'
import { createTally } from './support/tally'
import { everyFieldHostile, mutations } from './support/mutate'
import { VALID_INPUTS } from './support/valid-inputs'

/**
 * The slowest a plain getStatus may answer while the fuzzing runs next to it: the engine is not
 * wedged by it. Generous, as the 2 cores are shared with the rest of the suite.
 */
const NORMAL_REQUEST_BOUND_MS = 5_000

/** Seeded mutations of each method's valid input (a field made hostile, or a hostile key added). */
const MUTATIONS_PER_METHOD = 40

const tally = createTally('API fuzzing (web mode)')
afterAll(() => tally.flush())

/**
 * What a hostile body may get back: a 4xx with a JSON error that says what is wrong and names no
 * file, or (for input the schema really accepts) an ordinary answer. Never a 5xx, never a trace.
 */
function judge(method: string, sent: HostileBody, answer: HttpAnswer, dataDir: string): string | undefined {
  const leak = leakIn(answer.body, [dataDir])
  if (answer.status === -1) return sent.body.length > 10 * 1024 * 1024 ? undefined : `connection ${answer.body}`
  if (answer.status >= 500) return `status ${answer.status}: ${answer.body.slice(0, 300)}`
  if (answer.status >= 200 && answer.status < 300) {
    if (sent.malformed) return 'malformed JSON was accepted'
    const parsed = parseJson(sent.body)
    if (!parsed.ok || !apiContract[method as keyof typeof apiContract].input.safeParse(parsed.value ?? {}).success) return `accepted input its schema refuses (status ${answer.status})`
    return undefined
  }
  if (answer.status < 400) return `status ${answer.status}`
  let error: { message?: unknown } | undefined
  try {
    error = (JSON.parse(answer.body) as { error?: { message?: unknown } }).error
  } catch {
    return `a ${answer.status} without a JSON error: ${answer.body.slice(0, 200)}`
  }
  if (typeof error?.message !== 'string' || error.message.length === 0) return `a ${answer.status} without a message`
  if (leak) return leak
  return undefined
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) }
  } catch {
    return { ok: false }
  }
}

/**
 * Every method with the generic hostile bodies and its own fields' hostile values (seeded); built
 * a method at a time, so the 10 MB bodies never pile up in memory nor stall the test's own loop.
 */
function* casesFor(seed: string, fieldsToo: boolean): Generator<{ method: string; sent: HostileBody }> {
  const random = seededRandom(seed)
  for (const method of apiMethods) {
    for (const sent of genericBodies()) yield { method, sent }
    if (!fieldsToo) continue
    for (const sent of fieldBodies(inputKeys(apiContract[method].input), random)) yield { method, sent }
    for (const sent of everyFieldHostile(VALID_INPUTS[method])) yield { method, sent }
    for (const sent of mutations(VALID_INPUTS[method], MUTATIONS_PER_METHOD, random)) yield { method, sent }
  }
}

describe('every API method over HTTP, in-process web server', () => {
  let opened: OpenedEngine
  let web: { url: string; close: () => Promise<void> }
  let dataDir = ''

  beforeAll(async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'hookbench-static-'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Hookbench</title>')
    dataDir = mkdtempSync(join(tmpdir(), 'hookbench-fuzz-'))
    opened = await openEngine({ dataDir, host: 'web', log: () => {} })
    web = await serveWeb(opened, { host: '127.0.0.1', port: 0, staticDir })
  })
  afterAll(async () => {
    await web.close()
    await opened.close()
  })

  it('answers every hostile body with a clear 4xx (or accepts what its schema accepts), no trace, and stays fast', async () => {
    const seen = tally.failures.length
    let current = ''
    const normal = keepCalling(new URL('/api/getStatus', web.url).href, 50, () => current)
    let count = 0
    for (const { method, sent } of casesFor('api-fuzz-1', true)) {
      current = `${method} ← ${sent.label}`
      const answer = await postRaw(new URL(`/api/${method}`, web.url).href, sent.body)
      tally.check(current, judge(method, sent, answer, dataDir))
      count++
    }
    const { slowestMs, calls, errors, slowest } = await normal.stop()
    tally.note(`${count} hostile bodies over ${apiMethods.length} methods; slowest concurrent getStatus ${slowestMs} ms over ${calls} calls`)
    expect(tally.failures.slice(seen)).toEqual([])
    expect(errors).toEqual([])
    expect(slowestMs, slowest).toBeLessThan(NORMAL_REQUEST_BOUND_MS)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  }, 120_000)

  it('still saves settings and subscriptions after the fuzzing (nothing it sent broke a later write)', async () => {
    const settings = await postRaw(new URL('/api/updateSettings', web.url).href, Buffer.from('{"history":{"deliveries":5000}}'))
    tally.check('updateSettings after fuzzing', settings.status === 200 ? undefined : `status ${settings.status}: ${settings.body.slice(0, 300)}`)
    const created = await postRaw(new URL('/api/createSubscription', web.url).href, Buffer.from(JSON.stringify({ name: 'after fuzz', url: 'http://127.0.0.1:9/hooks', provider: 'divshot' })))
    tally.check('createSubscription after fuzzing', created.status === 200 ? undefined : `status ${created.status}: ${created.body.slice(0, 300)}`)
    expect(settings.status).toBe(200)
    expect(created.status).toBe(200)
  })

  it('refuses 5,000-deep JSON in a subscription filter, so every later save still works', async () => {
    const deep = `{"name":"deep","url":"http://127.0.0.1:9/h","provider":"divshot","filters":{"where":[{"path":"payload.x","equals":${deepObject(5_000)}}]}}`
    const created = await postRaw(new URL('/api/createSubscription', web.url).href, Buffer.from(deep))
    tally.check('createSubscription with a 5,000-deep filter value', created.status >= 400 && created.status < 500 ? undefined : `status ${created.status}: ${created.body.slice(0, 200)}`)
    const settings = await postRaw(new URL('/api/updateSettings', web.url).href, Buffer.from('{"history":{"captures":5000}}'))
    tally.check('updateSettings after deep options', settings.status === 200 ? undefined : `status ${settings.status}: ${settings.body.slice(0, 200)}`)
    expect(created.status).toBe(400)
    expect(settings.status).toBe(200)
  })
})

describe('every API method against a spawned `hookbench serve`', () => {
  let serve: ServeProcess
  beforeAll(async () => {
    serve = await startServe()
  })
  afterAll(async () => {
    await serve.stop()
  })

  it('answers the generic hostile bodies with clear 4xx, prints no trace and stays up', async () => {
    const seen = tally.failures.length
    let current = ''
    const normal = keepCalling(new URL('/api/getStatus', serve.url).href, 50, () => current)
    let count = 0
    for (const { method, sent } of casesFor('api-fuzz-serve', false)) {
      current = `serve: ${method} ← ${sent.label}`
      const answer = await postRaw(new URL(`/api/${method}`, serve.url).href, sent.body)
      tally.check(current, judge(method, sent, answer, serve.dataDir))
      count++
    }
    const { slowestMs, slowest, errors } = await normal.stop()
    tally.check('serve still running', serve.child.exitCode === null ? undefined : `exited with ${serve.child.exitCode}`)
    tally.check('serve printed no stack trace', leakIn(serve.output().replaceAll(serve.dataDir, '<data dir>'), []))
    tally.note(`${count} bodies against hookbench serve; slowest concurrent getStatus ${slowestMs} ms`)
    expect(tally.failures.slice(seen)).toEqual([])
    expect(errors).toEqual([])
    expect(slowestMs, slowest).toBeLessThan(NORMAL_REQUEST_BOUND_MS)
  }, 120_000)
})
