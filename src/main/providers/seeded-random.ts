import { createHash } from 'node:crypto'

/** A small deterministic generator: the same seed gives the same payload, every time. */
export interface SeededRandom {
  next(): number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  hex(length: number): string
  /** An RFC 4122 version-4 shaped uuid. */
  uuid(): string
}

export function seededRandom(seed: string | number): SeededRandom {
  let state = createHash('sha256').update(String(seed)).digest().readUInt32LE(0)
  // mulberry32
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const hex = (length: number) => Array.from({ length }, () => '0123456789abcdef'[int(0, 15)]).join('')
  return {
    next,
    int,
    hex,
    pick: (items) => items[int(0, items.length - 1)]!,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`,
  }
}
