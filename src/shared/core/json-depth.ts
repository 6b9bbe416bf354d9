/**
 * The deepest nesting of objects and arrays Hookbench takes in anything it is given (API input,
 * scenario files, payloads). Real webhook payloads nest a handful of levels; thousands would be
 * accepted by a parser and then overflow the stack of every later step that walks the value
 * (validation, JSON.stringify when the data file is saved).
 */
export const MAX_JSON_DEPTH = 64

export const TOO_DEEP = `nested more than ${MAX_JSON_DEPTH} levels deep`

/**
 * How deep objects and arrays nest in `value` (a scalar is 0, `{}` is 1), counted no further than
 * `limit + 1`. Walks with its own stack, so any depth (or a value containing itself) is safe.
 */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0
  const pending: Array<[unknown, number]> = [[value, 1]]
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!
    if (typeof current !== 'object' || current === null) continue
    deepest = Math.max(deepest, depth)
    if (deepest > limit) return deepest
    for (const item of Object.values(current)) pending.push([item, depth + 1])
  }
  return deepest
}

/** The same count for JSON text, without parsing it: brackets outside strings. */
export function jsonTextDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i)
    if (inString) {
      if (char === 0x5c) i++ // backslash: skip the escaped character
      else if (char === 0x22) inString = false
    } else if (char === 0x22) inString = true
    else if (char === 0x7b || char === 0x5b) {
      deepest = Math.max(deepest, ++depth)
      if (deepest > limit) return deepest
    } else if (char === 0x7d || char === 0x5d) depth--
  }
  return deepest
}

export const isTooDeep = (value: unknown) => jsonDepth(value) > MAX_JSON_DEPTH

export const isTextTooDeep = (text: string) => jsonTextDepth(text) > MAX_JSON_DEPTH
