import { describe, expect, it } from 'vitest'
import { parseScenario } from '../../../src/main/scenarios/parse-scenario'
import { UNREACHABLE, connectionText, inUiWords, transportFailure } from '../../../src/renderer/src/api/engine-words'
import { problemText } from '../../../src/renderer/src/store/scenarios/problems'

describe('when the engine cannot be reached', () => {
  it('says "no answer" in words, whatever the browser calls it', () => {
    for (const browserText of ['Failed to fetch', 'NetworkError when attempting to fetch resource.', 'Load failed']) {
      expect(transportFailure(new TypeError(browserText))).toBe(`${UNREACHABLE}: no answer (is Hookbench still running?)`)
    }
  })

  it('tells an answer that is not the engine’s (a proxy page) from no answer', () => {
    expect(transportFailure(new SyntaxError('Unexpected token < in JSON'), 502)).toBe(
      `${UNREACHABLE}: the server answered HTTP 502, not the engine (a proxy, or another program on this port?)`,
    )
  })

  it('keeps any other reason as it is', () => {
    expect(transportFailure('socket closed')).toBe(`${UNREACHABLE}: socket closed`)
  })
})

describe('the status bar', () => {
  it('says "Engine unreachable" once, even when the reason already starts with it', () => {
    const reason = transportFailure(new TypeError('Failed to fetch'))
    expect(connectionText('unreachable', reason)).toBe('Engine unreachable: no answer (is Hookbench still running?)')
    expect(connectionText('unreachable', 'Engine unreachable: Engine unreachable')).toBe('Engine unreachable')
    expect(connectionText('unreachable', undefined)).toBe('Engine unreachable')
    expect(connectionText('unreachable', 'timed out')).toBe('Engine unreachable: timed out')
  })

  it('names the other states', () => {
    expect(connectionText('connected', 'old reason')).toBe('Engine connected')
    expect(connectionText('connecting', undefined)).toBe('Connecting…')
  })
})

describe('engine messages in the UI’s words', () => {
  it('an unknown scenario variable points at the run’s Variables field, not at --var', () => {
    const parsed = parseScenario('version: 1\nname: x\nprovider: generic\nsteps:\n  - fire: deploy.started\n    body: { to: "${app}" }\n')
    if (parsed.ok) throw new Error('an unknown variable must be a problem')
    const shown = inUiWords(parsed.problems[0]!.message)
    expect(shown).toMatch(/^unknown variable "app"; define it under vars, set app=… in Variables when you run it, or save it on an earlier step/)
    expect(shown).not.toMatch(/--[a-z]/)
  })

  it('the studio’s problem list shows problems that way, path first', () => {
    const message = 'unknown variable "nope"; define it under vars, pass --var nope=..., or save it on an earlier step (save: { nope: body.<path> })'
    expect(problemText({ path: 'steps[0].set["a.b"]', message })).toBe(
      'steps[0].set["a.b"]: unknown variable "nope"; define it under vars, set nope=… in Variables when you run it, or save it on an earlier step (save: { nope: body.<path> })',
    )
  })

  it('leaves every other message alone', () => {
    const message = 'steps[3].fire: unknown event "rolout-failed" for ocean-cd; did you mean "rollout-failed"?'
    expect(inUiWords(message)).toBe(message)
  })
})
