import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type ParseScenarioOptions, formatProblems, parseScenario, parseVarOption } from '../../../src/main/scenarios/parse-scenario'
import { formatPath } from '../../../src/main/scenarios/problem-path'

const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'scenarios', name), 'utf8')

function problemsOf(text: string, options: ParseScenarioOptions = {}) {
  const result = parseScenario(text, options)
  if (result.ok) throw new Error('expected problems')
  return result.problems
}

/** A valid scenario whose steps are the given YAML lines (steps start on line 5). */
const withSteps = (...lines: string[]) => ['version: 1', 'name: demo', 'provider: ocean-cd', 'steps:', ...lines].join('\n')

describe('valid files', () => {
  it('the YAML and JSON of the same scenario parse to the same value', () => {
    const yaml = parseScenario(fixture('ocean-cd-rollback.yaml'), { fileName: 'ocean-cd-rollback.yaml' })
    const json = parseScenario(fixture('ocean-cd-rollback.json'), { fileName: 'ocean-cd-rollback.json' })
    expect(yaml.ok && json.ok).toBe(true)
    expect(yaml).toEqual(json)
    if (!yaml.ok) return
    expect(yaml.scenario.subscriptions).toMatchObject([{ url: 'http://127.0.0.1:4781/r/inbox', headers: [['X-Team', 'payments']], keep: false }])
    expect(yaml.scenario.steps.slice(0, 7)).toMatchObject([
      { heartbeat: 'start', cluster: 'prod-eu-1' },
      { fire: 'rollout-started', id: 'started' },
      { wait: 2000 },
      {},
      {},
      { heartbeat: 'stop', cluster: 'prod-eu-1' },
      { wait: 300_000 },
    ])
  })

  it('JSON is recognised by its first character when there is no file name', () => {
    expect(parseScenario(fixture('ocean-cd-rollback.json')).ok).toBe(true)
  })

  it('a scenario with every fault and nested steps parses', () => {
    const result = parseScenario(fixture('qovery-faults.yaml'))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.scenario.subscriptions[0]).toMatchObject({ url: 'http://127.0.0.1:3000/hooks/qovery', signing: { scheme: 'native', secret: 's3cr3t' } })
    expect(result.scenario.steps[3]).toMatchObject({ repeat: 2, steps: [{ delay: true }, { headers: [['X-Request-Id', 'retry-check']] }, { wait: 250 }] })
    expect(result.scenario.steps.at(-2)).toEqual({
      expect: { http: { url: 'http://127.0.0.1:3000/status/shop', method: 'GET', status: 200, json: { 'deploy.state': { equals: 'succeeded' }, 'deploy.duplicates': { equals: 1 } }, timeout: 30_000 } },
    })
  })

  it('--var values override the file and show in the parsed vars', () => {
    const result = parseScenario(fixture('qovery-faults.yaml'), { vars: { app: 'https://staging.example.com' } })
    expect(result).toMatchObject({ ok: true, scenario: { vars: { app: 'https://staging.example.com', secret: 's3cr3t' }, subscriptions: [{ url: 'https://staging.example.com/hooks/qovery' }] } })
  })

  it('generic takes any event name; a step may name its own provider', () => {
    expect(parseScenario(withSteps('  - fire: build.finished', '    provider: generic', '  - fire: release', '    provider: divshot')).ok).toBe(true)
  })
})

describe('problems name their path and, in YAML, their line and column', () => {
  it('an unknown event, with a suggestion', () => {
    const text = withSteps('  - fire: rollout-started', '  - wait: 1s', '  - wait: 2s', '  - fire: rolout-failed')
    expect(problemsOf(text)).toEqual([
      { path: 'steps[3].fire', message: 'unknown event "rolout-failed" for ocean-cd; did you mean "rollout-failed"?', line: 8, column: 11 },
    ])
  })

  it.each([
    ['a step provider changes the catalog', ['  - fire: rollout-started', '    provider: qovery'], 'steps[0].fire', /^unknown event "rollout-started" for qovery; its events are DEPLOYMENT_STARTED, /, 5, 11],
    ['a misspelt key', ['  - fire: rollout-started', '    provder: qovery'], 'steps[0].provder', /^unknown key "provder"; did you mean "provider"\?$/, 6, 5],
    ['a misspelt step kind', ['  - wiat: 1s'], 'steps[0].wiat', /^unknown step "wiat"; did you mean "wait"\?$/, 5, 5],
    ['two kinds in one step', ['  - fire: rollout-started', '    wait: 1s'], 'steps[0]', /exactly one of fire, wait, .*; this one has fire and wait$/, 5, 5],
    ['a bad duration', ['  - wait: 30x'], 'steps[0].wait', /^must be a duration like 250ms/, 5, 11],
    ['a missing key', ['  - heartbeat: stop'], 'steps[0].cluster', /^is required/, 5, 5],
    ['a nested step', ['  - repeat: 2', '    steps:', '      - parallel:', '          - wait: soon'], 'steps[0].steps[0].parallel[0].wait', /^must be a duration/, 8, 19],
    ['an unknown expectation', ['  - expect: { deliverd: all }'], 'steps[0].expect.deliverd', /did you mean "delivered" or "delivery"\?$/, 5, 15],
    ['a reference to no step', ['  - fire: rollout-started', '    id: start', '  - duplicate: strat'], 'steps[1].duplicate', /^unknown step id "strat"; did you mean "start"\?$/, 7, 16],
    ['a reference to a later step', ['  - expect: { delivery: { step: end } }', '  - fire: rollout-finished', '    id: end'], 'steps[0].expect.delivery.step', /^step "end" comes later \(steps\[1\]\.id\)/, 5, 33],
    ['a duplicate id', ['  - fire: rollout-started', '    id: a', '  - fire: rollout-finished', '    id: a'], 'steps[1].id', /^duplicate step id "a" \(first used at steps\[0\]\.id\)$/, 8, 9],
    ['too many rounds', ['  - repeat: 5000', '    steps: [{ wait: 1s }]'], 'steps[0].repeat', /^5000 is too big: at most 1000$/, 5, 13],
    ['a round count with a fraction', ['  - repeat: 2.5', '    steps: [{ wait: 1s }]'], 'steps[0].repeat', /^2\.5 is not a whole number/, 5, 13],
    ['no rounds', ['  - repeat: 0', '    steps: [{ wait: 1s }]'], 'steps[0].repeat', /^0 is too small: at least 1$/, 5, 13],
    ['an empty repeat', ['  - repeat: 2', '    steps: []'], 'steps[0].steps', /^is empty: at least 1 item$/, 6, 12],
  ])('%s', (_, lines, path, message, line, column) => {
    const problems = problemsOf(withSteps(...lines))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ path, message: expect.stringMatching(message), line, column })
  })

  it('says a wrong format version in words', () => {
    expect(problemsOf(['version: 2', 'name: demo', 'provider: ocean-cd', 'steps: [{ wait: 1s }]'].join('\n'))).toMatchObject([{ path: 'version', message: '2 is not allowed here: write 1' }])
  })

  it('subscription urls, events and options', () => {
    const text = [
      'version: 1',
      'name: demo',
      'provider: qovery',
      'vars: { host: "not a url" }',
      'subscriptions:',
      '  - name: a',
      '    url: ${host}',
      '    provider: qovery',
      '    events: [DEPLOYMENT_FAILED]',
      '    options: { kind: EMAIL }',
      'steps: [{ wait: 1s }]',
    ].join('\n')
    expect(problemsOf(text)).toEqual([
      { path: 'subscriptions[0].url', message: 'must be an http:// or https:// URL', line: 7, column: 10 },
      { path: 'subscriptions[0].events[0]', message: 'unknown event "DEPLOYMENT_FAILED" for qovery; did you mean "DEPLOYMENT_FAILURE"?', line: 9, column: 14 },
      { path: 'subscriptions[0].options.kind', message: expect.stringContaining('STANDARD'), line: 10, column: 22 },
    ])
  })

  it('an unknown variable names where it is used', () => {
    const text = ['version: 1', 'name: demo', 'provider: ocean-cd', 'vars: { host: x }', 'steps:', '  - fire: rollout-started', '    set: { a.b: "${hots}" }'].join('\n')
    expect(problemsOf(text)).toEqual([{ path: 'steps[0].set["a.b"]', message: 'unknown variable "hots"; did you mean "host"?', line: 7, column: 17 }])
  })

  it('a YAML syntax error has its line and column', () => {
    expect(problemsOf(withSteps('  - fire: [rollout-started', '  - wait: 1s'))).toEqual([
      expect.objectContaining({ path: '(root)', message: expect.stringMatching(/^invalid YAML: /), line: 6, column: 3 }),
    ])
  })

  it('JSON problems are placed too, syntax errors included', () => {
    expect(problemsOf('{\n  "version": 1,\n  "name": "x",\n}', { fileName: 'a.json' })).toEqual([
      // The wording is V8's and changes between Node versions; the position is ours.
      { path: '(root)', message: expect.stringMatching(/^invalid JSON: (?!.*position)/), line: 4, column: 1 },
    ])
    const json = '{\n  "version": 1, "name": "x", "provider": "qovery",\n  "steps": [\n    { "fire": "deployment_failure" }\n  ]\n}'
    expect(problemsOf(json)).toEqual([
      { path: 'steps[0].fire', message: 'unknown event "deployment_failure" for qovery; did you mean "DEPLOYMENT_FAILURE"?', line: 4, column: 15 },
    ])
  })
})

describe('reporting', () => {
  it('reports every problem at once, in file order', () => {
    const text = [
      'version: 2',
      'name: demo',
      'provider: ocean-cd',
      'steps:',
      '  - fire: rolout-started',
      '  - wait: 1 minute',
      '  - duplicate: nowhere',
      '  - fire: rollout-failed',
      '    colour: red',
    ].join('\n')
    expect(problemsOf(text).map((p) => `${p.line}:${p.column} ${p.path}`)).toEqual([
      '1:10 version',
      '5:11 steps[0].fire',
      '6:11 steps[1].wait',
      '7:16 steps[2].duplicate',
      '9:5 steps[3].colour',
    ])
  })

  it('formats problems one per line', () => {
    const problems = problemsOf(withSteps('  - wiat: 1s'))
    expect(formatProblems(problems, 'demo.yaml')).toBe('demo.yaml:5:5: steps[0].wiat: unknown step "wiat"; did you mean "wait"?')
  })

  it('never throws, whatever the input', () => {
    for (const text of ['', 'null', '42', '[]', '{', '- a\nb: c', 'a: &x [*x]', '\u0000\u0001', 'steps: [{}]', '{"steps": [1, "x", null]}', '---\na: 1\n---\nb: 2', `${'['.repeat(5000)}${']'.repeat(5000)}`]) {
      expect(parseScenario(text).ok, text).toBe(false)
    }
    expect(problemsOf('')).toEqual([{ path: '(root)', message: expect.stringContaining('empty') }])
  })
})

describe('helpers', () => {
  it('formatPath', () => {
    expect(formatPath([])).toBe('(root)')
    expect(formatPath(['steps', 3, 'fire'])).toBe('steps[3].fire')
    expect(formatPath(['steps', 0, 'set', 'data.release.version'])).toBe('steps[0].set["data.release.version"]')
  })

  it('parseVarOption keeps the value as text', () => {
    expect(parseVarOption('host=http://x:1/a=b')).toEqual({ ok: true, data: { name: 'host', value: 'http://x:1/a=b' } })
    expect(parseVarOption('n=3')).toEqual({ ok: true, data: { name: 'n', value: '3' } })
    expect(parseVarOption('=x').ok).toBe(false)
    expect(parseVarOption('bad name=x').ok).toBe(false)
  })
})

describe('hostile YAML', () => {
  it('reports a "billion laughs" file (aliases expanding past the budget) as a problem instead of throwing', () => {
    const levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 9; i++) levels.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`)
    const result = parseScenario(`${levels.join('\n')}\nname: *a8\n`, { fileName: 'bomb.yaml' })
    expect(result).toEqual({ ok: false, problems: [{ path: '(root)', message: expect.stringMatching(/^invalid YAML: Excessive alias count/) }] })
  })
})

describe('what a run would refuse or silently change is a problem at validation, with its place', () => {
  const scenario = (...lines: string[]) => ['version: 1', 'name: demo', 'provider: generic', ...lines].join('\n')
  const receiver = 'http://127.0.0.1:4781/'

  it('a step header a subscription\'s signer would overwrite', () => {
    const text = scenario(
      'subscriptions:',
      '  - name: app',
      '    url: http://127.0.0.1:3000/hooks',
      '    provider: generic',
      '    signing: { scheme: standard, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }',
      'steps:',
      '  - fire: deploy.started',
      '    headers: { webhook-timestamp: "1", X-Team: infra }',
    )
    expect(problemsOf(text)).toEqual([
      {
        path: 'steps[0].headers.webhook-timestamp',
        message: '"webhook-timestamp" is written by the standard signer of subscription "app", which would replace this value: leave the header to the signer (a subscription signed with scheme none sends yours)',
        line: 11,
        column: 16,
      },
    ])
    // Unsigned, the header is the file's to send.
    expect(parseScenario(text.replace('signing: { scheme: standard, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }', 'signing: { scheme: none }')).ok).toBe(true)
  })

  it('a subscription header its own signer writes (a platform secret header too)', () => {
    const text = ['version: 1', 'name: demo', 'provider: qovery', 'subscriptions:', '  - name: app', '    url: http://127.0.0.1:3000/hooks', '    provider: qovery', '    signing: { scheme: native, secret: s3cr3t }', '    headers: { Qovery-Secret: other }', 'steps:', '  - fire: DEPLOYMENT_STARTED', '    filteredOut: true'].join('\n')
    expect(problemsOf(text)).toMatchObject([{ path: 'subscriptions[0].headers.Qovery-Secret', message: expect.stringContaining('written by the native signer of subscription "app"'), line: 9, column: 16 }])
  })

  it('a secret the scheme refuses', () => {
    const text = scenario('subscriptions:', '  - name: app', '    url: http://127.0.0.1:3000/hooks', '    provider: generic', '    signing: { scheme: standard, secret: not-base64! }', 'steps:', '  - fire: deploy.started')
    expect(problemsOf(text)).toMatchObject([{ path: 'subscriptions[0].signing.secret', line: 8, column: 42 }])
  })

  it('a set: path the payload does not have (a generic body takes new fields)', () => {
    const text = ['version: 1', 'name: demo', 'provider: divshot', 'steps:', '  - fire: release', '    set: { data.nope: 1, data.release.version: 2 }'].join('\n')
    expect(problemsOf(text)).toEqual([{ path: 'steps[0].set["data.nope"]', message: 'data.nope: no such field in this payload', line: 6, column: 12 }])
    expect(parseScenario(scenario('steps:', '  - fire: deploy.started', '    set: { data.nope: 1, data.version: "2" }')).ok).toBe(true)
  })

  it('a receiver endpoint the file does not declare, in a subscription URL or a received expectation', () => {
    const text = scenario(
      'endpoints:',
      '  - name: flaky',
      'subscriptions:',
      '  - name: app',
      `    url: ${receiver}r/flakey`,
      '    provider: generic',
      'steps:',
      '  - fire: deploy.started',
      '  - expect: { received: { endpoint: flakky, count: 1 } }',
    )
    expect(problemsOf(text, { vars: { receiver } })).toEqual([
      { path: 'subscriptions[0].url', message: 'the file declares no endpoint "flakey"; did you mean "flaky"?', line: 8, column: 10 },
      { path: 'steps[1].expect.received.endpoint', message: 'the file declares no endpoint "flakky"; did you mean "flaky"?', line: 12, column: 37 },
    ])
    expect(parseScenario(text.replace('r/flakey', 'r/flaky').replace('endpoint: flakky', 'endpoint: flaky'), { vars: { receiver } }).ok).toBe(true)
  })

  it('a second slash after ${receiver}, which ends with one: with the fix', () => {
    const text = scenario('subscriptions:', '  - name: app', '    url: ${receiver}/r/inbox', '    provider: generic', 'steps:', '  - fire: deploy.started', '  - http: { url: "${receiver}/r/inbox" }')
    const said = { path: 'subscriptions[0].url', message: '${receiver} already ends with "/": write "${receiver}r/inbox"', line: 6, column: 10 }
    expect(problemsOf(text, { vars: { receiver } })).toEqual([said, { ...said, path: 'steps[1].http.url', line: 10, column: 18 }])
    expect(parseScenario(text.replaceAll('${receiver}/', '${receiver}'), { vars: { receiver } }).ok).toBe(true)
  })

  it('a controller stopped before the file started it', () => {
    const text = ['version: 1', 'name: demo', 'provider: ocean-cd', 'steps:', '  - heartbeat: stop', '    cluster: prod-eu-1', '  - heartbeat: start', '    cluster: prod-eu-1'].join('\n')
    expect(problemsOf(text)).toEqual([
      {
        path: 'steps[0].heartbeat',
        message: 'the run never started a controller for prod-eu-1, so there is none to stop: add "- heartbeat: start" with "cluster: prod-eu-1" before this step',
        line: 5,
        column: 16,
      },
    ])
  })
})
