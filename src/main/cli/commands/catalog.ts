import { resolve } from 'node:path'
import { ProviderId } from '../../../shared/platforms'
import { describeCatalog } from '../../platforms/catalog'
import { formatDuration } from '../../../shared/core/duration'
import { exportFixtures, exportSchemas } from '../../platforms/export'
import { type Command, EXIT, UsageError, stringOption } from '../command'
import { listed } from '../command-summaries'
import { prepareOutputDir } from '../output-path'

function providerArg(value: string | undefined): ProviderId | undefined {
  if (value === undefined) return undefined
  const parsed = ProviderId.safeParse(value)
  if (!parsed.success) throw new UsageError(`unknown provider "${value}"; choose one of ${ProviderId.options.join(', ')}`)
  return parsed.data
}

/** `hookbench events [provider]`: the catalog, readable or as JSON. */
export const eventsCommand: Command = {
  ...listed('events'),
  usage: 'hookbench events [provider] [--json]',
  maxPositionals: 1,
  options: { json: { type: 'boolean' } },
  details: `Providers: ${ProviderId.options.join(', ')}`,
  async run({ values, positionals }, ctx) {
    const only = providerArg(positionals[0])
    const entries = describeCatalog(only)
    if (values.json) {
      ctx.stdout(`${JSON.stringify(entries, null, 2)}\n`)
      return EXIT.ok
    }
    for (const entry of entries) {
      ctx.stdout(`${entry.id}  ${entry.title}\n`)
      ctx.stdout(`  headers: ${entry.headers.join('; ')}\n`)
      ctx.stdout(`  retries: ${entry.retryText}; timeout ${formatDuration(entry.timeoutMs)}; success ${entry.rules.success.join('–')}\n`)
      for (const option of entry.options) ctx.stdout(`  option ${option.flag}: ${option.description}${option.values.length ? ` (${option.values.join(' | ')})` : ''}\n`)
      const width = Math.max(0, ...entry.events.map((e) => e.name.length))
      for (const event of entry.events) ctx.stdout(`  ${event.name.padEnd(width)}  ${event.firesWhen}\n`)
      if (entry.events.length === 0) ctx.stdout('  (your own event names, with a JSON body template)\n')
      ctx.stdout('\n')
    }
    return EXIT.ok
  },
}

/** `hookbench export fixtures` and `hookbench export schema`: one file per event type. */
function exportCommand(kind: 'fixtures' | 'schema'): Command {
  const [write, what] = kind === 'fixtures' ? ([exportFixtures, 'fixtures'] as const) : ([exportSchemas, 'JSON Schemas'] as const)
  const fallback = kind === 'fixtures' ? 'fixtures' : 'schemas'
  return {
    ...listed(`export ${kind}`),
    usage: `hookbench export ${kind} [--provider P] [--out DIR]`,
    options: { provider: { type: 'string' }, out: { type: 'string' } },
    details: `Options:\n  --provider P   Only this platform\n  --out DIR      Output directory (default ./${fallback})${kind === 'fixtures' ? '\n\nFixtures are stable: fixed seed and time.' : ''}`,
    async run({ values }, ctx) {
      const outDir = await prepareOutputDir('--out', resolve(ctx.cwd, stringOption(values, 'out') ?? fallback))
      const files = await write({ outDir, provider: providerArg(stringOption(values, 'provider')) })
      ctx.stdout(`Wrote ${files.length} ${what} to ${outDir}\n`)
      return EXIT.ok
    },
  }
}

export const exportFixturesCommand = exportCommand('fixtures')
export const exportSchemaCommand = exportCommand('schema')
