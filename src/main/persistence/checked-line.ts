import { crc32 } from 'node:zlib'

/**
 * A line of JSON with its CRC-32 in front (`<8 hex> <json>`): loading checks the sum instead of
 * re-validating the app's own records, and a torn or damaged line is told apart from a good one.
 */
export function checkedLine(json: string): string {
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`
}

/** The JSON text of a line whose sum matches, else undefined. */
export function checkedJson(line: string): string | undefined {
  if (line.length < 10 || line[8] !== ' ') return undefined
  const json = line.slice(9)
  const sum = Number.parseInt(line.slice(0, 8), 16)
  return crc32(json) === sum ? json : undefined
}

/** Parses a checked line; undefined when the sum or the JSON is wrong. */
export function parseCheckedLine(line: string): unknown {
  const json = checkedJson(line)
  if (json === undefined) return undefined
  try {
    return JSON.parse(json)
  } catch {
    return undefined
  }
}

/**
 * Parses the checked line at `buffer[start, end)` (no newline) without making a string of the
 * whole line first: the sum is checked on the bytes as stored, and only the JSON is decoded.
 */
export function parseCheckedBytes(buffer: Buffer, start: number, end: number): unknown {
  if (end - start < 10 || buffer[start + 8] !== SPACE) return undefined
  let sum = 0
  for (let at = start; at < start + 8; at++) {
    const digit = HEX[buffer[at]!] ?? -1
    if (digit < 0) return undefined
    sum = sum * 16 + digit
  }
  if (crc32(buffer.subarray(start + 9, end)) !== sum) return undefined
  try {
    return JSON.parse(buffer.toString('utf8', start + 9, end))
  } catch {
    return undefined
  }
}

const SPACE = 0x20
/** The value of each byte that is a lower-case hexadecimal digit (as `checkedLine` writes them). */
const HEX: Record<number, number> = Object.fromEntries([...'0123456789abcdef'].map((digit, value) => [digit.charCodeAt(0), value]))
