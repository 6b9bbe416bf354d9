/** How long typing rests before a list's text filter is sent; Enter sends it at once. */
export const TEXT_DEBOUNCE_MS = 250

/** Drops empty fields, so `{ text: '' }` asks for everything. */
export function compact<F extends object>(filter: F): F {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as F
}
