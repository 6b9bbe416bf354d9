import type { CheckCaseResult, CheckReport } from '../../shared/schemas/check'
import { formatTable } from '../core/table'
import { attributes, escapeText, indent, seconds } from '../core/xml'

const MARK: Record<CheckCaseResult['verdict'], string> = { pass: 'pass', fail: 'FAIL', info: 'info' }

/** A fix's first line after "Fix:", each further line (one framework's pitfall) a bullet under it. */
export function fixLines(fix: string): string[] {
  const [first = '', ...rest] = fix.split('\n')
  return [`  Fix: ${first}`, ...rest.map((line) => `    - ${line}`)]
}

/**
 * The terminal's summary: a table of cases, then why each failure failed and how to fix it.
 * `cancelled` names how many cases were planned when the check was stopped before its end.
 */
export function formatCheckReport(report: CheckReport, cancelled?: { planned: number }): string {
  const rows = [['CASE', 'EXPECTED', 'GOT', 'VERDICT'], ...report.cases.map((c) => [c.id, c.expected, c.got, MARK[c.verdict] + (c.required ? '' : ' (advice)')])]
  const failed = report.cases.filter((c) => c.verdict === 'fail')
  const notes = report.cases.filter((c) => c.verdict !== 'pass')
  return [
    `Checked ${report.url} as ${report.provider} ${report.event} (${report.scheme === 'none' ? 'unsigned' : `${report.scheme} scheme`})`,
    '',
    formatTable(rows).trimEnd(),
    '',
    ...notes.flatMap((c) => [`${c.verdict === 'fail' ? '✗' : 'ℹ'} ${c.id}: ${c.reason}`, ...(c.fix ? fixLines(c.fix) : []), '']),
    cancelled ? cancelledLine(report, cancelled.planned) : summaryLine(report, failed.length),
    '',
  ].join('\n')
}

function cancelledLine(report: CheckReport, planned: number): string {
  const required = report.cases.filter((c) => c.required)
  const passed = required.filter((c) => c.verdict === 'pass').length
  return `Cancelled after ${report.cases.length} of ${planned} cases: ${passed} of the ${required.length} required cases judged so far passed; no verdict on the endpoint.`
}

function summaryLine(report: CheckReport, failures: number): string {
  const required = report.cases.filter((c) => c.required)
  const passed = required.filter((c) => c.verdict === 'pass').length
  const verdict = report.passed ? 'the endpoint passes' : `the endpoint fails ${failures} case${failures === 1 ? '' : 's'}`
  return `${passed} of ${required.length} required cases passed: ${verdict}.`
}

/** JUnit XML: one testsuite for the endpoint, one testcase per case (advice cases pass, with their note). */
export function checkJunit(report: CheckReport): string {
  const failures = report.cases.filter((c) => c.verdict === 'fail').length
  const total = report.cases.reduce((ms, c) => ms + c.durationMs, 0)
  const suite = attributes({ name: `${report.provider} ${report.event} at ${report.url}`, timestamp: report.startedAt, tests: report.cases.length, failures, errors: 0, skipped: 0, time: seconds(total) })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'hookbench check', tests: report.cases.length, failures, errors: 0, skipped: 0, time: seconds(total) })}>`,
    indent(`<testsuite${suite}>`),
    ...report.cases.flatMap((c) => junitCase(c).map((line) => indent(indent(line)))),
    indent('</testsuite>'),
    '</testsuites>',
    '',
  ].join('\n')
}

function junitCase(c: CheckCaseResult): string[] {
  const head = attributes({ name: `${c.id}: ${c.title}`, classname: 'hookbench.check', time: seconds(c.durationMs) })
  if (c.verdict === 'fail') {
    const text = [`expected ${c.expected}, got ${c.got}`, c.reason, c.fix && `Fix: ${c.fix}`].filter(Boolean).join('\n')
    return [`<testcase${head}>`, indent(`<failure${attributes({ message: c.reason, type: c.id })}>${escapeText(text)}</failure>`), '</testcase>']
  }
  return [`<testcase${head}>`, indent(`<system-out>${escapeText(`${c.got}: ${c.reason}${c.fix ? `\n${c.fix}` : ''}`)}</system-out>`), '</testcase>']
}
