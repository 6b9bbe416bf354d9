#!/usr/bin/env node
// A small app that consumes deployment webhooks, for trying scenarios (see the README).
// POST /hooks (or /hooks/<anything>) takes any platform's webhook and answers 200; Ocean CD rollout
// events update each service's state, which GET /api/deploys/<service> reports.
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'

const STATES = {
  'rollout-started': 'rolling-out',
  'kubernetes-rolling-update-failed': 'failing',
  'rollout-failed': 'failed',
  'rollout-rolled-back': 'rolled-back',
  'rollout-failed-to-roll-back': 'needs-attention',
  'rollout-finished': 'live',
}
const deploys = new Map()
const seen = new Set()

const server = createServer((req, res) => {
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  if (req.method === 'GET' && req.url === '/health') return send(200, { ok: true })
  const deploy = /^\/api\/deploys\/([\w.-]+)$/.exec(req.url ?? '')
  if (req.method === 'GET' && deploy) return send(200, deploys.get(deploy[1]) ?? { state: 'unknown' })
  if (req.method !== 'POST' || !/^\/hooks(\/[\w.-]*)?$/.test(req.url ?? '')) return send(404, { error: 'not found' })
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    const body = Buffer.concat(chunks)
    // Ocean CD sends no delivery id: the same bytes twice are the same notification. (Other
    // platforms' ids would do better; this app only acts on Ocean CD rollouts.)
    const key = createHash('sha256').update(body).digest('hex')
    if (seen.has(key)) return send(200, { duplicate: true })
    seen.add(key)
    let event
    try {
      event = JSON.parse(body.toString('utf8'))
    } catch {
      return send(400, { error: 'not JSON' })
    }
    const service = event.rolloutDetails?.microservice
    const state = STATES[event.type]
    if (service && state) deploys.set(service, { state, rollout: event.rolloutDetails.id, at: event.timestamp })
    send(200, { ok: true })
  })
})

const port = Number(process.env.PORT ?? 3000)
server.listen(port, '127.0.0.1', () => console.log(`example app on http://127.0.0.1:${server.address().port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
