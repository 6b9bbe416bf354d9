import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../../support/paths'
import { runCliCaptured } from '../../support/run-cli'

/*
 * The stories in examples/, one per platform and a load, each run as the docs say against the
 * example app (which checks signatures with the secrets below, dedupes by id and keeps a status
 * per service), from the examples folder so their includes and templates are found next to them.
 */

const ENV = { WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', QOVERY_SECRET: 's3cr3t', CHARLESCD_KEY: 'key' }
const STORIES = readdirSync(join(ROOT, 'examples')).filter((name) => name.endsWith('.yaml') && name !== 'checkout-rollback.yaml')

let app: ChildProcess
let appUrl = ''
beforeAll(async () => {
  app = spawn(process.execPath, [join(ROOT, 'examples', 'app.mjs')], { env: { ...process.env, PORT: '0', ...ENV }, stdio: ['ignore', 'pipe', 'inherit'] })
  appUrl = await new Promise<string>((resolve, reject) => {
    app.stdout!.once('data', (chunk: Buffer) => resolve(/http:\/\/[\d.:]+/.exec(chunk.toString())![0]))
    app.once('exit', (code) => reject(new Error(`the example app exited ${code}`)))
  })
})
afterAll(() => {
  app.kill()
})

describe('the example stories', () => {
  it('are one per platform, and a load', () => {
    expect(STORIES.sort()).toEqual(['charlescd-circle.yaml', 'divshot-releases.yaml', 'generic-signed-events.yaml', 'ocean-cd-release-train.yaml', 'qovery-mass-redeploy.yaml', 'qovery-redeploy.yaml'])
  })

  it.each(STORIES)('%s passes against the example app', async (name) => {
    const cwd = join(ROOT, 'examples')
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-example-'))
    const result = await runCliCaptured(['run', name, '--var', `app=${appUrl}`, '--time-scale', '0', '--data-dir', dataDir], { cwd })
    const verdict = result.stdout.trim().split('\n').filter((line) => /^(passed|failed):/.test(line))
    expect([result.code, result.stderr, verdict], result.stdout).toEqual([0, '', [expect.stringMatching(/^passed: /)]])
  }, 60_000)
})
