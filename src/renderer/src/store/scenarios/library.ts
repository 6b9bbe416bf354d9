import type { ScenarioInfo } from '../../../../shared/schemas/scenario-api'

/*
 * The scenario library as the studio shows it: search, free ids for copies and imports, the
 * template of a new scenario and the editor language of a file.
 */

/** Saved scenario ids: a slug the engine accepts (`^[a-z0-9][a-z0-9-]{0,80}$`). */
const MAX_ID_LENGTH = 81

/** Scenarios whose name, description, platform or id contain every word of the query (any case). */
export function filterScenarios(scenarios: ScenarioInfo[], query: string): ScenarioInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return scenarios
  return scenarios.filter((s) => {
    const haystack = [s.name, s.description ?? '', s.provider ?? '', s.id].join('\n').toLowerCase()
    return words.every((word) => haystack.includes(word))
  })
}

/** Built-ins first (as the engine lists them), then saved ones by name. */
export function libraryOrder(scenarios: ScenarioInfo[]): ScenarioInfo[] {
  const builtins = scenarios.filter((s) => s.builtin)
  const saved = scenarios.filter((s) => !s.builtin).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  return [...builtins, ...saved]
}

/** A file name as an id: `My Deploy.yaml` → `my-deploy` (the engine's own rule). */
export function slugOf(fileName: string): string {
  const slug = fileName
    .replace(/\.(ya?ml|json)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug.slice(0, MAX_ID_LENGTH).replace(/-+$/, '') || 'scenario'
}

/** `<base><tail>`, else `<base><tail>-2`, `-3`…: the first id no scenario has; `base` is cut to fit. */
export function freeId(base: string, taken: Iterable<string>, tail = ''): string {
  const used = new Set(taken)
  for (let n = 1; ; n++) {
    const ending = `${tail}${n === 1 ? '' : `-${n}`}`
    const id = `${base.slice(0, MAX_ID_LENGTH - ending.length).replace(/-+$/, '')}${ending}`
    if (!used.has(id)) return id
  }
}

/** The id of a copy: `<id>-copy`, else `<id>-copy-2`, `-copy-3`… (a copy of a copy counts on). */
export function copyId(id: string, taken: Iterable<string>): string {
  return freeId(id.replace(/-copy(-\d+)?$/, ''), taken, '-copy')
}

/** The file name a saved scenario gets: its id and the file's kind. */
export function savedFileName(id: string, fileName: string): string {
  return `${id}${isJsonFile(fileName) ? '.json' : '.yaml'}`
}

export const isJsonFile = (fileName: string) => /\.json$/i.test(fileName)

/** The editor's language for a file name. */
export function languageOf(fileName: string): 'yaml' | 'json' {
  return isJsonFile(fileName) ? 'json' : 'yaml'
}

/** Whether a picked file can be a scenario, by its name. */
export function isScenarioFileName(fileName: string): boolean {
  return /\.(ya?ml|json)$/i.test(fileName)
}

/**
 * A small scenario that runs as it is: one event to the built-in inbox and a check that it got
 * there. `event` is the platform's first event, so the file is valid from the start.
 */
export function templateSource(provider: string, event: string): string {
  return [
    'version: 1',
    'name: New scenario',
    'description: What this story checks, in a sentence.',
    `provider: ${provider}`,
    'subscriptions:',
    '  - name: inbox',
    '    url: ${receiver}r/inbox',
    `    provider: ${provider}`,
    'steps:',
    `  - fire: ${event}`,
    '    id: first',
    '  - wait: 1s',
    '  - expect: { delivery: { step: first, status: 200 } }',
    '',
  ].join('\n')
}
