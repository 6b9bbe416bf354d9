import type { VarPath } from '../../shared/schemas/scenario-vars'

export type Path = VarPath

/** A problem before it is placed in the file; `atKey` points at a map key rather than its value. */
export interface Found {
  path: Path
  message: string
  atKey?: boolean
}

/** `steps[3].fire`, `set["data.release.version"]`; `(root)` for the whole file. */
export function formatPath(path: Path): string {
  let text = ''
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text ? `.${segment}` : segment
    else text += `[${JSON.stringify(segment)}]`
  }
  return text || '(root)'
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function valueAt(value: unknown, path: Path): unknown {
  let current = value
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment]
    else if (isRecord(current) && Object.hasOwn(current, segment)) current = current[segment]
    else return undefined
  }
  return current
}
