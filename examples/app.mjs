#!/usr/bin/env node
// A small app that consumes deployment webhooks, for trying scenarios (see docs/scenarios.md).
//
//   POST /hooks/<platform>   ocean-cd, qovery, charlescd, divshot or generic: one webhook
//   GET  /status/<service>   what the app believes about a service: { state, version, events }
//   POST /reset              forget everything (a story starts from a clean app)
//   POST /settings           { "delayMs": 40 }: answer webhooks that much later (a slow handler)
//   GET  /count              how many webhooks it acted on (duplicates not counted)
//
// It does what a careful consumer does: it checks signatures (generic: Standard Webhooks with the
// standardwebhooks library and WEBHOOK_SECRET; Qovery: the Qovery-Secret header and QOVERY_SECRET;
// CharlesCD: X-Application-Key and CHARLESCD_KEY), answers 401 to what does not verify, and acts
// on each delivery once (by its id; Ocean CD and Divshot send none, so by the bytes).
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import { Webhook } from 'standardwebhooks'

const secrets = { generic: process.env.WEBHOOK_SECRET, qovery: process.env.QOVERY_SECRET, charlescd: process.env.CHARLESCD_KEY }
const services = new Map()
const seen = new Set()
let acted = 0
let delayMs = 0

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')
const sameText = (a = '', b = '') => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** Each platform's webhook: is it genuine, what is its id, and what does it say about which service. */
const PLATFORMS = {
  'ocean-cd': {
    read: (event, body) => ({
      id: sha256(body),
      service: event.rolloutDetails?.microservice ?? event.clusterId,
      state: { 'rollout-started': 'rolling-out', 'kubernetes-rolling-update-failed': 'failing', 'rollout-failed': 'failed', 'rollout-rolled-back': 'rolled-back', 'rollout-failed-to-roll-back': 'needs-attention', 'rollout-finished': 'live', 'controller-heartbeat-failure': 'controller-lost' }[event.type],
      version: event.kubernetesDetails?.deployment?.version?.newVersion,
    }),
  },
  qovery: {
    verify: (headers) => !secrets.qovery || sameText(headers['qovery-secret'] ?? headers['qovery-signature'], secrets.qovery),
    read: (event, body) => ({
      id: event.payload_id ?? sha256(body),
      service: event.payload?.applications?.[0]?.application?.name ?? event.text?.match(/· (.+?) \//)?.[1],
      state: { DEPLOYMENT_STARTED: 'deploying', DEPLOYMENT_SUCCESSFUL: 'deployed', DEPLOYMENT_FAILURE: 'failed', DEPLOYMENT_CANCELLED: 'cancelled' }[event.event_type] ?? (event.text && 'notified'),
      version: event.payload?.id,
    }),
  },
  charlescd: {
    verify: (headers) => !secrets.charlescd || sameText(headers['x-application-key'], secrets.charlescd),
    read: (event, body) => {
      // hermes sends the event encoded twice: a JSON string of JSON text in `content`.
      const wire = typeof event.content === 'string' ? JSON.parse(event.content) : undefined
      const inner = wire === undefined ? (event.event ?? event) : typeof wire === 'string' ? JSON.parse(wire) : wire
      const done = inner.status === 'SUCCESS' ? 'deployed' : 'failed'
      return {
        // hermes' own body carries no id of the notification (deploymentId is the deployment's): by the bytes.
        id: event.executionId ?? sha256(body),
        service: inner.release?.modules?.[0]?.name,
        state: { START_DEPLOY: 'deploying', FINISH_DEPLOY: done, START_UNDEPLOY: 'undeploying', FINISH_UNDEPLOY: done === 'deployed' ? 'undeployed' : 'failed' }[inner.type],
        version: inner.release?.tag,
      }
    },
  },
  divshot: {
    read: (event, body) => ({
      id: sha256(body),
      service: event.data?.app?.name,
      state: event.data?.release?.rollback ? 'rolled-back' : 'released',
      version: event.data?.release?.version,
    }),
  },
  generic: {
    verify: (headers, body) => {
      if (!secrets.generic) return true
      try {
        new Webhook(secrets.generic).verify(body, headers)
        return true
      } catch {
        return false
      }
    },
    read: (event, _body, headers) => ({
      id: headers['webhook-id'] ?? event.id,
      service: event.service ?? event.data?.service,
      state: typeof event.type === 'string' ? event.type.split('.').at(-1) : undefined,
      version: event.version ?? event.data?.version,
    }),
  },
}

/** One webhook: checked, then acted on once. */
function receive(platform, headers, body) {
  if (platform.verify && !platform.verify(headers, body.toString('utf8'))) return [401, { error: 'signature does not verify' }]
  let event
  try {
    event = JSON.parse(body.toString('utf8'))
  } catch {
    return [400, { error: 'not JSON' }]
  }
  const { id, service, state, version } = platform.read(event, body, headers)
  if (id !== undefined && seen.has(id)) return [200, { duplicate: true }]
  if (id !== undefined) seen.add(id)
  acted++
  if (service && state) {
    const known = services.get(service) ?? { service, events: 0 }
    services.set(service, { ...known, state, ...(version !== undefined && { version }), events: known.events + 1 })
  }
  return [200, { ok: true, id }]
}

const server = createServer((req, res) => {
  const send = ([status, body]) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const url = req.url ?? ''
  const status = /^\/(?:status|api\/deploys)\/([\w.-]+)$/.exec(url)
  if (req.method === 'GET' && url === '/health') return send([200, { ok: true }])
  if (req.method === 'GET' && url === '/count') return send([200, { count: acted }])
  if (req.method === 'GET' && status) return send([200, services.get(status[1]) ?? { service: status[1], state: 'unknown', events: 0 }])
  const hook = /^\/hooks(?:\/([\w-]+))?$/.exec(url)
  if (req.method !== 'POST' || !(hook || url === '/reset' || url === '/settings')) return send([404, { error: 'not found' }])
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    const body = Buffer.concat(chunks)
    if (url === '/reset') {
      services.clear()
      seen.clear()
      acted = 0
      delayMs = 0
      return send([200, { reset: true }])
    }
    if (url === '/settings') {
      delayMs = Number(JSON.parse(body.toString('utf8') || '{}').delayMs ?? 0)
      return send([200, { delayMs }])
    }
    const platform = PLATFORMS[hook[1] ?? 'ocean-cd']
    if (!platform) return send([404, { error: `no platform "${hook[1]}"` }])
    const answer = receive(platform, req.headers, body)
    setTimeout(() => send(answer), delayMs)
  })
})

const port = Number(process.env.PORT ?? 3000)
server.listen(port, '127.0.0.1', () => console.log(`example app on http://127.0.0.1:${server.address().port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
