/** One area's figures, as a robustness test file appends them. */
export interface TallyLine {
  area: string
  cases: number
  failures: number
  /** Figures worth quoting (e.g. "slowest normal request 35 ms"). */
  notes: string[]
}

/** The table printed after the suite: one row per area, then the totals. */
export function summarize(lines: TallyLine[]): string {
  const byArea = new Map<string, TallyLine>()
  for (const line of lines) {
    const seen = byArea.get(line.area) ?? { area: line.area, cases: 0, failures: 0, notes: [] }
    byArea.set(line.area, { area: line.area, cases: seen.cases + line.cases, failures: seen.failures + line.failures, notes: [...seen.notes, ...line.notes] })
  }
  const rows = [...byArea.values()].sort((a, b) => a.area.localeCompare(b.area))
  const width = Math.max(10, ...rows.map((r) => r.area.length))
  const out = ['Robustness summary', `${'area'.padEnd(width)}  cases  failures`]
  for (const r of rows) {
    out.push(`${r.area.padEnd(width)}  ${String(r.cases).padStart(5)}  ${String(r.failures).padStart(8)}`)
    for (const note of r.notes) out.push(`${''.padEnd(width)}    ${note}`)
  }
  const cases = rows.reduce((n, r) => n + r.cases, 0)
  const failures = rows.reduce((n, r) => n + r.failures, 0)
  out.push(`${'total'.padEnd(width)}  ${String(cases).padStart(5)}  ${String(failures).padStart(8)}`)
  return out.join('\n')
}
