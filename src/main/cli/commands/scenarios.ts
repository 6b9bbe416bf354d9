import { basename, resolve } from 'node:path'
import { describeIssues, formatIssues } from '../../../shared/result'
import { type ScenarioInfo, SaveScenarioInput } from '../../../shared/schemas/scenario-api'
import { scenarioIdOf } from '../../persistence/scenario-store'
import { LIBRARY } from '../../scenarios/library'
import { type ScenarioProblem, formatProblems, readScenarioValue } from '../../scenarios/parse-scenario'
import { filesNamedIn } from '../../scenarios/scenario-file-map'
import { scenarioJsonSchema } from '../../scenarios/scenario-json-schema'
import { type CliContext, type Command, EXIT, UsageError, requireArg, stringOption } from '../command'
import { listed } from '../command-summaries'
import { checkOutputFile, writeOutputFile } from '../output-path'
import { problemsOf, readScenarioFile } from '../scenario-check'
import { scenariosValidateCommand } from './scenarios-validate'
import { DATA_DIR_HELP, DATA_DIR_OPTION, SCENARIO_REFUSAL, answerOf, withApi } from '../shared-options'
import { formatTable } from '../../core/table'

/** `hookbench scenarios list`: the built-in library and the saved scenarios. */
export const scenariosListCommand: Command = {
  ...listed('scenarios list'),
  usage: 'hookbench scenarios list [--json] [--data-dir D]',
  options: { json: { type: 'boolean' }, ...DATA_DIR_OPTION },
  details: [
    'Options:',
    '  --json              The list as JSON (each with its problems, if any)',
    DATA_DIR_HELP,
    '',
    'A saved file that no longer parses is listed with "!" and its number of problems.',
    '',
    'Examples:',
    '  hookbench scenarios list',
    '  hookbench run $(hookbench scenarios list --json | jq -r \'.[] | select(.provider == "divshot") | .id\')',
  ].join('\n'),
  async run({ values }, ctx) {
    const scenarios = await withApi(values, ctx, async (api) => answerOf(await api.listScenarios({}), SCENARIO_REFUSAL))
    if (values.json) ctx.stdout(`${JSON.stringify(scenarios, null, 2)}\n`)
    else ctx.stdout(scenarioTable(scenarios))
    return EXIT.ok
  },
}

function scenarioTable(scenarios: ScenarioInfo[]): string {
  const rows = [
    ['ID', 'PROVIDER', 'STEPS', 'KIND', 'NAME'],
    ...scenarios.map((s) => [s.id, s.provider ?? '-', String(s.steps), s.builtin ? 'builtin' : 'saved', `${s.name}${problemMarker(s.problems)}`]),
  ]
  return formatTable(rows)
}

const problemMarker = (problems: ScenarioProblem[]) => (problems.length === 0 ? '' : `  ! ${problems.length} problem${problems.length === 1 ? '' : 's'}`)

/** `hookbench scenarios show <id>`: the file as written, or everything known about it as JSON. */
export const scenariosShowCommand: Command = {
  ...listed('scenarios show'),
  usage: 'hookbench scenarios show <id> [--json] [--data-dir D]',
  maxPositionals: 1,
  options: { json: { type: 'boolean' }, ...DATA_DIR_OPTION },
  details: [
    'Options:',
    '  --json              Id, name, provider, steps, problems and the file text as one JSON object',
    DATA_DIR_HELP,
    '',
    'A saved file with problems is printed as it is, its problems on standard error.',
    '',
    'Examples:',
    '  hookbench scenarios show ocean-cd-canary-verified',
    '  hookbench scenarios show divshot-release > my-release.yaml',
  ].join('\n'),
  async run({ values, positionals }, ctx) {
    const id = requireArg(positionals, 'name a scenario id (see "hookbench scenarios list")')
    const file = await withApi(values, ctx, async (api) => answerOf(await api.getScenario({ id }), SCENARIO_REFUSAL))
    if (values.json) {
      ctx.stdout(`${JSON.stringify(file, null, 2)}\n`)
      return EXIT.ok
    }
    ctx.stdout(file.source.endsWith('\n') ? file.source : `${file.source}\n`)
    if (file.problems.length > 0) ctx.stderr(`${formatProblems(file.problems, file.fileName)}\n`)
    return EXIT.ok
  },
}

/** `hookbench scenarios schema`: the JSON Schema editors check scenario files with. */
export const scenariosSchemaCommand: Command = {
  ...listed('scenarios schema'),
  usage: 'hookbench scenarios schema [--out FILE]',
  options: { out: { type: 'string' } },
  details: [
    'Options:',
    '  --out FILE          Write the schema to FILE instead of standard output',
    '',
    'Name it on the first line of a YAML scenario for editors (the YAML extension of VS Code) to',
    'check and complete the file as you type:',
    '  # yaml-language-server: $schema=./hookbench-scenario.schema.json',
    '',
    'Examples:',
    '  hookbench scenarios schema --out hookbench-scenario.schema.json',
  ].join('\n'),
  async run({ values }, ctx) {
    const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`
    const out = stringOption(values, 'out')
    if (!out) {
      ctx.stdout(text)
      return EXIT.ok
    }
    await writeOutputFile('--out', resolve(ctx.cwd, out), text)
    ctx.stdout(`Wrote ${resolve(ctx.cwd, out)}\n`)
    return EXIT.ok
  },
}

/** `hookbench scenarios import <file>...`: saves valid files in the data directory; one invalid file saves none. */
export const scenariosImportCommand: Command = {
  ...listed('scenarios import'),
  usage: 'hookbench scenarios import <file>... [--id ID] [--data-dir D]',
  maxPositionals: 1000,
  options: { id: { type: 'string' }, ...DATA_DIR_OPTION },
  details: [
    'Options:',
    '  --id ID             Save the (single) file under this id (default: from the file name,',
    '                      "Checkout Rollout.yaml" is checkout-rollout)',
    DATA_DIR_HELP,
    '',
    'A saved scenario with the same id is replaced; built-in ids cannot be saved over.',
    'An invalid file is reported like "hookbench scenarios validate" does, and nothing is saved (exit 2).',
    '',
    'Examples:',
    '  hookbench scenarios import scenarios/*.yaml',
    '  hookbench scenarios import release.yaml --id docs-release',
  ].join('\n'),
  async run({ values, positionals }, ctx) {
    if (positionals.length === 0) throw new UsageError('name one or more scenario files')
    const id = stringOption(values, 'id')
    if (id !== undefined && positionals.length > 1) throw new UsageError('--id names one file; import the files one by one to choose their ids')
    const files = inIncludeOrder(await Promise.all(positionals.map((arg) => importable(arg, id, ctx))))
    // In the app, an include names another saved scenario by its file name: those imported together count.
    const together = Object.fromEntries(files.map(({ input }) => [input.fileName, input.source]))
    const report = files.flatMap(({ arg, input }) => {
      const problems = problemsOf(input.source, arg, together)
      return problems.length ? [formatProblems(problems, arg)] : []
    })
    if (report.length > 0) {
      ctx.stderr(`${report.join('\n')}\nNothing was imported.\n`)
      return EXIT.usage
    }
    const saved = await withApi(values, ctx, async (api) => {
      const infos: ScenarioInfo[] = []
      for (const { input } of files) infos.push(answerOf(await api.saveScenario(input), SCENARIO_REFUSAL))
      return infos
    })
    for (const [i, info] of saved.entries()) ctx.stdout(`Imported ${files[i]!.arg} as ${info.id} (${info.name})\n`)
    return EXIT.ok
  },
}

/** Files that include others after those (each is checked against the scenarios saved before it). */
function inIncludeOrder<T extends { input: { fileName: string; source: string } }>(files: T[]): T[] {
  const byName = new Map(files.map((file) => [file.input.fileName, file]))
  const ordered: T[] = []
  const visit = (file: T, path: Set<T>) => {
    if (ordered.includes(file) || path.has(file)) return
    path.add(file)
    for (const named of filesNamedIn(readScenarioValue(file.input.source, file.input.fileName))) {
      const included = byName.get(named.path)
      if (included) visit(included, path)
    }
    ordered.push(file)
  }
  for (const file of files) visit(file, new Set())
  return ordered
}

/** A file to import: its save input, checked (id, name, size) before anything is written. */
async function importable(arg: string, id: string | undefined, ctx: CliContext) {
  const file = await readScenarioFile(arg, ctx)
  if (!file.ok) throw new UsageError(`${arg} ${file.problem}`)
  const fileName = basename(arg)
  const parsed = SaveScenarioInput.safeParse({ id, source: file.text, fileName })
  if (!parsed.success) throw new UsageError(`${arg}: ${formatIssues(describeIssues(parsed.error)).replace(/^id:/, '--id:')}`)
  const chosen = id ?? scenarioIdOf(fileName)
  if (LIBRARY.some((s) => s.id === chosen)) throw new UsageError(`${arg}: "${chosen}" is a built-in scenario; import your copy under another name with --id`)
  return { arg, input: parsed.data }
}

/** `hookbench scenarios export <id>`: a scenario's file text, for editing or sharing. */
export const scenariosExportCommand: Command = {
  ...listed('scenarios export'),
  usage: 'hookbench scenarios export <id> [--out FILE] [--force] [--data-dir D]',
  maxPositionals: 1,
  options: { out: { type: 'string' }, force: { type: 'boolean' }, ...DATA_DIR_OPTION },
  details: [
    'Options:',
    '  --out FILE          Where to write (default: the scenario\'s file name, <id>.yaml or <id>.json, here)',
    '  --force             Replace FILE if it exists',
    DATA_DIR_HELP,
    '',
    'The text is written as saved, comments and all.',
    '',
    'Examples:',
    '  hookbench scenarios export ocean-cd-canary-verified --out my-canary.yaml',
  ].join('\n'),
  async run({ values, positionals }, ctx) {
    const id = requireArg(positionals, 'name a scenario id (see "hookbench scenarios list")')
    const file = await withApi(values, ctx, async (api) => answerOf(await api.getScenario({ id }), SCENARIO_REFUSAL))
    const out = resolve(ctx.cwd, stringOption(values, 'out') ?? file.fileName)
    await checkOutputFile('--out', out)
    await writeOutputFile('--out', out, file.source, { overwrite: values.force === true })
    ctx.stdout(`Wrote ${out}\n`)
    return EXIT.ok
  },
}

/** `hookbench scenarios delete <id>`: removes a saved scenario's file. */
export const scenariosDeleteCommand: Command = {
  ...listed('scenarios delete'),
  usage: 'hookbench scenarios delete <id> [--data-dir D]',
  maxPositionals: 1,
  options: { ...DATA_DIR_OPTION },
  details: ['Options:', DATA_DIR_HELP, '', 'Built-in scenarios cannot be deleted.', '', 'Examples:', '  hookbench scenarios delete docs-release'].join('\n'),
  async run({ values, positionals }, ctx) {
    const id = requireArg(positionals, 'name the saved scenario to delete (see "hookbench scenarios list")')
    await withApi(values, ctx, async (api) => answerOf(await api.deleteScenario({ id }), SCENARIO_REFUSAL))
    ctx.stdout(`Deleted ${id}\n`)
    return EXIT.ok
  },
}

export const scenarioCommands = [
  scenariosListCommand,
  scenariosShowCommand,
  scenariosValidateCommand,
  scenariosSchemaCommand,
  scenariosImportCommand,
  scenariosExportCommand,
  scenariosDeleteCommand,
]
