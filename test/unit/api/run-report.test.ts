import { describe, expect, it } from 'vitest'
import type { Run } from '../../../src/shared/schemas/run'
import { memoryEngine } from '../../support/memory-engine'

const STORY = `
version: 1
name: release & rollback <story>
provider: divshot
subscriptions:
  - name: app
    url: http://127.0.0.1:9/hooks
    provider: divshot
steps:
  - fire: release
    id: released
  - expect: { delivery: { step: released, status: 200 } }
`

/** A finished run of STORY whose receiver answered `status`, given `secret` for its (no) targets. */
async function finishedRun(status: number) {
  const harness = await memoryEngine(status)
  const started = await harness.engine.runs.start({ source: STORY, scenarioId: 'story', options: { secret: 'top-secret' } })
  let run: Run | undefined
  void harness.engine.runs.whenDone(started.id).then((done) => (run = done))
  for (let i = 0; i < 200 && !run; i++) await harness.clock.advance(60_000)
  return { ...harness, run: run! }
}

type Report = { filename: string; mimeType: string; text: string }

async function report(dispatch: (method: string, input: unknown) => Promise<unknown>, input: unknown) {
  return (await dispatch('getRunReport', input)) as { ok: true; data: Report } | { ok: false; error: { code: string; message: string } }
}

describe('getRunReport', () => {
  it('gives a passed run as JUnit XML: one testcase per step, names escaped', async () => {
    const { dispatch, run } = await finishedRun(200)
    expect(run.status).toBe('passed')
    const result = await report(dispatch, { id: run.id, format: 'junit' })
    if (!result.ok) throw new Error(result.error.message)
    expect(result.data.filename).toBe(`hookbench-run-${run.id}.xml`)
    expect(result.data.mimeType).toBe('application/xml')
    expect(result.data.text).toMatch(/^<\?xml version="1.0"/)
    expect(result.data.text).toContain('<testsuite name="release &amp; rollback &lt;story&gt;"')
    expect(result.data.text.match(/<testcase /g)).toHaveLength(2)
    expect(result.data.text).toContain('tests="2" failures="0"')
    expect(result.data.text).not.toContain('top-secret')
  })

  it('quotes the failed delivery in the failure of a failed run', async () => {
    const { dispatch, run } = await finishedRun(500)
    expect(run.status).toBe('failed')
    const result = await report(dispatch, { id: run.id, format: 'junit' })
    if (!result.ok) throw new Error(result.error.message)
    expect(result.data.text).toContain('<failure')
    expect(result.data.text).toContain('HTTP 500')
  })

  it('gives JSON: the run without its secret, and its deliveries', async () => {
    const { dispatch, run } = await finishedRun(200)
    const result = await report(dispatch, { id: run.id, format: 'json' })
    if (!result.ok) throw new Error(result.error.message)
    expect(result.data).toMatchObject({ filename: `hookbench-run-${run.id}.json`, mimeType: 'application/json' })
    const parsed = JSON.parse(result.data.text) as { run: Run; deliveries: { id: string; status: string }[] }
    expect(parsed.run.id).toBe(run.id)
    expect(parsed.run.steps.map((s) => s.status)).toEqual(['passed', 'passed'])
    expect(parsed.run.options).not.toHaveProperty('secret')
    expect(result.data.text).not.toContain('top-secret')
    expect(parsed.deliveries.map((d) => d.id)).toEqual(run.steps[0]!.deliveryIds)
    expect(parsed.deliveries[0]!.status).toBe('delivered')
  })

  it('refuses an unknown run or format in words', async () => {
    const { dispatch } = await memoryEngine()
    const missing = await report(dispatch, { id: 'nope', format: 'junit' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', message: 'No run with id "nope"' } })
    const format = await report(dispatch, { id: 'nope', format: 'html' })
    expect(format).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})
