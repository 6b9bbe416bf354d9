import { type Delivery, attemptsInSeries } from '../../shared/schemas/delivery'
import type { HookbenchDocument } from '../../shared/schemas/document'
import { type HeaderPair, headerValue } from '../../shared/schemas/http'
import { type Capture, DEFAULT_ENDPOINT_NAME, Endpoint, EndpointInput, type EndpointPatch } from '../../shared/schemas/receiver'
import { applyPatch } from '../../shared/schemas/patch'
import { captureToCurl, captureUrl, capturesToHar } from './export-captures'
import { githubDeliveryGuid } from '../signing/sign'
import { type SecretMask, redactCapture } from '../signing/redact'
import type { DocumentStore } from '../persistence/document-store'
import type { CaptureHistory } from '../persistence/capture-history'
import type { DeliveryLog } from '../delivery/delivery-log'
import { type BodyStore, LARGE_BODY_BYTES } from '../persistence/body-store'
import type { DeliveryLink } from './receiver-app'
import { ApiFailure } from '../core/errors'
import { checkedWhole } from '../core/merged'
import { pageQuery } from '../core/record-log'
import { captureFilter } from '../../shared/history-filter'
import type { CaptureQuery } from '../../shared/schemas/history-query'

/** What an export of captures says about the secrets in it. */
export function secretsNotice(revealed: boolean): string {
  return revealed
    ? 'This file contains webhook secrets in plain text (secret headers, as received): keep it private.'
    : 'Secrets in this file are shown as SHA-256 fingerprints (sha256:<16 hex>…), not their values: export with secrets revealed to replay the requests as received.'
}

/** How many recently saved deliveries a GUID or body match looks through (the one being sent was saved last). */
const RECENT_WINDOW = 500

/** Receiver endpoints (configuration, in the hot document) and captures (history, in a journal). */
export function createReceiverState(deps: {
  store: DocumentStore<HookbenchDocument>
  captures: CaptureHistory
  deliveries: DeliveryLog
  bodies: BodyStore
  onCapture(capture: Capture): void
  onEndpointsChanged(): void
}) {
  const { store } = deps
  const endpoints = () => store.read().endpoints
  /** Requests being handled or recorded: a run's `received` looks once none is. */
  let inProgress = 0
  let idleWaiters: Array<() => void> = []
  const begin = () => {
    inProgress++
    let ended = false
    return () => {
      if (ended) return
      ended = true
      inProgress--
      if (inProgress > 0) return
      const waiters = idleWaiters
      idleWaiters = []
      for (const resolve of waiters) resolve()
    }
  }
  /** Deliveries being sent are in memory: a request arriving now comes from one of them. */
  const recentDeliveries = () => deps.deliveries.page({ limit: RECENT_WINDOW }).items.flatMap((s) => deps.deliveries.live(s.id) ?? [])
  /** Standard Webhooks sends the delivery id itself; GitHub a GUID derived from it. */
  const byIdHeader = (headers: HeaderPair[]): Delivery | undefined => {
    const id = headerValue(headers, 'webhook-id')
    if (id) return deps.deliveries.live(id)
    const guid = headerValue(headers, 'X-GitHub-Delivery')
    return guid ? recentDeliveries().find((d) => githubDeliveryGuid(d.id) === guid) : undefined
  }
  const withBody = async (capture: Capture): Promise<Capture> =>
    capture.bodyFile ? { ...capture, bodyBase64: (await deps.bodies.read(capture.bodyFile)).toString('base64') } : capture

  return {
    endpoint: (name: string) => endpoints().find((e) => e.name === name),
    endpoints,

    /** Adds an endpoint whose name is free; one of that name already there stays as it is. */
    async createEndpoint(endpoint: Endpoint): Promise<Endpoint> {
      if (endpoints().some((e) => e.name === endpoint.name)) {
        throw new ApiFailure('conflict', `There is already an endpoint named "${endpoint.name}": choose another name, or change that one's script`)
      }
      return this.saveEndpoint(endpoint)
    },

    /** Adds or replaces an endpoint (parsed at the door); the next request uses its script. */
    async saveEndpoint(endpoint: Endpoint): Promise<Endpoint> {
      await store.update((doc) => {
        const at = doc.endpoints.findIndex((e) => e.name === endpoint.name)
        doc.endpoints.splice(at === -1 ? doc.endpoints.length : at, at === -1 ? 0 : 1, endpoint)
      })
      deps.onEndpointsChanged()
      return endpoint
    },

    /** Changes what the patch names and keeps the rest of the endpoint as it was. */
    async updateEndpoint({ name, changes }: EndpointPatch): Promise<Endpoint> {
      const current = endpoints().find((e) => e.name === name)
      if (!current) throw new ApiFailure('not_found', `No endpoint "${name}"`)
      return this.saveEndpoint(checkedWhole(EndpointInput, applyPatch(Endpoint, current, changes)))
    },

    async removeEndpoint(name: string): Promise<void> {
      if (name === DEFAULT_ENDPOINT_NAME) throw new ApiFailure('conflict', `The ${DEFAULT_ENDPOINT_NAME} endpoint is built in; change its script instead`)
      if (!endpoints().some((e) => e.name === name)) throw new ApiFailure('not_found', `No endpoint "${name}"`)
      await store.update((doc) => {
        doc.endpoints = doc.endpoints.filter((e) => e.name !== name)
      })
      deps.onEndpointsChanged()
    },

    listCaptures: (query: CaptureQuery) => pageQuery(deps.captures, query, captureFilter(query)),

    async getCapture(id: string): Promise<Capture> {
      const capture = await deps.captures.get(id)
      if (!capture) throw new ApiFailure('not_found', `No capture with id "${id}"`)
      return withBody(capture)
    },

    /** The captures an export covers (default: all), oldest first, with their bodies. */
    async capturesToExport(request: { ids?: string[]; endpoint?: string }): Promise<Capture[]> {
      const listed = [...deps.captures.summaries()]
        .filter((c) => (!request.ids || request.ids.includes(c.id)) && (!request.endpoint || c.endpoint === request.endpoint))
        .reverse()
      return Promise.all(listed.map(async (c) => withBody((await deps.captures.get(c.id))!)))
    },

    /**
     * HAR 1.2 or cURL commands for the captures: the secrets `mask` knows as fingerprints unless
     * `reveal`; the file says so when any were found (a HAR comment, a line of the script).
     */
    exportCaptures(request: { format: 'har' | 'curl'; reveal?: boolean }, captures: Capture[], mask: SecretMask, receiverUrl: string) {
      const masked = captures.map((capture) => redactCapture(capture, mask))
      const chosen = request.reveal ? captures : masked
      const notice = mask.found() ? secretsNotice(Boolean(request.reveal)) : undefined
      if (request.format === 'har') {
        const har = capturesToHar(chosen, receiverUrl, notice)
        return { filename: 'hookbench-captures.har', mimeType: 'application/json', text: `${JSON.stringify(har, null, 2)}\n`, count: chosen.length }
      }
      const commands = chosen.map((c) => `# ${c.receivedAt} ${c.method} ${c.endpoint}${c.path}\n${captureToCurl(c, captureUrl({ ...c, query: '' }, receiverUrl))}\n`)
      const text = [...(notice ? [`# ${notice}\n`] : []), ...commands].join('\n')
      return { filename: 'hookbench-captures.sh', mimeType: 'text/x-shellscript', text, count: chosen.length }
    },

    /** A request has arrived: call the function returned once its capture has been recorded. */
    receiving: begin,

    /** Resolves once every request the receiver was handling has been recorded (at once when none is). */
    idle(): Promise<void> {
      return inProgress === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))
    },

    /** Keeps a capture in history; a large body goes to its own file first. */
    async record(capture: Capture) {
      const recorded = begin()
      try {
        await keep(capture)
      } finally {
        recorded()
      }
    },

    /** The delivery a request came from: by its id header, else by identical body bytes. */
    findDelivery({ headers, body }: { headers: HeaderPair[]; body: Buffer }): DeliveryLink | undefined {
      const text = body.toString('utf8')
      const delivery = byIdHeader(headers) ?? recentDeliveries().find((d) => d.body === text)
      if (!delivery) return undefined
      const inSeries = attemptsInSeries(delivery)
      return { deliveryId: delivery.id, attempt: delivery.status === 'sending' ? inSeries + 1 : Math.max(inSeries, 1), sentBody: Buffer.from(delivery.body) }
    },
  }

  /**
   * Records a capture: kept in history (a large body in its own file first) and shown, once it can
   * be read back (`getCapture`): at once for an ordinary body, after its file is written for a
   * large one; the write to disk follows.
   */
  async function keep(capture: Capture) {
    const stored = deps.captures.summary(capture.id)?.bodyFile
    if (stored || capture.bodyBase64.length > (LARGE_BODY_BYTES * 4) / 3) {
      // A body file that cannot be written stays inline: the capture is kept either way.
      const bodyFile = stored ?? (await deps.bodies.save(capture.id, Buffer.from(capture.bodyBase64, 'base64')).catch(() => undefined))
      if (bodyFile) capture = { ...capture, bodyBase64: '', bodyFile }
    }
    const saved = deps.captures.save(capture)
    deps.onCapture(capture)
    await saved
  }
}
export type ReceiverState = ReturnType<typeof createReceiverState>
