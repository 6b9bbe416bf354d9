import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headerValue } from '../../../src/shared/schemas/http'
import type { Capture } from '../../../src/shared/schemas/receiver'
import type { Run } from '../../../src/shared/schemas/run'
import type { Scenario } from '../../../src/shared/schemas/scenario'
import { OCEAN_CD_HEARTBEAT_EVENT } from '../../../src/shared/platforms/ocean-cd/payload'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { startReceiver } from '../../../src/main/host/start-receiver'
import { compileScenario } from '../../../src/main/scenarios/compile'
import { LIBRARY, type LibraryScenario } from '../../../src/main/scenarios/library'
import { parseScenario } from '../../../src/main/scenarios/parse-scenario'
import { canonicalOrder, eventIdOf, fireKey, storyArrivals } from '../../support/story-arrivals'

/*
 * Every built-in scenario, as written, against the real built-in receiver over 127.0.0.1: all of
 * them at once in one engine (as the app can run them), at a time scale that turns the longest
 * story (3 h 20 min) into about 6 s.
 */
const SCALE = 0.0005

let opened: OpenedEngine
let receiver: { url: string; close(): Promise<void> }
const runs = new Map<string, Promise<Run>>()

beforeAll(async () => {
  opened = await openEngine({ dataDir: mkdtempSync(join(tmpdir(), 'hookbench-library-')), host: 'cli', timeScale: SCALE, log: () => {} })
  receiver = await startReceiver(opened.engine, { host: '127.0.0.1', port: 0 })
  for (const scenario of LIBRARY) {
    const started = await opened.engine.runs.start({ source: scenario.source, fileName: scenario.fileName, scenarioId: scenario.id, options: { timeScale: SCALE } })
    runs.set(scenario.id, opened.engine.runs.whenDone(started.id))
  }
})
afterAll(async () => {
  await receiver?.close()
  await opened?.close()
})

const engine = () => opened.engine

function scenarioOf(builtin: LibraryScenario): Scenario {
  const parsed = parseScenario(builtin.source, { fileName: builtin.fileName, vars: { receiver: receiver.url } })
  if (!parsed.ok) throw new Error(`${builtin.id} does not parse`)
  return parsed.scenario
}

/** One accepted request as the receiver captured it, tied to the fire of the plan it came from. */
interface Arrival {
  key: string
  event: string
  deliveryId: string
  body: string
  json: unknown
  webhookId: string | undefined
}

/** Every capture of the run's deliveries, oldest first (by arrival, then by when it was recorded). */
async function capturesOf(run: Run): Promise<Capture[]> {
  const ids = new Set((await engine().runs.deliveries(run.id)).map((d) => d.id))
  const summaries = engine()
    .receiver.listCaptures({ limit: 100_000 })
    .items.filter((c) => c.deliveryId !== undefined && ids.has(c.deliveryId))
    .reverse()
  const captures = await Promise.all(summaries.map((c) => engine().receiver.getCapture(c.id)))
  return captures.map((c, i) => ({ c, i })).sort((a, b) => Date.parse(a.c.receivedAt) - Date.parse(b.c.receivedAt) || a.i - b.i).map(({ c }) => c)
}

const bodyOf = (capture: Capture) => Buffer.from(capture.bodyBase64, 'base64').toString('utf8')

describe.each(LIBRARY.map((s) => [s.id, s] as const))('built-in scenario %s over HTTP', (id, builtin) => {
  it('passes, every expectation held, and the receiver got the story as scripted', { timeout: 60_000 }, async () => {
    const run = await runs.get(id)!
    const scenario = scenarioOf(builtin)
    const actions = compileScenario(scenario, run.seed)

    // The run and every step in it passed.
    const notPassed = run.steps.filter((s) => s.status !== 'passed')
    expect(notPassed.map((s) => `${s.path} ${s.label}: ${s.status} ${s.message ?? ''}`)).toEqual([])
    expect(run.status, run.reason).toBe('passed')
    expect(run.steps.filter((s) => s.kind === 'expect').length).toBeGreaterThan(0)

    // Which fire of the plan each delivery came from: the runner derives the event id from it.
    const plan = storyArrivals(scenario, actions)
    const keyOfEvent = new Map<string, string>()
    for (const action of actions) {
      if (action.kind === 'fire') action.fires.forEach((_, i) => keyOfEvent.set(eventIdOf(run.id, fireKey(action.index, i)), fireKey(action.index, i)))
    }
    const deliveries = await engine().runs.deliveries(run.id)
    const keyOf = new Map(
      deliveries.map((d) => [d.id, d.event === OCEAN_CD_HEARTBEAT_EVENT ? `heartbeat:${(JSON.parse(d.body) as { clusterId: string }).clusterId}` : keyOfEvent.get(d.eventId)]),
    )
    expect([...keyOf.entries()].filter(([, key]) => key === undefined), 'deliveries no fire of the plan accounts for').toEqual([])
    expect(deliveries.every((d) => d.status === 'delivered')).toBe(true)

    // A dropped fire made no delivery; a fire the subscription filters out made none and says so.
    const delivered = new Set(keyOf.values())
    for (const action of actions) {
      if (action.kind !== 'fire') continue
      action.fires.forEach((fire, i) => {
        const key = fireKey(action.index, i)
        if (fire.step.drop) expect(delivered.has(key), `${key} ${fire.step.fire} was dropped`).toBe(false)
        else if (!delivered.has(key)) {
          expect(fire.step.filteredOut, `${key} ${fire.step.fire} reached no subscription`).toBe(true)
          expect(run.steps[action.index]!.message).toContain(`${fire.step.fire} filtered out, as expected`)
        }
      })
    }
    const expected = plan.arrivals.filter((a) => delivered.has(a.key))

    // What the receiver accepted (retried attempts it refused aside), in arrival order.
    const captures = await capturesOf(run)
    const accepted = captures.filter((c) => c.response && c.response.status >= 200 && c.response.status < 300)
    const arrivals: Arrival[] = accepted.map((c) => {
      const body = bodyOf(c)
      return { key: keyOf.get(c.deliveryId!)!, event: deliveries.find((d) => d.id === c.deliveryId)!.event, deliveryId: c.deliveryId!, body, json: JSON.parse(body), webhookId: headerValue(c.headers, 'webhook-id') }
    })
    const ordered = scenario.subscriptions.every((s) => s.ordered)
    const canonical = canonicalOrder(expected, arrivals.map((a) => a.key), (burst) => ordered || plan.strictBursts.has(burst))
    const named = (keys: string[]) => keys.map((key) => `${key} ${expected.find((a) => a.key === key)?.event ?? arrivals.find((a) => a.key === key)?.event}`)
    expect(named(canonical.actual)).toEqual(named(canonical.expected))

    // Every request of one delivery (retries, duplicates) carried the same bytes and the same id.
    for (const id of new Set(captures.map((c) => c.deliveryId!))) {
      const same = captures.filter((c) => c.deliveryId === id)
      expect(new Set(same.map((c) => c.bodyBase64)).size, `${id}: bodies`).toBe(1)
      expect(new Set(same.map((c) => headerValue(c.headers, 'webhook-id'))).size, `${id}: webhook-id`).toBe(1)
    }

    // The story is coherent: one rollout, one deployment, one circle, versions that make sense.
    const story = storyOrder(arrivals, actions.length)
    coherent[scenario.provider](story.filter((a) => a.event !== OCEAN_CD_HEARTBEAT_EVENT), scenario)
  })
})

/** The faults the library does not use: a delayed fire, a random reorder, a parallel group. */
const FAULTS = `
version: 1
name: faults over HTTP
provider: generic
seed: faults-over-http
context: { project: billing, environment: production, version: "1.0.0" }
subscriptions:
  - name: pipeline
    url: \${receiver}r/inbox
    provider: generic
    ordered: true
steps:
  - fire: build.started
  - fire: build.succeeded
    delay: true
  - fire: deploy.started
    id: deploy
  - wait: 1m
  - reorder: random
    steps:
      - fire: check.a
      - fire: check.b
      - fire: check.c
      - fire: check.d
  - wait: 1m
  - parallel:
      - fire: notify.slack
      - fire: notify.pager
  - duplicate: deploy
  - fire: deploy.succeeded
    drop: true
  - expect: { received: { endpoint: inbox, event: deploy.started, count: 2 } }
  - expect: { received: { endpoint: inbox, count: 10 } }
  - expect: { delivered: all }
`

describe('faults the library does not use, over HTTP', () => {
  it('a delayed fire arrives after the next one, a random reorder in the seeded order, a duplicate twice, a drop never', async () => {
    const started = await engine().runs.start({ source: FAULTS, scenarioId: 'faults', options: { timeScale: SCALE } })
    const run = await engine().runs.whenDone(started.id)
    expect(run.steps.filter((s) => s.status !== 'passed').map((s) => `${s.label}: ${s.message}`)).toEqual([])
    expect(run.status).toBe('passed')
    const parsed = parseScenario(FAULTS, { vars: { receiver: receiver.url } })
    if (!parsed.ok) throw new Error('FAULTS does not parse')
    const actions = compileScenario(parsed.scenario, run.seed)
    const plan = storyArrivals(parsed.scenario, actions)
    const arrived = await Promise.all((await capturesOf(run)).map(async (c) => (await engine().deliveries.get(c.deliveryId!)).event))
    expect(arrived).toEqual(plan.arrivals.map((a) => a.event))
    // Not the story's order: the delay and the shuffle moved events, and the dropped one is missing.
    const shuffled = arrived.slice(3, 7)
    expect(arrived.slice(0, 3)).toEqual(['build.started', 'deploy.started', 'build.succeeded'])
    expect([...shuffled].sort()).toEqual(['check.a', 'check.b', 'check.c', 'check.d'])
    expect(shuffled).not.toEqual(['check.a', 'check.b', 'check.c', 'check.d'])
    expect(arrived.slice(7)).toEqual(['notify.slack', 'notify.pager', 'deploy.started'])
    expect(plan.dropped).toEqual(['deploy.succeeded'])
  })
})

/** One arrival per fire (duplicates once), in the order the story tells them (not the send order). */
function storyOrder(arrivals: Arrival[], actionCount: number): Arrival[] {
  const rank = (key: string) => {
    const [action, fire] = key.split(':').map(Number)
    return Number.isNaN(action) ? actionCount * 100 : action! * 100 + fire!
  }
  const once = [...new Map(arrivals.map((a) => [a.key, a])).values()]
  return once.sort((a, b) => rank(a.key) - rank(b.key))
}

const all = <T>(values: T[]) => new Set(values.map((v) => JSON.stringify(v)))

const coherent: Record<Scenario['provider'], (story: Arrival[], scenario: Scenario) => void> = {
  'ocean-cd'(story) {
    const rollouts = story.map((a) => (a.json as { rolloutDetails: { id: string; startTime: string } }).rolloutDetails)
    expect(rollouts.length).toBeGreaterThan(1)
    expect(all(rollouts.map((r) => r.id)).size, 'rolloutDetails.id').toBe(1)
    expect(all(rollouts.map((r) => r.startTime)).size, 'rolloutDetails.startTime').toBe(1)
  },
  qovery(story, scenario) {
    if (scenario.subscriptions.every((s) => (s.options as { kind?: string }).kind === 'SLACK')) {
      // Slack-kind messages are text: each names the story's project and environment.
      for (const a of story) expect((a.json as { text: string }).text).toContain(`${scenario.context.project} / ${scenario.context.environment}`)
      return
    }
    type Deployment = { payload: { id: string; project: { id: string; name: string }; environment: { id: string; name: string } } }
    const deployments = story.map((a) => (a.json as Deployment).payload)
    expect(deployments.length).toBeGreaterThan(1)
    expect(all(deployments.map((p) => p.id)).size, 'payload.id').toBe(1)
    expect(all(deployments.map((p) => [p.project.id, p.project.name])).size, 'payload.project').toBe(1)
    expect(all(deployments.map((p) => [p.environment.id, p.environment.name])).size, 'payload.environment').toBe(1)
    expect(all(story.map((a) => (a.json as { payload_id: string }).payload_id)).size, 'payload_id differs per notification').toBe(story.length)
  },
  charlescd(story) {
    type Event = { type: string; workspaceId: string; circle: { id: string }; release: { tag: string } }
    // The documented format nests the event; hermes' wire format is a JSON string inside a JSON string.
    const events = story.map((a) => {
      const body = a.json as { event?: Event; content?: string }
      return body.event ?? (JSON.parse(JSON.parse(body.content!) as string) as Event)
    })
    expect(events.map((e) => e.type)).toEqual(story.map((a) => a.event))
    expect(all(events.map((e) => e.workspaceId)).size, 'workspaceId').toBe(1)
    expect(all(events.map((e) => e.circle.id)).size, 'circle.id').toBe(1)
    let pairs = 0
    events.forEach((finish, i) => {
      if (!finish.type.startsWith('FINISH_')) return
      const start = events.slice(0, i).findLast((e) => e.type === finish.type.replace('FINISH_', 'START_'))
      if (!start) return
      pairs++
      expect([start.circle.id, start.release.tag, start.workspaceId], `${start.type} and ${finish.type}`).toEqual([finish.circle.id, finish.release.tag, finish.workspaceId])
    })
    expect(pairs).toBeGreaterThan(0)
  },
  divshot(story, scenario) {
    type Release = { env: string; version: number; rollback: number | false }
    const releases = story.map((a) => (a.json as { data: { release: Release } }).data.release)
    expect(releases.length).toBeGreaterThan(1)
    const rollbacks = JSON.stringify(scenario.steps).includes('rollbackTo')
    expect(releases.some((r) => r.rollback !== false), 'a rollback release arrived').toBe(rollbacks)
    releases.forEach((release, i) => {
      const earlier = releases.slice(0, i).filter((r) => r.env === release.env)
      for (const before of earlier) expect(release.version, `${release.env} versions only go up`).toBeGreaterThan(before.version)
      if (release.rollback !== false) {
        expect(release.rollback).toBeLessThan(release.version)
        expect(earlier.map((r) => r.version), `rollback to ${release.rollback} names an earlier version`).toContain(release.rollback)
      }
    })
  },
  generic(story, scenario) {
    const data = story.map((a) => (a.json as { data: { project: string; environment: string } }).data)
    expect(data.length).toBeGreaterThan(0)
    expect(all(data.map((d) => [d.project, d.environment])).size).toBe(1)
    expect(data[0]!.project).toBe(scenario.context.project)
  },
}
