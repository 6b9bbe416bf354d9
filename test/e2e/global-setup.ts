import { existsSync } from 'node:fs'
import { ensureBrowser } from '../support/chromium'
import { CLI_PATH, RENDERER_INDEX } from '../support/paths'

/**
 * Runs once before the end-to-end tests: the build must exist and a browser must be found (the
 * workers start after this and read HOOKBENCH_CHROMIUM from the environment it leaves).
 */
export default function globalSetup() {
  for (const file of [CLI_PATH, RENDERER_INDEX]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" before the end-to-end tests.`)
  }
  process.env.HOOKBENCH_CHROMIUM = ensureBrowser((line) => console.log(line))
}
