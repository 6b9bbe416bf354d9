/** Dot paths into JSON values: `payload.project.name`, `data.release.version`, `modules.0.name`. */
export function splitPath(path: string): string[] {
  return path.split('.').filter((part) => part !== '')
}

export function readPath(root: unknown, path: string): { found: true; value: unknown } | { found: false } {
  let current: unknown = root
  for (const key of splitPath(path)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return { found: false }
    current = (current as Record<string, unknown>)[key]
  }
  return { found: true, value: current }
}

/** Sets `path` in place. Returns false when a parent is missing or is not an object/array. */
export function writePath(root: unknown, path: string, value: unknown, createMissing: boolean): boolean {
  const keys = splitPath(path)
  const last = keys.pop()
  if (last === undefined) return false
  let current: unknown = root
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return false
    const record = current as Record<string, unknown>
    if (!Object.hasOwn(record, key)) {
      if (!createMissing) return false
      record[key] = {}
    }
    current = record[key]
  }
  if (current === null || typeof current !== 'object') return false
  if (!createMissing && !Object.hasOwn(current, last)) return false
  ;(current as Record<string, unknown>)[last] = value
  return true
}
