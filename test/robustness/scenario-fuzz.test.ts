import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { seededRandom } from '../../src/shared/core/seeded-random'
import { ValidationResult } from '../../src/shared/schemas/scenario-api'
import { CLI_PATH, ROOT } from '../support/paths'
import { memoryEngine } from '../support/memory-engine'
import { runCliCaptured } from '../support/run-cli'
import { leakIn } from './support/leaks'
import { hostileDocuments, mutateText } from './support/mutate-text'
import { createTally } from './support/tally'

const MUTANTS_PER_FILE = 40
/**
 * The slowest one validation may take, huge and deep documents included: 5 s, or on a busy
 * machine 30 times what a document of 2,000 steps takes there and then. Validation is linear in
 * its input, and the biggest document (20,000 steps, 1 MB) is ten of those: a validation that
 * grew with the square of it would take a hundred.
 */
const VALIDATE_FLOOR_MS = 5_000
const REFERENCE = { source: `name: x\nsteps:\n${'  - fire: release\n'.repeat(2_000)}`, fileName: 's.yaml' }

async function validateBound(dispatch: (method: 'validateScenario', input: typeof REFERENCE) => Promise<unknown>) {
  let fastest = Number.POSITIVE_INFINITY
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    await dispatch('validateScenario', REFERENCE)
    fastest = Math.min(fastest, performance.now() - started)
  }
  return Math.max(VALIDATE_FLOOR_MS, 30 * fastest)
}

const tally = createTally('scenario files')
afterAll(() => tally.flush())

const LIBRARY = join(ROOT, 'src/main/scenarios/library')

/** Every built-in scenario as YAML and as JSON, then seeded mutants of each, then hostile documents. */
function corpus(): Array<{ label: string; text: string; fileName: string }> {
  const random = seededRandom('scenario-fuzz-1')
  const files: Array<{ label: string; text: string; fileName: string }> = []
  for (const name of readdirSync(LIBRARY).filter((f) => f.endsWith('.yaml')).sort()) {
    const yaml = readFileSync(join(LIBRARY, name), 'utf8')
    const json = JSON.stringify(parseYaml(yaml), null, 2)
    for (const [text, fileName] of [[yaml, name], [json, name.replace(/\.yaml$/, '.json')]] as const) {
      for (let i = 0; i < MUTANTS_PER_FILE; i++) {
        const mutant = mutateText(text, random)
        files.push({ label: `${fileName}: ${mutant.label}`, text: mutant.text, fileName })
      }
    }
  }
  return [...files, ...hostileDocuments()]
}

describe('fuzzed and mutated scenario files', () => {
  const files = corpus()

  it('validateScenario answers each with problems (path and message) or ok, never an error, in bounded time', async () => {
    const { dispatch } = await memoryEngine()
    let slowest = 0
    let bound = await validateBound(dispatch)
    for (const file of files) {
      const started = performance.now()
      const result = await dispatch('validateScenario', { source: file.text.slice(0, 1_000_000), fileName: file.fileName })
      const ms = performance.now() - started
      slowest = Math.max(slowest, ms)
      const shape = result.ok ? ValidationResult.safeParse(result.data) : undefined
      const problem = !result.ok
        ? `${result.error.code}: ${result.error.message.slice(0, 200)}`
        : !shape?.success
          ? 'an answer outside the contract'
          : ms > bound && ms > (bound = await validateBound(dispatch))
            ? `took ${Math.round(ms)} ms (bound ${Math.round(bound)} ms)`
            : shape.data.problems.map((p) => leakIn(`${p.path} ${p.message}`)).find(Boolean)
      tally.check(`validateScenario ${file.label}`, problem)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    tally.note(`${files.length} files (16 built-ins × YAML/JSON × ${MUTANTS_PER_FILE} mutants + ${hostileDocuments().length} hostile documents); slowest validation ${Math.round(slowest)} ms (bound ${Math.round(bound)} ms)`)
    expect(tally.failures).toEqual([])
  }, 120_000)

  it('`hookbench scenarios validate` reports each as ok or as problems (exit 0 or 2), never a crash', async () => {
    const seen = tally.failures.length
    const dir = mkdtempSync(join(tmpdir(), 'hookbench-scenario-fuzz-'))
    const names = files.map((file, i) => {
      const name = `m${String(i).padStart(4, '0')}-${file.fileName}`
      writeFileSync(join(dir, name), file.text)
      return name
    })
    // In-process, one file at a time: each exit status and message is checked on its own.
    for (const [i, name] of names.entries()) {
      if (i % 5 !== 0) continue
      const result = await runCliCaptured(['scenarios', 'validate', name], { cwd: dir })
      const problem =
        result.code !== 0 && result.code !== 2
          ? `exit ${result.code}: ${result.stderr.slice(0, 200)}`
          : result.code === 2 && !result.stderr.startsWith(name)
            ? `exit 2 without a problem line: ${result.stderr.slice(0, 200)}`
            : leakIn(result.stderr.replaceAll(name, '<file>'))
      tally.check(`scenarios validate ${files[i]!.label}`, problem)
    }
    // The built binary, every file in one call: an uncaught error would end it with a trace.
    const all = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [CLI_PATH, 'scenarios', 'validate', ...names], { cwd: dir, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CI: 'true' } }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stderr }),
      ),
    )
    tally.check('hookbench scenarios validate (binary, every file)', all.code === 2 ? leakIn(all.stderr, [dir]) : `exit ${all.code}: ${all.stderr.slice(-300)}`)
    expect(tally.failures.slice(seen)).toEqual([])
  }, 120_000)
})
