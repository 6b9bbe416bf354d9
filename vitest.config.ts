import { defineConfig } from 'vitest/config'
import { PLAYWRIGHT_FILES } from './playwright-files'

export default defineConfig({
  test: {
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
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
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
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Moving to Playwright (playwright.config.ts) file by file.
          exclude: PLAYWRIGHT_FILES.map((name) => `test/e2e/${name}.test.ts`),
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
