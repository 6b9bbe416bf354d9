import type { Delivery } from '../../shared/schemas/delivery'
import { summarizeDelivery } from '../../shared/schemas/delivery'
import { type Run, summarizeRun } from '../../shared/schemas/run'
import { junitReport } from './junit'

export type RunReportFormat = 'junit' | 'json'

export interface RunReport {
  filename: string
  mimeType: string
  text: string
}

/**
 * One run as a file to download: JUnit XML (what `hookbench run --report` writes) or JSON (the run
 * and its deliveries' summaries). The `secret` the run was given for its targets stays out of both.
 */
export function runReport(run: Run, deliveries: Delivery[], format: RunReportFormat): RunReport {
  const summary = withoutSecret(run)
  const base = `hookbench-run-${run.id}`
  if (format === 'junit') return { filename: `${base}.xml`, mimeType: 'application/xml', text: junitReport([{ run: summary, deliveries }]) }
  const text = JSON.stringify({ run: summary, deliveries: deliveries.map(summarizeDelivery) }, null, 2)
  return { filename: `${base}.json`, mimeType: 'application/json', text: `${text}\n` }
}

/** Several runs as one JUnit XML file, a testsuite each, in the order given (`hookbench run --report`). */
export function runsJunitReport(runs: Array<{ run: Run; deliveries: Delivery[] }>, refused: ReadonlyArray<{ name: string; message: string }> = []): RunReport {
  const suites = runs.map(({ run, deliveries }) => ({ run: withoutSecret(run), deliveries }))
  return { filename: 'hookbench-runs.xml', mimeType: 'application/xml', text: junitReport(suites, refused) }
}

function withoutSecret(run: Run) {
  const { secret: _secret, ...options } = run.options
  return { ...summarizeRun(run), options }
}
