import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../../src/shared/schemas/run'
import type { ScenarioInfo, ScenarioProblem } from '../../../src/shared/schemas/scenario-api'
import { parseScenario } from '../../../src/main/scenarios/parse-scenario'
import { mergeRuns, runsNewestFirst } from '../../../src/renderer/src/store/runs/state'
import { type DraftStorage, draftKey, openingSource, readDraft, removeDraft, writeDraft } from '../../../src/renderer/src/store/scenarios/drafts'
import { copyId, filterScenarios, freeId, languageOf, libraryOrder, savedFileName, slugOf, templateSource } from '../../../src/renderer/src/store/scenarios/library'
import { inlineProblems, problemPlace, problemText, problemsSummary } from '../../../src/renderer/src/store/scenarios/problems'
import { EMPTY_RUN_OPTIONS, parseRunOptions } from '../../../src/renderer/src/store/scenarios/run-options'
import { deliveryIdsOf, runCounts, runsOfScenario } from '../../../src/renderer/src/views/studio/runs-view'

const info = (id: string, changes: Partial<ScenarioInfo> = {}): ScenarioInfo => ({
  id,
  name: id,
  builtin: false,
  fileName: `${id}.yaml`,
  steps: 1,
  problems: [],
  ...changes,
})

describe('the library', () => {
  const scenarios = [
    info('ocean-cd-canary', { name: 'Canary verified', description: 'An external check passes', provider: 'ocean-cd', builtin: true }),
    info('qovery-failed', { name: 'Production deploy failed', provider: 'qovery', builtin: true }),
    info('mine', { name: 'My canary drill', provider: 'generic' }),
  ]

  it('searches name, description and platform, every word, any case', () => {
    expect(filterScenarios(scenarios, 'CANARY').map((s) => s.id)).toEqual(['ocean-cd-canary', 'mine'])
    expect(filterScenarios(scenarios, 'external').map((s) => s.id)).toEqual(['ocean-cd-canary'])
    expect(filterScenarios(scenarios, 'qovery').map((s) => s.id)).toEqual(['qovery-failed'])
    expect(filterScenarios(scenarios, 'canary generic').map((s) => s.id)).toEqual(['mine'])
    expect(filterScenarios(scenarios, '   ')).toBe(scenarios)
  })

  it('lists built-ins first in their order, then saved ones by name', () => {
    const saved = [info('b', { name: 'Beta' }), info('a', { name: 'Alpha' })]
    expect(libraryOrder([...saved, ...scenarios.slice(0, 2)]).map((s) => s.id)).toEqual(['ocean-cd-canary', 'qovery-failed', 'a', 'b'])
  })

  it('gives copies the first free id: -copy, then -copy-2, -copy-3…', () => {
    expect(copyId('deploy', ['deploy'])).toBe('deploy-copy')
    expect(copyId('deploy', ['deploy', 'deploy-copy'])).toBe('deploy-copy-2')
    expect(copyId('deploy', ['deploy', 'deploy-copy', 'deploy-copy-2'])).toBe('deploy-copy-3')
    // A copy of a copy is another copy of the original, not deploy-copy-copy.
    expect(copyId('deploy-copy', ['deploy', 'deploy-copy'])).toBe('deploy-copy-2')
    expect(copyId('deploy-copy-2', ['deploy-copy', 'deploy-copy-2'])).toBe('deploy-copy-3')
  })

  it('keeps ids within the engine’s 81 characters', () => {
    const long = 'a'.repeat(81)
    const id = copyId(long, [])
    expect(id).toMatch(/^[a-z0-9][a-z0-9-]{0,80}$/)
    expect(id.endsWith('-copy')).toBe(true)
    expect(freeId(long, [long])).toHaveLength(81)
    expect(freeId(long, [long])).toMatch(/-2$/)
  })

  it('names imports after their file', () => {
    expect(slugOf('My Deploy (v2).YAML')).toBe('my-deploy-v2')
    expect(slugOf('---.json')).toBe('scenario')
    expect(freeId(slugOf('deploy.yml'), ['deploy'])).toBe('deploy-2')
    expect(savedFileName('deploy-2', 'deploy.yml')).toBe('deploy-2.yaml')
    expect(savedFileName('x', 'X.JSON')).toBe('x.json')
    expect(languageOf('a.json')).toBe('json')
    expect(languageOf('a.yml')).toBe('yaml')
  })

  it('makes a template that is a valid scenario as it is', () => {
    const parsed = parseScenario(templateSource('generic', 'deploy.succeeded'), { fileName: 'new.yaml', vars: { receiver: 'http://127.0.0.1:1/' } })
    expect(parsed).toMatchObject({ ok: true })
  })
})

/** localStorage's part the drafts use, in memory. */
function memoryStorage(): DraftStorage & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  }
}

describe('drafts', () => {
  it('keeps an edit, with the file text it was made over, until it equals the file again', () => {
    const storage = memoryStorage()
    writeDraft(storage, 'deploy', 'edited', 'saved')
    expect(readDraft(storage, 'deploy')).toEqual({ source: 'edited', base: 'saved' })
    writeDraft(storage, 'deploy', 'edited more', 'saved')
    expect(readDraft(storage, 'deploy')).toEqual({ source: 'edited more', base: 'saved' })
    writeDraft(storage, 'deploy', 'saved', 'saved')
    expect(storage.items.has(draftKey('deploy'))).toBe(false)
  })

  it('opens on the draft when there is one, else on the file', () => {
    const storage = memoryStorage()
    expect(openingSource(storage, 'deploy', 'saved')).toEqual({ source: 'saved', draft: undefined })
    writeDraft(storage, 'deploy', 'edited', 'saved')
    expect(openingSource(storage, 'deploy', 'saved')).toEqual({ source: 'edited', draft: { source: 'edited', base: 'saved' } })
    // Another scenario's draft is its own.
    expect(openingSource(storage, 'other', 'x').source).toBe('x')
    removeDraft(storage, 'deploy')
    expect(openingSource(storage, 'deploy', 'saved').source).toBe('saved')
  })

  it('drops a draft equal to the file (saved elsewhere) and one it cannot read', () => {
    const storage = memoryStorage()
    writeDraft(storage, 'deploy', 'same', 'before')
    expect(openingSource(storage, 'deploy', 'same')).toEqual({ source: 'same', draft: undefined })
    expect(storage.items.size).toBe(0)
    storage.setItem(draftKey('deploy'), '{not json')
    expect(readDraft(storage, 'deploy')).toBeUndefined()
    storage.setItem(draftKey('deploy'), JSON.stringify({ source: 1 }))
    expect(readDraft(storage, 'deploy')).toBeUndefined()
    expect(storage.items.size).toBe(0)
  })

  it('keeps working without storage, or when storage refuses to write', () => {
    expect(openingSource(undefined, 'deploy', 'saved').source).toBe('saved')
    const full = { ...memoryStorage(), setItem: () => { throw new Error('QuotaExceededError') } }
    expect(() => writeDraft(full, 'deploy', 'edited', 'saved')).not.toThrow()
  })
})

describe('problems', () => {
  const yamlProblem: ScenarioProblem = { path: 'steps[1].wait', message: 'must be a duration', line: 18, column: 11 }
  const jsonProblem: ScenarioProblem = { path: 'steps[1].wait', message: 'must be a duration' }

  it('says where, in words', () => {
    expect(problemPlace(yamlProblem)).toBe('line 18, column 11')
    expect(problemPlace({ ...yamlProblem, column: undefined })).toBe('line 18')
    expect(problemPlace(jsonProblem)).toBe('steps[1].wait')
    expect(problemText(yamlProblem)).toBe('steps[1].wait: must be a duration')
    expect(problemText({ path: '(root)', message: 'the file is empty' })).toBe('the file is empty')
  })

  it('marks only the problems that have a line; the list keeps them all', () => {
    expect(inlineProblems([yamlProblem, jsonProblem])).toEqual([{ line: 18, column: 11, message: 'steps[1].wait: must be a duration' }])
  })

  it('sums up a refused file with its first problem', () => {
    expect(problemsSummary('a.yaml', [yamlProblem, jsonProblem])).toBe('“a.yaml” is not a valid scenario: line 18, column 11: steps[1].wait: must be a duration (and 1 more).')
  })
})

describe('run options', () => {
  it('sends what was typed: targets a line, time scale, seed, vars', () => {
    const parsed = parseRunOptions({ targets: ' http://127.0.0.1:3000/hooks \n\nhttps://example.com/h', timeScale: '0.25', seed: ' 42 ', vars: 'version=1.4.2\nurl = http://x/?a=b' })
    expect(parsed).toEqual({
      ok: true,
      options: { targets: ['http://127.0.0.1:3000/hooks', 'https://example.com/h'], timeScale: 0.25, seed: '42', vars: { version: '1.4.2', url: 'http://x/?a=b' } },
    })
  })

  it('empty fields mean the defaults: no targets, real time, the file’s seed', () => {
    expect(parseRunOptions(EMPTY_RUN_OPTIONS)).toEqual({ ok: true, options: { targets: [], timeScale: 1, vars: {} } })
    expect(parseRunOptions({ ...EMPTY_RUN_OPTIONS, timeScale: '' })).toMatchObject({ ok: true, options: { timeScale: 1 } })
    expect(parseRunOptions({ ...EMPTY_RUN_OPTIONS, timeScale: '0' })).toMatchObject({ ok: true, options: { timeScale: 0 } })
  })

  it('names the line of each mistake, every field at once', () => {
    const parsed = parseRunOptions({ targets: 'http://ok/\nftp://files/', timeScale: '-1', seed: '', vars: 'a=1\n2b=x' })
    expect(parsed).toEqual({
      ok: false,
      errors: {
        targets: 'Line 2: “ftp://files/” is not an http:// or https:// URL.',
        timeScale: 'A number from 0 (skip waits) to 1000; 1 is real time.',
        vars: 'Line 2: “2b” is not a variable name (letters, digits and _, not starting with a digit).',
      },
    })
    expect(parseRunOptions({ ...EMPTY_RUN_OPTIONS, vars: 'justtext' })).toEqual({ ok: false, errors: { vars: 'Line 1: write name=value.' } })
    expect(parseRunOptions({ ...EMPTY_RUN_OPTIONS, vars: 'a=1\na=2' })).toEqual({ ok: false, errors: { vars: 'Line 2: “a” is set twice.' } })
    expect(parseRunOptions({ ...EMPTY_RUN_OPTIONS, timeScale: 'fast' })).toMatchObject({ ok: false, errors: { timeScale: expect.any(String) } })
  })
})

function runOf(id: string, changes: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    scenarioId: 'deploy',
    scenarioName: 'Deploy',
    options: { targets: [], timeScale: 1, vars: {} },
    seed: 1,
    status: 'running',
    startedAt: '2026-01-01T00:00:00.000Z',
    next: 0,
    storyMs: 0,
    subscriptionIds: [],
    routes: {},
    endpoints: {},
    controllers: {},
    cleanup: { subscriptionIds: [], endpointNames: [] },
    failures: [],
    steps: [],
    ...changes,
  }
}

const step = (index: number, changes: Partial<RunSummary['steps'][number]> = {}): RunSummary['steps'][number] => ({
  index,
  path: `steps[${index}]`,
  kind: 'fire',
  label: 'fire x',
  status: 'passed',
  deliveryIds: [],
  ...changes,
})

describe('runs', () => {
  it('takes each run event over what it holds, but never steps back to an older record', () => {
    const started = runOf('r1')
    const stepped = runOf('r1', { next: 2 })
    const ended = runOf('r1', { next: 2, status: 'passed' })
    let byId = mergeRuns({}, [started, stepped])
    expect(byId.r1).toBe(stepped)
    // A list fetched before the step event came back after it.
    expect(mergeRuns(byId, [started])).toBe(byId)
    byId = mergeRuns(byId, [ended])
    expect(byId.r1).toBe(ended)
    expect(mergeRuns(byId, [stepped])).toBe(byId)
  })

  it('lists newest first', () => {
    const byId = mergeRuns({}, [runOf('a', { startedAt: '2026-01-01T00:00:01.000Z' }), runOf('b', { startedAt: '2026-01-01T00:00:03.000Z' }), runOf('c', { startedAt: '2026-01-01T00:00:02.000Z' })])
    expect(runsNewestFirst(byId).map((r) => r.id)).toEqual(['b', 'c', 'a'])
  })

  it('finds the runs of a scenario by its id or, run from the editor, by its file name', () => {
    const runs = [runOf('1', { scenarioId: 'deploy' }), runOf('2', { scenarioId: 'deploy.yaml' }), runOf('3', { scenarioId: 'other' })]
    expect(runsOfScenario(runs, { id: 'deploy', fileName: 'deploy.yaml' }).map((r) => r.id)).toEqual(['1', '2'])
    expect(runsOfScenario(runs, undefined)).toEqual([])
  })

  it('counts steps done, deliveries (a duplicate once) and expectations', () => {
    const run = runOf('r', {
      steps: [
        step(0, { deliveryIds: ['d1', 'd2'] }),
        step(1, { kind: 'duplicate', deliveryIds: ['d2'] }),
        step(2, { kind: 'expect', status: 'failed' }),
        step(3, { kind: 'expect', status: 'pending' }),
      ],
    })
    expect(runCounts(run)).toBe('3/4 steps · 2 deliveries · 0/2 expectations')
    expect(deliveryIdsOf(run)).toEqual(['d1', 'd2'])
  })
})
