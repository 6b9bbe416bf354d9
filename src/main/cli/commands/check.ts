import { resolve } from 'node:path'
import { describeIssues, formatIssues } from '../../../shared/result'
import { CheckOptions } from '../../../shared/schemas/check'
import { parseDuration } from '../../../shared/schemas/scenario'
import { checkJunit, formatCheckReport } from '../../check/check-report'
import { resolveTarget } from '../../check/check-target'
import { runCheck } from '../../check/run-check'
import { sendHttp } from '../../delivery/http-sender'
import { type Command, EXIT, type OptionValues, UsageError, requireArg, stringOption } from '../command'
import { checkOutputFile, writeOutputFile } from '../output-path'

const CASES_HELP = [
  'Cases (each only where the scheme makes it apply):',
  '  valid               a correct, signed delivery: accepted (2xx) within the platform\'s timeout',
  '  body-altered        the body changed after signing: rejected (4xx, not 5xx, not 2xx)',
  '  wrong-secret        signed (or sent) with another secret: rejected',
  '  signature-missing   no signature (or secret) header: rejected',
  '  signature-malformed a signature header that does not parse: rejected',
  '  other-scheme        a signature the way another scheme signs: rejected',
  '  timestamp-stale     signed timestamp older than --tolerance: rejected (standard, stripe)',
  '  timestamp-future    signed timestamp beyond --tolerance ahead: rejected (standard)',
  '  rotated-secrets     two signatures, only the second valid: accepted (standard, stripe)',
  '  replay              the same delivery id again: accepted, processed once (real with --probe)',
  '  out-of-order        a finish before its start: accepted, never 5xx',
  '  unknown-event       an event type the endpoint cannot know: accepted, never 5xx',
  '  unknown-field       a field the endpoint does not know: accepted, never 5xx',
  '  retry-plan          (advice) what the platform does when a delivery fails',
  '  unauthenticated     (advice) unsigned platforms: how to protect the endpoint anyway',
  '  no-timestamp        (advice) schemes without a signed timestamp: deduplicate by id',
].join('\n')

/** `hookbench check`: the security and robustness battery every webhook handler should pass. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'Check that a webhook endpoint verifies, rejects, deduplicates and tolerates as it must',
  usage: 'hookbench check <url> --provider P [--event E] [--scheme S] [--secret=S] [--tolerance 5m] [--probe URL] [--report junit.xml] [--json]',
  maxPositionals: 1,
  options: {
    provider: { type: 'string' },
    event: { type: 'string' },
    scheme: { type: 'string' },
    secret: { type: 'string' },
    tolerance: { type: 'string' },
    probe: { type: 'string' },
    'probe-field': { type: 'string' },
    'hmac-header': { type: 'string' },
    seed: { type: 'string' },
    report: { type: 'string' },
    json: { type: 'boolean' },
  },
  details: [
    'Options:',
    '  --provider P        ocean-cd | qovery | charlescd | divshot | generic (required)',
    '  --event E           The event to send (default: the platform\'s first)',
    '  --scheme S          standard | github | stripe | hmac-sha256 | native | none (default: the platform\'s',
    '                      own secret header for Qovery/CharlesCD, else standard with --secret, else none)',
    '  --secret=S          The secret your endpoint verifies with (the = form takes secrets beginning with "-")',
    '  --tolerance D       How old or how far ahead a signed timestamp may be (default 5m)',
    '  --probe URL         A URL of yours answering how many events the handler processed (a number, or',
    '                      JSON with "count"): the replay case then proves there was no second effect',
    '  --probe-field PATH  Where the count is in the probe\'s JSON (dot path)',
    '  --hmac-header NAME  The header of the hmac-sha256 scheme (default X-Signature-256)',
    '  --report FILE       Write a JUnit XML report, one testcase per case',
    '  --json              Print the whole report (every request and answer) as JSON',
    '',
    CASES_HELP,
    '',
    'Exit status: 0 when every required case passes, 1 when one fails, 2 for a usage error.',
    '',
    'Examples (each needs your endpoint listening):',
    '  hookbench check http://127.0.0.1:3000/hooks --provider generic --secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    '  hookbench check http://127.0.0.1:3000/qovery --provider qovery --secret=s3cr3t --report check.xml',
  ].join('\n'),

  async run({ values, positionals }, ctx) {
    const url = requireArg(positionals, 'name the endpoint to check, e.g. "hookbench check http://127.0.0.1:3000/hooks --provider generic --secret=…"')
    const options = checkOptions(url, values)
    const resolved = resolveTarget(options)
    if (!resolved.ok) throw new UsageError(resolved.field === 'secret' && options.secret === undefined ? `${resolved.message} (--secret)` : resolved.message)
    const json = values.json === true
    const reportFile = stringOption(values, 'report')
    if (reportFile) await checkOutputFile('--report', resolve(ctx.cwd, reportFile))
    const report = await runCheck(resolved.target, options, {
      send: sendHttp,
      nowMs: Date.now,
      onCase: (result) => {
        if (!json && ctx.isTerminal) ctx.stderr(`  ${result.verdict === 'fail' ? '✗' : '✓'} ${result.id}\n`)
      },
    })
    if (reportFile) await writeOutputFile('--report', resolve(ctx.cwd, reportFile), checkJunit(report))
    ctx.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatCheckReport(report))
    return report.passed ? EXIT.ok : EXIT.failed
  },
}

function checkOptions(url: string, values: OptionValues): CheckOptions {
  const provider = stringOption(values, 'provider')
  if (provider === undefined) throw new UsageError('--provider is required: ocean-cd, qovery, charlescd, divshot or generic')
  const parsed = CheckOptions.safeParse({
    url,
    provider,
    event: stringOption(values, 'event'),
    scheme: stringOption(values, 'scheme'),
    secret: stringOption(values, 'secret'),
    toleranceSec: toleranceOption(values),
    probe: stringOption(values, 'probe'),
    probeField: stringOption(values, 'probe-field'),
    hmacHeader: stringOption(values, 'hmac-header'),
    seed: stringOption(values, 'seed'),
  })
  if (!parsed.success) throw new UsageError(formatIssues(describeIssues(parsed.error).map((i) => ({ ...i, path: flagOf(i.path) }))))
  return parsed.data
}

const FLAGS: Record<string, string> = { url: '<url>', toleranceSec: '--tolerance', probeField: '--probe-field', hmacHeader: '--hmac-header' }
const flagOf = (path: string) => FLAGS[path] ?? `--${path}`

function toleranceOption(values: OptionValues): number | undefined {
  const raw = stringOption(values, 'tolerance')
  if (raw === undefined) return undefined
  const ms = parseDuration(raw)
  if (ms === undefined || ms < 1000) throw new UsageError(`--tolerance must be a duration like 30s, 5m or 1h, got "${raw}"`)
  return Math.round(ms / 1000)
}
