import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../../support/paths'

const CONFIG = join(ROOT, '.dependency-cruiser.cjs')
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise')

interface Violation {
  rule: { name: string }
  from: string
  to: string
  cycle?: Array<{ name: string }>
}

/** `npm run lint`'s import check, as JSON: the rules each import breaks. */
function violations(cwd: string, ...targets: string[]): Violation[] {
  // The JSON of the whole code is megabytes: more than spawnSync keeps by default.
  const run = spawnSync(DEPCRUISE, ['--config', CONFIG, '--output-type', 'json', ...targets], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 })
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations
}

/**
 * The code as it is, both trees in one run as `npm run lint` checks them (a run costs seconds): what
 * `tree` or the modules it reaches break, leaving out only what starts in the other tree.
 */
let ofTheCode: Violation[] | undefined
function codeViolations(tree: 'src/main' | 'src/renderer'): Violation[] {
  const other = tree === 'src/main' ? 'src/renderer/' : 'src/main/'
  return (ofTheCode ??= violations(ROOT, 'src/main', 'src/renderer')).filter((v) => !v.from.startsWith(other))
}

/** The same check as `npm run lint` runs it: its exit status and what it prints. */
function lint(cwd: string, target: string) {
  const run = spawnSync(DEPCRUISE, ['--config', CONFIG, target], { cwd, encoding: 'utf8', timeout: 60_000 })
  return { code: run.status, output: run.stdout + run.stderr }
}

const scratch: string[] = []
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
})

/** A throwaway tree of files, each path to its text. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hookbench-imports-'))
  scratch.push(dir)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

describe('the import rules of src/main (npm run lint)', () => {
  it('hold for the code as it is: no folder imports one that imports it back, no file cycle, the CLI only through the door', { timeout: 60_000 }, () => {
    expect(codeViolations('src/main').map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([])
  })

  it('fail on a new folder cycle, even one made of a type-only import', { timeout: 60_000 }, () => {
    const dir = tree({
      'src/main/delivery/queue.ts': "import { keep } from '../persistence/history'\nexport const queue = () => keep()\n",
      'src/main/persistence/history.ts': "import type { Rules } from '../delivery/rules'\nexport const keep = (rules?: Rules) => rules\n",
      'src/main/delivery/rules.ts': 'export interface Rules { retry: number }\n',
    })
    const found = violations(dir, 'src/main')
    expect(found).toContainEqual(expect.objectContaining({ rule: expect.objectContaining({ name: 'no-folder-cycle' }), from: 'src/main/delivery', to: 'src/main/persistence' }))
    // Files alone do not loop here (queue → history → rules): only the folders do.
    expect(found.filter((v) => v.rule.name === 'no-file-cycle')).toEqual([])
    // What `npm run lint` prints, and its failing exit status:
    //   error no-folder-cycle: src/main/delivery →
    //       src/main/persistence →
    //       src/main/delivery
    const run = lint(dir, 'src/main')
    expect(run.code).not.toBe(0)
    expect(run.output).toMatch(/error no-folder-cycle: src\/main\/delivery →\s+src\/main\/persistence →\s+src\/main\/delivery/)
  })

  it('fail on a file cycle inside one folder, and on the CLI importing the engine, even a type', { timeout: 60_000 }, () => {
    const dir = tree({
      'src/main/check/cases.ts': "import { judge } from './judge'\nexport interface Case { id: string }\nexport const cases = [judge]\n",
      'src/main/check/judge.ts': "import type { Case } from './cases'\nexport const judge = (c?: Case) => c\n",
      'src/main/cli/fire.ts': "import type { Engine } from '../engine/engine'\nexport const fire = (e?: Engine) => e\n",
      'src/main/engine/engine.ts': 'export interface Engine { fire(): void }\n',
    })
    const names = violations(dir, 'src/main').map((v) => v.rule.name)
    expect(names).toContain('no-file-cycle')
    expect(names).toContain('cli-through-the-door')
  })
})

describe('the import rules of src/renderer (npm run lint)', () => {
  it('hold for the code as it is: no folder imports one that imports it back, no file cycle', { timeout: 60_000 }, () => {
    expect(codeViolations('src/renderer').map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([])
  })

  it('fail on a new cycle: a store that imports a view that reads it', { timeout: 60_000 }, () => {
    const dir = tree({
      'src/renderer/src/store/checks/state.ts': "import type { CaseRow } from '../../views/check/case-row'\nexport const rows: CaseRow[] = []\n",
      'src/renderer/src/views/check/case-row.ts': "import { rows } from '../../store/checks/state'\nexport interface CaseRow { id: string }\nexport const first = () => rows[0]\n",
    })
    const names = violations(dir, 'src/renderer').map((v) => v.rule.name)
    expect(names).toContain('no-file-cycle')
    expect(names).toContain('no-folder-cycle')
    expect(lint(dir, 'src/renderer').code).not.toBe(0)
  })
})
