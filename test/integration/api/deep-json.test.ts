import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { serveWeb } from '../../../src/main/web/serve-web'
import { pageHeaders } from '../../support/web-api'

/*
 * 5,000 levels of nesting were accepted into a subscription, and from then on every save of the
 * data file overflowed JSON.stringify: each later config change answered 500 until a restart.
 * Nesting past 64 levels is refused where JSON comes in, and the next normal save works.
 */

const DEEP = 5_000
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`

let opened: OpenedEngine
let web: { url: string; close: () => Promise<void> }
let dataDir = ''
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hookbench-deep-'))
  opened = await openEngine({ dataDir, host: 'web', log: () => {} })
  web = await serveWeb(opened, { host: '127.0.0.1', port: 0, staticDir: mkdtempSync(join(tmpdir(), 'hookbench-static-')) })
})
afterAll(async () => {
  await web.close()
  await opened.close()
})

/** Posts raw JSON text, as a script (or an attacker) may. */
async function post(method: string, text: string) {
  const response = await fetch(new URL(`/api/${method}`, web.url), { method: 'POST', headers: pageHeaders(web.url), body: text })
  return { status: response.status, body: (await response.json()) as { ok: boolean; data?: { id: string }; error?: { code: string; message: string } } }
}

const subscription = (name: string, equals = '"production"') =>
  `{"provider":"generic","name":"${name}","url":"http://127.0.0.1:9/hook","filters":{"where":[{"path":"environment","equals":${equals}}]}}`

describe('deep JSON over the web API', () => {
  it('refuses 5,000 levels in a subscription with a 400 naming the limit; the next save works', async () => {
    const refused = await post('createSubscription', subscription('deep', deepObject(DEEP)))
    expect(refused).toEqual({ status: 400, body: { ok: false, error: expect.objectContaining({ code: 'invalid_input', message: 'Invalid input for createSubscription: nested more than 64 levels deep' }) } })
    const saved = await post('createSubscription', subscription('normal'))
    expect(saved.status).toBe(200)
    const onDisk = JSON.parse(readFileSync(join(dataDir, 'hookbench.json'), 'utf8')) as { subscriptions: Array<{ name: string }> }
    expect(onDisk.subscriptions.map((s) => s.name)).toContain('normal')
    expect(onDisk.subscriptions.map((s) => s.name)).not.toContain('deep')
  })

  it('refuses it in an update, which changes nothing', async () => {
    const { body } = await post('createSubscription', subscription('kept'))
    const id = body.data!.id
    const refused = await post('updateSubscription', `{"id":"${id}","changes":{"name":"renamed","options":${deepObject(DEEP)}}}`)
    expect(refused.status).toBe(400)
    expect(opened.engine.subscriptions.list().find((s) => s.id === id)?.name).toBe('kept')
    expect((await post('updateSubscription', `{"id":"${id}","changes":{"name":"renamed"}}`)).status).toBe(200)
  })

  it('refuses a fired payload nested too deep (JSON text inside the request), and --set values', async () => {
    const body = JSON.stringify({ provider: 'generic', event: 'deployed', body: deepObject(DEEP) })
    expect((await post('previewFire', body)).body.error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/body: the payload is nested more than 64 levels deep/) })
    const set = await post('previewFire', `{"provider":"generic","event":"deployed","set":{"data":${deepObject(DEEP)}}}`)
    expect(set.status).toBe(400)
    expect((await post('previewFire', JSON.stringify({ provider: 'generic', event: 'deployed', body: deepObject(20) }))).status).toBe(200)
  })

  it('takes 64 levels, the limit, in the whole input', async () => {
    // The input, its filters, the where list and the clause hold the value at level 5.
    expect((await post('createSubscription', subscription('at-limit', deepObject(64 - 4)))).status).toBe(200)
    expect((await post('createSubscription', subscription('over', deepObject(64 - 3)))).status).toBe(400)
  })
})

describe('deep JSON through the dispatcher (the IPC path)', () => {
  it('refuses a deeply nested object without overflowing the validator, and stays usable', async () => {
    let options: unknown = 1
    for (let i = 0; i < 100_000; i++) options = { a: options }
    const result = await opened.dispatch('createSubscription', { provider: 'generic', name: 'ipc', url: 'http://127.0.0.1:9/', options })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/nested more than 64 levels deep/) } })
    expect(await opened.dispatch('createSubscription', { provider: 'generic', name: 'ipc', url: 'http://127.0.0.1:9/' })).toMatchObject({ ok: true })
  })
})
