import { readFileSync } from 'node:fs'
import { isChosen, togglePick } from '../../../src/renderer/src/store/fire/targets'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contextOf } from '../../../src/renderer/src/views/fire/context-fields'
import { type FirePreview, chosenIn, fireRequestOf, payloadEditsOf, readJson, whyBlocked } from '../../../src/renderer/src/views/fire/fire-request'
import { GENERIC_EXAMPLE } from '../../../src/renderer/src/store/fire/draft'
import { placeProblems, syntaxProblems } from '../../../src/renderer/src/views/fire/json-problems'
import { editsAsOverrides } from '../../../src/renderer/src/views/fire/payload-edits'
import { appendStep, fireStepFor, newScenarioFileName, newScenarioSource, scenarioDefaults } from '../../../src/renderer/src/views/fire/scenario-step'
import { Scenario } from '../../../src/shared/schemas/scenario'
import { parseDocument } from 'yaml'
import { ROOT } from '../../support/paths'

const PAYLOAD = { event: 'release', data: { release: { version: 12, tags: ['a', 'b'] }, app: { name: 'web' } } }
const TEXT = JSON.stringify(PAYLOAD, null, 2)

describe('placing schema problems in the JSON text', () => {
  it('marks the field a path names, from its key to the end of its value', () => {
    const [placed] = placeProblems(TEXT, [{ path: 'data.release.version', message: 'expected number' }])
    expect(TEXT.slice(placed!.from, placed!.to)).toBe('"version": 12')
    expect(placed!.message).toBe('data.release.version: expected number')
  })

  it('marks an array item by index, and a missing field at the nearest part that exists (one line only)', () => {
    const [item, missing] = placeProblems(TEXT, [
      { path: 'data.release.tags.1', message: 'bad tag' },
      { path: 'data.app.owner', message: 'required' },
    ])
    expect(TEXT.slice(item!.from, item!.to)).toBe('"b"')
    expect(TEXT.slice(missing!.from, missing!.to)).toBe('"app": {')
  })

  it('marks the root from the start, and keeps offsets inside the text', () => {
    const [root] = placeProblems('{"a":1}', [{ path: '(root)', message: 'wrong shape' }])
    expect(root).toEqual({ from: 0, to: 7, message: 'wrong shape' })
  })

  it('places a JSON syntax error where the parser stopped', () => {
    expect(syntaxProblems(TEXT)).toEqual([])
    const text = '{\n  "a": 1,\n  "b": \n}'
    const [problem] = syntaxProblems(text)
    expect(problem!.message).toMatch(/^Not valid JSON: /)
    expect(problem!.from).toBeGreaterThan(text.indexOf('"b"'))
  })
})

describe('edits to a generated payload as set: overrides', () => {
  it('sets each changed value at its own path, and nothing for what is untouched', () => {
    const edited = structuredClone(PAYLOAD)
    edited.data.release.version = 13
    edited.data.release.tags[0] = 'z'
    expect(editsAsOverrides(PAYLOAD, edited)).toEqual({ set: { 'data.release.version': 13, 'data.release.tags.0': 'z' }, unsaved: [] })
    expect(editsAsOverrides(PAYLOAD, structuredClone(PAYLOAD))).toEqual({ set: {}, unsaved: [] })
  })

  it('sets the parent whole when a field or an array item is added or removed', () => {
    const edited = { event: 'release', data: { release: { version: 12, tags: ['a'] }, app: { name: 'web', owner: 'me' } } }
    expect(editsAsOverrides(PAYLOAD, edited)).toEqual({ set: { 'data.release.tags': ['a'], 'data.app': { name: 'web', owner: 'me' } }, unsaved: [] })
  })

  it('sets the object holding a key with a dot whole, as a dot path cannot name that key', () => {
    const generated = { ...structuredClone(PAYLOAD), labels: { 'app.kubernetes.io/name': 'web', team: 'a' } }
    const edited = { ...structuredClone(generated), labels: { 'app.kubernetes.io/name': 'api', team: 'a' } }
    expect(editsAsOverrides(generated, edited)).toEqual({ set: { labels: edited.labels }, unsaved: [] })
  })

  it('names what set: cannot say: a top-level field added or removed', () => {
    const { event: _event, ...edited } = { ...structuredClone(PAYLOAD), extra: 1 }
    expect(editsAsOverrides(PAYLOAD, edited)).toEqual({ set: {}, unsaved: ['event', 'extra'] })
  })
})

const LIBRARY = join(ROOT, 'src/main/scenarios/library')
const QOVERY = readFileSync(join(LIBRARY, 'qovery-production-deploy-succeeded.yaml'), 'utf8')

describe('a fire step for a scenario', () => {
  it('names only the context that differs from the scenario, the provider only when it is another', () => {
    const defaults = scenarioDefaults(QOVERY)
    expect(defaults.provider).toBe('qovery')
    const step = fireStepFor(defaults, {
      provider: 'qovery',
      event: 'DEPLOYMENT_FAILURE',
      context: { project: 'Storefront', environment: 'staging', version: '4.2.0', service: '' },
      set: { 'payload.status': 'x' },
    })
    expect(step).toEqual({ fire: 'DEPLOYMENT_FAILURE', context: { environment: 'staging' }, set: { 'payload.status': 'x' } })
    expect(fireStepFor(defaults, { provider: 'divshot', event: 'release', context: {}, set: {} })).toEqual({ fire: 'release', provider: 'divshot' })
  })
})

describe('appending a step to a scenario file', () => {
  const step = { fire: 'DEPLOYMENT_FAILURE', context: { version: '4.2.1' }, set: { 'payload.message': 'x: y', 'payload.count': 2 } }

  it('adds the step after the last one and leaves every other byte as it was', () => {
    const result = appendStep(QOVERY, step)
    if (!result.ok) throw new Error(result.error)
    const at = QOVERY.indexOf('  - expect: { delivered: all }\n') + '  - expect: { delivered: all }\n'.length
    expect(result.source.slice(0, at)).toBe(QOVERY.slice(0, at))
    expect(result.source.slice(result.source.length - (QOVERY.length - at))).toBe(QOVERY.slice(at))
    const added = result.source.slice(at, result.source.length - (QOVERY.length - at))
    expect(added).toBe('  - fire: DEPLOYMENT_FAILURE\n    context:\n      version: 4.2.1\n    set:\n      payload.message: "x: y"\n      payload.count: 2\n')
    const steps = Scenario.shape.steps.parse((parseDocument(result.source).toJS() as { steps: unknown }).steps)
    expect(steps.at(-1)).toEqual({ ...step, delay: false, drop: false, filteredOut: false })
  })

  it('keeps comments, a missing final newline and an indented list', () => {
    const source = '# my story\nversion: 1   # first\nname: x\nprovider: divshot\nsteps:\n    - fire: release  # one\n    # trailing note'
    const result = appendStep(source, { fire: 'release' })
    expect(result).toEqual({ ok: true, source: '# my story\nversion: 1   # first\nname: x\nprovider: divshot\nsteps:\n    - fire: release  # one\n    - fire: release\n    # trailing note' })
    const last = appendStep('version: 1\nsteps:\n  - fire: a', { fire: 'b' })
    expect(last).toEqual({ ok: true, source: 'version: 1\nsteps:\n  - fire: a\n  - fire: b' })
  })

  it('adds a JSON object to a flow list, so a JSON file stays JSON', () => {
    const json = readFileSync(join(ROOT, 'test/fixtures/scenarios/ocean-cd-rollback.json'), 'utf8')
    const result = appendStep(json, { fire: 'rollout-failed', set: { 'a.b': 1 } })
    if (!result.ok) throw new Error(result.error)
    const before = JSON.parse(json) as { steps: unknown[] }
    expect(JSON.parse(result.source)).toEqual({ ...before, steps: [...before.steps, { fire: 'rollout-failed', set: { 'a.b': 1 } }] })
    expect(appendStep('{"steps": [{"fire": "a"}]}', { fire: 'b' })).toEqual({ ok: true, source: '{"steps": [{"fire": "a"}, {"fire":"b"}]}' })
  })

  it('refuses a file without steps or that does not parse, saying why', () => {
    expect(appendStep('version: 1\nname: x\n', { fire: 'a' })).toEqual({ ok: false, error: 'the scenario file has no list of steps to add to' })
    expect(appendStep('steps: [a\n', { fire: 'a' })).toMatchObject({ ok: false, error: expect.stringMatching(/^the scenario file does not parse/) })
  })
})

describe('a new scenario for the step', () => {
  it('is a valid scenario with the panel context as its own, and a file name not taken', () => {
    const source = newScenarioSource({ name: 'Failing deploy', seed: 'abc', draft: { provider: 'qovery', event: 'DEPLOYMENT_FAILURE', context: { project: 'Shop', service: '' }, set: { 'payload.x': 1 } } })
    expect(Scenario.parse(parseDocument(source).toJS())).toMatchObject({ name: 'Failing deploy', provider: 'qovery', seed: 'abc', context: { project: 'Shop' }, steps: [{ fire: 'DEPLOYMENT_FAILURE', set: { 'payload.x': 1 } }] })
    expect(newScenarioFileName('Failing deploy!', ['failing-deploy', 'failing-deploy-2'])).toBe('failing-deploy-3.yaml')
  })
})

describe('the context form', () => {
  it("keeps the platform's fields that are filled in, rollbackTo as a number", () => {
    expect(contextOf({ service: ' web ', version: '', rollbackTo: '4', project: 'not divshot' }, 'divshot')).toEqual({ service: 'web', rollbackTo: 4 })
  })
})

describe('fire targets, chosen on purpose', () => {
  it('go where the user ticked; one never ticked is chosen only when it is the only one the event reaches', () => {
    expect(isChosen({}, 'sub_a', 1)).toBe(true)
    expect(isChosen({}, 'sub_a', 3)).toBe(false)
    expect(isChosen({ sub_a: true }, 'sub_a', 3)).toBe(true)
    expect(isChosen({ sub_a: false }, 'sub_a', 1)).toBe(false)
  })

  it('a toggle flips what is shown', () => {
    const picks = togglePick({}, 'sub_a', false)
    expect(picks).toEqual({ sub_a: true })
    expect(togglePick(picks, 'sub_a', true)).toEqual({ sub_a: false })
  })
})

describe('the request the fire panel makes of its draft', () => {
  const draft = { provider: 'divshot' as const, eventChoice: '', genericEvent: '', fields: { version: '12' }, seed: '7', template: GENERIC_EXAMPLE, edited: undefined }
  const events = [{ name: 'release' }, { name: 'rollback' }]
  const preview = (requests: string[], problems: { path: string; message: string }[] = []) =>
    ({ requests: requests.map((subscriptionId) => ({ subscriptionId })), problems }) as unknown as FirePreview

  it("fires the event chosen, or the platform's first; with the context filled in and the seed", () => {
    expect(fireRequestOf(draft, events)).toMatchObject({ event: 'release', request: { provider: 'divshot', event: 'release', context: { version: '12' }, seed: '7' } })
    expect(fireRequestOf({ ...draft, eventChoice: 'rollback' }, events).event).toBe('rollback')
    expect(fireRequestOf({ ...draft, eventChoice: 'gone' }, events).event).toBe('release')
  })

  it('sends an edited payload as typed, and a generic event with its template; nothing while the JSON does not parse', () => {
    expect(fireRequestOf({ ...draft, edited: '{"a":1}' }, events).request).toMatchObject({ body: '{"a":1}' })
    expect(fireRequestOf({ ...draft, edited: '{"a":' }, events).request).toBeUndefined()
    const generic = fireRequestOf({ ...draft, provider: 'generic', genericEvent: ' build.done ' }, [])
    expect(generic.request).toMatchObject({ event: 'build.done', definition: { name: 'build.done', headers: [] } })
    expect(fireRequestOf({ ...draft, provider: 'generic', genericEvent: 'x', template: '{' }, []).request).toBeUndefined()
  })

  it('says why Fire cannot send, in order, and nothing once it can', () => {
    const picks = { sub_a: true }
    const state = { provider: 'divshot' as const, picks, sendAnyway: false }
    const fire = fireRequestOf(draft, events)
    expect(whyBlocked(fireRequestOf({ ...draft, provider: 'generic' }, []), { ...state, provider: 'generic' }, undefined, undefined)).toBe('Name the event first.')
    expect(whyBlocked(fire, state, undefined, 'engine said no')).toBe('engine said no')
    expect(whyBlocked(fire, state, preview([]), undefined)).toBe('No subscription receives this event.')
    expect(whyBlocked(fire, { ...state, picks: {} }, preview(['sub_a', 'sub_b']), undefined)).toBe('Choose at least one subscription to fire to.')
    expect(whyBlocked(fire, state, preview(['sub_a'], [{ path: 'x', message: 'y' }]), undefined)).toMatch(/does not match the release schema/)
    expect(whyBlocked(fire, { ...state, sendAnyway: true }, preview(['sub_a'], [{ path: 'x', message: 'y' }]), undefined)).toBeUndefined()
    expect(whyBlocked(fire, state, preview(['sub_a', 'sub_b']), undefined)).toBeUndefined()
    expect(chosenIn(picks, preview(['sub_a', 'sub_b'])).map((r) => r.subscriptionId)).toEqual(['sub_a'])
  })

  it("gives the user's payload edits as overrides, or why they cannot be saved", () => {
    expect(payloadEditsOf({ edited: undefined, editBase: undefined }, undefined)).toEqual({ set: {}, unsaved: [] })
    expect(payloadEditsOf({ edited: '{"a":2}', editBase: '{"a":1}' }, readJson('{"a":2}'))).toEqual({ set: { a: 2 }, unsaved: [] })
    expect(payloadEditsOf({ edited: '{"a":', editBase: '{"a":1}' }, readJson('{"a":'))).toMatch(/not valid JSON/)
    expect(payloadEditsOf({ edited: '{"a":2}', editBase: undefined }, readJson('{"a":2}'))).toMatch(/^Regenerate/)
  })
})
