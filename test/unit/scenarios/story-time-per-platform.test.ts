import { describe, expect, it } from 'vitest'
import type { Run } from '../../../src/shared/schemas/run'
import { memoryEngine } from '../../support/memory-engine'

/*
 * A story per platform, walked at time scale 0, and every time field of every payload checked
 * against the story clock: an event is stamped with the story's time when it happens (not the
 * wall clock's, and not the time of the first event), and what belongs to the whole story
 * (a rollout's start, a Qovery project) stays the same from one event to the next.
 */

const MIN = 60_000

async function walk(source: string) {
  const env = await memoryEngine()
  const started = await env.engine.runs.start({ source, scenarioId: 'story', options: { timeScale: 0 } })
  let run: Run | undefined
  void env.engine.runs.whenDone(started.id).then((done) => (run = done))
  for (let i = 0; i < 200 && !run; i++) await new Promise((resolve) => setImmediate(resolve))
  if (!run) throw new Error('the story did not end')
  expect(run.status, run.reason).toBe('passed')
  const origin = Date.parse(run.storyStartedAt!)
  // Bodies in the order sent; the wall clock barely moved (a fake clock), the story went on for minutes.
  return { origin, bodies: env.sent.map((r) => JSON.parse(r.body) as Record<string, unknown>), wallMs: env.clock.now() - Date.parse(run.startedAt) }
}

const iso = (ms: number) => new Date(ms).toISOString()
const pad = (n: number) => String(n).padStart(2, '0')
/** Ocean CD's `DD/MM/YYYY HH:mm:ss` (UTC). */
const oceanCd = (ms: number) => {
  const d = new Date(ms)
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${iso(ms).slice(11, 19)}`
}

describe('story time, platform by platform', () => {
  it('Ocean CD: each event\'s timestamp is its story time, the rollout\'s startTime the rollout-started one, the heartbeat failure 5 min after the stop', async () => {
    const { origin, bodies, wallMs } = await walk(`
version: 1
name: ocean
provider: ocean-cd
seed: ocean
context: { service: checkout, rolloutSpec: checkout-prod, clusterId: prod-eu-1 }
subscriptions:
  - { name: app, url: "http://127.0.0.1:9/hooks", provider: ocean-cd }
steps:
  - heartbeat: start
    cluster: prod-eu-1
  - wait: 3m
  - fire: rollout-started
  - wait: 4m
  - fire: kubernetes-rolling-update-finished
  - wait: 1m
  - fire: rollout-finished
  - heartbeat: stop
    cluster: prod-eu-1
  - wait: 6m
`)
    expect(wallMs).toBeLessThan(MIN)
    expect(bodies.map((b) => [b.type, b.timestamp])).toEqual([
      ['rollout-started', oceanCd(origin + 3 * MIN)],
      ['kubernetes-rolling-update-finished', oceanCd(origin + 7 * MIN)],
      ['rollout-finished', oceanCd(origin + 8 * MIN)],
      ['controller-heartbeat-failure', oceanCd(origin + 13 * MIN)],
    ])
    const rollouts = bodies.slice(0, 3).map((b) => b.rolloutDetails as { startTime: string })
    expect(rollouts.map((r) => r.startTime)).toEqual([oceanCd(origin + 3 * MIN), oceanCd(origin + 3 * MIN), oceanCd(origin + 3 * MIN)])
  })

  it('Qovery: created_at is the event\'s story time; the organization, project, environment and services (times, counts, sizes) are the same in every event, created before the story began', async () => {
    const { origin, bodies } = await walk(`
version: 1
name: qovery
provider: qovery
seed: qovery
context: { organization: Acme, project: Shop, environment: production, environmentType: PRODUCTION, service: web }
subscriptions:
  - { name: app, url: "http://127.0.0.1:9/hooks", provider: qovery }
steps:
  - wait: 1m
  - fire: DEPLOYMENT_STARTED
  - wait: 6m
  - fire: DEPLOYMENT_FAILURE
    context: { version: "4.3.1" }
  - wait: 20m
  - fire: DEPLOYMENT_STARTED
`)
    type Body = { created_at: string; payload: Record<string, unknown> & { logs: Array<{ timestamp: string }> } }
    const events = bodies as unknown as Body[]
    expect(events.map((b) => b.created_at)).toEqual([iso(origin + MIN), iso(origin + 7 * MIN), iso(origin + 27 * MIN)])
    const entities = (b: Body) => {
      const { organization, project, environment, applications, databases, containers, jobs } = b.payload as Record<string, unknown>
      // A service's image tag follows the deployed version; everything else about it is the story's.
      const withoutTag = (list: unknown) => JSON.stringify(list, (key, value: unknown) => (key === 'tag' || key === 'current_status' || key === 'desired_status' ? undefined : value))
      return JSON.stringify({ organization, project, environment }) + withoutTag([applications, databases, containers, jobs])
    }
    expect(new Set(events.map(entities)).size).toBe(1)
    const { organization, project, environment } = events[0]!.payload as Record<string, { created_at: string; associated_environments_count?: number }>
    for (const entity of [organization, project, environment]) expect(Date.parse(entity!.created_at)).toBeLessThan(origin)
    expect(project!.associated_environments_count).toBeGreaterThan(0)
    // Each event's log ends at the event, its earlier lines seconds before.
    for (const [i, b] of events.entries()) {
      const at = Date.parse(b.created_at)
      const times = b.payload.logs.map((l) => Date.parse(l.timestamp))
      expect(times.at(-1), `event ${i}`).toBe(at)
      expect(times.every((t, j) => t <= at && (j === 0 || t >= times[j - 1]!) && at - t < 5 * MIN)).toBe(true)
    }
  })

  it.each(['documented', 'hermes-wire'])('CharlesCD (%s): each date is the event\'s story time; FINISH_DEPLOY\'s timeExecution is the seconds since its START', async (format) => {
    const { origin, bodies } = await walk(`
version: 1
name: charles
provider: charlescd
seed: charles
context: { service: checkout, version: "2.3.0", circle: Beta }
subscriptions:
  - name: app
    url: "http://127.0.0.1:9/hooks"
    provider: charlescd
    options: { format: ${format}, workspaceId: 0e7b5f7e-3a51-4c57-9f6a-1b2c3d4e5f60, events: [DEPLOY, UNDEPLOY] }
steps:
  - wait: 2m
  - fire: START_DEPLOY
  - wait: 7m
  - fire: FINISH_DEPLOY
  - wait: 30m
  - fire: START_UNDEPLOY
  - wait: 1m
  - fire: FINISH_UNDEPLOY
`)
    type Event = { type: string; date: unknown; timeExecution?: number }
    const events = bodies.map((b) => (format === 'documented' ? (b.event as Event) : (JSON.parse(JSON.parse(b.content as string) as string) as Event)))
    const dateOf = (ms: number) => {
      const d = new Date(ms)
      return format === 'documented'
        ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${iso(ms).slice(11, 19)}`
        : { date: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, time: { hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), nano: d.getUTCMilliseconds() * 1_000_000 } }
    }
    expect(events.map((e) => [e.type, e.date])).toEqual([
      ['START_DEPLOY', dateOf(origin + 2 * MIN)],
      ['FINISH_DEPLOY', dateOf(origin + 9 * MIN)],
      ['START_UNDEPLOY', dateOf(origin + 39 * MIN)],
      ['FINISH_UNDEPLOY', dateOf(origin + 40 * MIN)],
    ])
    expect(events.map((e) => e.timeExecution)).toEqual([undefined, 420, undefined, undefined])
  })

  it('Divshot: each release\'s timestamp is its story time, in Unix seconds', async () => {
    const { origin, bodies } = await walk(`
version: 1
name: divshot
provider: divshot
seed: divshot
context: { service: docs, environment: production, version: "41" }
subscriptions:
  - { name: app, url: "http://127.0.0.1:9/hooks", provider: divshot }
steps:
  - fire: release
  - wait: 2h
  - fire: release
`)
    const stamps = bodies.map((b) => ((b.data as { release: { timestamp: number } }).release.timestamp))
    expect(stamps).toEqual([origin / 1000, origin / 1000 + 7200])
  })

  it('generic: timestamp.iso and timestamp.unix are the event\'s story time', async () => {
    const { origin, bodies } = await walk(`
version: 1
name: generic
provider: generic
seed: generic
context: { project: billing, environment: production }
subscriptions:
  - { name: app, url: "http://127.0.0.1:9/hooks", provider: generic }
steps:
  - fire: build.started
  - wait: 6m30s
  - fire: build.succeeded
`)
    expect(bodies.map((b) => b.timestamp)).toEqual([iso(origin), iso(origin + 390_000)])
  })
})
