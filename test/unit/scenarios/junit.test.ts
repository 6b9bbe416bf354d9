import { describe, expect, it } from 'vitest'
import { BODY_EXCERPT_CHARS, type JunitSuite, junitReport } from '../../../src/main/scenarios/junit'
import { at, attempt, delivery, run, step } from '../../support/run-fixtures'
import { type XmlElement, findAll, parseXml } from '../../support/tiny-xml'

const parse = (suites: JunitSuite[]) => parseXml(junitReport(suites))

const only = (element: XmlElement, name: string) => {
  const found = findAll(element, name)
  expect(found).toHaveLength(1)
  return found[0]!
}

const failedRun = () => ({
  run: run({
    status: 'failed',
    reason: '1 expectation failed',
    steps: [
      step(0, { deliveryIds: ['d_ok'] }),
      step(1, { kind: 'wait', label: 'wait 2m' }),
      step(2, { status: 'failed', message: '1 of 2 deliveries failed', deliveryIds: ['d_ok', 'd_500'] }),
      step(3, { kind: 'expect', label: 'expect delivered: all', status: 'failed', message: 'd_500 was not delivered', deliveryIds: ['d_500'] }),
      step(4, { kind: 'expect', label: 'expect captures: 3', message: '3 captures' }),
      step(5, { status: 'skipped', message: 'after a failed expectation' }),
    ],
  }),
  deliveries: [
    delivery('d_ok'),
    delivery('d_500', {
      status: 'failed',
      reason: 'retries exhausted after 2 attempts',
      attempts: [
        attempt({ n: 1, outcome: 'retry', response: { status: 503, headers: [], body: 'busy', bodyBytes: 4, truncated: false } }),
        attempt({ n: 2, outcome: 'failed', response: { status: 500, headers: [], body: '{"error":"db down"}', bodyBytes: 19, truncated: false } }),
      ],
    }),
  ],
})

describe('junitReport', () => {
  it('writes one testsuite per run and one testcase per step, expectations included', () => {
    const report = parse([failedRun(), { run: run({ id: 'run_2', steps: [step(0)] }), deliveries: [] }])
    expect(report.name).toBe('testsuites')
    expect(report.attributes).toMatchObject({ tests: '7', failures: '2', errors: '0', skipped: '1', time: '10.000' })
    const suites = findAll(report, 'testsuite')
    expect(suites.map((suite) => findAll(suite, 'testcase').length)).toEqual([6, 1])
    expect(suites[0]!.attributes).toEqual({
      name: 'Ocean CD canary, verified',
      timestamp: at(0),
      tests: '6',
      failures: '2',
      errors: '0',
      skipped: '1',
      time: '5.000',
    })
    const names = findAll(suites[0]!, 'testcase').map((testcase) => testcase.attributes.name)
    expect(names).toContain('expect delivered: all')
  })

  it('names each case by its step id or label (stable when steps are inserted), classes it by scenario id, and times it in seconds', () => {
    const [first] = findAll(parse([failedRun()]), 'testcase')
    expect(first!.attributes).toEqual({ name: 'fire event-0', classname: 'ocean-cd-canary-verified', time: '0.250' })
    const steps = [step(0, { id: 'started' }), step(1, { kind: 'wait', label: 'wait 2m' }), step(2, { kind: 'wait', label: 'wait 2m' }), step(3, { kind: 'wait', label: 'wait 2m' })]
    const names = (list: typeof steps) => findAll(parse([{ run: run({ steps: list }), deliveries: [] }]), 'testcase').map((c) => c.attributes.name)
    expect(names(steps)).toEqual(['started', 'wait 2m', 'wait 2m #2', 'wait 2m #3'])
    // A step inserted before leaves the names after it as they were.
    const inserted = [step(0, { label: 'fire build.started' }), ...steps.map((s, i) => ({ ...s, index: i + 1, path: `steps[${i + 1}]` }))]
    expect(names(inserted)).toEqual(['fire build.started', 'started', 'wait 2m', 'wait 2m #2', 'wait 2m #3'])
  })

  it('a failed delivery no expectation asked for is a failure of its own, named by the step that sent it', () => {
    const suite = failedRun()
    suite.run.failures = [{ deliveryId: 'd_500', event: 'rollout-failed', subscriptionName: 'ci-hooks', stepIndex: 0, message: 'rollout-failed to http://127.0.0.1:3000/hooks: failed (HTTP 500)' }]
    const report = parse([suite])
    expect(report.attributes).toMatchObject({ tests: '7', failures: '3' })
    const last = findAll(report, 'testcase').at(-1)!
    expect(last.attributes).toEqual({ name: 'delivery of fire event-0: rollout-failed to ci-hooks', classname: 'ocean-cd-canary-verified', time: '0.000' })
    const failure = only(last, 'failure')
    expect(failure.attributes).toEqual({ message: 'rollout-failed to http://127.0.0.1:3000/hooks: failed (HTTP 500); no expectation asked for this delivery to fail', type: 'delivery' })
    expect(failure.text).toContain('last attempt 2: HTTP 500 Internal Server Error')
  })

  it('lists the run id, seed, scenario id, time scale and targets as properties', () => {
    const suite = run({ options: { targets: ['http://a.test/x', 'https://b.test/y'], timeScale: 0.5, vars: {} }, seed: 'abc' })
    const properties = findAll(parse([{ run: suite, deliveries: [] }]), 'property')
    expect(Object.fromEntries(properties.map(({ attributes }) => [attributes.name, attributes.value]))).toEqual({
      'hookbench.runId': 'run_1',
      'hookbench.scenarioId': 'ocean-cd-canary-verified',
      'hookbench.seed': 'abc',
      'hookbench.timeScale': '0.5',
      'hookbench.targets': 'http://a.test/x https://b.test/y',
      'hookbench.status': 'passed',
    })
  })

  it("gives failed steps the step's message and each failed delivery's last answer", () => {
    const cases = findAll(parse([failedRun()]), 'testcase')
    const failure = only(cases[2]!, 'failure')
    expect(failure.attributes).toEqual({ message: '1 of 2 deliveries failed', type: 'fire' })
    expect(failure.text).toContain('1 of 2 deliveries failed')
    expect(failure.text).toContain('delivery d_500 (ocean-cd rollout-failed to ci-hooks, http://127.0.0.1:3000/hooks): failed, retries exhausted after 2 attempts')
    expect(failure.text).toContain('last attempt 2: HTTP 500 Internal Server Error')
    expect(failure.text).toContain('body: {"error":"db down"}')
    expect(failure.text).not.toContain('d_ok')
    expect(failure.text).not.toContain('503')
    expect(only(cases[3]!, 'failure').attributes).toEqual({ message: 'd_500 was not delivered', type: 'expect' })
  })

  it('describes a transport error by its class and message', () => {
    const suite = failedRun()
    suite.deliveries[1] = delivery('d_500', {
      status: 'failed',
      attempts: [attempt({ response: undefined, error: { class: 'connection_refused', message: 'connect ECONNREFUSED 127.0.0.1:3000' }, outcome: 'failed' })],
    })
    const failure = only(findAll(parse([suite]), 'testcase')[3]!, 'failure')
    expect(failure.text).toContain('last attempt 1: connection_refused: connect ECONNREFUSED 127.0.0.1:3000')
  })

  it(`cuts response bodies to ${BODY_EXCERPT_CHARS} characters`, () => {
    const suite = failedRun()
    const body = '😀'.repeat(600)
    suite.deliveries[1] = delivery('d_500', {
      status: 'failed',
      attempts: [attempt({ outcome: 'failed', response: { status: 502, headers: [], body, bodyBytes: 2400, truncated: false } })],
    })
    const text = only(findAll(parse([suite]), 'testcase')[3]!, 'failure').text
    const excerpt = /^body: (.*)$/m.exec(text)![1]!
    expect(Array.from(excerpt)).toHaveLength(BODY_EXCERPT_CHARS)
    expect(excerpt.endsWith('😀…')).toBe(true)
  })

  it('marks a body cut when it was recorded, even when short', () => {
    const suite = failedRun()
    suite.deliveries[1] = delivery('d_500', {
      status: 'failed',
      attempts: [attempt({ outcome: 'failed', response: { status: 500, headers: [], body: 'abc', bodyBytes: 9000, truncated: true } })],
    })
    expect(only(findAll(parse([suite]), 'testcase')[3]!, 'failure').text).toContain('body: abc…')
  })

  it('skips skipped, cancelled and never-run steps, and flags a step left running as an error', () => {
    const suite = run({
      status: 'cancelled',
      reason: 'cancelled by the user',
      steps: [step(0, { status: 'skipped', message: 'after a failed expectation' }), step(1, { status: 'cancelled' }), step(2, { status: 'running', finishedAt: undefined }), step(3, { status: 'pending', startedAt: undefined, finishedAt: undefined })],
    })
    const report = parse([{ run: suite, deliveries: [] }])
    const cases = findAll(report, 'testcase')
    expect(cases.map((testcase) => testcase.children.map(({ name, attributes }) => [name, attributes.message]))).toEqual([
      [['skipped', 'after a failed expectation']],
      [['skipped', 'cancelled']],
      [['error', 'did not finish: cancelled by the user']],
      [['skipped', 'not run: cancelled by the user']],
    ])
    expect(cases[2]!.attributes.time).toBe('0.000')
    expect(report.attributes).toMatchObject({ tests: '4', failures: '0', errors: '1', skipped: '3' })
  })

  it('says what a passed step asserted and what it found, as system-out', () => {
    const cases = findAll(parse([failedRun()]), 'testcase')
    expect(only(cases[4]!, 'system-out').text).toBe('asserted: expect captures: 3\n3 captures')
    expect(only(cases[0]!, 'system-out').text).toBe('asserted: fire event-0')
  })

  it('escapes markup and quotes, keeps line breaks and tabs, and drops characters XML 1.0 cannot carry', () => {
    const nasty = `<a href="x">&amp; 'q'</a>]]>\u0000\u0001\u0008\u000b\u000c\u001f\ud800\ufffe\tend\r\nline`
    const suite = failedRun()
    suite.run.scenarioName = nasty
    suite.run.steps[2] = step(2, { status: 'failed', label: nasty, message: nasty, deliveryIds: ['d_500'] })
    suite.deliveries[1] = delivery('d_500', {
      status: 'failed',
      attempts: [attempt({ outcome: 'failed', response: { status: 500, headers: [], body: nasty, bodyBytes: 80, truncated: false } })],
    })
    const xml = junitReport([suite])
    for (const invalid of ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001f', '\ud800', '\ufffe']) expect(xml).not.toContain(invalid)
    expect(xml).not.toContain('<a href')
    expect(xml).not.toContain(']]>')

    const clean = `<a href="x">&amp; 'q'</a>]]>\tend\r\nline`
    const report = parseXml(xml)
    expect(only(report, 'testsuite').attributes.name).toBe(clean)
    const failure = only(findAll(report, 'testcase')[2]!, 'failure')
    expect(failure.attributes.message).toBe(clean)
    expect(findAll(report, 'testcase')[2]!.attributes.name).toBe(clean)
    expect(failure.text.startsWith(clean)).toBe(true)
    expect(failure.text).toContain(`body: ${clean}`)
  })

  it('is checked by a reader that rejects what is not well-formed', () => {
    const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    for (const bad of ['<a>&</a>', '<a>a < b</a>', '<a x="<"/>', "<a x='1'/>", '<a>\u0001</a>', '<a><b></a></b>', '<a/><b/>', '<a>&nbsp;</a>']) {
      expect(() => parseXml(declaration + bad), bad).toThrow()
    }
    expect(parseXml(`${declaration}<a x="&#10;&quot;">&lt;&amp;</a>`)).toEqual({ name: 'a', attributes: { x: '\n"' }, children: [], text: '<&' })
  })

  it('writes the same bytes for the same input', () => {
    expect(junitReport([failedRun()])).toBe(junitReport([failedRun()]))
    expect(junitReport([failedRun()])).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="hookbench" tests="6" failures="2" errors="0" skipped="1" time="5.000">
        <testsuite name="Ocean CD canary, verified" timestamp="2025-01-01T12:00:00.000Z" tests="6" failures="2" errors="0" skipped="1" time="5.000">
          <properties>
            <property name="hookbench.runId" value="run_1"/>
            <property name="hookbench.scenarioId" value="ocean-cd-canary-verified"/>
            <property name="hookbench.seed" value="42"/>
            <property name="hookbench.timeScale" value="0.01"/>
            <property name="hookbench.targets" value="http://127.0.0.1:3000/hooks"/>
            <property name="hookbench.status" value="failed"/>
            <property name="hookbench.reason" value="1 expectation failed"/>
          </properties>
          <testcase name="fire event-0" classname="ocean-cd-canary-verified" time="0.250">
            <system-out>asserted: fire event-0</system-out>
          </testcase>
          <testcase name="wait 2m" classname="ocean-cd-canary-verified" time="0.250">
            <system-out>asserted: wait 2m</system-out>
          </testcase>
          <testcase name="fire event-2" classname="ocean-cd-canary-verified" time="0.250">
            <failure message="1 of 2 deliveries failed" type="fire">1 of 2 deliveries failed

      delivery d_500 (ocean-cd rollout-failed to ci-hooks, http://127.0.0.1:3000/hooks): failed, retries exhausted after 2 attempts
      last attempt 2: HTTP 500 Internal Server Error
      body: {"error":"db down"}</failure>
          </testcase>
          <testcase name="expect delivered: all" classname="ocean-cd-canary-verified" time="0.250">
            <failure message="d_500 was not delivered" type="expect">d_500 was not delivered

      delivery d_500 (ocean-cd rollout-failed to ci-hooks, http://127.0.0.1:3000/hooks): failed, retries exhausted after 2 attempts
      last attempt 2: HTTP 500 Internal Server Error
      body: {"error":"db down"}</failure>
          </testcase>
          <testcase name="expect captures: 3" classname="ocean-cd-canary-verified" time="0.250">
            <system-out>asserted: expect captures: 3
      3 captures</system-out>
          </testcase>
          <testcase name="fire event-5" classname="ocean-cd-canary-verified" time="0.250">
            <skipped message="after a failed expectation"/>
          </testcase>
        </testsuite>
      </testsuites>
      "
    `)
  })

  it('writes an empty report for no runs', () => {
    expect(junitReport([])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="hookbench" tests="0" failures="0" errors="0" skipped="0" time="0.000">\n</testsuites>\n',
    )
  })
})
