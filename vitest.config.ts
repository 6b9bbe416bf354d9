import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * Files that wait more than they work and take minutes (every built-in at --time-scale 0.01, in two
 * hosts): started first, they wait beside everything else instead of alone at the end.
 */
const LONG_POLES = ['test/integration/scenarios/scale-and-host.test.ts']

/**
 * The slowest of the rest, longest first (rough seconds on 2 quiet cores): started right after
 * the long poles so that the short files fill the cores at the end, instead of a 40 s file starting
 * last. A fresh clone has no record of earlier runs, and vitest then orders by file size and project
 * name (every integration file before the first robustness one). A file missing here only starts
 * later; measure with `npx vitest run --reporter=json --outputFile=times.json`.
 */
const HEAVY = [
  'test/robustness/crash-storm.test.ts', // 41 s
  'test/robustness/api-fuzz.test.ts', // 35 s
  'test/robustness/scenario-runs.test.ts', // 32 s
  'test/robustness/scenario-fuzz.test.ts', // 20 s
  'test/robustness/storage-faults.test.ts', // 15 s
  'test/robustness/receiver-abuse.test.ts', // 14 s
  'test/unit/architecture/import-rules.test.ts', // 13 s
  'test/robustness/hostile-targets.test.ts', // 12 s
  'test/robustness/starts-and-timers.test.ts', // 11 s
  'test/integration/scenarios/readme-example.test.ts', // 10 s
  'test/integration/cli/cli-binary.test.ts', // 9 s
  'test/integration/scenarios/expectations-over-http.test.ts', // 7 s
  'test/integration/scenarios/library-over-http.test.ts', // 6 s
  'test/unit/persistence/history-background.test.ts', // 5 s
  'test/integration/engine/long-delays.test.ts', // 5 s
]

/**
 * Files whose verdict depends on this machine keeping a real rate (a load step judged on its
 * latency): they run last, one at a time, with the machine to themselves.
 */
const REAL_RATE = ['test/integration/scenarios/language-tour.test.ts', 'test/integration/scenarios/examples.test.ts', 'test/integration/scenarios/load-honesty.test.ts']

/** Long poles, then the heavy files longest first, then the rest in vitest's own order. */
class LongPolesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files)
    const first = [...LONG_POLES, ...HEAVY]
    const rank = (file: TestSpecification) => {
      const at = first.findIndex((path) => file.moduleId.endsWith(path))
      return at === -1 ? first.length : at
    }
    // Array.prototype.sort is stable: unlisted files keep vitest's order, and the real-rate group
    // (a later groupOrder) still runs after all of them.
    return sorted.sort((a, b) => groupOf(a) - groupOf(b) || rank(a) - rank(b))
  }
}

const groupOf = (file: TestSpecification) => file.project.config.sequence.groupOrder

export default defineConfig({
  test: {
    // Every core (vitest leaves one free by default): much of the integration and robustness
    // suites waits on child processes, sockets and timers, and on 2 cores one worker ran alone.
    // Not more: the long pole judges a load's real rate in its first seconds, and with a third
    // worker on 2 cores (at load 9) it missed 20/s once, its own delay p95 142 ms.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: LongPolesFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // A bound, not a speed target (those are in bench/): a test whose first import transforms
          // the whole Electron main took 5.5 s on 2 busy cores, past vitest's default 5 s.
          testTimeout: 20_000,
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
