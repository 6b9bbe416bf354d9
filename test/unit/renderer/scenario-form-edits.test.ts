import { describe, expect, it } from 'vitest'
import { type Edit, applyEdit } from '../../../src/renderer/src/views/studio/form/scenario-document'
import {
  addEntry,
  addStep,
  moveStep,
  removeEntry,
  removeField,
  removeStep,
  setEntry,
  setField,
  unwrapStep,
  subscriptionsOffPlatform,
  switchPlatform,
  wrapSteps,
} from '../../../src/renderer/src/views/studio/form/scenario-edits'
import { FILE, JSON_FILE, replaced } from './scenario-form-fixture'

const edit = (change: Edit) => applyEdit(FILE, 'drill.yaml', change)

describe('setting and removing fields', () => {
  it('changes a quoted value in place: still quoted, its comment kept, nothing else touched', () => {
    expect(edit(setField(['name'], 'Drill two'))).toBe(replaced(FILE, 'name: "Idempotency drill"   # quoted', 'name: "Drill two" # quoted'))
  })

  it('keeps a number a number and a string that looks like one quoted', () => {
    expect(edit(setField(['seed'], 7))).toBe(replaced(FILE, 'seed: 42', 'seed: 7'))
    expect(edit(setField(['context', 'version'], '3.5.0'))).toBe(replaced(FILE, 'version: "3.4.0"', 'version: "3.5.0"'))
    expect(edit(setField(['seed'], '43'))).toBe(replaced(FILE, 'seed: 42', 'seed: "43"'))
  })

  it('rewrites a folded description alone; the other lines stay as they were', () => {
    const out = edit(setField(['description'], 'Short now.'))
    expect(out).toBe(replaced(FILE, FILE.slice(FILE.indexOf('  The same'), FILE.indexOf('provider:')), '  Short now.\n'))
  })

  it('adds a field inside a step, after its other keys', () => {
    expect(edit(setField(['steps', 2, 'name'], 'the butler deploys'))).toBe(replaced(FILE, '  - wait: 2m\n', '  - wait: 2m\n    name: the butler deploys\n'))
  })

  it('sets a field inside a flow map the way the file writes it', () => {
    expect(edit(setField(['steps', 5, 'expect', 'received', 'count'], 4))).toBe(replaced(FILE, 'event: START_DEPLOY, count: 3 }', 'event: START_DEPLOY, count: 4 }'))
  })

  it('removes a field and only that line', () => {
    expect(edit(removeField(['steps', 0, 'id']))).toBe(replaced(FILE, '  - fire: START_DEPLOY\n    id: start\n', '  - fire: START_DEPLOY\n'))
    expect(edit(removeField(['seed']))).toBe(replaced(FILE, 'seed: 42\n', ''))
  })

  it('does not touch the file when the value is already there', () => {
    expect(edit(setField(['seed'], 42))).toBe(FILE)
  })
})

describe('key/value entries', () => {
  it('renames and re-values an entry in its place', () => {
    expect(edit(setEntry(['context'], 1, 'previousVersion', '3.3.0'))).toBe(replaced(FILE, 'version: "3.4.0" #', 'previousVersion: "3.3.0" #'))
  })

  it('adds an entry last, and creates the map when the field is missing', () => {
    expect(edit(addEntry(['context'], 'circle', 'Early adopters'))).toBe(replaced(FILE, '# a string, not a number\n', '# a string, not a number\n  circle: Early adopters\n'))
    expect(edit(addEntry(['steps', 0, 'set'], 'data.release.version', 13))).toBe(
      replaced(FILE, '    id: start\n', '    id: start\n    set:\n      data.release.version: 13\n'),
    )
  })

  it('removes an entry, and the field with its last entry', () => {
    expect(edit(removeEntry(['context'], 0))).toBe(replaced(FILE, '  service: catalog\n', ''))
    expect(edit(removeEntry(['vars'], 0))).toBe(replaced(FILE, "vars:\n  apiKey: 'charles-demo-key'\n", ''))
  })

  // An edited flow list is written with the padding of flow maps (`[ a, b ]`): yaml pads both or neither.
  it('edits headers written as a list of [name, value] pairs', () => {
    const file = replaced(FILE, '    id: start\n', '    id: start\n    headers: [[X-Team, infra]]\n')
    expect(applyEdit(file, 'drill.yaml', setEntry(['steps', 0, 'headers'], 0, 'X-Team', 'ops'))).toBe(replaced(file, '[[X-Team, infra]]', '[ [ X-Team, ops ] ]'))
    expect(applyEdit(file, 'drill.yaml', addEntry(['steps', 0, 'headers'], 'X-Env', 'prod'))).toBe(replaced(file, '[[X-Team, infra]]', '[ [ X-Team, infra ], [ X-Env, prod ] ]'))
  })
})

describe('steps', () => {
  it('adds a step at an index of the top-level list', () => {
    expect(edit(addStep(['steps'], 2, { wait: '1s' }))).toBe(replaced(FILE, '  - wait: 2m\n', '  - wait: 1s\n  - wait: 2m\n'))
  })

  it('adds a step inside a group, an expectation written as a flow map', () => {
    expect(edit(addStep(['steps', 4, 'steps'], 1, { expect: { delivered: 'all' } }))).toBe(
      replaced(FILE, '      - wait: 10s\n', '      - wait: 10s\n      - expect: { delivered: all }\n'),
    )
  })

  it('adds the first step when the file has none', () => {
    const file = FILE.slice(0, FILE.indexOf('\n\nsteps:') + 1)
    expect(applyEdit(file, 'drill.yaml', addStep(['steps'], 0, { fire: 'START_DEPLOY' }))).toBe(`${file}steps:\n  - fire: START_DEPLOY\n`)
  })

  it('removes a step with its comment', () => {
    expect(edit(removeStep(['steps', 1]))).toBe(replaced(FILE, '  - duplicate: start # sent twice\n', ''))
  })

  it('moves a step up and down within its list, its lines and comments with it', () => {
    const swapped = replaced(FILE, '  - fire: START_DEPLOY\n    id: start\n  - duplicate: start # sent twice\n', '  - duplicate: start # sent twice\n  - fire: START_DEPLOY\n    id: start\n')
    expect(edit(moveStep(['steps', 1], -1))).toBe(swapped)
    expect(edit(moveStep(['steps', 0], 1))).toBe(swapped)
    expect(edit(moveStep(['steps', 4, 'steps', 1], -1))).toBe(replaced(FILE, '      - wait: 10s\n      - fire: FINISH_DEPLOY\n', '      - fire: FINISH_DEPLOY\n      - wait: 10s\n'))
  })

  it('does nothing when a step cannot move further', () => {
    expect(edit(moveStep(['steps', 0], -1))).toBe(FILE)
    expect(edit(moveStep(['steps', 6], 1))).toBe(FILE)
  })

  it('wraps a selection of steps in parallel, the comment above them kept above the group', () => {
    expect(edit(wrapSteps(['steps'], 0, 1, 'parallel'))).toBe(
      replaced(
        FILE,
        '  - fire: START_DEPLOY\n    id: start\n  - duplicate: start # sent twice\n',
        '  - parallel:\n      - fire: START_DEPLOY\n        id: start\n      - duplicate: start # sent twice\n',
      ),
    )
  })

  it('wraps one step in repeat: 2', () => {
    expect(edit(wrapSteps(['steps'], 2, 2, 'repeat'))).toBe(replaced(FILE, '  - wait: 2m\n', '  - repeat: 2\n    steps:\n      - wait: 2m\n'))
  })

  it('unwraps a group into its parent list, in its place', () => {
    expect(edit(unwrapStep(['steps', 4]))).toBe(
      replaced(FILE, '  - repeat: 3\n    steps:\n      - wait: 10s\n      - fire: FINISH_DEPLOY\n', '  - wait: 10s\n  - fire: FINISH_DEPLOY\n'),
    )
    expect(edit(unwrapStep(['steps', 3]))).toBe(
      replaced(
        FILE,
        '  - reorder: reverse\n    steps:\n      - fire: START_DEPLOY\n        context: { version: "3.4.1" }\n      - fire: FINISH_DEPLOY\n',
        '  - fire: START_DEPLOY\n    context: { version: "3.4.1" }\n  - fire: FINISH_DEPLOY\n',
      ),
    )
  })

  it('leaves a step that is not a group as it is when asked to unwrap it', () => {
    expect(edit(unwrapStep(['steps', 2]))).toBe(FILE)
  })
})

describe('JSON files', () => {
  it('are rewritten as JSON with a 2-space indent, keys in their order', () => {
    const out = applyEdit(JSON_FILE, 'release.json', setField(['steps', 1, 'wait'], '45s'))
    expect(out).toBe(replaced(JSON_FILE, '"wait": "30s"', '"wait": "45s"'))
    expect(Object.keys(JSON.parse(out) as object)).toEqual(['$schema', 'version', 'name', 'provider', 'context', 'steps'])
  })

  it('take steps, wraps and entries the same way', () => {
    const wrapped = JSON.parse(applyEdit(JSON_FILE, 'release.json', wrapSteps(['steps'], 0, 1, 'repeat'))) as { steps: unknown[] }
    expect(wrapped.steps).toEqual([{ repeat: 2, steps: [{ fire: 'build.started', id: 'built' }, { wait: '30s' }] }, { expect: { delivered: 'all' } }])
    const added = applyEdit(JSON_FILE, 'release.json', addEntry(['context'], 'author', 'sam@example.com'))
    expect(added).toBe(replaced(JSON_FILE, '"version": "2025.06.3"\n', '"version": "2025.06.3",\n    "author": "sam@example.com"\n'))
  })
})

describe('switching the scenario’s platform', () => {
  const STORY = `version: 1
name: story
provider: qovery
subscriptions:
  - name: prod # the main one
    url: http://127.0.0.1:9/a
    provider: qovery
    events: [DEPLOYMENT_FAILURE]
    options: { kind: SLACK }
    filters: { events: [DEPLOYMENT_FAILURE], projectNames: [shop] }
  - name: catch-all
    url: http://127.0.0.1:9/b
    provider: any
steps:
  - fire: DEPLOYMENT_STARTED
`
  it('moves the subscriptions that were on the old platform, without what only it understood; the others stay', () => {
    const { edit: change, moved } = switchPlatform([{ name: 'prod', provider: 'qovery' }, { name: 'catch-all', provider: 'any' }], 'qovery', 'divshot')
    expect(moved).toEqual(['prod'])
    const out = applyEdit(STORY, 'story.yaml', change)
    expect(out).toBe(`version: 1
name: story
provider: divshot
subscriptions:
  - name: prod # the main one
    url: http://127.0.0.1:9/a
    provider: divshot
    filters: { projectNames: [ shop ] }
  - name: catch-all
    url: http://127.0.0.1:9/b
    provider: any
steps:
  - fire: DEPLOYMENT_STARTED
`)
  })

  it('names the subscriptions left on another platform than the scenario’s', () => {
    expect(subscriptionsOffPlatform([{ name: 'prod', provider: 'qovery' }, { name: 'catch-all', provider: 'any' }, { provider: 'divshot' }], 'divshot')).toEqual(['prod (qovery)'])
  })
})
