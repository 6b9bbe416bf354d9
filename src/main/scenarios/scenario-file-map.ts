import { posix } from 'node:path'
import { MAX_INCLUDED_FILES } from '../../shared/schemas/scenario-limits'
import { isRecord } from './problem-path'

/*
 * The files a scenario refers to (`include:`, `template:`), read by the host and handed to the
 * parser as a map: path from the scenario's folder → text. The parser never reads a disk itself,
 * so web mode cannot be made to open a file the server has (the app resolves names among the
 * saved scenarios, the CLI reads next to the file it was given).
 */

/** Path (from the scenario's folder, `/`-separated) → the file's text. */
export type ScenarioFileMap = Readonly<Record<string, string>>

/** Where a path written in the file `from` (a key of the map, '' for the scenario itself) points, as a key of the map. */
export function resolveFilePath(from: string, written: string): { path: string } | { problem: string } {
  const text = written.trim().replace(/\\/g, '/')
  if (text === '') return { problem: 'is empty: give a file name' }
  if (posix.isAbsolute(text) || /^[A-Za-z]:\//.test(text)) return { problem: `"${written}" is an absolute path; give it relative to the scenario file (e.g. ./${posix.basename(text)})` }
  const path = posix.normalize(posix.join(posix.dirname(from || '.'), text))
  return { path: path.startsWith('./') ? path.slice(2) : path }
}

/** The `include:` and `template:` paths a file's steps name (as written), in file order. */
export function filesNamedIn(raw: unknown): Array<{ kind: 'include' | 'template'; path: string }> {
  const found: Array<{ kind: 'include' | 'template'; path: string }> = []
  const visit = (steps: unknown) => {
    if (!Array.isArray(steps)) return
    for (const step of steps) {
      if (!isRecord(step)) continue
      if (typeof step.include === 'string') found.push({ kind: 'include', path: step.include })
      if (typeof step.template === 'string') found.push({ kind: 'template', path: step.template })
      if (isRecord(step.load) && typeof step.load.template === 'string') found.push({ kind: 'template', path: step.load.template })
      visit(step.steps)
      visit(step.parallel)
    }
  }
  if (isRecord(raw)) visit(raw.steps)
  return found
}

export type ReadFile = (path: string) => Promise<{ text: string } | { problem: string }>

/**
 * Reads every file a scenario refers to, and what those refer to in turn (at most
 * MAX_INCLUDED_FILES): the map the parser takes. A file that cannot be read is left out and its
 * reason kept, for the host to say; the parser then reports the include that names it.
 */
export async function collectFiles(raw: unknown, read: ReadFile, parse: (text: string, path: string) => unknown): Promise<{ files: Record<string, string>; unreadable: Record<string, string> }> {
  const files: Record<string, string> = {}
  const unreadable: Record<string, string> = {}
  const pending: Array<{ from: string; raw: unknown }> = [{ from: '', raw }]
  while (pending.length > 0) {
    const { from, raw: value } = pending.shift()!
    for (const named of filesNamedIn(value)) {
      const resolved = resolveFilePath(from, named.path)
      if ('problem' in resolved || Object.hasOwn(files, resolved.path) || Object.hasOwn(unreadable, resolved.path)) continue
      if (Object.keys(files).length >= MAX_INCLUDED_FILES) return { files, unreadable }
      const got = await read(resolved.path)
      if ('problem' in got) {
        unreadable[resolved.path] = got.problem
        continue
      }
      files[resolved.path] = got.text
      if (named.kind === 'include') pending.push({ from: resolved.path, raw: parse(got.text, resolved.path) })
    }
  }
  return { files, unreadable }
}
