import type { BodyMode } from '../store/ui/body-mode'

/** How a body is shown (indented and coloured JSON, the text as it is, or bytes in hex): the choice is kept in the UI store. */
export { BODY_MODES, type BodyMode } from '../store/ui/body-mode'

/** Above this size a body is not pretty-printed or coloured (it would slow the inspector down): raw text instead. */
export const PRETTY_CAP_BYTES = 100 * 1024

export interface DecodedBody {
  bytes: Uint8Array
  /** The UTF-8 text; undefined when the bytes are binary (not UTF-8, or NUL bytes). */
  text: string | undefined
}

/** A body given as text (deliveries, responses) or base64 (captures), as bytes and text. */
export function decodeBody(source: { text?: string; base64?: string }): DecodedBody {
  if (source.base64 === undefined) {
    const text = source.text ?? ''
    return { bytes: new TextEncoder().encode(text), text }
  }
  const binary = atob(source.base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return { bytes, text: decodeUtf8(bytes) }
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return text.includes('\u0000') ? undefined : text
  } catch {
    return undefined
  }
}

/** The text indented, when it is JSON. */
export function prettyJson(text: string): string | undefined {
  if (!/^\s*[[{"\d tfn-]/.test(text) || text.trim() === '') return undefined
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return undefined
  }
}

export interface BodyPresentation {
  mode: BodyMode
  /** Why the body is not shown the way asked, in the UI's words. */
  note?: string
  /** Indented JSON, for `pretty`. */
  pretty?: string
}

/**
 * How a body is shown in the mode asked for: binary is always hex, a body over the cap is raw,
 * and "pretty" text that is not JSON is shown as it is.
 */
export function presentBody(body: DecodedBody, asked: BodyMode): BodyPresentation {
  if (body.text === undefined) return { mode: 'hex', ...(asked !== 'hex' && { note: 'Binary body: shown in hex.' }) }
  if (asked !== 'pretty') return { mode: asked }
  if (body.bytes.length > PRETTY_CAP_BYTES) {
    return { mode: 'raw', note: `Pretty view is off above ${PRETTY_CAP_BYTES / 1024} KB (this body is ${formatBytes(body.bytes.length)}): shown as raw text.` }
  }
  const pretty = prettyJson(body.text)
  return pretty === undefined ? { mode: 'raw' } : { mode: 'pretty', pretty }
}

export function formatBytes(count: number): string {
  if (count < 1024) return `${count} bytes`
  if (count < 1024 * 1024) return `${Math.round((count / 1024) * 10) / 10} KB`
  return `${Math.round((count / 1024 / 1024) * 10) / 10} MB`
}
