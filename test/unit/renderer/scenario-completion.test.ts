import { describe, expect, it } from 'vitest'
import { type CompletionCatalog, completeScenario } from '../../../src/renderer/src/views/studio/completion'

const CATALOG: CompletionCatalog = [
  { id: 'generic', events: [{ name: 'deploy.succeeded', firesWhen: 'a deploy succeeded' }, { name: 'deploy.failed', firesWhen: 'a deploy failed' }] },
  { id: 'qovery', events: [{ name: 'DEPLOYMENT_STARTED', firesWhen: 'a deployment starts' }] },
]

/** Completes at the `|` in `text`. */
function complete(text: string, explicit = false, language: 'yaml' | 'json' = 'yaml') {
  const pos = text.indexOf('|')
  const source = text.slice(0, pos) + text.slice(pos + 1)
  const at = completeScenario(source, pos, CATALOG, language, explicit)
  return at && { ...at, labels: at.options.map((o) => o.label), replaced: source.slice(at.from, at.to ?? pos) }
}

describe('scenario completion (YAML)', () => {
  it('offers the top-level keys at the start of a line, those not there yet', () => {
    const at = complete('version: 1\nname: x\nsu|')
    expect(at?.labels).toContain('subscriptions')
    expect(at?.labels).toContain('steps')
    expect(at?.labels).not.toContain('version')
    expect(at?.replaced).toBe('su')
    expect(at?.options.find((o) => o.label === 'steps')?.apply).toBe('steps: ')
  })

  it('waits for a letter before offering keys, unless asked', () => {
    expect(complete('version: 1\n|')).toBeNull()
    expect(complete('version: 1\n|', true)?.labels).toContain('provider')
  })

  it('offers step kinds on a new item of steps, nested or not', () => {
    expect(complete('steps:\n  - |')?.labels).toEqual(['fire', 'wait', 'heartbeat', 'repeat', 'parallel', 'duplicate', 'reorder', 'expect', 'http', 'include', 'load', 'name'])
    expect(complete('steps:\n- wa|')?.replaced).toBe('wa')
    expect(complete('steps:\n  - repeat: 2\n    steps:\n      - |')?.labels).toContain('duplicate')
    expect(complete('steps:\n  - parallel:\n      - |')?.labels).toContain('fire')
  })

  it('offers the keys of the step’s kind under it, without those it has', () => {
    const at = complete('steps:\n  - fire: deploy.succeeded\n    id: a\n    |', true)
    expect(at?.labels).toEqual(expect.arrayContaining(['provider', 'context', 'set', 'headers', 'delay', 'drop', 'name']))
    expect(at?.labels).not.toContain('id')
    expect(at?.labels).not.toContain('fire')
    expect(complete('steps:\n  - wait: 2s\n    n|')?.labels).toEqual(['name'])
  })

  it('offers subscription and endpoint keys in their lists', () => {
    expect(complete('subscriptions:\n  - name: a\n    re|')?.labels).toEqual(expect.arrayContaining(['retry', 'url', 'provider']))
    expect(complete('subscriptions:\n  - name: a\n    re|')?.labels).not.toContain('name')
    expect(complete('endpoints:\n  - |')?.labels).toEqual(expect.arrayContaining(['name', 'response', 'verify', 'forward', 'keep']))
  })

  it('offers the kinds of expectation under expect', () => {
    expect(complete('steps:\n  - expect:\n      d|')?.labels).toEqual(['delivered', 'delivery', 'received', 'http'])
  })

  it('offers the events of the file’s platform after fire:', () => {
    const at = complete('provider: generic\nsteps:\n  - fire: dep|')
    expect(at?.labels).toEqual(['deploy.succeeded', 'deploy.failed'])
    expect(at?.options[0]?.detail).toBe('a deploy succeeded')
    expect(at?.replaced).toBe('dep')
    expect(complete('provider: qovery\nsteps:\n  - fire: |')?.labels).toEqual(['DEPLOYMENT_STARTED'])
    // No platform yet: every platform's events, each with its platform.
    expect(complete('steps:\n  - fire: |')?.options.map((o) => o.detail)).toContain('qovery: a deployment starts')
  })

  it('offers the events the file fires elsewhere, for a platform with no catalog of events', () => {
    const at = complete('provider: generic\nsteps:\n  - fire: deploy.succeeded\n  - fire: build.done\n  - fire: deploy.|\n  - fire: deploy.succeeded')
    expect(at?.labels).toEqual(['deploy.succeeded', 'deploy.failed', 'build.done'])
    expect(at?.options[2]?.detail).toBe('fired elsewhere in this file')
    // What is being typed is not offered back.
    expect(complete('provider: nothing\nsteps:\n  - fire: depl|')).toBeNull()
  })

  it('offers the values that are a fixed list', () => {
    expect(complete('provider: |')?.labels).toEqual(['generic', 'qovery'])
    expect(complete('steps:\n  - heartbeat: s|')?.labels).toEqual(['stop', 'start'])
    expect(complete('    retry: { preset: f|')?.labels).toContain('fixed')
    expect(complete('name: |')).toBeNull()
  })

  it('ignores comments and block text when finding where the cursor is', () => {
    const text = 'description: >-\n  A long text.\n# a comment\nsteps:\n  # first\n  - fire: deploy.succeeded\n    |'
    expect(complete(text, true)?.labels).toContain('drop')
  })
})

describe('scenario completion (JSON)', () => {
  it('offers keys as quoted names, replacing the quote the editor closed', () => {
    const at = complete('{ "ver|" }', false, 'json')
    expect(at?.labels).toContain('version')
    expect(at?.options.find((o) => o.label === 'version')?.apply).toBe('"version": ')
    expect(at?.replaced).toBe('"ver"')
  })

  it('offers events after "fire"', () => {
    const at = complete('{ "provider": "generic", "steps": [{ "fire": "de|" }] }', false, 'json')
    expect(at?.labels).toEqual(['deploy.succeeded', 'deploy.failed'])
    expect(at?.options[0]?.apply).toBe('deploy.succeeded"')
    expect(at?.replaced).toBe('de"')
  })
})

describe('scenario completion: the language\'s newer keys', () => {
  it('offers the faults after tamper:, methods after method:, durations and rates where they go', () => {
    expect(complete('steps:\n  - fire: deploy.started\n    tamper: |')?.labels).toEqual(['body-altered', 'wrong-secret', 'signature-missing', 'signature-malformed', 'other-scheme', 'timestamp-stale', 'timestamp-future', 'replay'])
    expect(complete('steps:\n  - http:\n      method: |')?.labels).toContain('POST')
    expect(complete('steps:\n  - load:\n      rate: |')?.labels).toContain('200/s')
  })

  it('offers the keys inside http:, load:, wait:, until: and an expectation\'s delivery: and http:', () => {
    expect(complete('steps:\n  - http:\n      |', true)?.labels).toEqual(['url', 'method', 'headers', 'body', 'status', 'timeout'])
    expect(complete('steps:\n  - load:\n      fire: x\n      |', true)?.labels).toEqual(expect.arrayContaining(['rate', 'for', 'vary', 'expect', 'body']))
    expect(complete('steps:\n  - wait:\n      |', true)?.labels).toEqual(['until', 'timeout'])
    expect(complete('steps:\n  - expect:\n      http:\n        |', true)?.labels).toEqual(expect.arrayContaining(['url', 'json', 'become', 'stay']))
    expect(complete('steps:\n  - expect:\n      delivery:\n        |', true)?.labels).toEqual(expect.arrayContaining(['subscription', 'attempts', 'under', 'json', 'headers']))
    expect(complete('steps:\n  - fire: x\n    |', true)?.labels).toEqual(expect.arrayContaining(['tamper', 'by', 'body', 'template', 'save']))
    expect(complete('steps:\n  - repeat: 2\n    |', true)?.labels).toEqual(expect.arrayContaining(['as', 'steps']))
    expect(complete('steps:\n  - include: x.yaml\n    |', true)?.labels).toEqual(expect.arrayContaining(['with']))
  })
})
