/*
 * Selectors must return the same value while their inputs are unchanged (zustand 5 re-renders,
 * and loops, on a new array every call): the ones that build a list remember it per input list.
 */

/** Remembers `derive(list)` until the list is replaced (the store never changes one in place). */
export function perList<L extends object, R>(derive: (list: L) => R): (list: L) => R {
  const cache = new WeakMap<L, { value: R }>()
  return (list) => {
    let known = cache.get(list)
    if (!known) cache.set(list, (known = { value: derive(list) }))
    return known.value
  }
}

/** Remembers `derive(list, arg)` for each argument, until the list is replaced. */
export function perListAndArg<L extends object, A, R>(derive: (list: L, arg: A) => R): (list: L, arg: A) => R {
  const byList = perList((_: L) => new Map<A, { value: R }>())
  return (list, arg) => {
    const byArg = byList(list)
    let known = byArg.get(arg)
    if (!known) byArg.set(arg, (known = { value: derive(list, arg) }))
    return known.value
  }
}

/** Replaces the item with the same key in place, or adds it last. */
export function upsert<T>(list: T[], item: T, key: (item: T) => string): T[] {
  const at = list.findIndex((existing) => key(existing) === key(item))
  if (at !== -1) return list.map((existing, i) => (i === at ? item : existing))
  return [...list, item]
}
