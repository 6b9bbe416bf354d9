import type { Attempt, Delivery } from '../../../shared/schemas/delivery'
import type { Run, StepResult } from '../../../shared/schemas/run'
import type { Scenario } from '../../../shared/schemas/scenario'
import { ApiFailure } from '../../core/errors'
import { derivedId } from '../../core/ids'
import { checkedWhole } from '../../core/merged'
import { EndpointInput } from '../../../shared/schemas/receiver'
import { SubscriptionDraft } from '../../../shared/schemas/subscription'
import type { DeliveryDraft } from '../../delivery/delivery-queue'
import type { FirePlan } from '../../delivery/fire'
import type { Story } from './lifecycle'
import { runStep } from './execute'
import type { RunnerHost } from './host'
import type { Cursor, RunSession } from './session'
import type { Outcome } from './steps/step'
import { receiverOf, scenarioOf } from './new-run'
import { endpointNameInRun } from './targets'

/** One request a run sent: an attempt of one of its deliveries, when it happened in the story. */
export interface RecordedRequest {
  delivery: Delivery
  attempt: Attempt
  storyMs: number
}

/**
 * Every request a run sent, in the order it sent them: each attempt of each delivery (retries,
 * duplicates, reorders and redeliveries), by story time, then by when it went out. Attempts that
 * never went out (a request that could not be built, one cut by a crash) are left out.
 */
export async function recordedRequests(host: RunnerHost, runId: string): Promise<RecordedRequest[]> {
  const summaries = host.deliveriesOfRun(runId)
  const deliveries = (await Promise.all(summaries.map((d) => host.delivery(d.id)))).filter((d): d is Delivery => d !== undefined)
  const requests = deliveries.flatMap((delivery) =>
    delivery.attempts
      .filter((attempt) => attempt.error?.class !== 'interrupted' && attempt.error?.class !== 'invalid_request')
      .map((attempt) => ({ delivery, attempt, storyMs: Date.parse(attempt.storyAt ?? attempt.startedAt), realMs: Date.parse(attempt.startedAt) })),
  )
  requests.sort((a, b) => a.storyMs - b.storyMs || a.realMs - b.realMs || a.delivery.seq - b.delivery.seq || a.attempt.series - b.attempt.series || a.attempt.n - b.attempt.n)
  return requests.map(({ delivery, attempt, storyMs }) => ({ delivery, attempt, storyMs }))
}

/** One step per recorded request. */
export function replaySteps(requests: RecordedRequest[]): StepResult[] {
  return requests.map(({ delivery, attempt }, index) => ({
    index,
    path: `request ${index + 1}`,
    kind: 'fire',
    label: `resend ${delivery.event} (attempt ${attempt.n}${attempt.series > 0 ? `, redelivery ${attempt.series}` : ''}) as recorded`,
    status: 'pending',
    deliveryIds: [],
  }))
}

/**
 * Where a recorded request goes in the replay: to the built-in receiver where it listens now, to
 * the replay's own copy of a story endpoint, or to a URL whose `--var` changed.
 */
export function urlRewriter(original: Run, replay: Run, scenario: Scenario | undefined, varChanges: Array<[string, string]>): (url: string) => string {
  const then = original.receiver
  const now = replay.receiver
  // Runs from before endpoints were named per run used the file's names.
  const names = Object.keys(original.endpoints).length > 0 ? original.endpoints : Object.fromEntries((scenario?.endpoints ?? []).map((e) => [e.name, e.name]))
  return (url) => {
    if (then && now) {
      for (const [name, was] of Object.entries(names)) {
        const head = `${then}r/${was}`
        if (url === head || url.startsWith(`${head}/`) || url.startsWith(`${head}?`)) return `${now}r/${replay.endpoints[name] ?? name}${url.slice(head.length)}`
      }
      if (url.startsWith(then)) return now + url.slice(then.length)
    }
    for (const [was, is] of varChanges) if (url.startsWith(was)) return is + url.slice(was.length)
    return url
  }
}

/** Creates the story's endpoints again for the replay, named for it, answering as the file says. */
export async function recreateEndpoints(host: RunnerHost, run: Run, scenario: Scenario | undefined) {
  for (const { keep: _keep, ...endpoint } of scenario?.endpoints ?? []) {
    const name = endpointNameInRun(endpoint.name, run.id)
    await host.saveEndpoint(checkedWhole(EndpointInput, { ...endpoint, name }))
    run.endpoints[endpoint.name] = name
    run.cleanup.endpointNames.push(name)
  }
}

/** The replay's subscription for each destination: plain, unsigned (the recorded headers carry the signatures), no retries. */
export async function replaySubscriptions(host: RunnerHost, run: Run, urls: string[]) {
  for (const url of new Set(urls)) {
    const subscription = await host.createSubscription(checkedWhole(SubscriptionDraft, { name: `replay of ${run.replayOf?.runId} → ${url}`, url, provider: 'any', retry: { preset: 'none' } }))
    run.subscriptionIds.push(subscription.id)
    run.cleanup.subscriptionIds.push(subscription.id)
    run.routes[subscription.id] = { target: url }
  }
}

/**
 * An exact replay's story: each recorded request at its place in the story (its offset from the
 * first, played at the replay's time scale), byte for byte (body and every header, signatures
 * included), one attempt each. A step passes when the answer is the one the run got (or, sent
 * elsewhere with `--to`, when there is an answer).
 */
export function exactStory(requests: RecordedRequest[], destinations: (request: RecordedRequest) => string[], retargeted: boolean): Story {
  return async (session, cursor) => {
    const originMs = Date.parse(session.run.storyStartedAt ?? session.run.startedAt)
    const firstMs = requests[0]?.storyMs ?? 0
    for (const [index, request] of requests.entries()) {
      if (session.ending) return
      await runStep(session, cursor, index, () => resend(session, cursor, request, originMs + (request.storyMs - firstMs), destinations(request), retargeted))
    }
  }
}

async function resend(session: RunSession, cursor: Cursor, request: RecordedRequest, dueMs: number, urls: string[], retargeted: boolean): Promise<Outcome> {
  const { run, host } = session
  await cursor.sleepUntil(dueMs)
  const subscriptions = urls.flatMap((url) => run.subscriptionIds.filter((id) => host.subscription(id)?.url === url))
  const drafts = subscriptions.map((subscriptionId) => exactDraft(host, run, request, subscriptionId))
  if (drafts.length === 0) return { passed: false, message: `nowhere to send it (${urls.join(', ')})` }
  const plan: FirePlan = { eventId: drafts[0]!.eventId, drafts, skipped: [] }
  const sent = await host.send(plan)
  const ids = sent.deliveries.map((d) => d.id)
  session.addDeliveries(ids)
  const answers = await cursor.park(Promise.all(ids.map((id) => host.whenFinal(id))))
  const recorded = describeAnswer(request.attempt)
  const got = answers.map((d) => describeAnswer(d.attempts.at(-1)))
  const same = got.every((answer) => answer === recorded)
  const passed = retargeted ? answers.every((d) => d.attempts.at(-1)?.response !== undefined) : same
  const message = same ? `answered ${recorded}, as in the run` : `answered ${got.join(', ')}; the run got ${recorded}`
  return { passed, message, deliveryIds: ids }
}

const describeAnswer = (attempt: Attempt | undefined) =>
  attempt?.response ? `HTTP ${attempt.response.status}` : attempt?.error ? attempt.error.class : 'no answer'

/** The recorded request as a one-attempt delivery: its body and its headers as they were sent, unsigned anew. */
function exactDraft(host: RunnerHost, run: Run, { delivery, attempt }: RecordedRequest, subscriptionId: string): DeliveryDraft {
  const subscription = host.subscription(subscriptionId)
  const url = subscription?.url ?? attempt.url
  return {
    id: derivedId('msg', run.id, delivery.id, String(attempt.series), String(attempt.n), subscriptionId),
    eventId: derivedId('evt', run.id, delivery.id, String(attempt.series), String(attempt.n)),
    runId: run.id,
    subscriptionId,
    subscriptionName: subscription?.name ?? url,
    provider: delivery.provider,
    event: delivery.event,
    // What filters look at, as recorded: the replayed event is the same event.
    ...(delivery.facts && { facts: delivery.facts }),
    url,
    body: delivery.body,
    headers: attempt.headers,
    signing: { scheme: 'none' },
    retry: { preset: 'none' },
    timeoutMs: delivery.timeoutMs,
    secretHeaders: [],
    rules: delivery.rules,
  }
}

export const noRecordedRequests = (runId: string) => new ApiFailure('conflict', `Run ${runId} sent no requests to replay`)

/**
 * What an exact replay needs: the story's endpoints again and a subscription per destination
 * (`prepare`, once), and the recorded requests in order, each where it goes now (`play`). A URL
 * the original sent to under a variable's old value goes to its new one.
 */
export function exactReplayStory(host: RunnerHost, original: Run, run: Run, requests: RecordedRequest[]) {
  const parse = (vars: Record<string, string>) => {
    try {
      return scenarioOf(original.source, original.fileName, { ...original.options, vars }, receiverOf(host, original), original.files ?? {})
    } catch {
      return undefined
    }
  }
  const then = parse(original.options.vars)
  const now = parse(run.options.vars)
  const varChanges = Object.keys(now?.vars ?? {}).flatMap((name): Array<[string, string]> => {
    const was = then?.vars[name]
    const is = now?.vars[name]
    return typeof was === 'string' && typeof is === 'string' && was !== is ? [[was, is]] : []
  })
  const { targets } = run.options
  const rewrite = urlRewriter(original, run, then, varChanges)
  const destinations = (request: RecordedRequest) => (targets.length > 0 ? targets : [rewrite(request.attempt.url)])
  return {
    async prepare() {
      await recreateEndpoints(host, run, then)
      await replaySubscriptions(host, run, requests.flatMap(destinations))
    },
    play: exactStory(requests, destinations, targets.length > 0),
  }
}
