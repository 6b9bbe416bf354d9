import { createHash, timingSafeEqual } from 'node:crypto'
import { type IncomingMessage, type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verify as octokitVerify } from '@octokit/webhooks-methods'
import { Webhook, WebhookVerificationError } from 'standardwebhooks'
import Stripe from 'stripe'

/*
 * Webhook handlers written the way integrators write them, for `hookbench check` to judge: a
 * correct one (verifies with the scheme's public reference library, checks the tolerance,
 * processes each delivery id once, and remembers the ids it saw for as long as it runs), a naive
 * one (accepts everything), a fragile one (correct, but fails with 500 on an event type it does
 * not know) and a re-serialising one (correct, but verifies JSON.stringify(JSON.parse(body))
 * instead of the bytes it received), and a narrow-catch one (Standard Webhooks, refusing the
 * library's verification error only: like Python's standardwebhooks 1.1.0, a signature that is not
 * base64 raises another error first, which becomes a 500). Each exposes GET /count: the events it processed, the probe
 * the replay case reads. `accepts` makes any of them refuse (400) bodies it was not written for.
 */

export type Behaviour = 'correct' | 'naive' | 'fragile' | 'reserialising' | 'narrow-catch'
export type EndpointScheme = 'standard' | 'github' | 'stripe' | 'native' | 'none'

export interface EndpointSpec {
  behaviour: Behaviour
  scheme: EndpointScheme
  secret: string
  /** For native: the header carrying the secret. */
  secretHeader?: string
  /** For fragile: the event names the handler knows. */
  knownEvents?: string[]
  toleranceSec?: number
  /** The only bodies the handler was written for (a platform option's variant); others get 400. */
  accepts?: (body: string) => boolean
}

export interface CheckEndpoint {
  url: string
  probe: string
  close(): Promise<void>
}

const stripe = new Stripe('sk_test_unused')

async function verified(spec: EndpointSpec, headers: IncomingMessage['headers'], raw: string): Promise<boolean> {
  // The classic mistake: the framework parsed the body, and the handler signs what it serialises back.
  let body = raw
  if (spec.behaviour === 'reserialising') {
    try {
      body = JSON.stringify(JSON.parse(raw))
    } catch {
      return false
    }
  }
  const header = (name: string) => {
    const value = headers[name.toLowerCase()]
    return Array.isArray(value) ? value[0] : value
  }
  try {
    switch (spec.scheme) {
      case 'standard':
        new Webhook(spec.secret).verify(body, { 'webhook-id': header('webhook-id') ?? '', 'webhook-timestamp': header('webhook-timestamp') ?? '', 'webhook-signature': header('webhook-signature') ?? '' })
        return true
      case 'github':
        return await octokitVerify(spec.secret, body, header('x-hub-signature-256') ?? '')
      case 'stripe':
        stripe.webhooks.constructEvent(body, header('stripe-signature') ?? '', spec.secret, spec.toleranceSec ?? 300)
        return true
      case 'native': {
        const got = Buffer.from(header(spec.secretHeader ?? '') ?? '')
        const want = Buffer.from(spec.secret)
        return got.length === want.length && timingSafeEqual(got, want)
      }
      case 'none':
        return true
    }
  } catch {
    return false
  }
}

/** Catches WebhookVerificationError only; decoding the signature first throws something else (a 500). */
function narrowlyVerified(spec: EndpointSpec, headers: IncomingMessage['headers'], body: string): [number, string] | undefined {
  const signature = String(headers['webhook-signature'] ?? '')
  // The library checks the headers are there first (WebhookVerificationError "Missing required headers").
  if (!signature || !headers['webhook-id'] || !headers['webhook-timestamp']) return [401, '{"error":"missing headers"}']
  try {
    // As the Python library parses it: `version, sig = part.split(",")` raises ValueError on a part
    // without exactly one comma, and base64 decoding raises binascii.Error (a ValueError) on bad text.
    for (const part of signature.split(' ')) {
      const pieces = part.split(',')
      if (pieces.length !== 2) throw new RangeError(`not enough values to unpack (expected 2, got ${pieces.length})`)
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(pieces[1]!)) throw new RangeError('Incorrect padding')
    }
    new Webhook(spec.secret).verify(body, { 'webhook-id': String(headers['webhook-id'] ?? ''), 'webhook-timestamp': String(headers['webhook-timestamp'] ?? ''), 'webhook-signature': signature })
    return undefined
  } catch (error) {
    if (error instanceof WebhookVerificationError) return [401, '{"error":"invalid signature"}']
    return [500, '{"error":"internal server error"}']
  }
}

/** The delivery's id: the scheme's id header, else the body's hash (a platform resends the same bytes). */
function deliveryKey(headers: IncomingMessage['headers'], body: string): string {
  const id = headers['webhook-id'] ?? headers['x-github-delivery']
  return typeof id === 'string' ? id : createHash('sha256').update(body).digest('hex')
}

function mentionsKnownEvent(body: string, known: string[]): boolean {
  const strings: string[] = []
  const walk = (value: unknown) => {
    if (typeof value === 'string') strings.push(value)
    else if (value && typeof value === 'object') Object.values(value).forEach(walk)
  }
  walk(JSON.parse(body))
  return strings.some((s) => known.includes(s))
}

export async function startCheckEndpoint(spec: EndpointSpec): Promise<CheckEndpoint> {
  const seen = new Set<string>()
  let processed = 0
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      void handle(request, Buffer.concat(chunks).toString('utf8')).then(([status, text]) => {
        response.writeHead(status, { 'content-type': 'application/json' })
        response.end(text)
      })
    })
  })

  async function handle(request: IncomingMessage, body: string): Promise<[number, string]> {
    if (request.method === 'GET' && request.url === '/count') return [200, JSON.stringify({ count: processed })]
    if (spec.behaviour === 'naive') {
      processed++
      return [200, '{"ok":true}']
    }
    if (spec.behaviour === 'narrow-catch') {
      const refused = narrowlyVerified(spec, request.headers, body)
      if (refused) return refused
    } else if (!(await verified(spec, request.headers, body))) return [401, '{"error":"invalid signature"}']
    if (spec.accepts && !spec.accepts(body)) return [400, '{"error":"not the format this handler reads"}']
    if (spec.behaviour === 'fragile' && !mentionsKnownEvent(body, spec.knownEvents ?? [])) return [500, '{"error":"unknown event"}']
    const key = deliveryKey(request.headers, body)
    if (!seen.has(key)) {
      seen.add(key)
      processed++
    }
    return [200, '{"ok":true}']
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    probe: `http://127.0.0.1:${port}/count`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
