/** A small deterministic generator: the same seed gives the same payload, every time. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  hex(length: number): string
  /** An RFC 4122 version-4 shaped uuid. */
  uuid(): string
}

/** FNV-1a over the seed's UTF-16 units, then murmur3's finaliser so close seeds start far apart. */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193)
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Two hex digits per byte value, so a 32-bit word becomes text with four lookups. */
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))
const hex8 = (word: number) => HEX_BYTES[word >>> 24]! + HEX_BYTES[(word >>> 16) & 255]! + HEX_BYTES[(word >>> 8) & 255]! + HEX_BYTES[word & 255]!

/** mulberry32 seeded from the text of `seed`: pure JavaScript, so the UI can generate payloads too. */
export function seededRandom(seed: string | number): SeededRandom {
  let state = hashSeed(String(seed))
  const next32 = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return (t ^ (t >>> 14)) >>> 0
  }
  const next = () => next32() / 4294967296
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  // Eight hex digits per draw: ids are built a word at a time, not a character at a time.
  const hex = (length: number) => {
    let text = ''
    while (text.length < length) text += hex8(next32())
    return text.slice(0, length)
  }
  return {
    next,
    int,
    hex,
    pick: (items) => items[int(0, items.length - 1)]!,
    // hex(32) a word at a time; the version (4) and the variant replace its 13th and 17th digits.
    uuid: () => {
      const a = hex8(next32())
      const b = hex8(next32())
      const c = hex8(next32())
      const d = hex8(next32())
      return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${'89ab'[next32() & 3]}${c.slice(1, 4)}-${c.slice(4)}${d}`
    },
  }
}

/** A stable uuid-shaped id derived from any text (a platform log row id from a delivery id). */
export const uuidFrom = (text: string) => seededRandom(`uuid:${text}`).uuid()
