import { describe, expect, it } from 'vitest'
import type { ApiOutput } from '../../../src/shared/api/contract'
import { memoryEngine } from '../../support/memory-engine'
import { fireRequest, subscriptionDraft } from '../../support/inputs'

/** 30 fires: Divshot releases to one subscription, CharlesCD deploys to another, every third failing. */
async function withHistory() {
  const setup = await memoryEngine()
  const { engine, dispatch, clock } = setup
  const divshot = await engine.subscriptions.create(subscriptionDraft({ name: 'Divshot hook', url: 'http://127.0.0.1:9/divshot', provider: 'divshot' }))
  const charles = await engine.subscriptions.create(subscriptionDraft({ name: 'Charles hook', url: 'http://127.0.0.1:9/charles', provider: 'charlescd', retry: { preset: 'none' } }))
  for (let i = 0; i < 15; i++) {
    await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release' }))
    await engine.deliveries.fire(fireRequest({ provider: 'charlescd', event: i % 3 === 0 ? 'FINISH_DEPLOY' : 'START_DEPLOY' }))
  }
  await clock.advance(0)
  await engine.idle()
  const page = async (input: Record<string, unknown>) => {
    const result = await dispatch('listDeliveries', input)
    if (!result.ok) throw new Error(JSON.stringify(result.error))
    return result.data as ApiOutput<'listDeliveries'>
  }
  return { ...setup, divshot, charles, page }
}

describe('listDeliveries: cursor paging and server-side filters', () => {
  it('walks the whole history newest first, each delivery exactly once, the total on the first page', async () => {
    const { page } = await withHistory()
    const seen: number[] = []
    let input: Record<string, unknown> = { limit: 7 }
    const first = await page(input)
    expect(first.total).toBe(30)
    for (let result = first; ; result = await page(input)) {
      seen.push(...result.items.map((d) => d.seq))
      if (result !== first) expect(result.total).toBeUndefined()
      if (!result.nextCursor) break
      input = { limit: 7, cursor: result.nextCursor }
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 29 - i))
  })

  it('filters by platform, event, subscription and text, and pages within the filter', async () => {
    const { page, divshot, charles } = await withHistory()
    expect((await page({ provider: 'divshot', limit: 100 })).items.every((d) => d.subscriptionId === divshot.id)).toBe(true)
    const finished = await page({ event: 'FINISH_DEPLOY', limit: 3 })
    expect(finished.total).toBe(5)
    expect(finished.items.map((d) => d.event)).toEqual(['FINISH_DEPLOY', 'FINISH_DEPLOY', 'FINISH_DEPLOY'])
    const rest = await page({ event: 'FINISH_DEPLOY', limit: 3, cursor: finished.nextCursor })
    expect(rest.items).toHaveLength(2)
    expect(rest.nextCursor).toBeUndefined()
    expect((await page({ subscriptionId: charles.id, limit: 1 })).total).toBe(15)
    expect((await page({ text: 'charles HOOK', limit: 1 })).total).toBe(15)
    expect((await page({ text: '/divshot', limit: 1 })).total).toBe(15)
    // Text is literal, not a pattern: the dots must be dots.
    expect((await page({ text: '127.0.0.1:9/charles', limit: 1 })).total).toBe(15)
    expect((await page({ text: '127x0', limit: 1 })).total).toBe(0)
    expect((await page({ status: ['delivered', 'failed'], limit: 1 })).total).toBe(30)
    expect((await page({ status: 'queued', limit: 1 })).total).toBe(0)
  })

  it('a cursor keeps its place while new deliveries arrive', async () => {
    const { page, engine, clock } = await withHistory()
    const first = await page({ limit: 10 })
    await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release' }))
    await clock.advance(0)
    const second = await page({ limit: 10, cursor: first.nextCursor })
    expect(second.items.map((d) => d.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 19 - i))
  })

  it('refuses a cursor it did not give, and unknown filters, with the field named', async () => {
    const { dispatch } = await withHistory()
    const bad = await dispatch('listDeliveries', { cursor: 'yesterday' })
    expect(bad.ok).toBe(false)
    expect(JSON.stringify(bad)).toContain('cursor')
    const unknown = await dispatch('listDeliveries', { colour: 'red' })
    expect(unknown.ok).toBe(false)
    expect(JSON.stringify(unknown)).toContain('colour')
  })
})

describe('getPlatformLog: a page of the platform log', () => {
  it("shows a subscription's newest deliveries in the platform's shape, with a cursor for older ones", async () => {
    const { dispatch, charles } = await withHistory()
    const log = async (input: Record<string, unknown>) => {
      const result = await dispatch('getPlatformLog', input)
      if (!result.ok) throw new Error(JSON.stringify(result.error))
      return result.data as ApiOutput<'getPlatformLog'>
    }
    const first = await log({ id: charles.id, limit: 10 })
    expect(first.total).toBe(15)
    expect(first.log.platform === 'charlescd' && first.log.messages).toHaveLength(10)
    const next = await log({ id: charles.id, limit: 10, cursor: first.nextCursor })
    expect(next.log.platform === 'charlescd' && next.log.messages).toHaveLength(5)
    expect(next.nextCursor).toBeUndefined()
  })
})

describe('listCaptures: filters', () => {
  it('pages captures and filters them by endpoint, method, outcome and text', async () => {
    const { engine, dispatch } = await memoryEngine()
    const capture = (id: string, endpoint: string, method: string) => ({
      id, endpoint, receivedAt: new Date().toISOString(), method, path: '/x', query: '', headers: [], bodyBase64: '', size: 0,
      remoteAddress: '127.0.0.1', durationMs: 1, outcome: 'answered' as const,
    })
    for (let i = 0; i < 12; i++) await engine.receiver.record(capture(`cap_${i}`, i % 2 ? 'inbox' : 'flaky', i % 3 ? 'POST' : 'PUT'))
    const list = async (input: Record<string, unknown>) => {
      const result = await dispatch('listCaptures', input)
      if (!result.ok) throw new Error(JSON.stringify(result.error))
      return result.data as ApiOutput<'listCaptures'>
    }
    const put = await list({ endpoint: 'flaky', method: 'put', limit: 1 })
    expect(put.total).toBe(2)
    expect(put.items.map((c) => c.id)).toEqual(['cap_6'])
    expect((await list({ text: 'CAP_1', limit: 50 })).items.map((c) => c.id)).toEqual(['cap_11', 'cap_10', 'cap_1'])
  })
})
