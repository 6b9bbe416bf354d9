import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import type { TestSequencer, TestSpecification } from 'vitest/node'
import { sectionOrder } from './lib/sections'

/** Sections run in report order (raw baseline first), one file at a time. */
class SectionSequencer implements TestSequencer {
  shard(files: TestSpecification[]) {
    return files
  }
  sort(files: TestSpecification[]) {
    return [...files].sort((a, b) => sectionOrder(a.moduleId) - sectionOrder(b.moduleId))
  }
}

/**
 * The performance suite (`npm run bench`), apart from `npm test`: long, sequential, one section
 * per file. The global setup builds the app when needed and prints the report at the end.
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'bench',
    include: ['bench/**/*.bench.test.ts'],
    environment: 'node',
    globalSetup: ['bench/lib/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 45 * 60_000,
    hookTimeout: 10 * 60_000,
    teardownTimeout: 60_000,
    sequence: { sequencer: SectionSequencer },
  },
})
