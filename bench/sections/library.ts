import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LIBRARY } from '../../src/main/scenarios/library'
import { CLI_PATH } from '../lib/build'
import { RUNS } from '../lib/load'
import { record } from '../lib/results'

/** GNU time, for the run's peak memory (kilobytes); without it the figure is left out. */
const GNU_TIME = '/usr/bin/time'
/** A run that takes longer than this has failed the target many times over. */
const RUN_TIMEOUT_MS = 60_000

interface LibraryRun {
  ms: number
  maxRssMb?: number
}

/** `hookbench run <every built-in> --time-scale 0` as a user types it: process start to exit 0. */
function runLibrary(): LibraryRun {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-bench-library-'))
  const args = [CLI_PATH, 'run', ...LIBRARY.map((s) => s.id), '--time-scale', '0', '--data-dir', dataDir]
  const [command, ...prefix] = existsSync(GNU_TIME) ? [GNU_TIME, '-f', 'maxrss=%M', process.execPath] : [process.execPath]
  const started = performance.now()
  const result = spawnSync(command!, [...prefix, ...args], { encoding: 'utf8', timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL' })
  const ms = performance.now() - started
  rmSync(dataDir, { recursive: true, force: true })
  if (result.status !== 0) throw new Error(`hookbench run of the library exited ${result.status ?? result.signal}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`)
  const rss = /maxrss=(\d+)/.exec(result.stderr)?.[1]
  return { ms, ...(rss && { maxRssMb: Math.round(Number(rss) / 1024) }) }
}

/** The built-in library told at --time-scale 0 in one `run`: the time CI spends on it, and its memory. */
export async function libraryAtScaleZero(): Promise<void> {
  runLibrary() // warm-up: the disk cache
  const runs: LibraryRun[] = []
  for (let i = 0; i < RUNS; i++) runs.push(runLibrary())
  const rss = runs.flatMap((r) => (r.maxRssMb === undefined ? [] : [r.maxRssMb]))
  record({
    id: 'library.scale0',
    section: 'library',
    label: `Library: the ${LIBRARY.length} built-ins in one hookbench run at --time-scale 0 (process start to exit)`,
    unit: 'ms',
    runs: runs.map((r) => r.ms),
    baseline: null,
    target: { kind: 'below', value: 2000, text: '< 2 s' },
    notes: [`every built-in passes (exit 0); a fresh data directory per run`, rss.length > 0 ? `peak memory (RSS) per run: ${rss.join(' / ')} MB` : 'peak memory not measured (no GNU time)'],
  })
}
