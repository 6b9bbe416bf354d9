import { describe, expect, it } from 'vitest'
import { compilePlan } from '../../../src/main/scenarios/compile'
import { type ParseScenarioOptions, formatProblems, parseScenario } from '../../../src/main/scenarios/parse-scenario'

/*
 * Reading the language: `${…}` in scope (rounds, saved values, step values), typed references,
 * includes with parameters (missing, cycles, depth, what they may not have), templates, and what a
 * plan makes of them round by round.
 */

const story = (...steps: string[]) => ['version: 1', 'name: demo', 'provider: generic', 'vars: { app: "http://127.0.0.1:3000", rounds: 2 }', 'steps:', ...steps].join('\n')

function problems(text: string, options: ParseScenarioOptions = {}): string {
  const parsed = parseScenario(text, { fileName: 'demo.yaml', ...options })
  if (parsed.ok) throw new Error('expected problems')
  return formatProblems(parsed.problems, 'demo.yaml')
}

function scenario(text: string, options: ParseScenarioOptions = {}) {
  const parsed = parseScenario(text, { fileName: 'demo.yaml', ...options })
  if (!parsed.ok) throw new Error(formatProblems(parsed.problems, 'demo.yaml'))
  return parsed.scenario
}

const bodies = (text: string, options: ParseScenarioOptions = {}) =>
  compilePlan(scenario(text, options), 1).actions.flatMap((action) => (action.kind === 'fire' ? action.fires.map((fire) => fire.step.body) : []))

describe('rounds: ${i} and as:', () => {
  it('${i} is the round from 1, the innermost repeat\'s; as: names an outer one; an exact reference keeps the number', () => {
    const text = story('  - repeat: "${rounds}"', '    as: wave', '    steps:', '      - repeat: 2', '        steps:', '          - fire: deploy.started', '            body: { wave: "${wave}", n: "${i}", label: "w${wave}-${i}" }')
    expect(bodies(text)).toEqual([
      { wave: 1, n: 1, label: 'w1-1' },
      { wave: 1, n: 2, label: 'w1-2' },
      { wave: 2, n: 1, label: 'w2-1' },
      { wave: 2, n: 2, label: 'w2-2' },
    ])
  })

  it('--var reads text as the type the file gives the variable, and says so when it cannot', () => {
    const text = story('  - repeat: "${rounds}"', '    steps: [{ fire: deploy.started }]')
    expect(compilePlan(scenario(text, { vars: { rounds: '3' } }), 1).actions).toHaveLength(3)
    expect(problems(text, { vars: { rounds: 'three' } })).toBe('demo.yaml:4:47: vars.rounds: --var rounds=three: is a number in the file (2); give a number')
  })

  it.each([
    ['${i} outside a repeat', ['  - fire: deploy.started', '    body: { n: "${i}" }'], 'demo.yaml:7:16: steps[0].body.n: "${i}" is the round of the innermost repeat: it exists only inside a repeat'],
    ['a round in a repeat count', ['  - repeat: 2', '    steps:', '      - repeat: "${i}"', '        steps: [{ wait: 1s }]'], 'demo.yaml:8:17: steps[0].steps[0].repeat: "${i}" is known only when the run is planned, round by round; this value must be known when the file is read: use a number, text or a variable'],
    ['a value that flows in a wait', ['  - http: { url: "${app}/x" }', '    id: x', '  - wait: "${steps.x.response.status}s"'], 'demo.yaml:8:11: steps[1].wait: "${steps.x.response.status}" is known only when the step runs; this value must be known when the file is read: use a number, text or a variable'],
    ['a saved name used before the step that saves it', ['  - fire: deploy.started', '    body: { id: "${token}" }', '  - http: { url: "${app}/login" }', '    save: { token: response.body.token }'], 'demo.yaml:7:17: steps[0].body.id: "${token}" is saved by a later step (steps[1].save.token); use it after that step'],
    ['an unknown name', ['  - fire: deploy.started', '    body: { url: "${ap}" }'], 'demo.yaml:7:18: steps[0].body.url: unknown variable "ap"; did you mean "app"?'],
    ['a later step\'s value', ['  - fire: deploy.started', '    body: { id: "${steps.later.body.id}" }', '  - fire: deploy.succeeded', '    id: later'], 'demo.yaml:7:17: steps[0].body.id: no step before this one has the id "later"; give the fire or http step an id'],
    ['a load step\'s value', ['  - load: { fire: ping, rate: 10/s, for: 1s }', '    id: burst', '  - fire: deploy.started', '    body: { id: "${steps.burst.body.id}" }'], 'demo.yaml:9:17: steps[1].body.id: step "burst" (steps[0].id) is a load step: only fire and http steps have a body and an answer to refer to'],
    ['a step value that is no path', ['  - fire: deploy.started', '    id: a', '  - fire: deploy.succeeded', '    body: { id: "${steps.a.answer}" }'], 'demo.yaml:9:17: steps[1].body.id: "${steps.a.answer}" is not a step value: write ${steps.<id>.body.<path>}, ${steps.<id>.response.status}, ${steps.<id>.response.body.<path>} or ${steps.<id>.response.headers.<name>}'],
    ['a save that hides a variable', ['  - http: { url: "${app}/login" }', '    save: { app: response.body.url }'], 'demo.yaml:7:13: steps[0].save.app: "app" would hide the variable "app"; save it under another name'],
    ['a variable in an include path', ['  - include: "${app}.yaml"'], 'demo.yaml:6:14: steps[0].include: "${app}": a file path is written out; variables are not substituted in it'],
  ])('%s', (_, steps, message) => {
    expect(problems(story(...steps))).toBe(message)
  })

  it('$${ writes a literal ${ in what is sent', () => {
    expect(bodies(story('  - repeat: 1', '    steps:', '      - fire: deploy.started', '        body: { text: "$${i} stays, ${i} goes" }'))).toEqual([{ text: '$${i} stays, 1 goes' }])
  })
})

describe('includes', () => {
  const deploy = ['version: 1', 'name: deploy', 'provider: generic', 'vars: { service: checkout, n: 0 }', 'steps:', '  - fire: deploy.started', '    id: started', '    body: { service: "${service}", n: "${n}" }'].join('\n')

  it('a file next to the scenario runs in place, with its own vars overridden by with:', () => {
    const text = story('  - include: parts/deploy.yaml', '    with: { service: api }', '  - fire: deploy.succeeded', '    body: { id: "${steps.started.body.service}" }')
    expect(bodies(text, { files: { 'parts/deploy.yaml': deploy } })).toEqual([{ service: 'api', n: 0 }, { id: '${steps.started.body.service}' }])
  })

  it('a round passed through with: is the includer\'s, even where the included file repeats with ${i} of its own', () => {
    const inner = ['version: 1', 'name: twice', 'provider: generic', 'vars: { wave: 0 }', 'steps:', '  - repeat: 2', '    steps:', '      - fire: deploy.started', '        body: { wave: "${wave}", round: "${i}" }'].join('\n')
    const text = story('  - repeat: 2', '    steps:', '      - include: twice.yaml', '        with: { wave: "${i}" }')
    expect(bodies(text, { files: { 'twice.yaml': inner } })).toEqual([
      { wave: 1, round: 1 },
      { wave: 1, round: 2 },
      { wave: 2, round: 1 },
      { wave: 2, round: 2 },
    ])
  })

  it('its steps are named after the file in the plan, and its provider and context are its own', () => {
    const qovery = ['version: 1', 'name: q', 'provider: qovery', 'context: { project: Payments }', 'steps:', '  - fire: DEPLOYMENT_STARTED'].join('\n')
    const plan = compilePlan(scenario(story('  - include: q.yaml'), { files: { 'q.yaml': qovery } }), 1)
    expect(plan.actions[0]).toMatchObject({ kind: 'fire', path: 'steps[0] › q.yaml › steps[0]', fires: [{ provider: 'qovery', context: { project: 'Payments' } }] })
  })

  it.each([
    ['a missing file', { }, ['  - include: nope.yaml'], 'demo.yaml:6:14: steps[0].include: no file "nope.yaml" next to the scenario: an included file is read from the scenario\'s folder (the CLI), or is a saved scenario of that file name (the app)'],
    ['an absolute path', {}, ['  - include: /etc/passwd'], 'demo.yaml:6:14: steps[0].include: "/etc/passwd" is an absolute path; give it relative to the scenario file (e.g. ./passwd)'],
    ['a with: the file has no var for', { 'deploy.yaml': deploy }, ['  - include: deploy.yaml', '    with: { servce: api }'], 'demo.yaml:7:13: steps[0].with.servce: deploy.yaml has no variable "servce"; did you mean "service"?'],
  ])('%s', (_, files, steps, message) => {
    expect(problems(story(...steps), { files })).toBe(message)
  })

  it('refuses a cycle, naming the files round it', () => {
    const a = ['version: 1', 'name: a', 'provider: generic', 'steps:', '  - include: b.yaml'].join('\n')
    const b = ['version: 1', 'name: b', 'provider: generic', 'steps:', '  - include: ./a.yaml'].join('\n')
    expect(problems(story('  - include: loop/a.yaml'), { files: { 'loop/a.yaml': a, 'loop/b.yaml': b } })).toBe(
      'loop/b.yaml:5:14: steps[0].include: includes itself: the scenario → loop/a.yaml → loop/b.yaml → loop/a.yaml; an include cannot come back to a file that includes it',
    )
  })

  it('a file that includes itself', () => {
    expect(problems(story('  - include: demo.yaml'), { files: {} })).toMatch(/no file "demo.yaml"/)
    const self = ['version: 1', 'name: self', 'provider: generic', 'steps:', '  - include: self.yaml'].join('\n')
    expect(problems(story('  - include: self.yaml'), { files: { 'self.yaml': self } })).toBe('self.yaml:5:14: steps[0].include: includes itself: the scenario → self.yaml → self.yaml; an include cannot come back to a file that includes it')
  })

  it('an included file\'s own problems are placed in it, and it may not bring subscriptions, endpoints or a seed', () => {
    const bad = ['version: 1', 'name: bad', 'provider: generic', 'seed: 3', 'subscriptions: []', 'steps:', '  - wait: 5'].join('\n')
    expect(problems(story('  - include: bad.yaml'), { files: { 'bad.yaml': bad } }).split('\n')).toEqual([
      "bad.yaml:4:1: seed: an included file runs with the including scenario's seed; move them there (or run this file on its own)",
      "bad.yaml:5:1: subscriptions: an included file runs with the including scenario's subscriptions; move them there (or run this file on its own)",
      'bad.yaml:7:11: steps[0].wait: needs a unit: write 5s or 5ms (also m, h and d, e.g. 1h30m)',
    ])
  })

  it('includes nest at most 8 files deep, and their repeats count towards the limits of the whole', () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 10; i++) files[`f${i}.yaml`] = ['version: 1', `name: f${i}`, 'provider: generic', 'steps:', `  - include: f${i + 1}.yaml`].join('\n')
    files['f10.yaml'] = ['version: 1', 'name: leaf', 'provider: generic', 'steps:', '  - wait: 1s'].join('\n')
    expect(problems(story('  - include: f0.yaml'), { files })).toContain('f7.yaml:5:14: steps[0].include: includes go 9 files deep here; at most 8')
    const big = ['version: 1', 'name: big', 'provider: generic', 'steps:', '  - repeat: 1000', '    steps: [{ wait: 1s }]'].join('\n')
    expect(problems(story('  - repeat: 11', '    steps:', '      - include: big.yaml'), { files: { 'big.yaml': big } })).toMatch(/^demo\.yaml:6:13: steps\[0\]\.repeat: the scenario unrolls to 11,000 steps/)
  })
})

describe('generic bodies and templates', () => {
  it('a template file is the body, its ${…} sent as written; set: adds fields', () => {
    const text = story('  - repeat: 1', '    steps:', '      - fire: order.paid', '        template: order.json', '        set: { order.round: "${i}" }')
    const plan = compilePlan(scenario(text, { files: { 'order.json': '{"type":"{{event}}","note":"${not-a-var}"}' } }), 1)
    expect(plan.actions[0]).toMatchObject({ fires: [{ step: { body: { type: '{{event}}', note: '$${not-a-var}' }, set: { 'order.round': 1 } } }] })
  })

  it('a template that is not there or not JSON, and a body on a platform that builds its own', () => {
    expect(problems(story('  - fire: order.paid', '    template: order.json'), { files: { 'order.json': '{ nope' } })).toMatch(/^demo\.yaml:7:15: steps\[0\]\.template: order\.json is not JSON: /)
    const text = ['version: 1', 'name: demo', 'provider: divshot', 'steps:', '  - fire: release', '    body: { a: 1 }'].join('\n')
    expect(problems(text)).toBe('demo.yaml:6:5: steps[0].body: body is for generic events; divshot builds its own payload: change its values with set: (dot paths) or the context')
  })
})

describe('save: of what a fire sends', () => {
  const charles = (...steps: string[]) => ['version: 1', 'name: demo', 'provider: charlescd', 'steps:', ...steps].join('\n')

  it('a body path the platform\'s payload does not have is refused where it is written, with the fields there are', () => {
    expect(problems(charles('  - fire: START_DEPLOY', '    save: { circle: body.circleId }'))).toBe('demo.yaml:6:21: steps[0].save.circle: the START_DEPLOY payload has no circleId (the payload has subscriptionId, executionId, event)')
    expect(problems(charles('  - fire: START_DEPLOY', '    save: { circle: body.event.circle.idd }'))).toBe('demo.yaml:6:21: steps[0].save.circle: the START_DEPLOY payload has no event.circle.idd (event.circle has id, name); did you mean "id"?')
  })

  it('so is ${steps.<id>.body.<path>} of a path the payload of that fire step does not have', () => {
    const text = charles('  - fire: START_DEPLOY', '    id: start', '  - fire: FINISH_DEPLOY', '    set: { event.circle.id: "${steps.start.body.event.circle.ident}" }')
    expect(problems(text)).toBe('demo.yaml:8:29: steps[1].set["event.circle.id"]: ${steps.start.body.event.circle.ident}: the START_DEPLOY payload has no event.circle.ident (event.circle has id, name)')
    expect(scenario(charles('  - fire: START_DEPLOY', '    id: start', '  - fire: FINISH_DEPLOY', '    set: { event.circle.id: "${steps.start.body.event.circle.id}" }')).steps).toHaveLength(2)
  })

  it('a path it has, an answer, or a generic event\'s own body are not judged when the file is read', () => {
    expect(scenario(charles('  - fire: START_DEPLOY', '    save: { circle: body.event.circle.id, ticket: response.body.ticket }')).steps).toHaveLength(1)
    expect(scenario(story('  - fire: deploy.started', '    body: { mine: 1 }', '    save: { mine: body.mine, other: body.not.there }')).steps).toHaveLength(1)
  })
})

describe('tamper and expectations', () => {
  it('a fault no subscription of the file can carry is refused where it is written', () => {
    const text = ['version: 1', 'name: demo', 'provider: generic', 'subscriptions:', '  - name: app', '    url: http://127.0.0.1:3000/hooks', 'steps:', '  - fire: deploy.started', '    tamper: timestamp-stale'].join('\n')
    expect(problems(text)).toBe('demo.yaml:9:13: steps[0].tamper: timestamp-stale needs a scheme that signs a timestamp (standard, stripe); "app" signs with none: give it a signing: { scheme, secret }')
  })

  it('by: goes with the timestamp faults and replay; a tampered fire is not dropped or delayed', () => {
    expect(problems(story('  - fire: a', '    tamper: wrong-secret', '    by: 1m'))).toBe('demo.yaml:8:9: steps[0].by: by goes with tamper: timestamp-stale, timestamp-future or replay')
    expect(problems(story('  - fire: a', '    tamper: replay', '    drop: true'))).toMatch(/steps\[0\]\.tamper: a tampered fire is sent at once and judged by its answer/)
  })

  it('subscription: names one of the file\'s subscriptions', () => {
    const text = ['version: 1', 'name: demo', 'provider: generic', 'subscriptions:', '  - name: app', '    url: http://127.0.0.1:3000/hooks', 'steps:', '  - fire: a', '  - expect: { delivered: all, subscription: apps }'].join('\n')
    expect(problems(text)).toBe('demo.yaml:9:45: steps[1].expect.subscription: no subscription of the file is named "apps"; did you mean "app"?')
  })

  it('a predicate mixing its keys with others, and a pattern that is no regular expression', () => {
    const text = story('  - expect: { http: { url: "${app}/x", json: { a: { equals: 1, b: 2 }, c: { matches: "(" } } } }')
    expect(problems(text).split('\n')).toEqual([
      'demo.yaml:6:51: steps[0].expect.http.json.a: mixes predicate keys (equals) with other keys; to compare with an object that has such keys, write equals: {...}',
      'demo.yaml:6:86: steps[0].expect.http.json.c.matches: is not a regular expression: Unterminated group',
    ])
  })

  it('a subscription takes the scenario\'s provider when it names none, and may be disabled', () => {
    const text = ['version: 1', 'name: demo', 'provider: qovery', 'subscriptions:', '  - name: app', '    url: http://127.0.0.1:3000/hooks', '    enabled: false', '    events: [DEPLOYMENT_FAILED]', 'steps: [{ fire: DEPLOYMENT_STARTED }]'].join('\n')
    expect(problems(text)).toBe('demo.yaml:8:14: subscriptions[0].events[0]: unknown event "DEPLOYMENT_FAILED" for qovery; did you mean "DEPLOYMENT_FAILURE"?')
    expect(scenario(text.replace('DEPLOYMENT_FAILED', 'DEPLOYMENT_FAILURE')).subscriptions[0]).toMatchObject({ provider: 'qovery', enabled: false })
  })

  it('a missing key is required, whatever its type', () => {
    expect(problems(story('  - load: { rate: 10/s, for: 1s }'))).toBe('demo.yaml:6:11: steps[0].load.fire: is required (a string)')
    expect(problems(story('  - heartbeat: start'))).toBe('demo.yaml:6:5: steps[0].cluster: is required (a string)')
  })
})

describe('load steps and the limits', () => {
  it('a load counts its requests (rate × for) towards a bound of their own, with the fix', () => {
    expect(parseScenario(story('  - load: { fire: ping, rate: 200/s, for: 60s }'), { fileName: 'demo.yaml' }).ok).toBe(true)
    expect(problems(story('  - repeat: 2', '    steps:', '      - load: { fire: ping, rate: 2000/s, for: 30s }'))).toBe(
      "demo.yaml:6:13: steps[0].repeat: the scenario's load steps send 120,000 requests once repeats are multiplied out (rate × for each); a run sends at most 100,000. Lower a load's rate or duration or the repeat counts around it, or split the story into several scenarios",
    )
  })

  it('a rate past what a load step sends, and one that is no rate', () => {
    expect(problems(story('  - load: { fire: ping, rate: 6000/s, for: 1s }'))).toMatch(/steps\[0\]\.load\.rate: is more than 5000\/s, the most a load step sends/)
    expect(problems(story('  - load: { fire: ping, rate: 200, for: 1s }'))).toMatch(/steps\[0\]\.load\.rate: must be a rate like 200\/s or 600\/m/)
  })
})
