import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { type TallyLine, summarize } from './tally-file'

declare module 'vitest' {
  export interface ProvidedContext {
    robustnessTally: string
  }
}

/**
 * Every robustness file appends its counts to one file; this prints the totals once the suite is
 * done: the figures the README quotes.
 */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'hookbench-robustness-'))
  const file = join(dir, 'tally.jsonl')
  project.provide('robustnessTally', file)
  return () => {
    const lines: TallyLine[] = existsSync(file)
      ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as TallyLine)
      : []
    process.stdout.write(`\n${summarize(lines)}\n`)
    rmSync(dir, { recursive: true, force: true })
  }
}
