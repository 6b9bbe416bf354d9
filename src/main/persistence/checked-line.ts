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
