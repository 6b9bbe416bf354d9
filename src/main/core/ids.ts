import { createHash, randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const LENGTH = 20
/** Random bytes drawn ahead: one system call per ~200 ids instead of one per id. */
const POOL_SIZE = 4096

let pool = randomBytes(POOL_SIZE)
let used = 0

const base32 = (bytes: Uint8Array) => {
  let text = ''
  for (let i = 0; i < LENGTH; i++) text += ALPHABET[bytes[i]! % 32]
  return text
}

/** The next unused LENGTH bytes of the pool, refilled once used up. */
function randomSlice(): Uint8Array {
  if (used + LENGTH > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE)
    used = 0
  }
  used += LENGTH
  return pool.subarray(used - LENGTH, used)
}

/** Short random ids with a readable prefix (`sub_…`, `msg_…`): 20 chars of base32, ~100 bits. */
export function newId(prefix: string): string {
  return `${prefix}_${base32(randomSlice())}`
}

/** An id shaped like `newId`'s, always the same for the same parts (from their SHA-256). */
export function derivedId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${base32(createHash('sha256').update(parts.join('\u0000')).digest())}`
}
