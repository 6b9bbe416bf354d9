import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Capture, Endpoint } from '../../../src/shared/schemas/receiver'
import { createSystemClock } from '../../../src/main/core/clock'
import { captureToCurl, captureUrl, capturesToHar } from '../../../src/main/receiver/export-captures'
import { createReceiverApp } from '../../../src/main/receiver/receiver-app'

const captures: Capture[] = []
let app: ReturnType<typeof createReceiverApp>
let base = ''

beforeAll(async () => {
  const inbox = Endpoint.parse({ name: 'inbox' })
  app = createReceiverApp({ clock: createSystemClock(), endpoint: () => inbox, onCapture: (c) => captures.push(c) })
  await app.listen({ host: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/`
})
afterAll(() => app.close())

async function capture(body: Buffer | string, headers: Record<string, string>, path = '/r/inbox') {
  await fetch(new URL(path, base), { method: 'POST', headers, body })
  return captures.at(-1)!
}

/** Runs an exported cURL command in bash, as a user pasting it would (async: the receiver is in this process). */
async function replay(command: string) {
  await promisify(execFile)('bash', ['-c', `${command} --silent --show-error --fail`])
  return captures.at(-1)!
}

describe('cURL export', () => {
  it('replays a text body with quotes and shell characters byte for byte', async () => {
    const body = `{"msg":"it's $HOME \`whoami\` \\"quoted\\" & more"}`
    const original = await capture(body, { 'Content-Type': 'application/json', 'X-Quote': "o'clock" }, '/r/inbox/deep?x=1')
    const replayed = await replay(captureToCurl(original, captureUrl({ ...original, query: '' }, base)))
    expect(Buffer.from(replayed.bodyBase64, 'base64').toString()).toBe(body)
    expect(replayed).toMatchObject({ path: '/deep', query: '?x=1' })
    expect(replayed.headers).toContainEqual(['X-Quote', "o'clock"])
  })

  it('replays a binary body through base64', async () => {
    const body = Buffer.from([0, 1, 2, 255, 39, 10, 0])
    const original = await capture(body, { 'Content-Type': 'application/octet-stream' })
    const command = captureToCurl(original, captureUrl({ ...original, query: '' }, base))
    expect(command).toContain('base64 -d')
    expect(Buffer.from((await replay(command)).bodyBase64, 'base64')).toEqual(body)
  })
})

describe('HAR export', () => {
  it('is a HAR 1.2 log with each request, its headers in order and its answer', async () => {
    const text = await capture('{"a":1}', { 'Content-Type': 'application/json', 'X-B': '2', 'X-A': '1' })
    const binary = await capture(Buffer.from([0, 255]), { 'Content-Type': 'application/octet-stream' })
    const har = capturesToHar([text, binary], base)
    expect(har.log.version).toBe('1.2')
    const [first, second] = har.log.entries
    expect(first!.request).toMatchObject({ method: 'POST', url: `${base}r/inbox`, postData: { mimeType: 'application/json', text: '{"a":1}' } })
    const names = first!.request.headers.map((h) => h.name)
    expect(names.indexOf('X-B')).toBeLessThan(names.indexOf('X-A'))
    expect(first!.response.status).toBe(200)
    expect(second!.request.postData).toEqual({ mimeType: 'application/octet-stream', text: Buffer.from([0, 255]).toString('base64'), encoding: 'base64' })
    expect(JSON.parse(JSON.stringify(har))).toEqual(har)
  })
})
