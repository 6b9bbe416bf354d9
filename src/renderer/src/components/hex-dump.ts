/** Bytes per row of a hex dump, as `hexdump -C` and `xxd` show them. */
export const HEX_ROW_BYTES = 16
/** A hex dump shows at most this many bytes: 4,096 rows are as many as anyone reads. */
export const HEX_CAP_BYTES = 64 * 1024

export interface HexRow {
  /** Eight hex digits, e.g. `00000010`. */
  offset: string
  /** Sixteen bytes in hex, two groups of eight; a short last row is padded so columns line up. */
  hex: string
  /** The same bytes as printable ASCII, `.` for anything else. */
  ascii: string
}

export interface HexDump {
  rows: HexRow[]
  /** Bytes shown (at most `maxBytes`) out of `totalBytes`. */
  shownBytes: number
  totalBytes: number
}

const hex2 = (byte: number) => byte.toString(16).padStart(2, '0')
const printable = (byte: number) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')

/**
 * Offset, hex bytes and ASCII, a row per 16 bytes (8 where the view is narrow, so the ASCII
 * column stays in sight), for the first `maxBytes` bytes.
 */
export function hexDump(bytes: Uint8Array, maxBytes = HEX_CAP_BYTES, rowBytes: 8 | 16 = HEX_ROW_BYTES): HexDump {
  const shownBytes = Math.min(bytes.length, maxBytes)
  const rows: HexRow[] = []
  for (let at = 0; at < shownBytes; at += rowBytes) {
    const row = bytes.subarray(at, Math.min(at + rowBytes, shownBytes))
    const cells = Array.from({ length: rowBytes }, (_, i) => (i < row.length ? hex2(row[i]!) : '  '))
    rows.push({
      offset: at.toString(16).padStart(8, '0'),
      hex: rowBytes === 16 ? `${cells.slice(0, 8).join(' ')}  ${cells.slice(8).join(' ')}` : cells.join(' '),
      ascii: Array.from(row, printable).join(''),
    })
  }
  return { rows, shownBytes, totalBytes: bytes.length }
}

/** Characters in a row of the dump as shown: offset, two spaces, the hex, two spaces, the ASCII. */
export const hexRowChars = (rowBytes: 8 | 16) => 8 + 2 + (rowBytes * 3 - 1 + (rowBytes === 16 ? 1 : 0)) + 2 + rowBytes

/** The widest row that fits `chars` characters: 16 bytes, else 8. */
export const hexRowBytesFor = (chars: number): 8 | 16 => (chars >= hexRowChars(16) ? 16 : 8)

/** The dump as text, `hexdump -C` style (what "Copy" copies in hex view). */
export function hexDumpText(dump: HexDump): string {
  const lines = dump.rows.map((r) => `${r.offset}  ${r.hex}  |${r.ascii}|`)
  if (dump.shownBytes < dump.totalBytes) lines.push(`… ${dump.totalBytes - dump.shownBytes} more bytes not shown`)
  return lines.join('\n')
}
