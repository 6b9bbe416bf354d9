import { afterEach, describe, expect, it, vi } from 'vitest'
import { type ProviderId, platformOf } from '../../../src/shared/platforms'
import { generateEvent } from '../../../src/shared/platforms/generate'
import { FireRequest } from '../../../src/shared/schemas/fire'
import type { Subscription } from '../../../src/shared/schemas/subscription'
import { planFire } from '../../../src/main/delivery/fire'
import { memoryEngine } from '../../support/memory-engine'
import { subscriptionDraft } from '../../support/inputs'

const NOW = Date.UTC(2025, 0, 1)

async function subscriptions(...drafts: Record<string, unknown>[]): Promise<Subscription[]> {
  const { engine } = await memoryEngine()
  for (const [i, draft] of drafts.entries()) await engine.subscriptions.create(subscriptionDraft({ name: `s${i}`, url: 'http://127.0.0.1:9/hook', ...draft }))
  return engine.subscriptions.list()
}

const plan = (subs: Subscription[], request: Record<string, unknown>) => planFire(FireRequest.parse({ seed: 'fire', ...request }), subs, { nowMs: NOW, random: Math.random })

/** The body one subscription would get from its own generation. */
function ownBody(subscription: Subscription, provider: ProviderId, event: string) {
  const options = subscription.provider === provider ? subscription.options : {}
  const generated = generateEvent({ provider, event, seed: 'fire', nowMs: NOW, options, subscriptionId: subscription.id })
  if (!generated.ok) throw new Error(generated.error.message)
  return generated.data.body
}

afterEach(() => vi.restoreAllMocks())

describe('a fire builds each distinct payload once', () => {
  it('subscriptions with the same options share one generation', async () => {
    const subs = await subscriptions({ provider: 'qovery' }, { provider: 'qovery' }, { provider: 'qovery', options: { kind: 'SLACK' } }, { provider: 'any' })
    const build = vi.spyOn(platformOf('qovery'), 'build')
    const { drafts } = plan(subs, { provider: 'qovery', event: 'DEPLOYMENT_STARTED' })
    expect(build).toHaveBeenCalledTimes(3)
    expect(drafts.map((d) => d.body)).toEqual(subs.map((s) => ownBody(s, 'qovery', 'DEPLOYMENT_STARTED')))
  })

  it('CharlesCD payloads that name the subscription are built per subscription, the others shared', async () => {
    const wire = (workspaceId?: string) => ({ provider: 'charlescd', options: { format: 'hermes-wire', ...(workspaceId && { workspaceId }) } })
    const subs = await subscriptions({ provider: 'charlescd' }, { provider: 'charlescd' }, wire(), wire(), wire('ws-1'), wire('ws-1'))
    const build = vi.spyOn(platformOf('charlescd'), 'build')
    const { drafts } = plan(subs, { provider: 'charlescd', event: 'FINISH_DEPLOY' })
    expect(build).toHaveBeenCalledTimes(5)
    expect(drafts.map((d) => d.body)).toEqual(subs.map((s) => ownBody(s, 'charlescd', 'FINISH_DEPLOY')))
    expect(new Set(drafts.map((d) => d.body)).size).toBe(5)
  })

  it('checks overrides once more only when no subscriber had a payload built', async () => {
    const build = vi.spyOn(platformOf('divshot'), 'build')
    const bad = { provider: 'divshot', event: 'release', set: { 'data.release.version': 'twelve' } }
    expect(() => plan([], bad)).toThrow(/^data\.release\.version: /)
    expect(() => plan([], { ...bad, set: { 'data.release.versoin': 1 } })).toThrow('data.release.versoin: no such field in this payload')
    build.mockClear()
    const subs = await subscriptions({ provider: 'divshot' })
    plan(subs, { provider: 'divshot', event: 'release', set: { 'data.release.version': 12 } })
    expect(build).toHaveBeenCalledTimes(1)
  })
})

describe('an override that does not fit one format', () => {
  it('fails the fire only when a subscription of that format would take the event; one its filters keep out is skipped, saying why', async () => {
    const subs = await subscriptions(
      { provider: 'qovery', options: { kind: 'STANDARD' } },
      { provider: 'qovery', options: { kind: 'SLACK' }, filters: { projectNames: ['Payments'] } },
    )
    const request = { provider: 'qovery', event: 'DEPLOYMENT_STARTED', context: { project: 'Storefront' }, set: { 'payload.id': 'dep-1' } }
    const planned = plan(subs, request)
    expect(planned.drafts.map((d) => d.subscriptionName)).toEqual(['s0'])
    expect(planned.skipped).toEqual([{ subscriptionId: subs[1]!.id, subscriptionName: 's1', reason: expect.stringContaining('Storefront') }])
    expect(() => plan(subs, { ...request, context: { project: 'Payments' } })).toThrow('payload.id: no such field in this payload (in the payload subscription "s1" receives)')
  })
})
