import { describe, expect, it } from 'vitest'
import { formatProblems, parseScenario } from '../../../src/main/scenarios/parse-scenario'
import { compileScenario } from '../../../src/main/scenarios/compile'
import { MAX_DURATION_MS, MAX_NESTING, MAX_STORY_MS, MAX_UNROLLED_STEPS } from '../../../src/shared/schemas/scenario-limits'
import { parseDuration } from '../../../src/shared/schemas/scenario'

/** A scenario whose steps are the given YAML lines (steps start on line 5). */
const withSteps = (...lines: string[]) => ['version: 1', 'name: demo', 'provider: ocean-cd', 'steps:', ...lines].join('\n')

function problems(text: string): string {
  const result = parseScenario(text, { fileName: 'big.yaml' })
  if (result.ok) throw new Error('expected problems')
  return formatProblems(result.problems, 'big.yaml')
}

const accepted = (text: string) => {
  const result = parseScenario(text, { fileName: 'ok.yaml' })
  if (!result.ok) throw new Error(formatProblems(result.problems, 'ok.yaml'))
  return result.scenario
}

/** `repeat: count` around `inner` (YAML lines), indented to sit in a steps list at `depth`. */
function nestedRepeats(counts: number[], leaf: string[]): string[] {
  const lines: string[] = []
  counts.forEach((count, level) => {
    const pad = '  '.repeat(2 * level + 1)
    lines.push(`${pad}- repeat: ${count}`, `${pad}  steps:`)
  })
  const pad = '  '.repeat(2 * counts.length + 1)
  return [...lines, ...leaf.map((line) => pad + line)]
}

describe('a single wait or timeout', () => {
  it('refuses a wait past 10 years with its line and column, the limit and the fix', () => {
    expect(problems(withSteps('  - fire: rollout-started', '  - wait: 99999999999h'))).toBe(
      'big.yaml:6:11: steps[1].wait: is longer than 10 years (87600h), the longest a single wait or timeout; shorten it (a longer story is several waits, 100 years (876000h) at most in all)',
    )
  })

  it('refuses durations too long for any number with the same words, and a bare number for its missing unit', () => {
    for (const wait of [`${'9'.repeat(400)}h`, `${MAX_DURATION_MS + 1}ms`]) {
      expect(problems(withSteps(`  - wait: ${wait}`))).toMatch(/^big\.yaml:5:11: steps\[0\]\.wait: is longer than 10 years \(87600h\)/)
    }
    for (const wait of ['1e300', String(Number.MAX_SAFE_INTEGER + 2)]) expect(problems(withSteps(`  - wait: ${wait}`))).toMatch(/: steps\[0\]\.wait: needs a unit/)
    expect(parseDuration(`${'9'.repeat(400)}h`)).toBe(Number.POSITIVE_INFINITY)
  })

  it('takes the longest wait there is, and the same limit holds for within and timeout', () => {
    expect(accepted(withSteps('  - wait: 87600h')).steps).toEqual([{ wait: MAX_DURATION_MS }])
    const text = withSteps(
      '  - fire: rollout-started',
      '  - expect: { delivery: { within: 87601h } }',
      '  - expect: { http: { url: "http://127.0.0.1:1/", timeout: 87601h } }',
    )
    const where = problems(text)
      .split('\n')
      .map((line) => /^big\.yaml:(\d+:\d+): (\S+): is longer than 10 years/.exec(line)?.slice(1).join(' '))
    expect(where).toEqual(['6:35 steps[1].expect.delivery.within', '7:60 steps[2].expect.http.timeout'])
  })

  it('refuses a number without a unit, offering both readings', () => {
    expect(problems(withSteps('  - wait: 90'))).toBe('big.yaml:5:11: steps[0].wait: needs a unit: write 90s or 90ms (also m, h and d, e.g. 1h30m)')
    expect(problems(withSteps('  - wait: 1.5'))).toBe('big.yaml:5:11: steps[0].wait: needs a unit: write 1.5s or 1.5ms (also m, h and d, e.g. 1h30m)')
    expect(problems(withSteps('  - expect: { http: { url: "http://127.0.0.1:1/", timeout: 5 } }'))).toMatch(/steps\[0\]\.expect\.http\.timeout: needs a unit: write 5s or 5ms/)
  })
})

describe('steps a run unrolls to', () => {
  it('refuses three nested repeat: 1000, at the repeat that alone goes over the limit', () => {
    const text = withSteps(...nestedRepeats([1000, 1000, 1000], ['- fire: rollout-started']))
    expect(problems(text)).toBe(
      'big.yaml:7:17: steps[0].steps[0].repeat: the scenario unrolls to 1,000,000,000 steps once repeats are multiplied out (1,000,000 of them from this step); a run has at most 10,000 steps. Lower the repeat counts, or split the story into several scenarios',
    )
  })

  it('takes exactly the limit, and one step more is refused where the total goes over', () => {
    const atLimit = withSteps(...nestedRepeats([100, 100], ['- wait: 0ms']))
    expect(compileScenario(accepted(atLimit), 1)).toHaveLength(MAX_UNROLLED_STEPS)
    expect(problems(`${atLimit}\n  - fire: rollout-started`)).toBe(
      'big.yaml:10:5: steps[1]: the scenario unrolls to 10,001 steps once repeats are multiplied out (1 of them from this step); a run has at most 10,000 steps. Lower the repeat counts, or split the story into several scenarios',
    )
  })

  it('counts the steps of parallel and reorder groups one by one', () => {
    const parallel = ['- parallel:', ...Array.from({ length: 11 }, () => '    - fire: rollout-started')]
    expect(problems(withSteps(...nestedRepeats([1000], parallel)))).toMatch(/^big\.yaml:5:13: steps\[0\]\.repeat: the scenario unrolls to 11,000 steps/)
  })
})

describe('story length', () => {
  it('refuses waits that add up past 100 years, repeats multiplied out', () => {
    const text = withSteps('  - fire: rollout-started', ...nestedRepeats([11], ['- wait: 87600h']))
    expect(problems(text)).toBe(
      "big.yaml:6:13: steps[1].repeat: the story's waits add up to 110 years (963,600h) once repeats are multiplied out (waits in parallel counted one after another); a story lasts at most 100 years (876000h). Shorten the waits or lower the repeat counts",
    )
  })

  it('takes a story of exactly 100 years', () => {
    const scenario = accepted(withSteps(...nestedRepeats([10], ['- wait: 87600h'])))
    const waits = compileScenario(scenario, 1).map((action) => (action.kind === 'wait' ? (action.ms ?? 0) : 0))
    expect(waits.reduce((a, b) => a + b)).toBe(MAX_STORY_MS)
  })
})

describe('nesting', () => {
  it(`takes repeat and parallel ${MAX_NESTING} deep and refuses one level more, once per branch`, () => {
    expect(accepted(withSteps(...nestedRepeats(Array(MAX_NESTING).fill(1), ['- fire: rollout-started']))).steps).toHaveLength(1)
    const tooDeep = problems(withSteps(...nestedRepeats(Array(MAX_NESTING + 3).fill(1), ['- fire: rollout-started'])))
    expect(tooDeep).toMatch(/^big\.yaml:\d+:\d+: steps(\[0\]\.steps){8}\[0\]\.repeat: repeat is nested 9 deep here \(repeat and parallel inside each other\); at most 8\. Flatten the story/)
    expect(tooDeep.split('\n')).toHaveLength(1)
  })
})
