import { run } from '../api/run'
import { addNotice } from '../store/store'
import type { HeaderPair } from '../../../shared/schemas/http'

/** Headers in their order and case, as sent or received. */
export function HeaderList({ headers, testId }: { headers: HeaderPair[]; testId?: string }) {
  if (headers.length === 0) return <p className="muted">No headers</p>
  return (
    <table className="headers" data-testid={testId}>
      <tbody>
        {headers.map(([name, value], i) => (
          <tr key={`${name}-${i}`}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A body shown pretty when it is JSON, as text otherwise, as a hex preview when binary. */
export function BodyView({ text, base64, testId }: { text?: string; base64?: string; testId?: string }) {
  const bytes = base64 === undefined ? undefined : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  const decoded = bytes ? decodeUtf8(bytes) : text
  if (decoded === undefined) {
    const hex = Array.from(bytes!.slice(0, 256), (b) => b.toString(16).padStart(2, '0')).join(' ')
    return (
      <pre className="body" data-testid={testId}>
        {`binary, ${bytes!.length} bytes\n${hex}${bytes!.length > 256 ? ' …' : ''}`}
      </pre>
    )
  }
  if (decoded === '') return <p className="muted">Empty body</p>
  return (
    <pre className="body" data-testid={testId}>
      {pretty(decoded)}
    </pre>
  )
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return text.includes('\u0000') ? undefined : text
  } catch {
    return undefined
  }
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/** A coloured status word: delivered, failed, retrying… or an HTTP status. */
export function Badge({ tone, children, testId }: { tone: 'ok' | 'bad' | 'warn' | 'neutral'; children: React.ReactNode; testId?: string }) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId}>
      {children}
    </span>
  )
}

export function httpTone(status: number | undefined): 'ok' | 'bad' | 'warn' | 'neutral' {
  if (status === undefined) return 'neutral'
  if (status >= 200 && status < 300) return 'ok'
  if (status === 429 || (status >= 300 && status < 400)) return 'warn'
  return 'bad'
}

/** Made once: building a formatter (what toLocaleTimeString does on every call) is the expensive part. */
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
const DAY_AND_TIME = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
let today = { start: 0, end: 0 }

/** The time of day for today's records, with the day for older ones. */
export function formatTime(iso: string): string {
  const at = Date.parse(iso)
  const now = Date.now()
  if (now >= today.end) {
    const midnight = new Date(now)
    midnight.setHours(0, 0, 0, 0)
    today = { start: midnight.getTime(), end: new Date(midnight).setDate(midnight.getDate() + 1) }
  }
  return at >= today.start && at < today.end ? TIME.format(at) : DAY_AND_TIME.format(at)
}

/** What a download holds: text (HAR, cURL) or bytes as base64 (a zip). */
export type DownloadData = string | { base64: string }

/** Base64 of text's UTF-8 bytes, a chunk at a time (spreading a large array overflows the stack). */
function base64OfText(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000))
  return btoa(binary)
}

const bytesOf = (data: DownloadData): BlobPart => (typeof data === 'string' ? data : Uint8Array.from(atob(data.base64), (c) => c.charCodeAt(0)))

/**
 * Saves an export. In the desktop app a save dialog asks where (the preload's `saveFile`); in
 * the browser the file goes where downloads go. A failure becomes a notice; resolves once done.
 */
export async function download(filename: string, mimeType: string, data: DownloadData): Promise<void> {
  const saveFile = window.hookbench?.saveFile
  if (saveFile) {
    const base64 = typeof data === 'string' ? base64OfText(data) : data.base64
    const saved = await run(saveFile({ filename, mimeType, base64 }))
    if (saved?.saved) addNotice('info', `Saved ${saved.path ?? filename}`)
    return
  }
  const url = URL.createObjectURL(new Blob([bytesOf(data)], { type: mimeType }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
