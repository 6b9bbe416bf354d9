import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RunOptions, type Run } from '../../../src/shared/schemas/run'
import { CLI_PATH } from '../../support/paths'
import { startServe } from '../../support/serve-process'

/*
 * Runs saved by a version that did not bound scenarios: a wait past Date's range, and three nested
 * `repeat: 1000`. They were "running" when that process died; every later start must go on, and
 * the runs end failed with the reason, instead of crashing each start.
 */
const BIG_WAIT = 'version: 1\nname: big wait\nprovider: ocean-cd\nsteps:\n  - fire: rollout-started\n  - wait: 99999999999h\n'
const NESTED = [
  'version: 1',
  'name: nested repeats',
  'provider: generic',
  'steps:',
  '  - repeat: 1000',
  '    steps:',
  '      - repeat: 1000',
  '        steps:',
  '          - repeat: 1000',
  '            steps:',
  '              - wait: 0ms',
].join('\n')

function savedRun(id: string, source: string, fileName: string): Run {
  return {
    id,
    scenarioId: fileName,
    scenarioName: id,
    source,
    fileName,
    options: RunOptions.parse({ timeScale: 0 }),
    seed: 1,
    status: 'running',
    startedAt: '2026-01-01T00:00:00.000Z',
    next: 1,
    storyMs: Date.parse('2026-01-01T00:00:00.000Z'),
    story: {},
    subscriptionIds: [],
    routes: {},
    endpoints: {},
    controllers: {},
    cleanup: { subscriptionIds: [], endpointNames: [] },
    failures: [],
    steps: [{ index: 0, path: 'steps[0]', kind: 'fire', label: 'fire', status: 'passed', deliveryIds: [] }],
  }
}

/** A data directory as the older version left it: both runs still "running". */
function oldDataDir(): string {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'hookbench-old-runs-')), 'data')
  mkdirSync(dataDir, { mode: 0o700 })
  const runs = [savedRun('run_bigwait', BIG_WAIT, 'big-wait.yaml'), savedRun('run_nested', NESTED, 'nested.yaml')]
  writeFileSync(join(dataDir, 'runs.jsonl'), runs.map((run) => `${JSON.stringify(run)}\n`).join(''), { mode: 0o600 })
  return dataDir
}

const cli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, CI: 'true' }, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    )
  })

describe('a saved run over the limits, from an older version', () => {
  it('resume reports it failed with the limit it breaks, exits 1, and the data directory stays usable', { timeout: 60_000 }, async () => {
    const dataDir = oldDataDir()
    const started = Date.now()
    const resumed = await cli(['resume', '--data-dir', dataDir])
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(resumed.stderr).toBe('')
    expect(resumed.stdout).toContain('Continuing 2 interrupted scenario run(s)')
    expect(resumed.stdout).toMatch(/^failed: .*\(run_bigwait\)\n {2}could not resume: big-wait\.yaml:6:11: steps\[1\]\.wait: is longer than 10 years \(87600h\)/m)
    expect(resumed.stdout).toMatch(/^failed: .*\(run_nested\)\n {2}could not resume: nested\.yaml:7:17: steps\[0\]\.steps\[0\]\.repeat: the scenario unrolls to 1,000,000,000 steps/m)
    expect(resumed.code).toBe(1)

    const listed = await cli(['runs', 'list', '--data-dir', dataDir])
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout).toMatch(/run_bigwait\s.*failed/)
    expect(listed.stdout).toMatch(/run_nested\s.*failed/)
  })

  it('serve starts, shows both runs failed, keeps answering, and stops on SIGTERM', { timeout: 60_000 }, async () => {
    const serve = await startServe([], oldDataDir())
    try {
      const runs = await serve.api<Array<{ id: string; status: string; reason?: string }>>('listRuns', { limit: 10 })
      expect(runs.map((r) => [r.id, r.status])).toEqual(
        expect.arrayContaining([
          ['run_bigwait', 'failed'],
          ['run_nested', 'failed'],
        ]),
      )
      expect(runs.find((r) => r.id === 'run_bigwait')?.reason).toMatch(/^could not resume: .*is longer than 10 years/)
      // A new run of the same file is refused where it is written, and serve goes on.
      await expect(serve.api('runScenario', { source: BIG_WAIT, fileName: 'big-wait.yaml', options: { timeScale: 0 } })).rejects.toThrow(
        /runScenario: big-wait\.yaml:6:11: steps\[1\]\.wait: is longer than 10 years/,
      )
      expect(await serve.api<{ version: string }>('getStatus')).toMatchObject({ version: expect.any(String) })
    } finally {
      expect(await serve.stop()).toBe(0)
    }
    expect(serve.output()).not.toMatch(/RangeError|at .*\.js:\d+/)
  })
})
