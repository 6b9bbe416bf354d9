import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../src/shared/api/events'
import { createEventBatcher } from '../../../src/main/api/event-batcher'
import { run, step } from '../../support/run-fixtures'

describe('the event batcher', () => {
  it('sends a run\'s record once per batch, its latest, where it first came; other events as they came', () => {
    const batches: EngineEvent[][] = []
    const batcher = createEventBatcher((batch) => batches.push(batch), { intervalMs: 1_000 })
    const notice = (message: string): EngineEvent => ({ type: 'notice', level: 'info', message })
    batcher.push({ type: 'run', run: run({ id: 'run_a', next: 1, steps: [step(0)] }) })
    batcher.push(notice('one'))
    batcher.push({ type: 'run', run: run({ id: 'run_b', next: 1 }) })
    for (let next = 2; next <= 4000; next++) batcher.push({ type: 'run', run: run({ id: 'run_a', next }) })
    batcher.flush()
    batcher.push({ type: 'run', run: run({ id: 'run_a', next: 4001 }) })
    batcher.flush()
    batcher.close()
    expect(batches.map((batch) => batch.map((e) => (e.type === 'run' ? `${e.run.id}@${e.run.next}` : e.type)))).toEqual([['run_a@4000', 'notice', 'run_b@1'], ['run_a@4001']])
  })
})
