import type { Run, RunOptions, RunRoute } from '../../../shared/schemas/run'
import { type Scenario, ScenarioSubscription } from '../../../shared/schemas/scenario'
import { DEFAULT_ENDPOINT_NAME, EndpointInput } from '../../../shared/schemas/receiver'
import { SubscriptionDraft } from '../../../shared/schemas/subscription'
import { checkedWhole } from '../../core/merged'
import type { RunnerHost } from './host'

type Draft = Scenario['subscriptions'][number]

/** A subscription the run makes, and where it sends. */
export interface RunSubscription {
  draft: Draft
  route: RunRoute
}

/**
 * The name a story's endpoint has in one run: its own name plus the run's tag, so two runs of the
 * same story each get endpoints of their own (fresh scripts, their own captures). A `keep`
 * endpoint keeps the file's name: it is meant to be found afterwards.
 */
export function endpointNameInRun(name: string, runId: string): string {
  const tag = runId.replace(/^run_/, '').slice(-6).toLowerCase()
  return `${name.slice(0, 63 - tag.length - 1)}-${tag}`
}

/** The built-in receiver endpoint a URL points at (`<receiver>r/<name>…`), if it does. */
export function receiverEndpointOf(url: string, receiver: string | undefined): string | undefined {
  if (!receiver || !url.startsWith(`${receiver}r/`)) return undefined
  const name = /^[^/?#]+/.exec(url.slice(receiver.length + 2))?.[0]
  return name === undefined ? undefined : decodeURIComponent(name)
}

/** The URL with the story's endpoint name replaced by the run's. */
export function urlInRun(url: string, receiver: string | undefined, endpoints: Record<string, string>): string {
  const name = receiverEndpointOf(url, receiver)
  const inRun = name === undefined ? undefined : endpoints[name]
  if (!inRun || inRun === name) return url
  const head = `${receiver}r/${encodeURIComponent(name!)}`
  return `${receiver}r/${encodeURIComponent(inRun)}${url.slice(head.length)}`
}

/** Creates the run's endpoints (named for the run unless `keep`) and its subscriptions. */
export async function prepareRun(host: RunnerHost, run: Run, scenario: Scenario) {
  for (const { keep, ...endpoint } of scenario.endpoints) {
    const name = keep ? endpoint.name : endpointNameInRun(endpoint.name, run.id)
    await host.saveEndpoint(checkedWhole(EndpointInput, { ...endpoint, name }))
    run.endpoints[endpoint.name] = name
    if (!keep) run.cleanup.endpointNames.push(name)
  }
  for (const { draft, route } of runSubscriptions(scenario, run.options, run.receiver)) {
    const { keep, ...fields } = draft
    const url = route.target ?? urlInRun(fields.url, run.receiver, run.endpoints)
    const created = await host.createSubscription(checkedWhole(SubscriptionDraft, { ...fields, url, name: `${scenario.name}: ${fields.name}` }))
    run.subscriptionIds.push(created.id)
    run.routes[created.id] = { ...route, name: fields.name }
    if (!keep) run.cleanup.subscriptionIds.push(created.id)
  }
}

/**
 * The run's subscriptions: the scenario's (each copied to every `--to` target, and signed with
 * `--secret` there), or one per target when the scenario has none. Each says which of the story's
 * receiver endpoints it was meant for, so `received` can be judged at the target instead.
 */
export function runSubscriptions(scenario: Scenario, options: RunOptions, receiver: string | undefined): RunSubscription[] {
  const { targets } = options
  const endpointOf = (draft: Draft) => receiverEndpointOf(draft.url, receiver)
  if (targets.length === 0) return scenario.subscriptions.map((draft) => ({ draft, route: routeOf(endpointOf(draft)) }))
  if (scenario.subscriptions.length === 0) return targets.map((url) => ({ draft: targetDraft(url, options), route: { target: url } }))
  return scenario.subscriptions.flatMap((draft) =>
    targets.map((url) => ({
      draft: { ...draft, url, name: targets.length > 1 ? `${draft.name} → ${url}` : draft.name, ...targetSigning(draft, options) },
      route: { ...routeOf(endpointOf(draft)), target: url },
    })),
  )
}

const routeOf = (endpoint: string | undefined): RunRoute => (endpoint === undefined ? {} : { endpoint })

/** `--secret` (and `--scheme`) sign what goes to the `--to` targets, whatever the file said. */
function targetSigning(draft: Draft, options: RunOptions): Partial<Draft> {
  if (options.secret === undefined && options.scheme === undefined) return {}
  const scheme = options.scheme ?? (draft.signing.scheme === 'none' ? 'standard' : draft.signing.scheme)
  return { signing: { scheme, ...(options.secret !== undefined ? { secret: options.secret } : { secret: draft.signing.secret }) } }
}

function targetDraft(url: string, options: RunOptions): Draft {
  const scheme = options.scheme ?? (options.secret ? 'standard' : 'none')
  const signing = { scheme, ...(options.secret !== undefined && { secret: options.secret }) }
  return ScenarioSubscription.parse({ name: url, url, provider: 'any', signing })
}

/** The endpoint a `received` expectation names, as it is called in this run. */
export const endpointInRun = (run: Run, name = DEFAULT_ENDPOINT_NAME) => run.endpoints[name] ?? name
