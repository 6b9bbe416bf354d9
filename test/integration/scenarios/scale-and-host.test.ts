import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Delivery } from '../../../src/shared/schemas/delivery'
import type { Run } from '../../../src/shared/schemas/run'
import { openEngine } from '../../../src/main/host/open-engine'
import { compilePlan } from '../../../src/main/scenarios/compile'
import { LIBRARY } from '../../../src/main/scenarios/library'
import { parseScenario } from '../../../src/main/scenarios/parse-scenario'
import { CLI_PATH, ROOT } from '../../support/paths'
import { type ServeProcess, startServe } from '../../support/serve-process'

/*
 * One runner for every host, one verdict at every speed. Every built-in runs from the CLI
 * (`hookbench run`, its own processes) and from web mode's API (`hookbench serve` + runScenario,
 * all of a scale at once in one engine) at --time-scale 0 and 0.01, and the short one at 1. For
 * each run: the status of every step, and every time field of every payload it delivered as an
 * offset from the story's start. All must be identical to the CLI's at scale 0.
 *
 * Wall time: the longest built-in tells 3 h 20 min, 2 min at 0.01; everything else runs beside it.
 */

const SHORT = 'generic-flaky-endpoint'

/**
 * A story in the scenario language (rounds through an include, values that flow, a forgery the
 * receiver refuses, a stay beside a load in real time), told from a file next to the file it
 * includes (the CLI) and as text with its files (web mode).
 */
const LANGUAGE = 'hosts.yaml'
const LANGUAGE_FILES = { 'hosts-part.yaml': readFileSync(join(ROOT, 'test', 'fixtures', 'scenarios', 'language', 'hosts-part.yaml'), 'utf8') }
const LANGUAGE_SOURCE = readFileSync(join(ROOT, 'test', 'fixtures', 'scenarios', 'language', LANGUAGE), 'utf8')
const LANGUAGE_DIR = mkdtempSync(join(tmpdir(), 'hookbench-hosts-language-'))
writeFileSync(join(LANGUAGE_DIR, LANGUAGE), LANGUAGE_SOURCE)
for (const [name, text] of Object.entries(LANGUAGE_FILES)) writeFileSync(join(LANGUAGE_DIR, name), text)

/** A run as compared: step verdicts and payload story times, nothing that differs by nature (ids, ports). */
interface Told {
  status: string
  steps: string[]
  times: string[]
}

/** How long each built-in's story is, in story ms (the sum of its top-level waits). */
function storyLength(source: string): number {
  const parsed = parseScenario(source, { vars: { receiver: 'http://127.0.0.1:1/' } })
  if (!parsed.ok) throw new Error('a built-in does not parse')
  return compilePlan(parsed.scenario, 1).actions.reduce((sum, action) => sum + (action.kind === 'wait' ? (action.ms ?? 0) : 0), 0)
}

/** The built-ins in `bins` groups of about equal story length (each group is one CLI process). */
function balanced(bins: number): string[][] {
  const groups = Array.from({ length: bins }, () => ({ ms: 0, ids: [] as string[] }))
  for (const { id, ms } of LIBRARY.map((s) => ({ id: s.id, ms: storyLength(s.source) })).sort((a, b) => b.ms - a.ms)) {
    const lightest = groups.reduce((a, b) => (b.ms < a.ms ? b : a))
    lightest.ms += ms
    lightest.ids.push(id)
  }
  return groups.map((g) => g.ids).filter((ids) => ids.length > 0)
}


/** Every time field in a payload (nested JSON text such as hermes' `content` included), as `path=offset` from the story's start. */
function timeFields(value: unknown, originMs: number, path = ''): string[] {
  if (typeof value === 'string') {
    const trimmed = value.trim()
    if (/^[[{"]/.test(trimmed)) {
      try {
        return timeFields(JSON.parse(trimmed), originMs, path)
      } catch {
        // Not JSON after all.
      }
    }
    const ms = parseTime(value)
    return ms === undefined ? [] : [`${path}=${ms - originMs}`]
  }
  if (typeof value === 'number' && /timestamp$/i.test(path) && value > 1e9 && value < 1e11) return [`${path}=${value * 1000 - originMs}`]
  if (Array.isArray(value)) return value.flatMap((item, i) => timeFields(item, originMs, `${path}[${i}]`))
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (isGsonDate(record)) {
      const { date, time } = record as { date: { year: number; month: number; day: number }; time: { hour: number; minute: number; second: number; nano: number } }
      return [`${path}=${Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute, time.second, time.nano / 1e6) - originMs}`]
    }
    return Object.entries(record).flatMap(([key, item]) => timeFields(item, originMs, path ? `${path}.${key}` : key))
  }
  return []
}

const isGsonDate = (record: Record<string, unknown>) => typeof record.date === 'object' && typeof record.time === 'object' && record.date !== null && 'year' in (record.date as object)

function parseTime(text: string): number | undefined {
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(text)) return Date.parse(text)
  const oceanCd = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)$/.exec(text)
  if (oceanCd) {
    const [, d, m, y, hh, mm, ss] = oceanCd.map(Number) as number[]
    return Date.UTC(y!, m! - 1, d!, hh!, mm!, ss!)
  }
  if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(text)) return Date.parse(`${text.replace(' ', 'T')}Z`)
  return undefined
}

function told(run: Run, deliveries: Delivery[]): Told {
  const origin = Date.parse(run.storyStartedAt!)
  return {
    status: run.status,
    // A probe's label names the receiver's address, which is each host's own.
    steps: run.steps.map((s) => `${s.index} ${s.label.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')}: ${s.status}`),
    // Order-free: events due at the same story instant may arrive in either order.
    times: deliveries.flatMap((d) => timeFields(JSON.parse(d.body), origin).map((t) => `${d.event} ${t}`)).sort(),
  }
}

const children: ChildProcess[] = []
let serve: ServeProcess
const results = new Map<string, Map<string, Told>>()

/** `hookbench run <ids…> --time-scale S --data-dir D`, read back from D once it exits. */
async function viaCli(ids: string[], scale: number): Promise<Map<string, Told>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-hosts-cli-'))
  const child = spawn(process.execPath, [CLI_PATH, 'run', ...ids, '--time-scale', String(scale), '--data-dir', dataDir, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], cwd: LANGUAGE_DIR })
  children.push(child)
  let stderr = ''
  let stdout = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  // What went wrong: the lines of the --json output that say failed, and stderr.
  const failed = () => stdout.split('\n').filter((line) => /"(failed|error)"/.test(line)).slice(0, 10).join('\n')
  if (code !== 0) throw new Error(`hookbench run at ${scale} exited ${code}: ${stderr}\n${failed()}`)
  const opened = await openEngine({ dataDir, host: 'cli', resume: false, log: () => {} })
  try {
    const out = new Map<string, Told>()
    for (const summary of opened.engine.runs.list()) out.set(summary.scenarioId, told(opened.engine.runs.get(summary.id), await opened.engine.runs.deliveries(summary.id)))
    return out
  } finally {
    await opened.close()
  }
}

/** runScenario for each id at once on the served engine, then each run and its deliveries through the API. */
async function viaWeb(ids: string[], scale: number): Promise<Map<string, Told>> {
  const input = (id: string) => (id === LANGUAGE ? { source: LANGUAGE_SOURCE, fileName: LANGUAGE, files: LANGUAGE_FILES } : { id })
  const started = await Promise.all(ids.map((id) => serve.api<{ id: string }>('runScenario', { ...input(id), options: { timeScale: scale } })))
  const out = new Map<string, Told>()
  for (const [i, { id }] of started.entries()) {
    let run = await serve.api<Run>('getRun', { id })
    while (run.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 250))
      run = await serve.api<Run>('getRun', { id })
    }
    const page = await serve.api<{ items: Array<{ id: string }> }>('listDeliveries', { runId: id, limit: 1000 })
    const deliveries = await Promise.all(page.items.map((d) => serve.api<Delivery>('getDelivery', { id: d.id })))
    out.set(ids[i]!, told(run, deliveries))
  }
  return out
}

beforeAll(async () => {
  serve = await startServe()
  const all = [...LIBRARY.map((s) => s.id), LANGUAGE]
  const cliAt = async (key: string, groups: string[][], scale: number) => {
    const parts = await Promise.all(groups.map((ids) => viaCli(ids, scale)))
    results.set(key, new Map(parts.flatMap((part) => [...part])))
  }
  const webAt = async (key: string, ids: string[], scale: number) => results.set(key, await viaWeb(ids, scale))
  // Scale 0 first (quick), one host after the other: each host runs every built-in at once beside
  // the language story's real-time load, and the two hosts together left its sender short of a
  // core on a busy machine. Then everything slower side by side.
  await cliAt('cli@0', [all], 0)
  await webAt('web@0', all, 0)
  const groups = balanced(3)
  groups[0]!.push(LANGUAGE)
  await Promise.all([cliAt('cli@0.01', groups, 0.01), webAt('web@0.01', all, 0.01), cliAt('cli@1', [[SHORT]], 1), webAt('web@1', [SHORT], 1)])
}, 300_000)

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  await serve?.stop()
})

describe('every built-in, from the CLI and from web mode, at every scale', () => {
  it('passes at scale 0 in both hosts', () => {
    for (const key of ['cli@0', 'web@0']) {
      const runs = results.get(key)!
      expect([...runs.keys()].sort(), key).toEqual([...LIBRARY.map((s) => s.id), LANGUAGE].sort())
      for (const [id, run] of runs) expect(`${key} ${id}: ${run.status}`).toBe(`${key} ${id}: passed`)
    }
  })

  it.each(['web@0', 'cli@0.01', 'web@0.01'])('%s gives the CLI\'s scale-0 verdict, step by step, and the same story time in every payload', (key) => {
    const reference = results.get('cli@0')!
    const runs = results.get(key)!
    for (const scenario of LIBRARY) {
      const got = runs.get(scenario.id)!
      const want = reference.get(scenario.id)!
      expect(got.status, `${key} ${scenario.id}`).toBe('passed')
      expect(got.steps, `${key} ${scenario.id} steps`).toEqual(want.steps)
      expect(got.times, `${key} ${scenario.id} payload times`).toEqual(want.times)
      // Slack-kind messages are plain text: no time field to compare.
      if (scenario.id !== 'qovery-slack-notifications') expect(got.times.length, `${scenario.id} has time fields`).toBeGreaterThan(0)
    }
  })

  it.each(['web@0', 'cli@0.01', 'web@0.01'])('%s tells the language story as the CLI does at scale 0: same verdicts, same story times, the load in real time', (key) => {
    const want = results.get('cli@0')!.get(LANGUAGE)!
    expect(want.status).toBe('passed')
    expect(want.times.length).toBeGreaterThan(5)
    expect(results.get(key)!.get(LANGUAGE)).toEqual(want)
  })

  it.each(['cli@1', 'web@1'])(`%s: ${SHORT} in real time gives the same verdict and times`, (key) => {
    expect(results.get(key)!.get(SHORT)).toEqual(results.get('cli@0')!.get(SHORT))
  })
})
