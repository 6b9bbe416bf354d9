import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliCaptured } from '../../support/run-cli'

const ROOT = join(__dirname, '..', '..', '..')
let app: ChildProcess
let appUrl: string

beforeAll(async () => {
  app = spawn(process.execPath, [join(ROOT, 'examples', 'app.mjs')], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] })
  appUrl = await new Promise<string>((resolve) => app.stdout!.on('data', (chunk: Buffer) => resolve(/http:\/\/[\d.:]+/.exec(chunk.toString())![0])))
})
afterAll(() => {
  app.kill()
})

describe('the README example', () => {
  it('is the file in examples/, and passes against the example app', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(readFileSync(join(ROOT, 'examples', 'checkout-rollback.yaml'), 'utf8'))
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-readme-'))
    const result = await runCliCaptured(['run', join(ROOT, 'examples', 'checkout-rollback.yaml'), '--var', `app=${appUrl}`, '--time-scale', '0.002', '--report', 'junit.xml'], { cwd })
    expect(result.stdout).toContain('passed: 13 steps')
    expect(result.code).toBe(0)
    expect(readFileSync(join(cwd, 'junit.xml'), 'utf8')).toContain('<testsuite name="checkout rollout rolled back"')
    const state = (await (await fetch(`${appUrl}/api/deploys/checkout`)).json()) as { state: string }
    expect(state.state).toBe('rolled-back')
  })

  it('fails with exit 1 and says why when the app never answers what the scenario expects', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-readme-'))
    const result = await runCliCaptured(['run', join(ROOT, 'examples', 'checkout-rollback.yaml'), '--var', 'app=http://127.0.0.1:9', '--time-scale', '0'], { cwd })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/failed: .*checkout rollout rolled back/)
  })
})
