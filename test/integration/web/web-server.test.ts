import { request } from 'node:http'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { serveWeb } from '../../../src/main/web/serve-web'

let opened: OpenedEngine
let web: { url: string; close: () => Promise<void> }

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'hookbench-static-'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Hookbench</title>')
  opened = await openEngine({ dataDir: mkdtempSync(join(tmpdir(), 'hookbench-web-')), host: 'web', log: () => {} })
  web = await serveWeb(opened, { host: '127.0.0.1', port: 0, staticDir })
})
afterAll(async () => {
  await web.close()
  await opened.close()
})

/** Raw HTTP so the test controls Host and Origin exactly as an attacker's browser would. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const url = new URL(path, web.url)
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

const json = { 'Content-Type': 'application/json' }

describe('web mode server', () => {
  it('serves the API as POST /api/<method> with results as values', async () => {
    const res = await send('/api/getStatus', { method: 'POST', headers: json, body: '{}' })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, data: { host: 'web' } })
  })

  it('answers invalid input with 400 and the problem', async () => {
    const res = await send('/api/getStatus', { method: 'POST', headers: json, body: '{"bogus":1}' })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })

  it('answers malformed JSON with 400, not a crash', async () => {
    const res = await send('/api/getStatus', { method: 'POST', headers: json, body: '{nope' })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body)).toMatchObject({ ok: false })
  })

  it('refuses API calls from another origin with 403', async () => {
    const res = await send('/api/getStatus', { method: 'POST', headers: { ...json, Origin: 'http://evil.example' }, body: '{}' })
    expect(res.status).toBe(403)
  })

  it('refuses a Host that is not the bound address (DNS rebinding) with 421', async () => {
    const port = new URL(web.url).port
    const res = await send('/api/getStatus', { method: 'POST', headers: { ...json, Host: `evil.example:${port}` }, body: '{}' })
    expect(res.status).toBe(421)
    const page = await send('/', { headers: { Host: `evil.example:${port}` } })
    expect(page.status).toBe(421)
  })

  it('serves the UI with a Content-Security-Policy', async () => {
    const res = await send('/timeline')
    expect(res.status).toBe(200)
    expect(res.body).toContain('<title>Hookbench</title>')
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'")
  })

  it('streams engine events as server-sent event batches', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request(new URL('/api/events', web.url), (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream')
        let text = ''
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString()
          if (text.includes('data: ')) {
            req.destroy()
            resolve(text)
          }
        })
        opened.engine.emit({ type: 'notice', level: 'info', message: 'hello' })
      })
      req.on('error', reject)
      req.end()
    })
    const text = await received
    const data = /data: (.*)\n\n/.exec(text)?.[1]
    expect(JSON.parse(data!)).toEqual([{ type: 'notice', level: 'info', message: 'hello' }])
  })

  it('stops promptly while a browser still holds the event stream open', async () => {
    const other = await serveWeb(opened, { host: '127.0.0.1', port: 0, staticDir: mkdtempSync(join(tmpdir(), 'hookbench-static-')) })
    await new Promise<void>((resolve, reject) => {
      const req = request(new URL('/api/events', other.url), () => resolve())
      req.on('error', () => {})
      req.on('close', () => {})
      req.end()
      setTimeout(() => reject(new Error('no stream')), 5000)
    })
    await expect(other.close()).resolves.toBeUndefined()
  })
})
