import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * Files that wait more than they work and take minutes (every built-in at --time-scale 0.01, in two
 * hosts): started first, they wait beside everything else instead of alone at the end.
 */
const LONG_POLES = ['test/integration/scenarios/scale-and-host.test.ts']

/**
 * Files whose verdict depends on this machine keeping a real rate (a load step judged on its
 * latency): they run last, one at a time, with the machine to themselves.
 */
const REAL_RATE = ['test/integration/scenarios/language-tour.test.ts', 'test/integration/scenarios/examples.test.ts']

class LongPolesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files)
    const isPole = (file: TestSpecification) => LONG_POLES.some((pole) => file.moduleId.endsWith(pole))
    return [...sorted.filter(isPole), ...sorted.filter((file) => !isPole(file))]
  }
}

export default defineConfig({
  test: {
    // Every core (vitest leaves one free by default): much of the integration and robustness
    // suites waits on child processes, sockets and timers, and on 2 cores one worker ran alone.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: LongPolesFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: REAL_RATE,
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'real-rate',
          include: REAL_RATE,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 30_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'robustness',
          include: ['test/robustness/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/robustness/support/summary-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
