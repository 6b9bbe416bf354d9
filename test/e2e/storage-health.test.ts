import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApp } from './app-page'
import { startServe } from '../support/serve-process'
import { pageHeaders } from '../support/web-api'

/**
 * A data directory nothing can be written in, as a full or read-only disk would be: made
 * immutable for root (whom permissions do not stop), read-only for anyone else.
 */
function setWritable(dir: string, writable: boolean) {
  if (process.getuid?.() === 0) execFileSync('chattr', [writable ? '-i' : '+i', dir])
  else chmodSync(dir, writable ? 0o700 : 0o500)
}

const futureRuns = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ id: `run_${i}`, status: 'from-the-future' }))

describe('storage a user can trust', () => {
  it('keeps unreadable history lines aside, says where in Settings, and keeps every file private', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-e2e-storage-'))
    writeFileSync(join(dataDir, 'runs.jsonl'), futureRuns.join('\n') + '\n')
    const serve = await startServe([], dataDir)
    const { browser, page, errors } = await openApp(serve, 'settings')
    try {
      expect(serve.output()).toMatch(/warning: 1500 unreadable lines in .*runs\.jsonl .* were skipped; they were moved to .*runs\.jsonl\.unreadable-/)
      const aside = readdirSync(dataDir).find((name) => name.startsWith('runs.jsonl.unreadable-'))!
      expect(readFileSync(join(dataDir, aside), 'utf8')).toBe(futureRuns.join('\n') + '\n')
      await expect(page.getByTestId('skipped-lines').textContent()).resolves.toContain(`They were kept in ${join(dataDir, aside)}.`)
      for (const name of readdirSync(dataDir)) {
        const mode = statSync(join(dataDir, name)).mode & 0o777
        expect(`${name} ${mode.toString(8)}`).toBe(`${name} ${statSync(join(dataDir, name)).isDirectory() ? '700' : '600'}`)
      }
      expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700')
      expect(errors).toEqual([])
    } finally {
      await browser.close()
      expect(await serve.stop()).toBe(0)
    }
  })

  it('answers a save it cannot write with a clear error, stays up, says so, and saves again once it can', async () => {
    const serve = await startServe()
    const { browser, page, errors } = await openApp(serve, 'settings')
    const hookbenchJson = join(serve.dataDir, 'hookbench.json')
    const create = (name: string) =>
      fetch(new URL('/api/createSubscription', serve.url), {
        method: 'POST',
        headers: pageHeaders(serve.url),
        body: JSON.stringify({ name, url: 'http://127.0.0.1:9/hooks', provider: 'divshot' }),
      })
    try {
      setWritable(serve.dataDir, false)
      const refused = await create('not saved')
      expect(refused.status).toBe(503)
      expect(await refused.json()).toEqual({ ok: false, error: { code: 'unavailable', message: `Could not save: permission denied (${hookbenchJson})` } })
      // One notice, in words, and the Settings line while it lasts.
      await page.getByRole('alert').filter({ hasText: `Could not save: permission denied (${hookbenchJson})` }).waitFor()
      await page.reload()
      await page.waitForSelector('[data-app-state="loaded"]')
      await expect(page.getByTestId('failing-storage').textContent()).resolves.toBe(
        `Could not save: permission denied (${hookbenchJson}). Hookbench keeps running and saves again once the file can be written.`,
      )
      expect((await serve.api<Array<{ name: string }>>('listSubscriptions')).map((s) => s.name)).not.toContain('not saved')

      setWritable(serve.dataDir, true)
      expect((await create('saved')).status).toBe(200)
      await page.getByRole('status').filter({ hasText: `Saving works again (${hookbenchJson})` }).waitFor()
      expect((JSON.parse(readFileSync(hookbenchJson, 'utf8')) as { subscriptions: Array<{ name: string }> }).subscriptions.map((s) => s.name)).toContain('saved')
      expect(serve.child.exitCode).toBeNull()
      expect(errors).toEqual([])
    } finally {
      setWritable(serve.dataDir, true)
      await browser.close()
      expect(await serve.stop()).toBe(0)
    }
  })
})
