import type { ScenarioProblem } from '../../../../shared/schemas/scenario-api'
import { inUiWords } from '../../api/engine-words'

/** Where a problem is, in words: `line 4, column 11`, or its path when the file has no lines (JSON). */
export function problemPlace(problem: ScenarioProblem): string {
  if (problem.line === undefined) return problem.path
  return problem.column === undefined ? `line ${problem.line}` : `line ${problem.line}, column ${problem.column}`
}

/** `steps[1].wait: must be a duration…`; the root path is left out. */
export function problemText(problem: ScenarioProblem): string {
  const message = inUiWords(problem.message)
  return problem.path && problem.path !== '(root)' ? `${problem.path}: ${message}` : message
}

/** Problems with a line become the editor's inline marks; the others are only in the list under it. */
export function inlineProblems(problems: ScenarioProblem[]): Array<{ line: number; column?: number; message: string }> {
  return problems.flatMap((p) => (p.line === undefined ? [] : [{ line: p.line, ...(p.column !== undefined && { column: p.column }), message: problemText(p) }]))
}

/** One sentence for a file that was not imported or saved: how many problems, and the first. */
export function problemsSummary(fileName: string, problems: ScenarioProblem[]): string {
  const first = problems[0]
  if (!first) return `“${fileName}” has no problems.`
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''
  return `“${fileName}” is not a valid scenario: ${problemPlace(first)}: ${problemText(first)}${more}.`
}
