import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pageHeaders } from '../support/web-api'
import { expect, gotoApp, pageErrors, reload, test } from './fixtures'

/**
 * A data directory nothing can be written in, as a full or read-only disk would be: made
 * immutable for root (whom permissions do not stop), read-only for anyone else.
 */
function setWritable(dir: string, writable: boolean) {
  if (process.getuid?.() === 0) execFileSync('chattr', [writable ? '-i' : '+i', dir])
  else chmodSync(dir, writable ? 0o700 : 0o500)
}

const futureRuns = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ id: `run_${i}`, status: 'from-the-future' }))

// Each test has its own serve and data directory.
test.describe.configure({ mode: 'parallel' })

test.describe('storage a user can trust', () => {
  test('keeps unreadable history lines aside, says where in Settings, and keeps every file private', async ({ page, hookbench }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-e2e-storage-'))
    writeFileSync(join(dataDir, 'runs.jsonl'), futureRuns.join('\n') + '\n')
    const serve = await hookbench.serve([], dataDir)
    const errors = pageErrors(page)
    await gotoApp(page, serve, 'settings')
    expect(serve.output()).toMatch(/warning: 1500 unreadable lines in .*runs\.jsonl .* were skipped; they were moved to .*runs\.jsonl\.unreadable-/)
    const aside = readdirSync(dataDir).find((name) => name.startsWith('runs.jsonl.unreadable-'))!
    expect(readFileSync(join(dataDir, aside), 'utf8')).toBe(futureRuns.join('\n') + '\n')
    await expect(page.getByTestId('skipped-lines')).toContainText(`They were kept in ${join(dataDir, aside)}.`)
    for (const name of readdirSync(dataDir)) {
      const mode = statSync(join(dataDir, name)).mode & 0o777
      expect(`${name} ${mode.toString(8)}`).toBe(`${name} ${statSync(join(dataDir, name)).isDirectory() ? '700' : '600'}`)
    }
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700')
    expect(errors).toEqual([])
    expect(await serve.stop()).toBe(0)
  })

  test('answers a save it cannot write with a clear error, stays up, says so, and saves again once it can', async ({ page, serve }) => {
    const errors = pageErrors(page)
    await gotoApp(page, serve, 'settings')
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
      await expect(page.getByRole('alert').filter({ hasText: `Could not save: permission denied (${hookbenchJson})` })).toBeVisible()
      await reload(page)
      await expect(page.getByTestId('failing-storage')).toHaveText(
        `Could not save: permission denied (${hookbenchJson}). Hookbench keeps running and saves again once the file can be written.`,
      )
      expect((await serve.api<Array<{ name: string }>>('listSubscriptions')).map((s) => s.name)).not.toContain('not saved')

      setWritable(serve.dataDir, true)
      expect((await create('saved')).status).toBe(200)
      await expect(page.getByRole('status').filter({ hasText: `Saving works again (${hookbenchJson})` })).toBeVisible()
      expect((JSON.parse(readFileSync(hookbenchJson, 'utf8')) as { subscriptions: Array<{ name: string }> }).subscriptions.map((s) => s.name)).toContain('saved')
      expect(serve.child.exitCode).toBeNull()
      expect(errors).toEqual([])
    } finally {
      setWritable(serve.dataDir, true)
    }
  })
})
