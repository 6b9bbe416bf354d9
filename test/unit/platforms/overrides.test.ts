import { describe, expect, it } from 'vitest'
import { readPath } from '../../../src/shared/core/json-path'
import type { ProviderId } from '../../../src/shared/platforms'
import { generateEvent } from '../../../src/shared/platforms/generate'
import type { Json } from '../../../src/shared/platforms/platform'
import { memoryEngine } from '../../support/memory-engine'
import { fireRequest, subscriptionDraft } from '../../support/inputs'

/** Every format of every platform: the options that select it, and one event to fire. */
const FORMATS: Array<[ProviderId, string, Record<string, unknown>]> = [
  ['ocean-cd', 'rollout-failed', {}],
  ['ocean-cd', 'controller-heartbeat-failure', {}],
  ['qovery', 'DEPLOYMENT_FAILURE', { kind: 'STANDARD' }],
  ['qovery', 'DEPLOYMENT_FAILURE', { kind: 'STANDARD', objects: 'minimal' }],
  ['qovery', 'DEPLOYMENT_FAILURE', { kind: 'SLACK' }],
  ['charlescd', 'FINISH_DEPLOY', { format: 'documented' }],
  ['charlescd', 'FINISH_DEPLOY', { format: 'hermes-wire' }],
  ['divshot', 'release', {}],
  ['generic', 'build.finished', {}],
]

/** Every path to a string, number or boolean in a payload, as dot paths. */
function leafPaths(value: Json, prefix = ''): Array<[string, Json]> {
  if (value === null || typeof value !== 'object') return prefix ? [[prefix, value]] : []
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value)
  return entries.flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key))
}

const generate = (provider: ProviderId, event: string, options: Record<string, unknown>, set: Record<string, unknown> = {}) =>
  generateEvent({ provider, event, options, set, seed: 'overrides', nowMs: Date.UTC(2025, 0, 1) })

describe('overrides work with every format of every platform', () => {
  it.each(FORMATS)('%s %s %j: every field can be set; a value the format refuses names its path, one it allows is sent as given', (provider, event, options) => {
    const base = generate(provider, event, options)
    if (!base.ok) throw new Error(base.error.message)
    const leaves = leafPaths(base.data.payload)
    expect(leaves.length).toBeGreaterThan(0)
    for (const [path, value] of leaves) {
      const changed = typeof value === 'string' ? `${value}` : value
      const result = generate(provider, event, options, { [path]: changed })
      expect(result.ok, `${path} could not be set to its own value`).toBe(true)
      const wrongType = generate(provider, event, options, { [path]: { nested: true } })
      if (wrongType.ok) expect(readPath(wrongType.data.payload, path), `${path} was changed silently`).toEqual({ found: true, value: { nested: true } })
      else expect(wrongType.error.issues?.some((issue) => path.startsWith(issue.path)), `${path}: ${wrongType.error.message}`).toBe(true)
    }
  })

  it('hermes-wire overrides apply to the event inside the double-encoded content', () => {
    const result = generate('charlescd', 'FINISH_DEPLOY', { format: 'hermes-wire' }, { 'release.tag': 'release-9.9.9' })
    if (!result.ok) throw new Error(result.error.message)
    const event = JSON.parse(JSON.parse(JSON.parse(result.data.body).content)) as { release: { tag: string } }
    expect(event.release.tag).toBe('release-9.9.9')
  })
})

describe('a fire reaches every subscription in the format it chose', () => {
  const qovery = (kind: 'STANDARD' | 'SLACK') => ({ name: kind, url: `http://127.0.0.1:9/${kind}`, provider: 'qovery', options: { kind } })

  it('a mixed SLACK + STANDARD Qovery fire delivers both, each in its own format', async () => {
    const { engine, sent, clock } = await memoryEngine()
    await engine.subscriptions.create(subscriptionDraft(qovery('STANDARD')))
    await engine.subscriptions.create(subscriptionDraft(qovery('SLACK')))
    const result = await engine.deliveries.fire(fireRequest({ provider: 'qovery', event: 'DEPLOYMENT_SUCCESSFUL', context: { project: 'Shop' } }))
    expect(result.deliveries).toHaveLength(2)
    await clock.advance(0)
    const bodies = Object.fromEntries(sent.map((request) => [request.url.split('/').at(-1), JSON.parse(request.body) as Record<string, unknown>]))
    expect(bodies.STANDARD).toMatchObject({ event_type: 'DEPLOYMENT_SUCCESSFUL', payload: { project: { name: 'Shop' } } })
    expect(bodies.SLACK).toEqual({ text: expect.stringContaining('Shop') })
  })

  it('an override that fits one format and not the other says which subscription it does not fit', async () => {
    const { engine } = await memoryEngine()
    await engine.subscriptions.create(subscriptionDraft(qovery('STANDARD')))
    await engine.subscriptions.create(subscriptionDraft(qovery('SLACK')))
    await expect(engine.deliveries.fire(fireRequest({ provider: 'qovery', event: 'DEPLOYMENT_SUCCESSFUL', set: { 'payload.project.name': 'Shop' } }))).rejects.toThrow(
      'payload.project.name: no such field in this payload (in the payload subscription "SLACK" receives)',
    )
    await expect(engine.deliveries.fire(fireRequest({ provider: 'qovery', event: 'DEPLOYMENT_SUCCESSFUL', set: { text: 'hello' } }))).rejects.toThrow(
      'text: no such field in this payload (in the payload subscription "STANDARD" receives)',
    )
  })

  it('the same override sent on purpose as invalid reaches both', async () => {
    const { engine } = await memoryEngine()
    await engine.subscriptions.create(subscriptionDraft(qovery('STANDARD')))
    await engine.subscriptions.create(subscriptionDraft(qovery('SLACK')))
    const result = await engine.deliveries.fire(fireRequest({ provider: 'qovery', event: 'DEPLOYMENT_SUCCESSFUL', set: { text: 'hello' }, allowInvalid: true }))
    expect(result.deliveries).toHaveLength(2)
  })
})
