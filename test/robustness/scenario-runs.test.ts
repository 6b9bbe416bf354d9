import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { seededRandom } from '../../src/shared/core/seeded-random'
import { parseScenario } from '../../src/main/scenarios/parse-scenario'
import { ROOT } from '../support/paths'
import { runCliCaptured } from '../support/run-cli'
import { type Finished, hookbench, hookbenchToEnd } from './support/child'
import { leakIn } from './support/leaks'
import { mutateText } from './support/mutate-text'
import { createTally } from './support/tally'

/*
 * Scenario files run, not only validated: seeded mutants of every built-in and files built to be
 * as large as the limits allow or past them, each through `hookbench run --time-scale 0`. Whatever
 * the runtime does inside, a run ends by itself (0, 1 or 2), says nothing with a stack trace, and
 * leaves its data directory usable by the next command.
 */
const MUTANTS_PER_FILE = 4
/** Of the mutants the validator refuses (scenario-fuzz validates them all), every this many is run too. */
const INVALID_SAMPLE = 8
/** The longest a run of these files may take: the biggest valid one has 200 steps. */
const RUN_BOUND_MS = 60_000
const tally = createTally('scenario runs')
afterAll(() => tally.flush())

const LIBRARY = join(ROOT, 'src/main/scenarios/library')
const dir = mkdtempSync(join(tmpdir(), 'hookbench-scenario-runs-'))

const head = (provider = 'generic') => `version: 1\nname: bomb\nprovider: ${provider}\nsteps:\n`
/** `repeat:` blocks nested in each other (counts outermost first) around the leaf steps. */
function nested(counts: number[], leaves: string[]): string {
  const blocks = counts.map((count, level) => `${'    '.repeat(level)}  - repeat: ${count}\n${'    '.repeat(level)}    steps:\n`)
  return blocks.join('') + leaves.map((leaf) => `${'    '.repeat(counts.length)}  - ${leaf}\n`).join('')
}

/** Files at and past the limits; `expected` is the exit status each must end with. */
const BOMBS: Array<{ label: string; text: string; expected: number }> = [
  { label: 'a wait of 99999999999h', text: `${head()}  - fire: deploy.succeeded\n  - wait: 99999999999h\n`, expected: 2 },
  { label: 'a wait of 400 digits of hours', text: `${head()}  - wait: ${'9'.repeat(400)}h\n`, expected: 2 },
  { label: 'a wait of 1e300 ms', text: `${head()}  - wait: 1e300\n`, expected: 2 },
  { label: 'three nested repeat: 1000', text: head() + nested([1000, 1000, 1000], ['wait: 0ms']), expected: 2 },
  { label: '10,001 steps', text: `${head()}  - wait: 0ms\n${nested([1000], Array<string>(10).fill('wait: 0ms'))}`, expected: 2 },
  { label: 'a story of 110 years', text: head() + nested([11], ['wait: 87600h']), expected: 2 },
  { label: 'repeats nested 9 deep', text: head() + nested(Array<number>(9).fill(1), ['fire: deploy.succeeded']), expected: 2 },
  { label: 'the longest wait, skipped at scale 0', text: `${head()}  - fire: deploy.succeeded\n  - wait: 87600h\n  - fire: deploy.succeeded\n  - expect: { delivered: all }\n`, expected: 0 },
  { label: '200 steps', text: head() + nested([50], ['fire: deploy.succeeded', 'wait: 0ms', 'wait: 1ms', 'expect: { delivered: all }']), expected: 0 },
]

interface RunFile {
  label: string
  name: string
  expected?: number
}

/**
 * Every built-in's seeded mutants that still validate (these are the ones a run gets to execute),
 * a sample of those refused, then the bombs: written to files in `dir`.
 */
function corpus(): { files: RunFile[]; mutants: number } {
  const random = seededRandom('scenario-runs-1')
  const files: RunFile[] = []
  let mutants = 0
  let refused = 0
  for (const name of readdirSync(LIBRARY).filter((f) => f.endsWith('.yaml')).sort()) {
    const text = readFileSync(join(LIBRARY, name), 'utf8')
    for (let i = 0; i < MUTANTS_PER_FILE; i++) {
      const mutant = mutateText(text, random)
      mutants++
      const valid = parseScenario(mutant.text, { fileName: name, vars: { receiver: 'http://127.0.0.1:4781/' } }).ok
      if (!valid && refused++ % INVALID_SAMPLE !== 0) continue
      files.push({ label: `${name}: ${mutant.label}`, name: `m${mutants}-${name}`, ...(!valid && { expected: 2 }) })
      writeFileSync(join(dir, files.at(-1)!.name), mutant.text)
    }
  }
  for (const [i, bomb] of BOMBS.entries()) {
    files.push({ label: bomb.label, name: `bomb${i}.yaml`, expected: bomb.expected })
    writeFileSync(join(dir, `bomb${i}.yaml`), bomb.text)
  }
  return { files, mutants }
}

/** Runs `work` on every item, two at a time (the machine's cores are shared). */
async function inPairs<T>(items: T[], work: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all([0, 1].map(async () => {
    while (next < items.length) await work(items[next++]!)
  }))
}

function runProblem(file: RunFile, finished: Finished, ms: number): string | undefined {
  if (finished.code === null) return `did not end within ${RUN_BOUND_MS} ms (killed)`
  if (![0, 1, 2].includes(finished.code)) return `exit ${finished.code}: ${finished.stderr.slice(0, 200)}`
  if (file.expected !== undefined && finished.code !== file.expected) return `exit ${finished.code}, expected ${file.expected}: ${finished.stderr.slice(0, 200)}`
  if (/RangeError|Invalid time value|heap out of memory|Invalid string length/.test(finished.stderr)) return `a crash: ${finished.stderr.slice(0, 200)}`
  return leakIn(finished.stderr) ?? (ms > RUN_BOUND_MS ? `took ${ms} ms` : undefined)
}

describe('scenario files run at --time-scale 0', () => {
  it('every mutant and bomb ends by itself with 0, 1 or 2, no trace, and the data directory still lists its runs', async () => {
    const { files, mutants } = corpus()
    let slowest = 0
    await inPairs(files, async (file) => {
      const dataDir = `data-${file.name}`
      const started = Date.now()
      const finished = await hookbenchToEnd(['run', file.name, '--time-scale', '0', '--data-dir', dataDir], RUN_BOUND_MS, { cwd: dir })
      const ms = Date.now() - started
      slowest = Math.max(slowest, ms)
      tally.check(`run ${file.label}`, runProblem(file, finished, ms))
      const listed = await runCliCaptured(['runs', 'list', '--data-dir', dataDir], { cwd: dir })
      tally.check(`runs list after ${file.label}`, listed.code === 0 ? leakIn(listed.stderr) : `exit ${listed.code}: ${listed.stderr.slice(0, 200)}`)
    })
    const valid = files.filter((f) => f.expected === undefined).length
    tally.note(`${files.length} files run: of ${mutants} seeded mutants of the built-ins, the ${valid} that validate and ${files.length - valid - BOMBS.length} refused ones; ${BOMBS.length} at or past the limits; slowest run ${(slowest / 1000).toFixed(1)} s`)
    expect(tally.failures).toEqual([])
  }, 300_000)

  it('a wait of 10 years at time scale 1 is still waiting seconds later; killed, the data directory still lists the run', async () => {
    const seen = tally.failures.length
    writeFileSync(join(dir, 'long-wait.yaml'), `${head()}  - fire: deploy.succeeded\n  - wait: 87600h\n  - fire: deploy.succeeded\n`)
    const run = hookbench(['run', 'long-wait.yaml', '--time-scale', '1', '--data-dir', 'data-long-wait'], { cwd: dir })
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    tally.check('10-year wait at scale 1: still running after 3 s', run.child.exitCode === null ? undefined : `ended with ${run.child.exitCode}: ${run.output().slice(-300)}`)
    run.child.kill('SIGKILL')
    await run.done
    const listed = await runCliCaptured(['runs', 'list', '--data-dir', 'data-long-wait'], { cwd: dir })
    tally.check('10-year wait at scale 1: runs list after the kill', listed.code === 0 && /^run_\w+ +cut off +long-wait\.yaml /m.test(listed.stdout) ? undefined : `exit ${listed.code}: ${listed.stdout}${listed.stderr}`)
    expect(tally.failures.slice(seen)).toEqual([])
  }, 60_000)
})
