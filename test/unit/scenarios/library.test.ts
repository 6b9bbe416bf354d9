import { readFileSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { maxAttempts } from '../../../src/main/delivery/retry-policy'
import { rulesFor } from '../../../src/main/delivery/rules'
import { filterMismatch } from '../../../src/main/delivery/filters'
import { parseScenario } from '../../../src/main/scenarios/parse-scenario'
import { scenarioJsonSchema } from '../../../src/main/scenarios/scenario-json-schema'
import { ProviderId, platformOf } from '../../../src/shared/platforms'
import { OCEAN_CD_HEARTBEAT_EVENT } from '../../../src/shared/platforms/ocean-cd/payload'
import { generateEvent } from '../../../src/shared/platforms/generate'
import { DEFAULT_HEARTBEAT_TIMEOUT_MS } from '../../../src/shared/schemas/heartbeat'
import { DEFAULT_ENDPOINT_NAME } from '../../../src/shared/schemas/receiver'
import { type Scenario, type Step, type StepOf, stepKind } from '../../../src/shared/schemas/scenario'

const LIBRARY_DIR = join(__dirname, '..', '..', '..', 'src', 'main', 'scenarios', 'library')
/** What the runner gives `${receiver}`: the built-in receiver's base URL, ending in `/`. */
const RECEIVER = 'http://127.0.0.1:4781/'

const files = readdirSync(LIBRARY_DIR)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => ({ name, id: basename(name).replace(/\.ya?ml$/, ''), text: readFileSync(join(LIBRARY_DIR, name), 'utf8') }))

/** The published JSON Schema, compiled once for every file (compiling is the slow part). */
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false })
const validateAgainstSchema = ajv.compile(scenarioJsonSchema())

function load(file: (typeof files)[number]): Scenario {
  const result = parseScenario(file.text, { fileName: file.name, vars: { receiver: RECEIVER } })
  if (!result.ok) throw new Error(`${file.name}: ${JSON.stringify(result.problems)}`)
  return result.scenario
}

describe('the built-in scenario library', () => {
  it('has at least 14 scenarios, every platform at least twice', () => {
    expect(files.length).toBeGreaterThanOrEqual(14)
    const providers = files.map((file) => load(file).provider)
    for (const provider of ProviderId.options) expect(providers.filter((p) => p === provider).length, provider).toBeGreaterThanOrEqual(2)
  })

  it.each(files.map((file) => [file.name, file] as const))('%s parses with no problems', (_, file) => {
    expect(parseScenario(file.text, { fileName: file.name, vars: { receiver: RECEIVER } })).toMatchObject({ ok: true })
  })

  it('ids are kebab-case file names, given on the first line, and unique', () => {
    const ids = files.map((file) => /^# id: (\S+)\n/.exec(file.text)?.[1])
    expect(ids).toEqual(files.map((file) => file.id))
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    expect(new Set(ids).size).toBe(ids.length)
    for (const file of files) expect(file.name, 'use .yaml').toBe(`${file.id}.yaml`)
  })

  it.each(files.map((file) => [file.id, file] as const))('%s: a description of 1–3 sentences, a fixed seed, story-time waits', (_, file) => {
    const scenario = load(file)
    const sentences = scenario.description?.trim().split(/(?<=[.!?])\s+(?=[A-Z])/) ?? []
    expect(sentences.length).toBeGreaterThanOrEqual(1)
    expect(sentences.length).toBeLessThanOrEqual(3)
    expect(sentences.at(-1)).toMatch(/[.!?]$/)
    expect(scenario.seed).toBe(file.id)
    expect(allSteps(scenario.steps).some((step) => stepKind(step) === 'wait')).toBe(true)
    expect(allSteps(scenario.steps).at(-1)).toEqual({ expect: { delivered: 'all' } })
  })

  it.each(files.map((file) => [file.id, file] as const))('%s: one subscription of its platform, on the inbox or an endpoint it declares', (_, file) => {
    const raw = parse(file.text) as { subscriptions: { url: string; provider: string }[]; endpoints?: { name: string }[]; provider: string }
    const declared = (raw.endpoints ?? []).map((endpoint) => endpoint.name)
    expect(raw.subscriptions).toHaveLength(1)
    const [subscription] = raw.subscriptions
    expect(subscription!.provider).toBe(raw.provider)
    expect(subscription!.url).toBe(`\${receiver}r/${declared[0] ?? DEFAULT_ENDPOINT_NAME}`)
  })

  it.each(files.map((file) => [file.id, file] as const))('%s: the published JSON Schema accepts the file as written', (_, file) => {
    expect(validateAgainstSchema(parse(file.text)) || ajv.errorsText(validateAgainstSchema.errors)).toBe(true)
  })

  it.each(files.map((file) => [file.id, file] as const))('%s: every event builds, and every expectation holds against the built-in receiver', (_, file) => {
    expect(simulate(load(file))).toEqual([])
  })
})

function allSteps(steps: Step[]): Step[] {
  return steps.flatMap((step) => {
    if ('steps' in step) return [step, ...allSteps(step.steps)]
    if ('parallel' in step) return [step, ...allSteps(step.parallel)]
    return [step]
  })
}

// --- A dry run ---------------------------------------------------------------------------------

interface SimDelivery {
  event: string
  endpoint: string | undefined
  maxAttempts: number
  success: [number, number]
  ok: boolean
  status: number
}

/**
 * Walks the story as the runner would, without a clock or sockets: every fire is generated for the
 * scenario's subscriptions exactly as the engine plans it (filters, platform routing, overrides),
 * and each delivery meets its receiver endpoint's script (`failFirst` answers consumed in fire
 * order, retried per the subscription's policy). Assumes, as the library's waits make sure, that
 * each delivery is over before the next step that checks it. Returns what does not hold.
 */
function simulate(scenario: Scenario): string[] {
  const problems: string[] = []
  const endpoints = new Map(scenario.endpoints.map((e) => [e.name, { ...e.response, failsLeft: e.response.failFirst }]))
  const requests: { endpoint: string | undefined; event: string }[] = []
  const deliveries: SimDelivery[] = []
  const byStep = new Map<string, SimDelivery[]>()
  let previousFire: SimDelivery[] = []
  let storyMs = 0
  let fireCount = 0
  const silentSince = new Map<string, number>()
  const outageFired = new Set<string>()

  const endpointOf = (url: string) => (url.startsWith(`${RECEIVER}r/`) ? url.slice(`${RECEIVER}r/`.length) : undefined)

  const send = (delivery: SimDelivery) => {
    const script = delivery.endpoint === undefined ? undefined : (endpoints.get(delivery.endpoint) ?? (delivery.endpoint === DEFAULT_ENDPOINT_NAME ? { status: 200, failsLeft: 0, failStatus: 500, failureRate: 0, hang: false } : undefined))
    if (!script) return problems.push(`a delivery goes to ${delivery.endpoint ?? 'an outside URL'}, which the run does not create`)
    if (script.failureRate > 0 || script.hang) return problems.push('the dry run cannot predict failureRate or hang')
    const failures = Math.min(script.failsLeft, delivery.maxAttempts)
    script.failsLeft -= failures
    const succeeded = failures < delivery.maxAttempts
    const attempts = succeeded ? failures + 1 : failures
    for (let i = 0; i < attempts; i++) requests.push({ endpoint: delivery.endpoint, event: delivery.event })
    const status = succeeded ? script.status : script.failStatus
    delivery.status = status
    delivery.ok = status >= delivery.success[0] && status <= delivery.success[1]
    deliveries.push(delivery)
    return undefined
  }

  const fire = (step: Pick<StepOf<'fire'>, 'fire' | 'provider' | 'context' | 'set' | 'drop' | 'id'>) => {
    const provider = step.provider ?? scenario.provider
    const context = { ...scenario.context, ...step.context }
    const made: SimDelivery[] = []
    fireCount++
    for (const subscription of scenario.subscriptions) {
      if (subscription.provider !== provider && subscription.provider !== 'any') continue
      if (subscription.events.length > 0 && !subscription.events.includes(step.fire)) continue
      const options = subscription.provider === provider ? subscription.options : {}
      const generated = generateEvent({ provider, event: step.fire, seed: `${scenario.seed}:${fireCount}`, context, options, set: step.set ?? {}, nowMs: Date.UTC(2025, 5, 2, 9) + storyMs })
      if (!generated.ok) {
        problems.push(`${step.fire}: ${generated.error.message}`)
        continue
      }
      const facts = generated.data.facts
      if (platformOf(provider).route(options, facts) ?? filterMismatch(subscription.filters, { event: step.fire, ...facts, payload: generated.data.payload })) continue
      const retry = subscription.retry ?? platformOf(provider).delivery.retry
      const rules = rulesFor(provider, { signing: subscription.signing, retry })
      made.push({ event: step.fire, endpoint: endpointOf(subscription.url), maxAttempts: maxAttempts(retry), success: rules.success, ok: false, status: 0 })
    }
    if (!step.drop) made.forEach(send)
    if (step.id) byStep.set(step.id, made)
    previousFire = made
  }

  const advance = (ms: number) => {
    storyMs += ms
    for (const [cluster, since] of silentSince) {
      if (outageFired.has(cluster) || storyMs - since < DEFAULT_HEARTBEAT_TIMEOUT_MS) continue
      outageFired.add(cluster)
      fire({ fire: OCEAN_CD_HEARTBEAT_EVENT, provider: 'ocean-cd', context: { clusterId: cluster }, drop: false })
    }
  }

  const expectation = ({ expect: want }: StepOf<'expect'>) => {
    if ('delivered' in want) {
      const failed = deliveries.filter((d) => !d.ok)
      if (failed.length > 0) problems.push(`delivered: all, but ${failed.map((d) => d.event).join(', ')} failed`)
    } else if ('delivery' in want) {
      const subject = want.delivery.step === undefined ? previousFire : (byStep.get(want.delivery.step) ?? [])
      const last = subject.at(-1)
      if (!last) problems.push(`delivery ${want.delivery.step ?? '(previous fire)'}: nothing was delivered`)
      else if (want.delivery.status === undefined ? !last.ok : last.status !== want.delivery.status) problems.push(`delivery ${want.delivery.step}: ended ${last.status}`)
    } else if ('received' in want) {
      const { endpoint, event, count } = want.received
      const seen = requests.filter((r) => (endpoint === undefined || r.endpoint === endpoint) && (event === undefined || r.event === event)).length
      if (seen !== count) problems.push(`received ${JSON.stringify(want.received)}: ${seen} requests`)
    } else {
      problems.push('the dry run cannot check http expectations')
    }
  }

  const run = (steps: Step[]): void => {
    for (const step of steps) {
      if ('fire' in step) fire(step)
      else if ('wait' in step) advance(typeof step.wait === 'number' ? step.wait : 0)
      else if ('heartbeat' in step) {
        if (step.heartbeat === 'stop') silentSince.set(step.cluster, storyMs)
        else {
          silentSince.delete(step.cluster)
          outageFired.delete(step.cluster)
        }
      } else if ('repeat' in step) for (let i = 0; i < step.repeat; i++) run(step.steps)
      else if ('parallel' in step) run(step.parallel)
      else if ('duplicate' in step) (byStep.get(step.duplicate) ?? []).forEach((d) => send({ ...d }))
      else if ('reorder' in step) run(step.reorder === 'reverse' ? [...step.steps].reverse() : step.steps)
      else if ('expect' in step) expectation(step)
    }
  }
  run(scenario.steps)
  return problems
}
