import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIBRARY } from '../../../src/main/scenarios/library'
import { runCliCaptured } from '../../support/run-cli'

/*
 * `--to` aims a story at the user's app: every built-in passes against the example app (which
 * answers 200 to any webhook); an expectation about a scripted receiver endpoint the app does not
 * play says it was not judged there.
 */
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

const lines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)

describe('--to the example app, which answers 200 to every webhook', () => {
  it('passes every built-in, judging received at the app by what it acknowledged', { timeout: 60_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-to-app-'))
    const result = await runCliCaptured(['run', ...LIBRARY.map((s) => s.id), '--to', `${appUrl}/hooks`, '--time-scale', '0', '--json'], { cwd })
    const runs = lines(result.stdout).filter((line) => line.type === 'run') as Array<{ scenarioId: string; status: string; reason: string; steps: Array<{ label: string; status: string; message: string }> }>
    expect(runs.map((run) => [run.scenarioId, run.status, run.reason])).toEqual(LIBRARY.map((s) => [s.id, 'passed', expect.stringMatching(/all as expected$/)]))
    expect(result.code).toBe(0)
    const steps = runs.flatMap((run) => run.steps.map((step) => ({ ...step, scenarioId: run.scenarioId })))
    // Counted where the deliveries went.
    expect(steps.find((s) => s.scenarioId === 'generic-release-pipeline' && s.label.startsWith('expect received 2 deploy.succeeded'))).toMatchObject({
      status: 'passed',
      message: `2 deploy.succeeded(s) meant for inbox, acknowledged by ${appUrl}/hooks`,
    })
    // A story endpoint with a script of its own (failing its first requests) is not played by the app: said so, not judged.
    const notJudged = steps.filter((s) => s.status === 'skipped')
    expect(notJudged.map((s) => s.scenarioId)).toEqual(['charlescd-deploy-error-retried', 'charlescd-deploy-error-retried', 'generic-flaky-endpoint'])
    expect(notJudged[0]!.message).toBe(`not judged: the story's requests to hermes-flaky went to the --to target ${appUrl}/hooks, which answers as it does, not as hermes-flaky's script says`)
  })

  it('the README example passes: qovery-production-deploy-failed --to …/hooks --secret=s3cr3t', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-to-app-'))
    const result = await runCliCaptured(['run', 'qovery-production-deploy-failed', '--to', `${appUrl}/hooks`, '--secret=s3cr3t', '--time-scale', '0'], { cwd })
    expect(result.stdout).toContain('passed: 7 steps, 2 deliveries, 4/4 expectations (Qovery production deploy fails)')
    expect(result.code).toBe(0)
  })

  it('fails, saying what the app acknowledged, when the app refuses', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-to-app-'))
    const result = await runCliCaptured(['run', 'divshot-release', '--to', `${appUrl}/not-hooks`, '--time-scale', '0'], { cwd })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`expected 2 release(s) meant for inbox to be acknowledged; ${appUrl}/not-hooks acknowledged 0`)
  })
})
