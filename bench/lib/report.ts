import { writeFileSync } from 'node:fs'
import type { Machine } from './machine'
import { machineLine } from './machine'
import { type Figure, type ReportedFigure, judge } from './results'
import { SECTIONS } from './sections'

export interface Report {
  startedAt: string
  finishedAt: string
  /** From the start of `npm run bench` to the report, build included. */
  wallSeconds: number
  /** Of which building the app (0 when the build was up to date). */
  buildSeconds: number
  machine: Machine
  method: string
  figures: ReportedFigure[]
  /** Sections with no figure in this run, and why. */
  notMeasured: { section: string; reason: string }[]
}

const number = (value: number, unit: string) =>
  value.toLocaleString('en-US', unit === 'ms' ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumFractionDigits: 0 })

export function buildReport(figures: Figure[], meta: Omit<Report, 'figures' | 'notMeasured'>): Report {
  // Labels begin with their figure's number (1, 2a, 2b…), so the table reads in the order.
  const sorted = [...figures].sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }))
  return {
    ...meta,
    figures: judge(sorted),
    notMeasured: SECTIONS.filter((s) => !figures.some((f) => f.section === s.id)).map((s) => ({
      section: s.title,
      reason: s.implemented ? 'no figure recorded (failed or not run)' : 'not implemented yet',
    })),
  }
}

/** The report as a plain-text table. */
export function formatReport(report: Report): string {
  const head = ['Figure', 'Runs', 'Median', 'Baseline (same run)', 'Ratio', 'Target', 'Result']
  const byId = new Map(report.figures.map((f) => [f.id, f]))
  const rows = report.figures.map((f) => [
    f.label,
    f.runs.map((r) => number(r, f.unit)).join(' / '),
    `${number(f.median, f.unit)} ${f.unit}`,
    f.baseline === null ? '(is a baseline)' : f.baselineMedian === null ? 'missing' : `${f.baseline}: ${number(f.baselineMedian, byId.get(f.baseline)?.unit ?? '')}`,
    f.ratio === null ? '—' : `${f.ratio.toFixed(2)}×`,
    f.target?.text ?? '—',
    f.verdict === null ? '—' : f.verdict.toUpperCase(),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd()
  const out = [
    `Hookbench benchmarks — ${report.startedAt}, wall time ${Math.round(report.wallSeconds)} s (build ${Math.round(report.buildSeconds)} s)`,
    `Machine: ${machineLine(report.machine)}; load average ${report.machine.loadAverage.start.join(' ')} at start, ${report.machine.loadAverage.end?.join(' ') ?? '?'} at end`,
    report.method,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ]
  for (const f of report.figures) for (const note of f.notes ?? []) out.push(`  note (${f.id}): ${note}`)
  for (const n of report.notMeasured) out.push(`  not measured: ${n.section} — ${n.reason}`)
  return out.join('\n')
}

export function writeReport(report: Report, file: string): void {
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
}
