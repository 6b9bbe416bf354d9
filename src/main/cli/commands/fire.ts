import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { z } from 'zod'
import type { HookbenchApi } from '../../../shared/api/client'
import type { ApiInput } from '../../../shared/api/contract'
import { formatIssues, describeIssues } from '../../../shared/result'
import { ProviderId, defaultSchemeFor } from '../../../shared/platforms'
import { contextFromEntries } from '../../../shared/platforms/context'
import type { GenericEventDefinition } from '../../../shared/platforms/generic/definition'
import { RetryPolicy } from '../../../shared/schemas/retry-policy'
import { SigningScheme } from '../../../shared/schemas/signing'
import { headerLine, headerNameProblem, headerValueProblem } from '../../../shared/schemas/http'
import type { Delivery } from '../../../shared/schemas/delivery'
import { readInputFile } from '../input-file'
import { DEFAULT_BODY_LIMIT } from '../../../shared/schemas/receiver'
import { openSession } from '../../host/open-engine'
import { parseSetOption } from '../../../shared/platforms/overrides'
import { TOO_DEEP, isTextTooDeep } from '../../../shared/core/json-depth'
import { PLATFORM_FLAGS, platformOptionsFromFlags, platformOptionsHelp } from '../platform-flags'
import { describeAttempt, describeOutcome } from '../attempt-lines'
import { finalDelivery, followAttempts } from '../deliveries'
import { type CliContext, type Command, EXIT, type OptionValues, UsageError, listOption, numberOption, stringOption } from '../command'
import { listed } from '../command-summaries'
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, answerOf, checkSecretFlag, timeScaleOption } from '../shared-options'
import { resolveDataDir } from '../../persistence/data-dir'
import { stopExitCode, untilDoneOrStopped } from '../stop-signals'

/** `hookbench fire`: one event at an ad-hoc subscription, waiting until the delivery is final. */
export const fireCommand: Command = {
  ...listed('fire'),
  usage:
    'hookbench fire <provider> <event> --to URL [--secret=S] [--previous-secret=S] [--scheme NAME] [--retry PRESET] [platform options] [--context key=value]... [--set path=value]... [--time-scale F] [--data-dir D] [--json [--reveal-secrets]]',
  maxPositionals: 2,
  options: {
    to: { type: 'string' },
    secret: { type: 'string' },
    'previous-secret': { type: 'string' },
    scheme: { type: 'string' },
    retry: { type: 'string' },
    set: { type: 'string', multiple: true },
    context: { type: 'string', multiple: true },
    header: { type: 'string', multiple: true },
    seed: { type: 'string' },
    template: { type: 'string' },
    timeout: { type: 'string' },
    'allow-invalid': { type: 'boolean' },
    json: { type: 'boolean' },
    'reveal-secrets': { type: 'boolean' },
    ...PLATFORM_FLAGS,
    ...ENGINE_OPTIONS,
  },
  details: (positionals) => [
    'Options:',
    '  --to URL            Where to send the event (required)',
    '  --secret=S          Secret to sign with (or to send in the platform\'s secret header); the = form',
    '                      also takes secrets that begin with "-"',
    '  --previous-secret=S A secret being rotated out: requests carry a signature for both (the = form',
    '                      also takes secrets that begin with "-")',
    '  --scheme NAME       Signing scheme; default: the platform\'s own (Qovery/CharlesCD secret header),',
    '                      else standard when --secret is given, else none',
    '  --retry PRESET      none | divshot | charlescd | standard-webhooks | exponential | fixed',
    '                      (default: the platform\'s own schedule)',
    '  --set path=value    Override a payload field after generation (value read as JSON when it parses);',
    '                      filters and routing see the result',
    '  --context key=value A story fact the payload is built from (project, environment, service, version…;',
    '                      repeatable), as a scenario\'s context: also what filters and routing see',
    '  --allow-invalid     Send the payload even if the overrides break the platform\'s schema',
    '  --header "N: V"     Add a header, or replace the platform\'s (e.g. User-Agent); repeatable',
    '  --seed S            Same seed, same payload',
    '  --template FILE     generic provider: the JSON body template ({{id}}, {{event}}, {{timestamp.iso}},',
    '                      {{timestamp.unix}}, {{context.<key>}} placeholders)',
    '  --timeout MS        Request timeout in milliseconds (default: the platform\'s)',
    '  --json              Print the final delivery, with every attempt, as JSON (secrets as sha256',
    '                      fingerprints)',
    '  --reveal-secrets    With --json: print the secrets themselves (signing, secret headers)',
    ENGINE_OPTIONS_HELP,
    '',
    platformOptionsHelp(ProviderId.safeParse(positionals[0]).data),
    '',
    'Without --data-dir (or HOOKBENCH_DATA_DIR) the delivery lives in a throwaway directory; with one,',
    'an interrupted run is picked up by "hookbench resume --data-dir D".',
    'Exit status: 0 delivered, 1 failed, 2 usage or validation error, 130 stopped by Ctrl+C (143 by',
    'SIGTERM: what was pending is saved and the data directory freed; a second Ctrl+C stops at once).',
    '',
    'Examples (each needs something listening at --to, e.g. "hookbench receive --port 3000"):',
    '  hookbench fire divshot release --to http://127.0.0.1:3000/hooks --time-scale 0.001',
    '  hookbench fire qovery DEPLOYMENT_FAILURE --kind SLACK --secret-header both --secret=s3cr3t --to http://127.0.0.1:3000/hooks',
    '  hookbench fire charlescd FINISH_DEPLOY --format hermes-wire --to http://127.0.0.1:3000/hooks',
    '',
    '"hookbench fire <provider> --help" lists that platform\'s options only.',
  ].join('\n'),

  async run({ values, positionals }, ctx) {
    const [provider, event] = positionals
    if (!provider || !event) throw new UsageError('give a provider and an event, e.g. "hookbench fire divshot release --to URL"')
    const parsedProvider = ProviderId.safeParse(provider)
    if (!parsedProvider.success) throw new UsageError(`unknown provider "${provider}"; choose one of ${ProviderId.options.join(', ')}`)
    const to = stringOption(values, 'to')
    if (!to) throw new UsageError('--to URL is required')
    const setup = adHocSetup(values, parsedProvider.data, ctx)
    if (values.template !== undefined && parsedProvider.data !== 'generic') throw new UsageError('--template applies to the generic provider only')
    const definition = await templateOption(stringOption(values, 'template'), event, ctx.cwd)
    const explicitDir = stringOption(values, 'data-dir') ?? ctx.env.HOOKBENCH_DATA_DIR
    const dataDir = explicitDir ? resolveDataDir(explicitDir, ctx.env, ctx.cwd) : await mkdtemp(join(tmpdir(), 'hookbench-fire-'))
    const timeScale = timeScaleOption(values)
    const session = await openSession({
      dataDir,
      host: 'cli',
      timeScale,
      resume: false,
      log: (line) => ctx.stderr(`${line}\n`),
    })
    try {
      const fired = fireAndWait(session.api, { ...setup, provider: parsedProvider.data, event, to, definition, timeScale }, values, ctx)
      const delivery = await untilDoneOrStopped(fired, ctx.signal)
      if (!delivery) {
        const kept = explicitDir ? `; what was pending is saved: "hookbench resume --data-dir ${dataDir}" sends it` : ''
        ctx.stderr(`hookbench: stopped before the delivery finished${kept}\n`)
        return stopExitCode(ctx.signal)
      }
      if (values.json) ctx.stdout(`${JSON.stringify(delivery, null, 2)}\n`)
      else ctx.stdout(`${describeOutcome(delivery)}\n`)
      return delivery.status === 'delivered' ? EXIT.ok : EXIT.failed
    } finally {
      await session.close()
      if (!explicitDir) await rm(dataDir, { recursive: true, force: true })
    }
  },
}

function adHocSetup(values: OptionValues, provider: ProviderId, ctx: CliContext) {
  const secret = stringOption(values, 'secret')
  const previousSecret = stringOption(values, 'previous-secret')
  if (previousSecret !== undefined && secret === undefined) throw new UsageError('--previous-secret needs --secret (the new secret)')
  const options = platformOptionsFromFlags(provider, values)
  const chosenScheme = stringOption(values, 'scheme')
  const scheme = parseOrUsage(SigningScheme, chosenScheme ?? defaultSchemeFor(provider, secret), '--scheme')
  if (secret === undefined) {
    if (scheme !== 'none') throw new UsageError(`--scheme ${scheme} needs --secret`)
  } else {
    checkSecretFlag('--secret', scheme, secret, ctx, chosenScheme ? '' : ` (${scheme} is the default scheme for ${provider}; choose another with --scheme)`)
  }
  if (previousSecret !== undefined) checkSecretFlag('--previous-secret', scheme, previousSecret, ctx)
  const retryName = stringOption(values, 'retry')
  const retry = retryName === undefined ? undefined : parseOrUsage(RetryPolicy, { preset: retryName }, '--retry')
  const timeoutMs = values.timeout === undefined ? undefined : numberOption(values, 'timeout', 10_000)
  const set: Record<string, unknown> = {}
  for (const entry of listOption(values, 'set')) {
    const parsed = parseSetOption(entry)
    if (!parsed.ok) throw new UsageError(parsed.error.message)
    set[parsed.data.path] = parsed.data.value
  }
  const headers = listOption(values, 'header').map((entry): [string, string] => {
    const header = headerLine(entry)
    if (!header) throw new UsageError(`--header expects "Name: value", got "${entry}"`)
    const [name, value] = header
    const problem = headerNameProblem(name) ?? headerValueProblem(name, value)
    if (problem) throw new UsageError(`--header: ${problem}`)
    return [name, value]
  })
  const context = contextFromEntries(listOption(values, 'context'))
  if (!context.ok) throw new UsageError(context.message)
  return { secret, previousSecret, scheme, retry, timeoutMs, set, headers, options, context: context.context }
}

/**
 * Fires at an ad-hoc subscription through the API and waits for the delivery's end (its secrets
 * as fingerprints unless `--reveal-secrets`); each attempt is printed as the event stream tells it.
 */
async function fireAndWait(
  api: HookbenchApi,
  options: ReturnType<typeof adHocSetup> & { provider: ProviderId; event: string; to: string; definition?: GenericEventDefinition; timeScale: number },
  values: OptionValues,
  ctx: CliContext,
): Promise<Delivery> {
  const draft = {
    name: 'hookbench fire',
    url: options.to,
    provider: options.provider,
    options: options.options,
    signing: { scheme: options.scheme, secret: options.secret, previousSecret: options.previousSecret },
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    headers: options.headers,
  }
  // The platform's options are checked there, with the rest of the subscription.
  const subscription = answerOf(await api.createSubscription(draft as ApiInput<'createSubscription'>))
  const stopPrinting = followAttempts(
    api,
    (delivery) => !values.json && delivery.subscriptionId === subscription.id,
    (_delivery, attempt) => ctx.stdout(`${describeAttempt(attempt, options.timeScale)}\n`),
  )
  try {
    const hint = Object.keys(options.set).length > 0 ? ' (--allow-invalid sends it anyway)' : ''
    const result = answerOf(
      await api.fireEvent({
        provider: options.provider,
        event: options.event,
        seed: stringOption(values, 'seed'),
        context: options.context,
        set: options.set,
        allowInvalid: Boolean(values['allow-invalid']),
        definition: options.definition,
        subscriptionIds: [subscription.id],
      }),
      { hint },
    )
    const [queued] = result.deliveries
    if (!queued) throw new UsageError(result.skipped[0]?.reason ?? 'the event matched no subscription')
    return await finalDelivery(api, queued.id, values['reveal-secrets'] === true)
  } finally {
    stopPrinting()
    // The ad-hoc subscription is only needed while its delivery is pending (and by `resume`).
    await api.deleteSubscription({ id: subscription.id })
  }
}

/** `--template FILE`: a JSON body template for the generic provider. */
async function templateOption(file: string | undefined, event: string, cwd: string): Promise<GenericEventDefinition | undefined> {
  if (file === undefined) return undefined
  // A template becomes a body: no larger than the receiver takes one (10 MB).
  const read = await readInputFile(resolve(cwd, file), { noun: 'a template', maxBytes: DEFAULT_BODY_LIMIT })
  if (!read.ok) throw new UsageError(`--template: ${file} ${read.problem}`)
  const text = read.text
  if (isTextTooDeep(text)) throw new UsageError(`--template: ${file} is ${TOO_DEEP}`)
  try {
    return { name: event, template: JSON.parse(text) as GenericEventDefinition['template'], headers: [] }
  } catch (error) {
    throw new UsageError(`--template: ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`)
  }
}

function parseOrUsage<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new UsageError(`${flag}: ${formatIssues(describeIssues(parsed.error))}`)
}
