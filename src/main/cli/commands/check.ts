import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { HookbenchApi } from '../../../shared/api/client'
import { MAX_WAIT_MS } from '../../../shared/api/contract'
import { describeIssues, formatIssues } from '../../../shared/result'
import { ProviderId, platformOf } from '../../../shared/platforms'
import { type CheckOptions as CheckOptionsType, CheckOptions, type CheckRun, KEPT_CHECKS } from '../../../shared/schemas/check'
import { parseDuration } from '../../../shared/schemas/scenario'
import { checkJunit, formatCheckReport } from '../../check/check-report'
import { reportOf } from '../../check/check-runs'
import { openSession } from '../../host/open-engine'
import { resolveDataDir } from '../../persistence/data-dir'
import { type CliContext, type Command, EXIT, type OptionValues, UsageError, requireArg, stringOption } from '../command'
import { listed } from '../command-summaries'
import { checkOutputFile, writeOutputFile } from '../output-path'
import { PLATFORM_FLAGS, platformOptionsFromFlags, platformOptionsHelp } from '../platform-flags'
import { DATA_DIR_OPTION, answerOf, refusedError } from '../shared-options'
import { stopExitCode } from '../stop-signals'

const CASES_HELP = [
  'Cases (each only where the scheme makes it apply):',
  '  valid               a correct, signed delivery: accepted (2xx) within the platform\'s timeout',
  '  timing              how long a valid delivery takes to answer, against the platform\'s timeout',
  '                      (advice where the platform documents none; "slow" past a quarter of it)',
  '  body-altered        the body changed after signing: rejected (4xx, not 5xx, not 2xx)',
  '  wrong-secret        signed (or sent) with another secret: rejected',
  '  signature-missing   no signature (or secret) header: rejected',
  '  signature-malformed a signature header that does not parse: rejected',
  '  other-scheme        a signature the way another scheme signs: rejected',
  '  timestamp-stale     signed timestamp older than --tolerance: rejected (standard, stripe)',
  '  timestamp-future    signed timestamp beyond --tolerance ahead: rejected (standard)',
  '  raw-bytes           a correctly signed body another encoder wrote (whitespace, \\u00e9, \\/, 1.0):',
  '                      accepted; a handler verifying re-serialised JSON fails (every HMAC scheme)',
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
  ...listed('check'),
  usage:
    'hookbench check <url> --provider P [--event E] [--scheme S] [--secret=S] [platform options] [--tolerance 5m] [--probe URL] [--data-dir D] [--report junit.xml] [--json]',
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
    ...PLATFORM_FLAGS,
    ...DATA_DIR_OPTION,
  },
  details: () =>
    [
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
      '  --seed S            Same seed, same names and values in the payloads (ids are new every run)',
      `  --data-dir DIR      Keep the check there with the last ${KEPT_CHECKS} (the app's Check view lists them);`,
      '                      default: $HOOKBENCH_DATA_DIR, else nothing is kept',
      '  --report FILE       Write a JUnit XML report, one testcase per case',
      '  --json              Print the whole report (every request and answer, plain secrets as',
      '                      fingerprints) as JSON',
      '',
      'The platform\'s options, as "hookbench fire" takes them (the requests are built with them):',
      platformOptionsHelp(),
      '',
      CASES_HELP,
      '',
      'Every run sends new delivery ids (the replay case repeats its own within the run), so a handler',
      'that remembers the ids it processed passes run after run.',
      'Exit status: 0 when every required case passes, 1 when one fails, 2 for a usage error, 130 when',
      'stopped by Ctrl+C (143 by SIGTERM) after printing the cases judged so far.',
      '',
      'Examples (each needs your endpoint listening):',
      '  hookbench check http://127.0.0.1:3000/hooks --provider generic --secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      '  hookbench check http://127.0.0.1:3000/qovery --provider qovery --secret=s3cr3t --secret-header Qovery-Signature',
      '  hookbench check http://127.0.0.1:3000/charles --provider charlescd --format hermes-wire --secret=key --report check.xml',
    ].join('\n'),

  async run({ values, positionals }, ctx) {
    const url = requireArg(positionals, 'name the endpoint to check, e.g. "hookbench check http://127.0.0.1:3000/hooks --provider generic --secret=…"')
    const options = checkOptions(url, values)
    const json = values.json === true
    const reportFile = stringOption(values, 'report')
    if (reportFile) await checkOutputFile('--report', resolve(ctx.cwd, reportFile))
    const run = await withCheckSession(values, ctx, (api) => checkUntilDoneOrStopped(api, options, ctx, json))
    const report = reportOf(run)
    const cancelled = run.state === 'cancelled'
    if (reportFile) await writeOutputFile('--report', resolve(ctx.cwd, reportFile), checkJunit(report))
    if (json) ctx.stdout(`${JSON.stringify({ ...report, ...(cancelled && { cancelled: true }) }, null, 2)}\n`)
    else ctx.stdout(formatCheckReport(report, cancelled ? { planned: run.planned.length } : undefined))
    if (cancelled) return stopExitCode(ctx.signal)
    if (run.state === 'failed') throw new Error(run.error)
    return report.passed ? EXIT.ok : EXIT.failed
  },
}

/**
 * The check runs in the engine, through the API: in the data directory named by --data-dir or
 * HOOKBENCH_DATA_DIR (locked like every command's, the check kept with the last 50), else in a
 * throwaway one, so nothing is kept.
 */
async function withCheckSession(values: OptionValues, ctx: CliContext, work: (api: HookbenchApi) => Promise<CheckRun>): Promise<CheckRun> {
  const explicitDir = stringOption(values, 'data-dir') ?? ctx.env.HOOKBENCH_DATA_DIR
  const dataDir = explicitDir ? resolveDataDir(explicitDir, ctx.env, ctx.cwd) : await mkdtemp(join(tmpdir(), 'hookbench-check-'))
  try {
    const session = await openSession({ dataDir, host: 'cli', resume: false, log: (line) => ctx.stderr(`${line}\n`) })
    try {
      return await work(session.api)
    } finally {
      await session.close()
    }
  } finally {
    if (!explicitDir) await rm(dataDir, { recursive: true, force: true })
  }
}

/** Runs the check to its end; Ctrl+C (or SIGTERM) cancels it and gives back the cases judged so far. */
async function checkUntilDoneOrStopped(api: HookbenchApi, options: CheckOptionsType, ctx: CliContext, json: boolean): Promise<CheckRun> {
  let id: string | undefined
  const stopProgress = api.subscribe((batch) => {
    for (const event of batch) {
      if (event.type !== 'check' || event.id !== id || !event.case || json || !ctx.isTerminal) continue
      ctx.stderr(`  ${event.case.verdict === 'fail' ? '✗' : '✓'} ${event.case.id}\n`)
    }
  })
  try {
    const started = await api.startCheck(options)
    // A target the options cannot make (a scheme that needs a secret…) names its option.
    if (!started.ok && started.error.issues?.[0]?.path === 'secret' && options.secret === undefined) throw refusedError(started.error, { hint: ' (--secret)' })
    id = answerOf(started).id
    const checkId = id
    const cancel = () => {
      ctx.stderr('hookbench: stopping the check (the request in flight is abandoned)\n')
      void api.cancelCheck({ id: checkId })
    }
    if (ctx.signal.aborted) cancel()
    else ctx.signal.addEventListener('abort', cancel, { once: true })
    try {
      for (;;) {
        const { ended, check } = answerOf(await api.waitForCheck({ id: checkId, timeoutMs: MAX_WAIT_MS }))
        if (ended) return check
      }
    } finally {
      ctx.signal.removeEventListener('abort', cancel)
    }
  } finally {
    stopProgress()
  }
}

/** The platform's options from their `fire` flags; a flag of another platform is a usage error. */
function platformFlags(provider: string, values: OptionValues): Record<string, unknown> | undefined {
  const known = ProviderId.safeParse(provider)
  if (!known.success) return undefined
  const options = platformOptionsFromFlags(known.data, values)
  const parsed = platformOf(known.data).parseOptions(options)
  if (!parsed.success) throw new UsageError(formatIssues(describeIssues(parsed.error).map((i) => ({ ...i, path: flagOfOption(i.path) }))))
  return Object.keys(options).length > 0 ? options : undefined
}

/** `secretHeader` (or `events.0`) → `--secret-header`. */
const flagOfOption = (path: string) => `--${(path.split('.')[0] ?? path).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`

function checkOptions(url: string, values: OptionValues): CheckOptionsType {
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
    options: platformFlags(provider, values),
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
