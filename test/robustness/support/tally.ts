import { appendFileSync } from 'node:fs'
import { inject } from 'vitest'
import type { TallyLine } from './tally-file'

/**
 * Counts the cases an area tried and keeps every failed one, so a test reports all of them at
 * once (`expect(tally.failures).toEqual([])`) instead of stopping at the first.
 */
export function createTally(area: string) {
  let cases = 0
  const failures: string[] = []
  const notes: string[] = []
  return {
    failures,
    /** Records one case: `problem` is undefined when it behaved, else what went wrong. */
    check(name: string, problem: string | undefined) {
      cases++
      if (problem !== undefined) failures.push(`${name}: ${problem}`)
    },
    note(text: string) {
      notes.push(text)
    },
    get cases() {
      return cases
    },
    /** Appends this area's figures to the suite's summary file (once, in afterAll). */
    flush() {
      const line: TallyLine = { area, cases, failures: failures.length, notes }
      appendFileSync(inject('robustnessTally'), `${JSON.stringify(line)}\n`)
    },
  }
}

export type Tally = ReturnType<typeof createTally>
