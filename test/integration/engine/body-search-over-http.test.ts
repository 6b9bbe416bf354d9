import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiOutput } from '../../../src/shared/api/contract'
import { seededDelivery } from '../../../bench/lib/seed-history'
import { openDeliveryHistory } from '../../../src/main/persistence/delivery-history'
import { type ServeProcess, startServe } from '../../support/serve-process'

const SEEDED = 10_000
const PROJECT = 'Vega-Harbour'
let serve: ServeProcess

/** 10,000 deliveries on disk: every 40th names the project in its body, every 50th in a request header of its attempts. */
beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-body-search-'))
  const history = await openDeliveryHistory(join(dataDir, 'deliveries.index'), 100_000)
  const saves: Promise<void>[] = []
  for (let i = 0; i < SEEDED; i++) {
    const d = seededDelivery(i, Date.parse('2026-11-01T00:00:00Z'))
    const body = i % 40 === 0 ? JSON.stringify({ project: PROJECT.toLowerCase(), n: i }) : d.body
    const attempts = i % 50 === 0 ? d.attempts.map((a) => ({ ...a, headers: [...a.headers, ['x-team', `team ${PROJECT}`] as [string, string]] })) : d.attempts
    saves.push(history.save({ ...d, body, attempts }))
  }
  await Promise.all(saves)
  await history.close()
  serve = await startServe([], dataDir)
}, 120_000)
afterAll(async () => {
  expect(await serve.stop()).toBe(0)
})

const list = (input: Record<string, unknown>) => serve.api<ApiOutput<'listDeliveries'>>('listDeliveries', input)

describe('listDeliveries searching bodies and headers, over HTTP', () => {
  it('finds every delivery naming the project in its body or an attempt header, quickly, and nothing else', async () => {
    const started = performance.now()
    const first = await list({ text: PROJECT, searchBodies: true, limit: 100 })
    const elapsed = performance.now() - started
    // Body every 40th (250), header every 50th (200), both every 200th (50).
    expect(first.total).toBe(400)
    // A bound generous for a busy machine; the speed target is in bench/.
    expect(elapsed).toBeLessThan(5_000)
    const seqs = [...first.items.map((d) => d.seq)]
    for (let cursor = first.nextCursor; cursor; ) {
      const page = await list({ text: PROJECT, searchBodies: true, limit: 100, cursor })
      expect(page.total).toBeUndefined()
      seqs.push(...page.items.map((d) => d.seq))
      cursor = page.nextCursor
    }
    const expected = Array.from({ length: SEEDED }, (_, i) => SEEDED - 1 - i).filter((i) => i % 40 === 0 || i % 50 === 0)
    expect(seqs).toEqual(expected)
    // Without the option the summaries alone are searched: the project is in none of them.
    expect((await list({ text: PROJECT, limit: 1 })).total).toBe(0)
  })

  it('combines with the other filters and the time range', async () => {
    const from = '2026-11-01T00:00:00.000Z'
    const to = '2026-11-01T00:16:39.000Z'
    const page = await list({ text: PROJECT, searchBodies: true, status: 'failed', from, to, limit: 1000 })
    // Failed: every 7th; up to 999 s after the start.
    const expected = Array.from({ length: 1000 }, (_, i) => 999 - i).filter((i) => i % 7 === 0 && (i % 40 === 0 || i % 50 === 0))
    expect(page.items.map((d) => d.seq)).toEqual(expected)
    expect(expected).toEqual([840, 700, 560, 350, 280, 0])
  })
})
