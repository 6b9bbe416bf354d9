import { availableParallelism } from 'node:os'
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, findBrowser } from './test/support/chromium'

/*
 * The end-to-end suite: the built `hookbench serve` driven through its UI in Debian's headless
 * Chromium (never a downloaded browser). Each worker launches one browser and reuses it; a file's
 * tests get a serve of their own (test/e2e/fixtures.ts). No retries: a test that needs one is a
 * bug to fix.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  globalSetup: './test/e2e/global-setup.ts',
  // Three on a 2-core machine, half the cores on a bigger one. Each drives a browser and a serve,
  // and mostly waits on them: with two, the suite kept 0.6 of 2 cores busy (81 s of CPU in 151 s);
  // three took 120 s for the same work, every test passing, on a machine at load 9.
  workers: Number(process.env.HOOKBENCH_E2E_WORKERS ?? Math.max(3, Math.floor(availableParallelism() / 2))),
  // Files run side by side; the tests of a file run in order unless the file says otherwise.
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    // Read by each worker after the global set-up has found (or installed) the browser.
    launchOptions: { executablePath: findBrowser(), args: CHROMIUM_ARGS },
  },
})
