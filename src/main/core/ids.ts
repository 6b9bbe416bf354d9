import { createHash, randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const LENGTH = 20

const base32 = (bytes: Uint8Array) => Array.from(bytes.subarray(0, LENGTH), (byte) => ALPHABET[byte % 32]).join('')

/** Short random ids with a readable prefix (`sub_…`, `msg_…`): 20 chars of base32, ~100 bits. */
export function newId(prefix: string): string {
  return `${prefix}_${base32(randomBytes(LENGTH))}`
}

/** An id shaped like `newId`'s, always the same for the same parts (from their SHA-256). */
export function derivedId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${base32(createHash('sha256').update(parts.join('\u0000')).digest())}`
}
