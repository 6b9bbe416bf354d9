import { tmpdir } from 'node:os'
import { ROOT } from '../../support/paths'

const TRACE_MARKS: Array<[RegExp, string]> = [
  [/\n\s+at /, 'a stack frame'],
  [/\bat (?:async )?\/|\bat [\w.<>]+ \(/, 'a stack frame'],
  [/file:\/\//, 'a file URL'],
  [/node_modules/, 'a node_modules path'],
  [/\.(?:ts|js|mjs|cjs):\d+/, 'a source location'],
]

/** What in an error text would tell an attacker about the machine, or undefined when nothing does. */
export function leakIn(text: string, extraPaths: string[] = []): string | undefined {
  for (const [pattern, what] of TRACE_MARKS) if (pattern.test(text)) return `leaks ${what}: ${excerpt(text, pattern)}`
  for (const path of [ROOT.replace(/\/$/, ''), tmpdir(), ...extraPaths]) {
    if (path.length > 1 && text.includes(path)) return `leaks the path ${path}`
  }
  return undefined
}

function excerpt(text: string, pattern: RegExp): string {
  const at = text.search(pattern)
  return JSON.stringify(text.slice(Math.max(0, at - 60), at + 60))
}
