import { mkdtempSync, rmSync } from 'node:fs'
import os, { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ROOT, ensureBuild } from './build'
import { describeMachine } from './machine'
import { buildReport, formatReport, writeReport } from './report'
import { readFigures } from './results'
import { CONNECTIONS, IN_FLIGHT, LATENCY_EVENTS, LATENCY_PER_SECOND, REQUESTS, RUNS } from './load'

export const RESULTS_FILE = join(ROOT, 'bench', 'results.json')

/**
 * Runs once around `npm run bench`: builds the app when needed, then, after every section ran
 * (or failed), prints the table and writes bench/results.json from the figures they recorded.
 */
export default function setup(project: TestProject) {
  const started = Date.now()
  ensureBuild((line) => console.log(line))
  const buildSeconds = (Date.now() - started) / 1000
  const machine = describeMachine()
  const runDir = mkdtempSync(join(tmpdir(), 'hookbench-bench-run-'))
  project.provide('benchRunDir', runDir)

  return () => {
    machine.loadAverage.end = os.loadavg().map((n) => Math.round(n * 100) / 100)
    const report = buildReport(readFigures(runDir), {
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date().toISOString(),
      wallSeconds: (Date.now() - started) / 1000,
      buildSeconds,
      machine,
      method:
        `Throughput: ${REQUESTS.toLocaleString('en-US')} requests or fires per run, ${IN_FLIGHT} in flight, ${CONNECTIONS} client connections; ` +
        `latency: ${LATENCY_EVENTS.toLocaleString('en-US')} events at ${LATENCY_PER_SECOND}/s per run. Each figure is the median of ${RUNS} runs; ratios are figure / baseline, both measured in this run.`,
    })
    rmSync(runDir, { recursive: true, force: true })
    writeReport(report, RESULTS_FILE)
    console.log(`\n${formatReport(report)}\n\nWritten to ${RESULTS_FILE}\n`)
  }
}
