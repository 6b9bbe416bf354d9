import { describe, expect, it } from 'vitest'
import type { ApiOutput } from '../../../src/shared/api/contract'
import { memoryEngine } from '../../support/memory-engine'
import { fireRequest, subscriptionDraft } from '../../support/inputs'

/**
 * 20 Divshot releases: every fourth names the app "acme-widgets" (only in its body), every fifth
 * carries an `x-project: zeta-tools` header (only in its request headers).
 */
async function withBodies() {
  const setup = await memoryEngine()
  const { engine, dispatch, clock } = setup
  await engine.subscriptions.create(subscriptionDraft({ name: 'Divshot hook', url: 'http://127.0.0.1:9/divshot', provider: 'divshot' }))
  for (let i = 0; i < 20; i++) {
    await engine.deliveries.fire(fireRequest({
      provider: 'divshot',
      event: 'release',
      set: { 'data.app.name': i % 4 === 0 ? 'acme-widgets' : `app-${i}` },
      headers: i % 5 === 0 ? [['x-project', 'zeta-tools']] : [],
    }))
    await clock.advance(1000)
  }
  await engine.idle()
  const page = async (input: Record<string, unknown>) => {
    const result = await dispatch('listDeliveries', input)
    if (!result.ok) throw new Error(JSON.stringify(result.error))
    return result.data as ApiOutput<'listDeliveries'>
  }
  return { ...setup, page }
}

describe('listDeliveries: text in bodies and request headers', () => {
  it('finds a text only in the body, and only with searchBodies', async () => {
    const { page, engine } = await withBodies()
    expect((await page({ text: 'acme-widgets', limit: 50 })).total).toBe(0)
    const found = await page({ text: 'ACME-widgets', searchBodies: true, limit: 50 })
    expect(found.total).toBe(5)
    for (const d of found.items) expect((await engine.deliveries.get(d.id)).body).toContain('acme-widgets')
    expect(found.items.map((d) => d.seq)).toEqual([16, 12, 8, 4, 0])
  })

  it('finds a text in a request header, name or value', async () => {
    const { page } = await withBodies()
    expect((await page({ text: 'zeta-tools', searchBodies: true, limit: 50 })).items.map((d) => d.seq)).toEqual([15, 10, 5, 0])
    expect((await page({ text: 'X-Project', searchBodies: true, limit: 50 })).total).toBe(4)
  })

  it('still finds what the summary has, and returns nothing that does not match', async () => {
    const { page } = await withBodies()
    expect((await page({ text: 'divshot hook', searchBodies: true, limit: 50 })).total).toBe(20)
    expect((await page({ text: 'acme-widgetz', searchBodies: true, limit: 50 })).items).toEqual([])
    // Literal: a dot is a dot.
    expect((await page({ text: 'acme.widgets', searchBodies: true, limit: 50 })).total).toBe(0)
  })

  it('pages with a cursor: every match once, newest first, with the other filters applied', async () => {
    const { page } = await withBodies()
    const seen: number[] = []
    let input: Record<string, unknown> = { text: 'acme-widgets', searchBodies: true, limit: 2 }
    for (;;) {
      const result = await page(input)
      seen.push(...result.items.map((d) => d.seq))
      if (!result.nextCursor) break
      input = { ...input, cursor: result.nextCursor }
    }
    expect(seen).toEqual([16, 12, 8, 4, 0])
    expect((await page({ text: 'acme-widgets', searchBodies: true, status: 'failed', limit: 10 })).total).toBe(0)
  })
})

describe('listDeliveries: time range', () => {
  it('keeps deliveries with activity in the range, bounds included, and refuses a reversed range', async () => {
    const { page } = await withBodies()
    const start = Date.UTC(2025, 0, 1)
    const at = (s: number) => new Date(start + s * 1000).toISOString()
    const range = await page({ from: at(5), to: at(9), limit: 50 })
    expect(range.items.map((d) => d.seq)).toEqual([9, 8, 7, 6, 5])
    expect((await page({ from: at(18), limit: 50 })).items.map((d) => d.seq)).toEqual([19, 18])
    expect((await page({ to: at(1), limit: 50 })).items.map((d) => d.seq)).toEqual([1, 0])
    expect((await page({ from: at(5), to: at(9), text: 'acme-widgets', searchBodies: true, limit: 50 })).items.map((d) => d.seq)).toEqual([8])
    const reversed = await (await memoryEngine()).dispatch('listDeliveries', { from: at(9), to: at(5) })
    expect(reversed.ok).toBe(false)
    expect(JSON.stringify(reversed)).toContain('the start of the time range must not be after its end')
  })

  it('counts a delivery created before the range whose retry falls in it', async () => {
    const setup = await memoryEngine(503)
    const { engine, dispatch, clock } = setup
    await engine.subscriptions.create(subscriptionDraft({ name: 'flaky', url: 'http://127.0.0.1:9/x', provider: 'divshot', retry: { preset: 'fixed', delaysMs: [60_000] } }))
    await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release' }))
    await clock.advance(0)
    await clock.advance(60_000)
    await engine.idle()
    const start = Date.UTC(2025, 0, 1)
    const result = await dispatch('listDeliveries', { from: new Date(start + 30_000).toISOString() })
    if (!result.ok) throw new Error(JSON.stringify(result.error))
    const [delivery] = (result.data as ApiOutput<'listDeliveries'>).items
    expect(delivery?.attemptTimes).toEqual([start, start + 60_000])
  })
})
