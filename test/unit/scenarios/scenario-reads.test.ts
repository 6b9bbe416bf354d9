import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type * as Yaml from 'yaml'
import { parseScenario, readScenarioValue, scenarioReads } from '../../../src/main/scenarios/parse-scenario'

// Counts YAML parses, with yaml's own parser doing the work.
const parses = vi.hoisted(() => ({ count: 0 }))
vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof Yaml>()
  return { ...yaml, parseDocument: (...args: Parameters<typeof yaml.parseDocument>) => (parses.count++, yaml.parseDocument(...args)) }
})

const language = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'scenarios', 'language', name), 'utf8')

/** A scenario that includes one part twice, with a problem in itself and one in the part. */
const SCENARIO = ['version: 1', 'name: twice', 'provider: qovery', 'steps:', '  - include: part.yaml', '  - wiat: 1s', '  - include: part.yaml', ''].join('\n')
const PART = ['version: 1', 'name: part', 'provider: qovery', 'steps:', '  - fire: DEPLOYMENT_STARTED', '  - wait: soon', ''].join('\n')

/** What validate does: the files read to find their includes, then the check with those reads. */
function checkedWithReads(text: string, fileName: string, files: Record<string, string>) {
  const reads = scenarioReads()
  readScenarioValue(text, fileName, reads)
  for (const [path, included] of Object.entries(files)) readScenarioValue(included, path, reads)
  return parseScenario(text, { fileName, files, reads, vars: { receiver: RECEIVER } })
}

const RECEIVER = 'http://127.0.0.1:4781/'

describe('each file of a check is parsed once', () => {
  beforeEach(() => {
    parses.count = 0
  })

  it('the reads made to find what a file includes give the same problems, lines and columns as reading anew', () => {
    const files = { 'part.yaml': PART }
    const anew = parseScenario(SCENARIO, { fileName: 'twice.yaml', files, vars: { receiver: RECEIVER } })
    expect(anew).toEqual({
      ok: false,
      problems: [
        { path: 'steps[1].wiat', message: 'unknown step "wiat"; did you mean "wait"?', line: 6, column: 5 },
        { file: 'part.yaml', path: 'steps[1].wait', message: 'must be a duration like 250ms, 30s, 2m, 1h30m or 3d', line: 6, column: 11 },
      ],
    })
    expect(checkedWithReads(SCENARIO, 'twice.yaml', files)).toEqual(anew)
  })

  it('a scenario and the part it includes twice are parsed once each, for the look and the check together', () => {
    checkedWithReads(SCENARIO, 'twice.yaml', { 'part.yaml': PART })
    expect(parses.count).toBe(2)
  })

  it('without reads given, a part included twice is still parsed once', () => {
    parseScenario(SCENARIO, { fileName: 'twice.yaml', files: { 'part.yaml': PART } })
    expect(parses.count).toBe(2)
  })

  it('the language fixtures read the same with and without the reads', () => {
    for (const [name, part] of [['tour.yaml', 'deploy-service.yaml'], ['hosts.yaml', 'hosts-part.yaml']] as const) {
      const files = { [part]: language(part) }
      const anew = parseScenario(language(name), { fileName: name, files, vars: { receiver: RECEIVER } })
      expect(anew.ok).toBe(true)
      expect(checkedWithReads(language(name), name, files)).toEqual(anew)
    }
  })

  it('a text that changed since it was read under its name is read anew', () => {
    const reads = scenarioReads()
    readScenarioValue(PART, 'twice.yaml', reads)
    expect(parseScenario(SCENARIO, { fileName: 'twice.yaml', files: { 'part.yaml': PART }, reads })).toEqual(parseScenario(SCENARIO, { fileName: 'twice.yaml', files: { 'part.yaml': PART } }))
  })

  it('the same text read as JSON under one name and as YAML under another is read as each', () => {
    const json = '{ "version": 1, "name": "x", "provider": "qovery", "steps": [{ "wait": "soon" }] }'
    const reads = scenarioReads()
    expect(readScenarioValue(json, 'a.json', reads)).toEqual(readScenarioValue(json, 'a.yaml', reads))
    expect(parseScenario(json, { fileName: 'a.json', reads })).toEqual(parseScenario(json, { fileName: 'a.json' }))
  })
})
