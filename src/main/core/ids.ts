import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/** Short random ids with a readable prefix (`sub_…`, `msg_…`): 20 chars of base32, ~100 bits. */
export function newId(prefix: string, length = 20): string {
  const bytes = randomBytes(length)
  let id = ''
  for (const byte of bytes) id += ALPHABET[byte % 32]
  return `${prefix}_${id}`
}
