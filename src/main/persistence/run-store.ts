import { existsSync } from 'node:fs'
import { chmod, readFile, rename, stat } from 'node:fs/promises'
import { z } from 'zod'
import { Run, StepResult, isRunFinal } from '../../shared/schemas/run'
import { createAppender } from './append-file'
import { checkedLine, parseCheckedLine } from './checked-line'
import { createCoalescingWriter } from './coalescing-writer'
import { FILE_MODE, replaceFile } from './private-files'
import { type Recovery, moveAside } from './recovery'
import { type StorageHealth, createStorageHealth } from './storage-health'
import { createUnreadableLines } from './unreadable-lines'

/**
 * Scenario runs, saved as small change records: a run's whole record once when it starts, then
 * one line per step that changes and one per change of the run's own fields. A 4,000-step run
 * writes a few MB, not the square of its size; the file is compacted (one line per run) once it is
 * mostly superseded lines.
 */
export interface RunStore {
  get(id: string): Run | undefined
  /** Newest first (by start). */
  list(): Run[]
  /** A new run, whole. The store keeps this object: later saves write what changed in it. */
  create(run: Run): Promise<void>
  /** One step of the run changed. */
  saveStep(run: Run, index: number): Promise<void>
  /** The run's own fields changed (status, story clock, counts…); nothing is written when none did. */
  saveState(run: Run): Promise<void>
  flush(): Promise<void>
  close(): Promise<void>
  readonly size: number
  /** Lines that could not be read at load (e.g. the half-written last line of a crash). */
  readonly skippedLines: number
  readonly unreadableMovedTo: string | undefined
  /** A runs file that could not be used at all (too large), moved aside at load. */
  readonly recoveries: Recovery[]
  /** Lines of an older version's `runs.jsonl` that could not be carried over (copied aside). */
  readonly legacySkipped: { file: string; lines: number; movedTo?: string } | undefined
}

/** A runs file larger than this is not read (it would take the start down): it is moved aside. */
export const MAX_RUNS_FILE_BYTES = 256 * 1024 * 1024
/** What finished runs may take on disk together; the oldest go first beyond it. */
export const MAX_LIVE_RUN_BYTES = 64 * 1024 * 1024

/** A run's fields but its steps and its scenario's text and files (which never change). */
const RunState = Run.omit({ steps: true, source: true, files: true })
type RunState = z.infer<typeof RunState>

const RunLine = z.discriminatedUnion('t', [
  z.object({ t: z.literal('run'), run: Run }),
  z.object({ t: z.literal('step'), id: z.string(), step: StepResult }),
  z.object({ t: z.literal('state'), id: z.string(), state: RunState }),
])

interface Entry {
  run: Run
  /** The last state written, as JSON: an unchanged state is not written again. */
  stateJson: string
  /** About what the run takes on disk once compacted. */
  bytes: number
}

export interface RunStoreOptions {
  file: string | undefined
  /** Most runs kept; the oldest finished ones go first. */
  maxRecords: number
  maxLiveBytes?: number
  maxFileBytes?: number
  health?: StorageHealth
  /** A `runs.jsonl` of an older version, carried over once. */
  legacyFile?: string
}

export async function openRunStore(options: RunStoreOptions): Promise<RunStore> {
  const { file, maxRecords, maxLiveBytes = MAX_LIVE_RUN_BYTES, maxFileBytes = MAX_RUNS_FILE_BYTES, health = createStorageHealth() } = options
  const entries = new Map<string, Entry>()
  const unreadable = createUnreadableLines(file)
  const recoveries: Recovery[] = []
  let pending: string[] = []
  let bytesOnDisk = 0
  let liveBytes = 0

  const stateOf = ({ steps: _steps, source: _source, files: _files, ...state }: Run): RunState => state
  const add = (run: Run, bytes: number) => {
    const existing = entries.get(run.id)
    if (existing) liveBytes -= existing.bytes
    entries.set(run.id, { run, stateJson: JSON.stringify(stateOf(run)), bytes })
    liveBytes += bytes
  }

  if (file) {
    const text = await readRunsFile(file, maxFileBytes, recoveries)
    bytesOnDisk = Buffer.byteLength(text)
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      if (!apply(line)) unreadable.add(line)
    }
  }

  /** Folds one line into the runs read so far; false when it cannot be read. */
  function apply(line: string): boolean {
    const parsed = RunLine.safeParse(parseCheckedLine(line))
    if (!parsed.success) return false
    const record = parsed.data
    if (record.t === 'run') {
      add(record.run, line.length)
      return true
    }
    const entry = entries.get(record.id)
    // A change to a run that has left history (or whose start line was damaged) has nothing to change.
    if (!entry) return true
    if (record.t === 'step') {
      if (record.step.index >= entry.run.steps.length) return false
      entry.run.steps[record.step.index] = record.step
    } else {
      Object.assign(entry.run, record.state)
      entry.stateJson = JSON.stringify(record.state)
    }
    entry.bytes += line.length
    liveBytes += line.length
    return true
  }

  const evictOverflow = () => {
    if (entries.size <= maxRecords && liveBytes <= maxLiveBytes) return
    for (const [id, entry] of entries) {
      if (entries.size <= maxRecords && liveBytes <= maxLiveBytes) break
      if (!isRunFinal(entry.run)) continue
      entries.delete(id)
      liveBytes -= entry.bytes
    }
  }

  let mustCompact = unreadable.count > 0 || (file !== undefined && options.legacyFile !== undefined && existsSync(options.legacyFile))
  const shouldCompact = () => mustCompact || bytesOnDisk > 2 * liveBytes + 1024 * 1024
  const appender = file ? createAppender(file) : undefined

  const writeBatch = async () => {
    const lines = pending
    pending = []
    if (!file) return
    try {
      await health.write(file, async () => {
        if (shouldCompact() && (await unreadable.setAside().then(() => true, () => false))) await compact()
        else {
          const text = lines.join('')
          await appender!.append(text)
          bytesOnDisk += Buffer.byteLength(text)
        }
      })
    } catch (error) {
      // Kept for the next write: a disk that fills up loses nothing.
      pending = [...lines, ...pending]
      throw error
    }
  }

  /** Rewrites the file with one line per run kept. */
  async function compact() {
    await appender!.close()
    liveBytes = 0
    const lines = [...entries.values()].map((entry) => {
      const line = checkedLine(JSON.stringify({ t: 'run', run: entry.run }))
      entry.bytes = line.length
      liveBytes += line.length
      return line
    })
    const text = lines.join('')
    await replaceFile(file!, text)
    bytesOnDisk = Buffer.byteLength(text)
    mustCompact = false
  }

  const writer = createCoalescingWriter(writeBatch)
  const write = (record: object, entry: Entry | undefined) => {
    const line = checkedLine(JSON.stringify(record))
    pending.push(line)
    if (entry) {
      entry.bytes += line.length
      liveBytes += line.length
    }
    return writer.requestWrite()
  }

  const legacyRead = options.legacyFile && file ? await readLegacyRuns(options.legacyFile, maxFileBytes, recoveries) : undefined
  const legacy = legacyRead?.runs
  for (const run of legacy ?? []) add(run, JSON.stringify(run).length)
  evictOverflow()
  if (mustCompact) {
    const written = await writer.requestWrite().then(() => true, () => false)
    // The old file is kept until its runs are safely in the new one.
    if (written && legacy) {
      await rename(options.legacyFile!, `${options.legacyFile}.migrated`)
      // An older version may have left it readable by others; the copy kept is not.
      await chmod(`${options.legacyFile}.migrated`, FILE_MODE).catch(() => undefined)
    }
  }

  return {
    get: (id) => entries.get(id)?.run,
    list: () => [...entries.values()].map((entry) => entry.run).reverse(),
    create(run) {
      add(run, 0)
      const saved = write({ t: 'run', run }, entries.get(run.id))
      evictOverflow()
      return saved
    },
    saveStep(run, index) {
      const step = run.steps[index]
      if (!step) return Promise.resolve()
      return write({ t: 'step', id: run.id, step }, entries.get(run.id))
    },
    saveState(run) {
      const entry = entries.get(run.id)
      const state = stateOf(run)
      const json = JSON.stringify(state)
      if (entry?.stateJson === json) return Promise.resolve()
      if (entry) entry.stateJson = json
      const saved = write({ t: 'state', id: run.id, state }, entry)
      evictOverflow()
      return saved
    },
    flush: () => writer.idle(),
    async close() {
      await writer.idle()
      // Left over from a failed write with no save since: one last try (the disk may have room now).
      if (pending.length > 0) await writer.requestWrite().catch(() => {})
      await appender?.close()
    },
    get size() {
      return entries.size
    },
    skippedLines: unreadable.count,
    get unreadableMovedTo() {
      return unreadable.movedTo
    },
    recoveries,
    legacySkipped: legacyRead?.skipped,
  }
}

/** The file's text; a file too large to read is moved aside (and said so) instead of failing the start. */
async function readRunsFile(file: string, maxBytes: number, recoveries: Recovery[]): Promise<string> {
  const size = await sizeOf(file)
  if (size === undefined) return ''
  if (size > maxBytes) {
    recoveries.push(await moveAside(file, tooLarge(size, maxBytes)))
    return ''
  }
  return readFile(file, 'utf8')
}

const tooLarge = (size: number, maxBytes: number) =>
  `it is ${Math.round(size / 1024 / 1024)} MB, more than the ${Math.round(maxBytes / 1024 / 1024)} MB a runs file may take`

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * An older version's `runs.jsonl` (a whole snapshot of a run per line, the last one wins): its runs,
 * oldest first, to carry over once (the file is then kept as `runs.jsonl.migrated`). One too large
 * to read is moved aside instead, with a notice.
 */
async function readLegacyRuns(legacy: string, maxBytes: number, recoveries: Recovery[]) {
  const size = await sizeOf(legacy)
  if (size === undefined) return undefined
  if (size > maxBytes) {
    recoveries.push(await moveAside(legacy, tooLarge(size, maxBytes)))
    return undefined
  }
  const latest = new Map<string, Run>()
  const unreadable = createUnreadableLines(legacy)
  for (const line of (await readFile(legacy, 'utf8')).split('\n')) {
    if (!line.trim()) continue
    const parsed = (() => {
      try {
        return Run.safeParse(JSON.parse(line))
      } catch {
        return undefined
      }
    })()
    if (parsed?.success) latest.set(parsed.data.id, parsed.data)
    else unreadable.add(line)
  }
  // Lines that cannot be carried over (torn, damaged, from a newer version) are copied aside too.
  await unreadable.setAside().catch(() => undefined)
  const skipped = unreadable.count > 0 ? { file: legacy, lines: unreadable.count, ...(unreadable.movedTo && { movedTo: unreadable.movedTo }) } : undefined
  return { runs: [...latest.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt)), skipped }
}
