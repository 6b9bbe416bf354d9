import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type ApiMethod, ipcChannel } from '../../../src/shared/api/contract'
import type { ApiError, Result } from '../../../src/shared/result'
import type { Delivery } from '../../../src/shared/schemas/delivery'
import { registerIpcHandlers } from '../../../src/main/electron/ipc'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { secretFingerprint } from '../../../src/main/signing/hmac'
import { serveWeb } from '../../../src/main/web/serve-web'
import { runCliCaptured } from '../../support/run-cli'

// The desktop shell's IPC handlers, without Electron: they take an `ipcMain` and the dispatcher.
vi.mock('electron', () => ({}))

const APP_URL = 'app://hookbench/index.html'
const QOVERY_SECRET = 'qovery-door-secret-7a1c'
const label = `sha256:${secretFingerprint(QOVERY_SECRET)}…`

type Handler = (event: unknown, input: unknown) => Promise<Result<unknown>>

let opened: OpenedEngine
let web: { url: string; close(): Promise<void> }
let receiver: { url: string; close(): Promise<void> }
const ipc = new Map<string, Handler>()
const cwd = mkdtempSync(join(tmpdir(), 'hookbench-one-door-'))

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'hookbench-static-'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Hookbench</title>')
  opened = await openEngine({ dataDir: join(cwd, 'host'), host: 'web', log: () => {} })
  receiver = await opened.startReceiver({ host: '127.0.0.1', port: 0 })
  web = await serveWeb(opened, { host: '127.0.0.1', port: 0, staticDir })
  registerIpcHandlers({ handle: (channel: string, fn: Handler) => ipc.set(channel, fn) } as never, opened.dispatch, (url) => url.startsWith('app://hookbench/'))
})
afterAll(async () => {
  await web.close()
  await receiver.close()
  await opened.close()
})

/** One call through each transport's own door: HTTP as a browser page sends it, IPC as the desktop window does. */
const transports: Record<'web' | 'ipc', (method: ApiMethod, input: unknown) => Promise<Result<unknown>>> = {
  async web(method, input) {
    const response = await fetch(new URL(`/api/${method}`, web.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: new URL(web.url).origin },
      body: JSON.stringify(input),
    })
    return (await response.json()) as Result<unknown>
  },
  ipc: (method, input) => ipc.get(ipcChannel(method))!({ senderFrame: { url: APP_URL, parent: null } }, input),
}

const errorOf = (result: Result<unknown>): ApiError => {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.data)}`)
  return result.error
}

const cli = (...argv: string[]) => runCliCaptured([...argv, '--data-dir', join(cwd, 'cli')], { cwd })

describe('one door: web, IPC and the CLI reach the engine through the same dispatcher', () => {
  it('refuse the same invalid subscription with the same error', async () => {
    // What `hookbench fire … --to ftp://…` asks the API for.
    const draft = { name: 'hookbench fire', url: 'ftp://example.com/hooks', provider: 'divshot', signing: { scheme: 'none' } }
    const overWeb = errorOf(await transports.web('createSubscription', draft))
    const overIpc = errorOf(await transports.ipc('createSubscription', draft))
    expect(overWeb).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^Invalid input for createSubscription: url: /) })
    expect(overIpc).toEqual(overWeb)
    const fired = await cli('fire', 'divshot', 'release', '--to', 'ftp://example.com/hooks')
    expect(fired.code).toBe(2)
    expect(fired.stderr).toBe(`hookbench fire: ${overWeb.message} (see "hookbench fire --help")\n`)
  })

  it('refuse the same override that breaks the payload with the same error', async () => {
    const subscription = await transports.web('createSubscription', { name: 'door', url: `${receiver.url}r/inbox`, provider: 'divshot' })
    if (!subscription.ok) throw new Error(subscription.error.message)
    const { id } = subscription.data as { id: string }
    const fire = { provider: 'divshot', event: 'release', set: { 'data.release.version': 'twelve' }, subscriptionIds: [id] }
    const overWeb = errorOf(await transports.web('fireEvent', fire))
    const overIpc = errorOf(await transports.ipc('fireEvent', fire))
    expect(overWeb).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^data\.release\.version: /) })
    expect(overIpc).toEqual(overWeb)
    const fired = await cli('fire', 'divshot', 'release', '--to', `${receiver.url}r/inbox`, '--set', 'data.release.version="twelve"')
    expect(fired.code).toBe(2)
    expect(fired.stderr).toBe(`hookbench fire: ${overWeb.message} (--allow-invalid sends it anyway) (see "hookbench fire --help")\n`)
  })

  it('show a secret as its fingerprint in each', async () => {
    const created = await transports.ipc('createSubscription', { name: 'qovery', url: `${receiver.url}r/inbox`, provider: 'qovery', signing: { scheme: 'native', secret: QOVERY_SECRET } })
    if (!created.ok) throw new Error(created.error.message)
    const fired = await transports.web('fireEvent', { provider: 'qovery', event: 'DEPLOYMENT_FAILURE', subscriptionIds: [(created.data as { id: string }).id] })
    if (!fired.ok) throw new Error(fired.error.message)
    const { id } = (fired.data as { deliveries: Array<{ id: string }> }).deliveries[0]!
    const waited = await transports.web('waitForDelivery', { id, timeoutMs: 10_000 })
    const overWeb = await transports.web('getDelivery', { id })
    const overIpc = await transports.ipc('getDelivery', { id })
    const overCli = await cli('fire', 'qovery', 'DEPLOYMENT_FAILURE', '--to', `${receiver.url}r/inbox`, `--secret=${QOVERY_SECRET}`, '--json')
    expect(overCli.code, overCli.stderr).toBe(0)
    const deliveries = [waited.ok && (waited.data as { delivery: Delivery }).delivery, overWeb.ok && overWeb.data, overIpc.ok && overIpc.data, JSON.parse(overCli.stdout)] as Delivery[]
    for (const delivery of deliveries) {
      expect(JSON.stringify(delivery)).not.toContain(QOVERY_SECRET)
      expect(delivery.signing.secret).toBe(label)
      expect(Object.fromEntries(delivery.attempts[0]!.headers)['Qovery-Secret']).toBe(label)
    }
  })
})
