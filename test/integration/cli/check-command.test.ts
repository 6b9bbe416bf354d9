import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliCaptured } from '../../support/run-cli'
import { type CheckEndpoint, startCheckEndpoint } from '../../support/check-endpoints'
import { CheckReport } from '../../../src/shared/schemas/check'
import { parseXml } from '../../support/tiny-xml'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const cwd = mkdtempSync(join(tmpdir(), 'hookbench-check-'))
const cli = (...argv: string[]) => runCliCaptured(['check', ...argv], { cwd })

let correct: CheckEndpoint
let naive: CheckEndpoint
beforeAll(async () => {
  correct = await startCheckEndpoint({ behaviour: 'correct', scheme: 'standard', secret: SECRET })
  naive = await startCheckEndpoint({ behaviour: 'naive', scheme: 'standard', secret: SECRET })
})
afterAll(async () => {
  await correct.close()
  await naive.close()
})

describe('hookbench check', () => {
  it('exits 0 for a correct endpoint, with the table of cases', async () => {
    const result = await cli(correct.url, '--provider', 'generic', `--secret=${SECRET}`, '--probe', correct.probe)
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toMatch(/^CASE +EXPECTED +GOT +VERDICT$/m)
    expect(result.stdout).toMatch(/^replay +accepted \(2xx\), no second effect +200 then 200; count (\d+) → (\d+) → \2 +pass$/m)
    expect(result.stdout).toContain('15 of 15 required cases passed: the endpoint passes.')
  })

  it('exits 1 for a naive endpoint, says why and how to fix, and writes one JUnit testcase per case', async () => {
    const result = await cli(naive.url, '--provider', 'generic', `--secret=${SECRET}`, '--report', 'check.xml')
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^body-altered +rejected \(4xx\) +200 +FAIL$/m)
    expect(result.stdout).toContain('✗ body-altered: accepted a request whose body was changed after it was signed\n  Fix: ')
    const xml = parseXml(readFileSync(join(cwd, 'check.xml'), 'utf8'))
    const cases = xml.children[0]!.children.filter((c) => c.name === 'testcase')
    expect(cases).toHaveLength(16)
    expect(cases.filter((c) => c.children.some((f) => f.name === 'failure')).map((c) => c.attributes.name!.split(':')[0])).toEqual([
      'body-altered',
      'wrong-secret',
      'signature-missing',
      'signature-malformed',
      'other-scheme',
      'timestamp-stale',
      'timestamp-future',
    ])
  })

  it('prints the whole report as JSON with --json', async () => {
    const result = await cli(correct.url, '--provider', 'generic', `--secret=${SECRET}`, '--json', '--tolerance', '10m')
    const report = CheckReport.parse(JSON.parse(result.stdout))
    expect(report).toMatchObject({ passed: true, scheme: 'standard', event: 'deploy.succeeded' })
    expect(report.cases[0]!.exchanges[0]!.request.headers.map(([name]) => name)).toContain('webhook-signature')
  })

  it('fails the timestamp cases when the endpoint tolerates more than --tolerance says', async () => {
    const result = await cli(correct.url, '--provider', 'generic', `--secret=${SECRET}`, '--json', '--tolerance', '2m')
    const report = CheckReport.parse(JSON.parse(result.stdout))
    expect(report.cases.filter((c) => c.verdict === 'fail').map((c) => c.id)).toEqual(['timestamp-stale', 'timestamp-future'])
    expect(result.code).toBe(1)
  })

  it.each([
    [['--secret=x'], '--provider is required'],
    [['--provider', 'generic', '--scheme', 'standard'], 'the standard scheme needs the secret your endpoint verifies with (--secret)'],
    [['--provider', 'divshot', '--scheme', 'native', '--secret=x'], 'Divshot sends no secret header'],
    [['--provider', 'qovery', '--event', 'DEPLOYED', '--secret=x'], 'has no event "DEPLOYED"'],
    [['--provider', 'generic', '--secret=no!'], 'the secret cannot be used: a standard secret is'],
    [['--provider', 'generic', `--secret=${SECRET}`, '--tolerance', 'soon'], '--tolerance must be a duration'],
  ])('exits 2 for a usage error: %j', async (args, message) => {
    const result = await cli(naive.url, ...args)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
  })

  it('exits 2 without a URL, and for a URL that is not http(s)', async () => {
    expect((await runCliCaptured(['check', '--provider', 'generic'], { cwd })).stderr).toContain('name the endpoint to check')
    const bad = await cli('ftp://example.com/hooks', '--provider', 'divshot')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('<url>')
  })
})
