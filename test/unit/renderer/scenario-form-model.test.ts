import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Duration, RepeatStep, Scenario, Step, StepId } from '../../../src/shared/schemas/scenario'
import { matchLines, mergeEdit } from '../../../src/renderer/src/views/studio/form/line-merge'
import { applyEdit, openScenario } from '../../../src/renderer/src/views/studio/form/scenario-document'
import { addStep, setField } from '../../../src/renderer/src/views/studio/form/scenario-edits'
import { durationValue, fieldValue, jsonText, jsonValue } from '../../../src/renderer/src/views/studio/form/field-values'
import { EXPECT_KINDS, newExpectation, newStep, readModel, stepAt, stepDefaults } from '../../../src/renderer/src/views/studio/form/scenario-model'
import { STEP_KINDS } from '../../../src/shared/schemas/scenario'
import { contextRule, dotPathRule, headerRule, varsRule } from '../../../src/renderer/src/views/studio/form/entry-rules'
import { FILE, JSON_FILE } from './scenario-form-fixture'

const modelOf = (text: string, fileName = 'drill.yaml') => {
  const opened = openScenario(text, fileName)
  if (!opened.ok) throw new Error(opened.message)
  return readModel(opened.file.doc)
}

describe('opening a file for the form', () => {
  it('names the line of a YAML syntax error', () => {
    expect(openScenario('version: 1\nname: x\nsteps:\n  - fire: [a\n', 'x.yaml')).toEqual({ ok: false, message: 'Fix the syntax error on line 4 in the source view.' })
    expect(openScenario('version: 1\nname: x: y\nsteps: []\n', 'x.yaml')).toEqual({ ok: false, message: 'Fix the syntax error on line 2 in the source view.' })
    expect(openScenario('version: 1\nname: "open\n', 'x.yaml')).toEqual({ ok: false, message: 'Fix the syntax error on line 2 in the source view.' })
  })

  it('names the line of a JSON syntax error', () => {
    expect(openScenario('{\n  "version": 1,\n  "name": x\n}\n', 'x.json')).toEqual({ ok: false, message: 'Fix the syntax error on line 3 in the source view.' })
    expect(openScenario('{\n  "version": 1,\n  "steps": [],\n}\n', 'x.json')).toEqual({ ok: false, message: 'Fix the syntax error on line 4 in the source view.' })
    expect(openScenario('{\n  "version": 1\n', 'x.json')).toEqual({ ok: false, message: 'Fix the syntax error on line 2 in the source view.' })
  })

  it('asks for a map when the file is empty or a list', () => {
    for (const text of ['', '- a\n']) expect(openScenario(text, 'x.yaml')).toMatchObject({ ok: false, message: expect.stringContaining('a map with version') as unknown })
  })

  it('leaves a file it cannot read unchanged', () => {
    expect(applyEdit('name: "open\n', 'x.yaml', setField(['name'], 'x'))).toBe('name: "open\n')
  })
})

describe('the model the form renders', () => {
  it('reads the header, context, vars and every step with its path', () => {
    const model = modelOf(FILE)
    expect(model).toMatchObject({ name: 'Idempotency drill', provider: 'charlescd', seed: 42, fireIds: ['start'] })
    expect(model.context).toEqual([
      { key: 'service', value: 'catalog' },
      { key: 'version', value: '3.4.0' },
    ])
    expect(model.vars).toEqual([{ key: 'apiKey', value: 'charles-demo-key' }])
    expect(model.subscriptions).toHaveLength(1)
    expect(model.steps.steps.map((step) => [step.kind, step.path])).toEqual([
      ['fire', ['steps', 0]],
      ['duplicate', ['steps', 1]],
      ['wait', ['steps', 2]],
      ['reorder', ['steps', 3]],
      ['repeat', ['steps', 4]],
      ['expect', ['steps', 5]],
      ['expect', ['steps', 6]],
    ])
    const reorder = model.steps.steps[3]!.children!
    expect(reorder).toMatchObject({ path: ['steps', 3, 'steps'], fireOnly: true })
    expect(reorder.steps[0]).toMatchObject({ kind: 'fire', path: ['steps', 3, 'steps', 0], body: { fire: 'START_DEPLOY', context: { version: '3.4.1' } } })
    expect(stepAt(model.steps, ['steps', 4, 'steps', 1])).toMatchObject({ kind: 'fire', body: { fire: 'FINISH_DEPLOY' } })
  })

  it('reads JSON files and parallel groups', () => {
    const model = modelOf(JSON_FILE, 'release.json')
    expect(model.steps.steps.map((step) => step.kind)).toEqual(['fire', 'wait', 'expect'])
    const parallel = modelOf('version: 1\nsteps:\n  - parallel:\n      - wait: 1s\n      - bogus: 1\n')
    expect(parallel.steps.steps[0]!.children).toMatchObject({ path: ['steps', 0, 'parallel'], fireOnly: false })
    expect(parallel.steps.steps[0]!.children!.steps.map((step) => step.kind)).toEqual(['wait', undefined])
  })
})

describe('new steps', () => {
  const defaults = stepDefaults(modelOf(FILE), ['START_DEPLOY', 'FINISH_DEPLOY'])

  it('starts every kind from a body the schema accepts', () => {
    for (const kind of STEP_KINDS) {
      const body = newStep(kind, defaults)
      expect(Step.safeParse(body).success, kind).toBe(true)
    }
    expect(newStep('fire', defaults)).toEqual({ fire: 'START_DEPLOY' })
    expect(newStep('duplicate', defaults)).toEqual({ duplicate: 'start' })
    expect(newStep('expect', defaults)).toEqual({ expect: { delivered: 'all' } })
  })

  it('offers no duplicate when no fire step has an id', () => {
    expect(newStep('duplicate', { ...defaults, fireIds: [] })).toBeUndefined()
  })

  it('starts every expectation kind valid', () => {
    for (const kind of EXPECT_KINDS) expect(Step.safeParse({ expect: newExpectation(kind) }).success, kind).toBe(true)
  })
})

describe('field values', () => {
  it('writes durations as typed, bare numbers as milliseconds', () => {
    for (const text of ['250ms', '30s', '2m', '1h30m']) expect(durationValue(text)).toEqual({ ok: true, value: text })
    expect(durationValue('1500')).toEqual({ ok: false, error: 'needs a unit: write 1500s or 1500ms' })
    expect(durationValue('30 sec')).toEqual({ ok: false, error: 'must be a duration like 250ms, 30s, 2m or 1h30m' })
    expect(durationValue('', { required: true })).toEqual({ ok: false, error: 'is required' })
    expect(durationValue('')).toEqual({ ok: true, value: undefined })
    expect(fieldValue(Duration, '2m')).toEqual({ ok: true, value: '2m' })
  })

  it('checks values with the shared schemas, in words', () => {
    expect(fieldValue(StepId, 'deploy 1')).toEqual({ ok: false, error: 'must be letters, digits, _ or - (a dot would be ambiguous in ${steps.<id>.…})' })
    expect(fieldValue(RepeatStep.shape.repeat, '3', { preferNumber: true })).toEqual({ ok: true, value: 3 })
    expect(fieldValue(RepeatStep.shape.repeat, '0', { preferNumber: true })).toEqual({ ok: false, error: 'must be at least 1' })
    expect(fieldValue(RepeatStep.shape.repeat, 'many', { preferNumber: true })).toEqual({ ok: false, error: 'must be a number' })
    expect(fieldValue(Scenario.shape.seed, '42', { preferNumber: true })).toEqual({ ok: true, value: 42 })
    expect(fieldValue(Scenario.shape.seed, '42')).toEqual({ ok: true, value: '42' })
  })

  it('reads set values as JSON, anything else as text, and shows them back the same way', () => {
    expect(jsonValue('13')).toBe(13)
    expect(jsonValue('true')).toBe(true)
    expect(jsonValue('{"a":1}')).toEqual({ a: 1 })
    expect(jsonValue('release-13')).toBe('release-13')
    expect(jsonText('13')).toBe('"13"')
    expect(jsonText(13)).toBe('13')
    expect(jsonText('release-13')).toBe('release-13')
  })
})

describe('key/value rows', () => {
  it('take only the context fields payloads know, each with its own type', () => {
    expect(contextRule.checkKey('service', [])).toBeUndefined()
    expect(contextRule.checkKey('service', ['service'])).toBe('is already used')
    expect(contextRule.checkKey('colour', [])).toBe('is not a context field (pick one from the list)')
    expect(contextRule.parseValue('3', 'version')).toEqual({ ok: true, value: '3' })
    expect(contextRule.parseValue('3', 'rollbackTo')).toEqual({ ok: true, value: 3 })
    expect(contextRule.parseValue('three', 'rollbackTo')).toEqual({ ok: false, error: 'must be a number' })
  })

  it('keep variables typed and named as ${name} needs', () => {
    expect(varsRule.checkKey('1st', [])).toBe('must be letters, digits and _, not starting with a digit')
    expect(varsRule.parseValue('3', 'n')).toEqual({ ok: true, value: 3 })
    expect(varsRule.parseValue('true', 'n')).toEqual({ ok: true, value: true })
    expect(varsRule.parseValue('demo', 'n')).toEqual({ ok: true, value: 'demo' })
  })

  it('read overrides as JSON and headers as text', () => {
    expect(dotPathRule.parseValue('13', 'data.version')).toEqual({ ok: true, value: 13 })
    expect(dotPathRule.parseValue('', 'data.version')).toEqual({ ok: false, error: 'is required' })
    expect(headerRule.checkKey('X Team', [])).toBe('is not a header name')
    expect(headerRule.checkKey('X-Team', ['X-Team'])).toBeUndefined()
    expect(headerRule.parseValue('13', 'X-Team')).toEqual({ ok: true, value: '13' })
  })
})

describe('keeping untouched lines', () => {
  it('matches lines by longest common subsequence', () => {
    expect([...matchLines(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd'])]).toEqual([0, -1, 2, 3])
    expect([...matchLines(['a', 'b'], ['b', 'a'])].filter((i) => i >= 0)).toHaveLength(1)
  })

  it('keeps the original where the two renderings agree and takes the edit where they differ', () => {
    const original = 'a: 1   # spaced\nlong: >-\n  one\n  two\nc: 0\nb: 2\n'
    const before = 'a: 1 # spaced\nlong: >-\n  one two\nc: 0\nb: 2\n'
    expect(mergeEdit(original, before, before)).toBe(original)
    expect(mergeEdit(original, before, 'a: 1 # spaced\nlong: >-\n  one two\nc: 0\nb: 3\n')).toBe('a: 1   # spaced\nlong: >-\n  one\n  two\nc: 0\nb: 3\n')
    // With no shared line between the edit and a stretch the renderer writes differently, that stretch is rewritten too.
    expect(mergeEdit('x: 1\nlong: >-\n  one\n  two\nb: 2\n', 'x: 1\nlong: >-\n  one two\nb: 2\n', 'x: 1\nlong: >-\n  one two\nb: 3\n')).toBe('x: 1\nlong: >-\n  one two\nb: 3\n')
  })

  it('changes only the edited lines of every library scenario', () => {
    const dir = new URL('../../../src/main/scenarios/library/', import.meta.url)
    for (const name of readdirSync(dir)) {
      const text = readFileSync(new URL(name, dir), 'utf8')
      expect(applyEdit(text, name, () => undefined), name).toBe(text)
      expect(applyEdit(text, name, setField(['seed'], 'another-seed')), name).toBe(text.replace(/^seed: .*$/m, 'seed: another-seed'))
      const count = modelOf(text).steps.steps.length
      expect(applyEdit(text, name, addStep(['steps'], count, { wait: '1s' })), name).toBe(`${text}  - wait: 1s\n`)
    }
  })
})
