import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HookbenchApi } from '../../../shared/api/client'
import { describeIssues, formatIssues } from '../../../shared/result'
import { type Capture, Endpoint } from '../../../shared/schemas/receiver'
import { SigningScheme } from '../../../shared/schemas/signing'
import { PLAIN_SECRET_HEADERS } from '../../../shared/platforms'
import { openSession } from '../../host/open-engine'
import { type CliContext, type Command, EXIT, type OptionValues, UsageError, numberOption, portOption, stringOption } from '../command'
import { listed } from '../command-summaries'
import { answerOf, checkSecretFlag, untilAborted } from '../shared-options'

/** `250ms`, `2s`, `1m`, or plain milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim())
  if (!match) throw new UsageError(`${flag} must be a duration like 250ms, 2s or 1m, got "${text}"`)
  const unit = match[2] ?? 'ms'
  return Math.round(Number(match[1]) * (unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1))
}

/** `--verify standard:whsec_…`; `native` checks the Qovery and CharlesCD secret headers. */
function verifyOption(value: string | undefined, rejectInvalid: boolean, ctx: CliContext) {
  if (value === undefined) {
    if (rejectInvalid) throw new UsageError('--reject-invalid needs --verify scheme:secret (what to check signatures against)')
    return undefined
  }
  const at = value.indexOf(':')
  const scheme = SigningScheme.safeParse(value.slice(0, at))
  if (at <= 0 || !scheme.success || at === value.length - 1) {
    throw new UsageError(`--verify expects scheme:secret with scheme one of ${SigningScheme.options.join(', ')}`)
  }
  const secret = value.slice(at + 1)
  checkSecretFlag('--verify', scheme.data, secret, ctx)
  return { scheme: scheme.data, secrets: [secret], secretHeaders: [...PLAIN_SECRET_HEADERS], rejectInvalid }
}

function endpointFromFlags(values: OptionValues, ctx: CliContext): Endpoint {
  const parsed = Endpoint.safeParse({
    name: 'receive',
    response: {
      status: numberOption(values, 'status', 200),
      failFirst: numberOption(values, 'fail-first', 0),
      failStatus: numberOption(values, 'fail-status', 500),
      delayMs: parseDuration(stringOption(values, 'delay') ?? '0ms', '--delay'),
    },
    verify: verifyOption(stringOption(values, 'verify'), values['reject-invalid'] === true, ctx),
    forward: stringOption(values, 'forward') ? { url: stringOption(values, 'forward') } : undefined,
    dedupe: values.dedupe === true,
  })
  if (!parsed.success) throw new UsageError(formatIssues(describeIssues(parsed.error)))
  return parsed.data
}

/** One line per request: time, method, path, status, size, verdict. */
export function describeCapture(capture: Capture): string {
  const verdict = capture.verdict ? `  ${capture.verdict.valid ? 'signature ok' : `signature ${capture.verdict.reason}`}` : ''
  const status = capture.response?.status ?? capture.outcome
  const forward = capture.forward ? `  → ${capture.forward.status ?? capture.forward.error}` : ''
  return `${capture.receivedAt.slice(11, 23)}  ${capture.method} ${capture.path || '/'}${capture.query}  ${status}  ${capture.size} B${verdict}${forward}`
}

/** `hookbench receive`: the receiver alone, for CI or a second terminal. */
export const receiveCommand: Command = {
  ...listed('receive'),
  usage: 'hookbench receive [--port 4781] [--host 127.0.0.1] [--status 200] [--fail-first N] [--delay 0ms] [--verify scheme:secret [--reject-invalid]] [--dedupe] [--forward URL] [--json [--reveal-secrets]]',
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    status: { type: 'string' },
    'fail-first': { type: 'string' },
    'fail-status': { type: 'string' },
    delay: { type: 'string' },
    verify: { type: 'string' },
    'reject-invalid': { type: 'boolean' },
    dedupe: { type: 'boolean' },
    forward: { type: 'string' },
    json: { type: 'boolean' },
    'reveal-secrets': { type: 'boolean' },
  },
  details: [
    'Options:',
    '  --port N            Port (default 4781; 0 picks a free port)',
    '  --host H            Interface to bind (default 127.0.0.1)',
    '  --status CODE       Answer with this status (default 200)',
    '  --fail-first N      Answer --fail-status (default 500) to the first N requests',
    '  --fail-status CODE  Status for the failures above (default 500)',
    '  --delay D           Wait before answering: 250ms, 2s, 1m',
    '  --verify S:SECRET   Check signatures: standard, github, stripe, hmac-sha256, native',
    '  --reject-invalid    With --verify: answer 401 (and why) to a request whose signature does not verify',
    '  --dedupe            Answer a delivery seen before (same webhook-id or X-GitHub-Delivery, else same',
    '                      body) with 200 and nothing more: no script, no forward (an idempotent handler)',
    '  --forward URL       Also send each request to URL (your app); the answer above is what the sender gets',
    '  --json              One JSON object per request (the full capture, body in base64; the --verify',
    '                      secret and Qovery/CharlesCD secret headers as sha256 fingerprints)',
    '  --reveal-secrets    With --json: print secret headers as received',
    '',
    'Every path is captured (/, /hooks, /r/anything/…); POST /heartbeat/<clusterId> is answered 202.',
    '"hookbench serve" runs its own receiver on 4781: while it runs, give this one another port.',
    '',
    'Examples:',
    '  hookbench receive --port 3000',
    '  hookbench receive --port 3000 --fail-first 2 --verify standard:whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw --reject-invalid',
    '  hookbench receive --port 3000 --forward http://127.0.0.1:8080/hooks   (needs your app listening on 8080)',
  ].join('\n'),

  async run({ values }, ctx) {
    const endpoint = endpointFromFlags(values, ctx)
    const host = stringOption(values, 'host') ?? '127.0.0.1'
    const port = portOption(values, 'port', 4781)
    // The receiver plays its endpoint in a throwaway data directory, through the API like every host's.
    const dataDir = await mkdtemp(join(tmpdir(), 'hookbench-receive-'))
    try {
      const session = await openSession({ dataDir, host: 'cli', resume: false, log: (line) => ctx.stderr(`${line}\n`) })
      try {
        answerOf(await session.api.saveEndpoint(endpoint))
        const stopPrinting = printCaptures(session.api, endpoint, values, ctx)
        const receiver = await session.startReceiver({ host, port, flag: '--port', catchAll: endpoint.name }).catch((error: Error) => {
          throw new UsageError(error.message)
        })
        // The URL goes to stderr so stdout stays one line (or JSON object) per request.
        ctx.stderr(`Receiving on ${receiver.url} (Ctrl-C to stop)\n`)
        await untilAborted(ctx.signal)
        await receiver.close()
        await stopPrinting()
      } finally {
        await session.close()
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
    return EXIT.ok
  },
}

/**
 * One line (or JSON object) per capture as the event stream tells it, read back through the API
 * (its secrets as fingerprints unless --reveal-secrets), in the order they arrived; a heartbeat is
 * told on stderr. A forwarded capture is told once, when its forward is done (a rejected one never
 * forwards). Returns a function that stops and lets what is being printed finish.
 */
function printCaptures(api: HookbenchApi, endpoint: Endpoint, values: OptionValues, ctx: CliContext): () => Promise<void> {
  const reveal = values['reveal-secrets'] === true
  let printing = Promise.resolve()
  const print = (id: string) => {
    printing = printing.then(async () => {
      const capture = answerOf(await api.getCapture({ id, reveal }))
      ctx.stdout(values.json ? `${JSON.stringify(capture)}\n` : `${describeCapture(capture)}\n`)
    })
  }
  const stop = api.subscribe((batch) => {
    for (const event of batch) {
      if (event.type === 'capture') {
        const { capture } = event
        if (!endpoint.forward || capture.forward || capture.outcome === 'rejected') print(capture.id)
      } else if (event.type === 'heartbeat' && event.cluster.lastSource === 'http' && event.cluster.health === 'healthy') {
        ctx.stderr(`heartbeat from ${event.cluster.clusterId}\n`)
      }
    }
  })
  return async () => {
    stop()
    await printing.catch(() => {})
  }
}
