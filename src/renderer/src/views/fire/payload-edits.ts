import diff from 'microdiff'

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

/** The user's edits to a generated payload as a scenario step's `set:` overrides. */
export interface PayloadEdits {
  /** Dot path → the edited value. */
  set: Record<string, Json>
  /** Edits `set:` cannot say (a top-level field added or removed, a top-level key with a dot in it). */
  unsaved: string[]
}

const isContainer = (value: unknown): value is Record<string, Json> | Json[] => typeof value === 'object' && value !== null

/**
 * What changed between the generated and the edited payload, as dot-path overrides. A changed
 * value is set at its own path. An added or removed field (or array item) cannot be a path of its
 * own, as a scenario's `set:` only replaces what exists, so its parent is set whole, as edited.
 */
export function editsAsOverrides(generated: Json, edited: Json): PayloadEdits {
  if (!isContainer(generated) || !isContainer(edited) || Array.isArray(generated) !== Array.isArray(edited)) {
    return JSON.stringify(generated) === JSON.stringify(edited) ? { set: {}, unsaved: [] } : { set: {}, unsaved: ['(root)'] }
  }
  const paths = new Map<string, (string | number)[]>()
  const unsaved: string[] = []
  for (const change of diff(generated, edited)) {
    const own = change.type === 'CHANGE' ? change.path : change.path.slice(0, -1)
    // A dot path cannot name a key with a dot in it: the object holding that key is set whole.
    const dotted = own.findIndex((key) => String(key).includes('.'))
    const path = dotted === -1 ? own : own.slice(0, dotted)
    if (path.length === 0) unsaved.push(change.path.join('.'))
    else paths.set(path.join('.'), path)
  }
  const keys = [...paths.keys()]
  // A path inside another one that is set whole is already covered by it.
  const kept = keys.filter((key) => !keys.some((other) => other !== key && key.startsWith(`${other}.`)))
  const set: Record<string, Json> = {}
  for (const key of kept) {
    const value = valueAt(edited, paths.get(key) ?? [])
    if (value !== undefined) set[key] = value
  }
  return { set, unsaved }
}

function valueAt(root: Json, path: (string | number)[]): Json | undefined {
  let current: Json | undefined = root
  for (const key of path) {
    if (Array.isArray(current)) current = current[Number(key)]
    else if (isContainer(current)) current = current[String(key)]
    else return undefined
  }
  return current
}
