import { describe, expect, it } from 'vitest'
import { parseScenario } from '../../../src/main/scenarios/parse-scenario'

/*
 * Scenario files are a way in for headers Node refuses to send (the run would fail on them, or
 * crash a receiver's answer) and for absurd nesting: both are problems of the file, with a line.
 */

const file = (extra: string) => `version: 1
name: hostile
provider: generic
${extra}
steps:
  - fire: deployed
`

const problemsOf = (text: string, fileName = 'hostile.yaml') => {
  const result = parseScenario(text, { fileName })
  return result.ok ? [] : result.problems
}

describe('headers in a scenario file', () => {
  it('a subscription header name with a space, as a map: reported on its line', () => {
    const problems = problemsOf(file(`subscriptions:
  - name: app
    provider: generic
    url: http://127.0.0.1:3000/hooks
    headers:
      X Team: infra`))
    expect(problems).toEqual([{ path: 'subscriptions[0].headers["X Team"]', message: expect.stringMatching(/"X Team" is not a header name/), line: 9, column: 15 }])
  })

  it('a line break in a value, as pairs; a fire step header too', () => {
    const text = file(`subscriptions:
  - name: app
    provider: generic
    url: http://127.0.0.1:3000/hooks
    headers: [["X-Team", "a\\r\\nX-Injected: 1"]]`).replace('  - fire: deployed', '  - fire: deployed\n    headers: { "Bad:Name": v }')
    const problems = problemsOf(text)
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['subscriptions[0].headers[0][1]', 8],
      ['steps[0].headers["Bad:Name"]', 11],
    ])
    expect(problems[0]!.message).toMatch(/the value of "X-Team" holds a line break/)
  })

  it('an hmacHeader with a space', () => {
    const problems = problemsOf(file(`subscriptions:
  - name: app
    provider: generic
    url: http://127.0.0.1:3000/hooks
    signing: { scheme: hmac-sha256, secret: a-long-enough-secret, hmacHeader: X Sig }`))
    expect(problems).toEqual([expect.objectContaining({ path: 'subscriptions[0].signing.hmacHeader', message: expect.stringMatching(/"X Sig" is not a header name/) })])
  })

  it('an endpoint scripting a header the receiver could not answer with', () => {
    const problems = problemsOf(file(`endpoints:
  - name: flaky
    response: { status: 503, headers: { "Retry After": "1" } }`))
    expect(problems).toEqual([expect.objectContaining({ path: 'endpoints[0].response.headers["Retry After"]', line: 6 })])
  })

  it('good headers still pass', () => {
    expect(parseScenario(file(`subscriptions:
  - name: app
    provider: generic
    url: http://127.0.0.1:3000/hooks
    headers: { X-Team: infra, "X-Trace~1": "a b\\tc" }`)).ok).toBe(true)
  })
})

describe('nesting in a scenario file', () => {
  const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`

  it.each([
    ['YAML', 'hostile.yaml', file('').replace('  - fire: deployed', `  - fire: deployed\n    set: { data.release: ${deep} }`)],
    ['JSON', 'hostile.json', JSON.stringify({ version: 1, name: 'x', provider: 'generic', steps: [{ fire: 'deployed' }] }).replace('"deployed"', `"deployed","set":{"a":${deep}}`)],
  ])('%s nested 5,000 levels deep: one problem saying so', (_what, fileName, text) => {
    const problems = problemsOf(text, fileName)
    expect(problems).toHaveLength(1)
    expect(problems[0]!.message).toMatch(/nested more than 64 levels deep$/)
  })
})
