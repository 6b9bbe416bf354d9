import type { HookbenchApi } from '../../../shared/api/client'
import type { DeliverySummary } from '../../../shared/schemas/delivery'
import { type RunSummary, summarizeRun } from '../../../shared/schemas/run'
import { formatTable } from '../../core/table'
import { type Command, EXIT, UsageError, numberOption, requireArg } from '../command'
import { listed } from '../command-summaries'
import { runCounts, stepLine, withoutSecret } from '../run-output'
import { DATA_DIR_HELP, DATA_DIR_OPTION, answerOf, withApi } from '../shared-options'

/** The most runs `listRuns` gives: every run kept (finished runs beyond the newest 1,000 are dropped). */
const ALL_RUNS = 1000

/** `hookbench runs list`: the scenario runs saved in the data directory, newest first. */
export const runsListCommand: Command = {
  ...listed('runs list'),
  usage: 'hookbench runs list [--json] [--limit N] [--data-dir D]',
  options: { json: { type: 'boolean' }, limit: { type: 'string' }, ...DATA_DIR_OPTION },
  details: [
    'Options:',
    '  --json              The runs as JSON (without their scenario text)',
    '  --limit N           At most N runs (default 20)',
    DATA_DIR_HELP,
    '',
    'STEPS counts the steps that passed out of all; DELIVERIES the deliveries the steps made.',
    '',
    'Examples:',
    '  hookbench runs list --data-dir ./ci-data',
    '  hookbench runs list --json --limit 1 | jq -r \'.[0].id\'',
  ].join('\n'),
  async run({ values }, ctx) {
    const limit = numberOption(values, 'limit', 20)
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number of 1 or more, got "${String(values.limit)}"`)
    const all = await withApi(values, ctx, async (api) => answerOf(await api.listRuns({ limit: ALL_RUNS })))
    const runs = all.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit)
    if (values.json) ctx.stdout(`${JSON.stringify(runs.map((run) => ({ ...withoutSecret(run), counts: runCounts(run) })), null, 2)}\n`)
    else ctx.stdout(runsTable(runs))
    return EXIT.ok
  },
}

function runsTable(runs: RunSummary[]): string {
  const rows = [
    ['ID', 'STATUS', 'SCENARIO', 'STARTED', 'STEPS', 'DELIVERIES'],
    ...runs.map((run) => {
      const passed = run.steps.filter((step) => step.status === 'passed').length
      const scenario = run.replayOf ? `${run.scenarioId} (${run.replayOf.mode} replay)` : run.scenarioId
      return [run.id, statusText(run), scenario, run.startedAt.replace(/\.\d+Z$/, 'Z'), `${passed}/${run.steps.length}`, String(runCounts(run).deliveries)]
    }),
  ]
  return formatTable(rows) + (runs.some(wasCutOff) ? `${CUT_OFF_NOTE}\n` : '')
}

/**
 * No other Hookbench holds the data directory while a command reads it (its lock), so a run saved
 * as running is not running: its process was killed or crashed. It is said so, and how to go on.
 */
const wasCutOff = (run: RunSummary) => run.status === 'running'
const statusText = (run: RunSummary) => (wasCutOff(run) ? 'cut off' : run.status)
const CUT_OFF_NOTE = 'cut off: its process ended without finishing it (killed, crashed, or the machine stopped); "hookbench resume" continues it'

/** `hookbench runs show <id>`: how a run went, step by step, and what it sent. */
export const runsShowCommand: Command = {
  ...listed('runs show'),
  usage: 'hookbench runs show <run-id> [--json] [--data-dir D]',
  maxPositionals: 1,
  options: { json: { type: 'boolean' }, ...DATA_DIR_OPTION },
  details: [
    'Options:',
    '  --json              The run (without its scenario text) and its deliveries as one JSON object',
    DATA_DIR_HELP,
    '',
    'Examples:',
    '  hookbench runs show run_8f2k3m9q0x1v4b7n6c5z --data-dir ./ci-data',
  ].join('\n'),
  async run({ values, positionals }, ctx) {
    const id = requireArg(positionals, 'name a run id (see "hookbench runs list")')
    const [run, deliveries] = await withApi(values, ctx, async (api) => [summarizeRun(answerOf(await api.getRun({ id }))), await deliveriesOfRun(api, id)] as const)
    if (values.json) {
      ctx.stdout(`${JSON.stringify({ ...withoutSecret(run), counts: runCounts(run), deliveries }, null, 2)}\n`)
      return EXIT.ok
    }
    ctx.stdout(describeRun(run, deliveries))
    return EXIT.ok
  },
}

/** Every delivery a run made, in fire order (a page of the history at a time). */
async function deliveriesOfRun(api: HookbenchApi, runId: string): Promise<DeliverySummary[]> {
  const found: DeliverySummary[] = []
  let cursor: string | undefined
  do {
    const page = answerOf(await api.listDeliveries({ runId, limit: 1000, ...(cursor !== undefined && { cursor }) }))
    found.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return found.sort((a, b) => a.seq - b.seq)
}

function describeRun(run: RunSummary, deliveries: DeliverySummary[]): string {
  const lines = [
    `Run ${run.id}: ${run.scenarioName} (${run.scenarioId}), seed ${run.seed}`,
    ...(run.replayOf ? [`Replays ${run.replayOf.runId} (${run.replayOf.mode})`] : []),
    `Started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}`,
    '',
    'Steps:',
    ...run.steps.map((step) => `  ${stepLine(run, step)}`),
    '',
    'Deliveries:',
    ...(deliveries.length ? deliveries.map(describeDelivery) : ['  (none)']),
    '',
    wasCutOff(run) ? CUT_OFF_NOTE : `${run.status}${run.reason ? `: ${run.reason}` : ''}`,
  ]
  return lines.map((line) => `${line}\n`).join('')
}

/** `  msg_…  release → http://…  delivered after 1 attempt (204)`, or why it did not get there. */
function describeDelivery(delivery: DeliverySummary): string {
  const attempts = delivery.attemptCount
  const status = delivery.lastStatus
  const outcome = delivery.status !== 'delivered' && delivery.reason ? `: ${delivery.reason}` : status ? ` (${status})` : ''
  return `  ${delivery.id}  ${delivery.event} → ${delivery.url}  ${delivery.status} after ${attempts} attempt${attempts === 1 ? '' : 's'}${outcome}`
}

export const runCommands = [runsListCommand, runsShowCommand]
