import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Run, StepResult } from '../../../src/shared/schemas/run'
import { openRunStore } from '../../../src/main/persistence/run-store'
import { run as runFixture, step } from '../../support/run-fixtures'

const dir = () => mkdtempSync(join(tmpdir(), 'hookbench-runs-'))

/** A full run record (with its scenario text) of `steps` pending steps. */
function newRun(id: string, steps: number): Run {
  const pending = (i: number): StepResult => step(i, { status: 'pending', startedAt: undefined, finishedAt: undefined, kind: 'wait', label: 'wait 0 ms' })
  return { ...runFixture({ id, status: 'running', finishedAt: undefined, steps: Array.from({ length: steps }, (_, i) => pending(i)) }), source: 'version: 1\n', story: {} }
}

describe('the run store: change records, not whole runs', () => {
  it('a 4,000-step run, saved step by step as a run saves it, takes a few MB and reads back as it was', async () => {
    const file = join(dir(), 'runs.log')
    const store = await openRunStore({ file, maxRecords: 1000 })
    const run = newRun('run_big', 4000)
    await store.create(run)
    for (const s of run.steps) {
      Object.assign(s, { status: 'running', startedAt: new Date().toISOString() })
      void store.saveStep(run, s.index)
      Object.assign(s, { status: 'passed', finishedAt: new Date().toISOString(), message: 'story time +0 ms' })
      run.next++
      await Promise.all([store.saveStep(run, s.index), store.saveState(run)])
    }
    Object.assign(run, { status: 'passed', reason: '4000 steps, 0 deliveries, all as expected' })
    await store.saveState(run)
    await store.close()
    expect(statSync(file).size).toBeLessThan(5 * 1024 * 1024)

    const started = performance.now()
    const reopened = await openRunStore({ file, maxRecords: 1000 })
    // A bound against reading it record by record twice over, not a speed target (bench/ has those).
    expect(performance.now() - started).toBeLessThan(5_000)
    const read = reopened.get('run_big')!
    expect(read).toMatchObject({ status: 'passed', next: 4000 })
    expect(read.steps.every((s) => s.status === 'passed' && s.message === 'story time +0 ms')).toBe(true)
    await reopened.close()
  })

  it('writes nothing for a state that did not change', async () => {
    const file = join(dir(), 'runs.log')
    const store = await openRunStore({ file, maxRecords: 10 })
    const run = newRun('run_1', 1)
    await store.create(run)
    const size = statSync(file).size
    await store.saveState(run)
    await store.flush()
    expect(statSync(file).size).toBe(size)
    run.storyMs += 1000
    await store.saveState(run)
    expect(statSync(file).size).toBeGreaterThan(size)
    await store.close()
  })

  it('compacts to one line per run once most lines are superseded, and keeps the oldest finished runs out beyond the limit', async () => {
    const file = join(dir(), 'runs.log')
    const store = await openRunStore({ file, maxRecords: 3, maxLiveBytes: 64 * 1024 * 1024 })
    for (let i = 0; i < 5; i++) {
      const run = newRun(`run_${i}`, 2)
      await store.create(run)
      Object.assign(run, { status: i === 0 ? 'running' : 'passed' })
      await store.saveState(run)
    }
    // The unfinished run stays whatever its age; the oldest finished ones went.
    expect(store.list().map((r) => r.id)).toEqual(['run_4', 'run_3', 'run_0'])
    await store.close()
    const reopened = await openRunStore({ file, maxRecords: 3 })
    expect(reopened.list().map((r) => r.id)).toEqual(['run_4', 'run_3', 'run_0'])
    await reopened.close()
  })

  it('skips a torn last line (a crash), copies it aside, and goes on', async () => {
    const data = dir()
    const file = join(data, 'runs.log')
    const store = await openRunStore({ file, maxRecords: 10 })
    const run = newRun('run_1', 3)
    await store.create(run)
    run.steps[0]!.status = 'passed'
    await store.saveStep(run, 0)
    await store.close()
    appendFileSync(file, '0123abcd {"t":"step","id":"run_1","st')
    const reopened = await openRunStore({ file, maxRecords: 10 })
    expect(reopened.skippedLines).toBe(1)
    expect(reopened.get('run_1')!.steps[0]!.status).toBe('passed')
    await reopened.flush()
    expect(readdirSync(data).some((name) => name.startsWith('runs.log.unreadable-'))).toBe(true)
    await reopened.close()
  })

  it('moves a runs file too large to read aside, says so, and starts with no runs instead of failing', async () => {
    const data = dir()
    const file = join(data, 'runs.log')
    writeFileSync(file, '')
    truncateSync(file, 3 * 1024 * 1024)
    const store = await openRunStore({ file, maxRecords: 10, maxFileBytes: 1024 * 1024 })
    expect(store.list()).toEqual([])
    expect(store.recoveries).toEqual([{ file, movedTo: expect.stringMatching(/runs\.log\.corrupt-/), reason: expect.stringContaining('it is 3 MB, more than the 1 MB a runs file may take') }])
    expect(existsSync(store.recoveries[0]!.movedTo)).toBe(true)
    const run = newRun('run_new', 1)
    await store.create(run)
    await store.close()
    expect((await openRunStore({ file, maxRecords: 10 })).get('run_new')).toBeDefined()
  })

  it('carries an older version\'s runs.jsonl over once (the last snapshot of each run), and keeps it as .migrated', async () => {
    const data = dir()
    const legacy = join(data, 'runs.jsonl')
    const older = newRun('run_old', 2)
    const snapshots = [{ ...older, next: 1 }, { ...older, next: 2, status: 'passed' }, newRun('run_other', 1)]
    writeFileSync(legacy, `${snapshots.map((s) => JSON.stringify(s)).join('\n')}\n{"id":"run_torn","sta`)
    const store = await openRunStore({ file: join(data, 'runs.log'), legacyFile: legacy, maxRecords: 10 })
    expect(store.get('run_old')).toMatchObject({ next: 2, status: 'passed' })
    expect(store.get('run_other')).toBeDefined()
    // The line that could not be carried over is copied aside and reported, as the live file's are.
    expect(store.legacySkipped).toEqual({ file: legacy, lines: 1, movedTo: expect.stringMatching(/runs\.jsonl\.unreadable-/) })
    expect(readFileSync(store.legacySkipped!.movedTo!, 'utf8')).toBe('{"id":"run_torn","sta\n')
    await store.close()
    expect(existsSync(legacy)).toBe(false)
    expect(readFileSync(`${legacy}.migrated`, 'utf8')).toContain('run_torn')
    const again = await openRunStore({ file: join(data, 'runs.log'), legacyFile: legacy, maxRecords: 10 })
    expect(again.list().map((r) => r.id).sort()).toEqual(['run_old', 'run_other'])
    await again.close()
  })

  it('moves a legacy runs.jsonl too large to carry over aside, with a notice', async () => {
    const data = dir()
    const legacy = join(data, 'runs.jsonl')
    writeFileSync(legacy, '')
    truncateSync(legacy, 2 * 1024 * 1024)
    const store = await openRunStore({ file: join(data, 'runs.log'), legacyFile: legacy, maxRecords: 10, maxFileBytes: 1024 * 1024 })
    expect(store.recoveries).toMatchObject([{ file: legacy, movedTo: expect.stringMatching(/runs\.jsonl\.corrupt-/) }])
    expect(existsSync(legacy)).toBe(false)
    await store.close()
  })
})
