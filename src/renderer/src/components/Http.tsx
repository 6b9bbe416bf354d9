import { useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { HeaderPair } from '../../../shared/schemas/http'
import { BODY_MODES, type BodyMode, decodeBody, formatBytes, presentBody } from './body-format'
import { setBodyMode, useBodyMode } from '../store/ui/body-mode'
import { copyText } from '../store/ui/clipboard'
import { hexDump, hexDumpText, hexRowBytesFor } from './hex-dump'
import { tokenizeJson } from './json-tokens'

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

const MODE_LABEL: Record<BodyMode, string> = { pretty: 'Pretty', raw: 'Raw', hex: 'Hex' }

/**
 * A body with a "Pretty | Raw | Hex" switch (remembered, shared by every body) and Copy: JSON
 * indented and coloured, text as it is, bytes as a hex dump. Binary bodies are always hex; big
 * ones are not pretty-printed, and the view says why.
 */
export function BodyView({ text, base64, testId, label = 'Body' }: { text?: string; base64?: string; testId?: string; label?: string }) {
  const asked = useBodyMode((s) => s.mode)
  const body = useMemo(() => decodeBody(base64 === undefined ? { text } : { base64 }), [text, base64])
  const shown = useMemo(() => presentBody(body, asked), [body, asked])
  if (body.bytes.length === 0) return <p className="muted" data-testid={testId}>Empty body</p>
  const id = (part: string) => (testId ? `${testId}-${part}` : undefined)
  // Copied as `hexdump -C` prints it, 16 bytes a row, whatever the width on screen.
  const copy = () => void copyText(body.text ?? hexDumpText(hexDump(body.bytes)), label)
  return (
    <div className="body-view">
      <div className="body-toolbar">
        <div className="segmented" role="group" aria-label={`Show the ${label.toLowerCase()} as`}>
          {BODY_MODES.map((mode) => (
            <button key={mode} type="button" aria-pressed={asked === mode} onClick={() => setBodyMode(mode)} data-testid={id(`mode-${mode}`)}>
              {MODE_LABEL[mode]}
            </button>
          ))}
        </div>
        <span className="muted">{formatBytes(body.bytes.length)}</span>
        <button type="button" onClick={copy} title={body.text === undefined ? 'Copy the hex dump' : 'Copy the body exactly as it is'} data-testid={id('copy')}>
          Copy
        </button>
      </div>
      {shown.note && (
        <p className="muted body-note" data-testid={id('note')}>
          {shown.note}
        </p>
      )}
      {shown.mode === 'pretty' && <PrettyJson text={shown.pretty ?? ''} testId={testId} />}
      {shown.mode === 'raw' && (
        <pre className="body" data-mode="raw" data-testid={testId}>
          {body.text}
        </pre>
      )}
      {shown.mode === 'hex' && <HexView bytes={body.bytes} testId={testId} />}
    </div>
  )
}

function PrettyJson({ text, testId }: { text: string; testId?: string }) {
  const tokens = useMemo(() => tokenizeJson(text), [text])
  return (
    <pre className="body json-view" data-mode="pretty" data-testid={testId}>
      {tokens.map((token, i) => (token.kind === 'space' || token.kind === 'punctuation' ? token.text : <span key={i} className={`tok-${token.kind}`}>{token.text}</span>))}
    </pre>
  )
}

/** Characters that fit across an element, in its own (monospace) font. */
function useCharsAcross(element: React.RefObject<HTMLElement | null>): number {
  const [chars, setChars] = useState(80)
  useLayoutEffect(() => {
    const pre = element.current
    if (!pre) return
    const probe = document.createElement('span')
    probe.textContent = '0'.repeat(20)
    probe.style.visibility = 'hidden'
    probe.style.position = 'absolute'
    pre.append(probe)
    const charWidth = probe.getBoundingClientRect().width / 20 || 7
    probe.remove()
    const measure = () => {
      const style = getComputedStyle(pre)
      const inner = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      setChars(Math.floor(inner / charWidth))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(pre)
    return () => observer.disconnect()
  }, [element])
  return chars
}

/** The hex dump, 16 bytes a row where they fit with their ASCII column, else 8. */
function HexView({ bytes, testId }: { bytes: Uint8Array; testId?: string }) {
  const pre = useRef<HTMLPreElement>(null)
  const rowBytes = hexRowBytesFor(useCharsAcross(pre))
  const dump = useMemo(() => hexDump(bytes, undefined, rowBytes), [bytes, rowBytes])
  return (
    <pre ref={pre} className="body hex-view" data-mode="hex" data-row-bytes={rowBytes} data-testid={testId}>
      {dump.rows.map((row) => (
        <span key={row.offset} className="hex-row">
          <span className="hex-offset">{row.offset}</span>
          {'  '}
          {row.hex}
          {'  '}
          <span className="hex-ascii">{row.ascii}</span>
          {'\n'}
        </span>
      ))}
      {dump.shownBytes < dump.totalBytes && <span className="muted">{`… the first ${formatBytes(dump.shownBytes)} of ${formatBytes(dump.totalBytes)} shown`}</span>}
    </pre>
  )
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

export { formatTime } from './format-time'
