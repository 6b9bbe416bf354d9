import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** Flags that keep headless Chromium quiet on a machine without a network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

function fromEnv(): string | undefined {
  const path = process.env.HOOKBENCH_CHROMIUM ?? process.env.CHROME_PATH
  return path && existsSync(path) ? path : undefined
}

/** A Chromium someone installed with `npx playwright install chromium` (we never download one). */
function fromPlaywrightCache(): string | undefined {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH ?? join(homedir(), '.cache', 'ms-playwright')
  if (!existsSync(cache)) return undefined
  for (const dir of readdirSync(cache).filter((d) => d.startsWith('chromium')).sort().reverse()) {
    for (const sub of ['chrome-linux/chrome', 'chrome-linux64/chrome', 'chrome-headless-shell-linux64/chrome-headless-shell']) {
      const candidate = join(cache, dir, sub)
      if (existsSync(candidate)) return candidate
    }
  }
  return undefined
}

function fromSystem(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p))
}

export function findBrowser(): string | undefined {
  return fromEnv() ?? fromSystem() ?? fromPlaywrightCache()
}

/**
 * Finds a Chromium for the end-to-end tests, installing Debian's package when there is none and
 * we are root on Debian. Throws a clear message otherwise.
 */
export function ensureBrowser(log: (line: string) => void): string {
  const found = findBrowser()
  if (found) return found
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log('No Chromium found: installing Debian\'s chromium package (about 30 s)…')
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    } catch {
      // fall through to the error below
    }
  }
  const installed = findBrowser()
  if (installed) return installed
  throw new Error(
    'End-to-end tests need Chromium and none was found. Install it (Debian: "apt-get install chromium"), point HOOKBENCH_CHROMIUM at a Chrome/Chromium binary, or run "npx playwright install chromium".',
  )
}
