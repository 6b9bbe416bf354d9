import { CodeEditor, type CodeProblem } from '../../components/CodeEditor'
import { Badge } from '../../components/Http'
import type { FirePreview, ReadJson } from './fire-request'

/**
 * The payload: a generic event's body template, then the payload generated for the choice (or as
 * the user edited it), with its JSON and schema problems and "Send it anyway".
 */
export function PayloadSection(props: {
  generic: boolean
  template: string
  parsedTemplate: ReadJson
  onTemplate: (text: string) => void
  text: string
  edited: ReadJson | undefined
  staleEdit: boolean
  preview: FirePreview | undefined
  previewError: string | undefined
  problems: FirePreview['problems']
  event: string
  sendAnyway: boolean
  onEdit: (text: string) => void
  lint: (text: string) => Promise<CodeProblem[]>
  onRegenerate: () => void
  onSendAnyway: (value: boolean) => void
}) {
  const { edited, problems, preview } = props
  return (
    <section className="fire-payload" aria-labelledby="fire-payload-title">
      {props.generic && (
        <div className="fire-template">
          <h2>Body template</h2>
          <p className="muted">JSON; placeholders {'{{id}}, {{event}}, {{timestamp.iso}}, {{timestamp.unix}}, {{context.project}}'}…</p>
          <CodeEditor value={props.template} onChange={props.onTemplate} language="json" label="Body template" testId="fire-template" minLines={4} />
          {!props.parsedTemplate.ok && (
            <p className="error" role="alert" data-testid="fire-template-error">
              Not valid JSON: {props.parsedTemplate.error}
            </p>
          )}
        </div>
      )}
      <div className="fire-payload-head">
        <h2 id="fire-payload-title">Payload</h2>
        <Badge tone={edited === undefined ? 'neutral' : 'warn'} testId="fire-payload-state">
          {edited === undefined ? 'generated' : 'edited'}
        </Badge>
        {preview && <span className="muted mono">{preview.contentType}</span>}
        <button type="button" onClick={props.onRegenerate} disabled={edited === undefined} data-testid="fire-regenerate">
          Regenerate
        </button>
      </div>
      {props.staleEdit && edited !== undefined && (
        <p className="fire-stale" role="status" data-testid="fire-stale">
          You changed the event or its context after editing the payload: your edits are kept. Regenerate replaces them with a payload made for the new choice.
        </p>
      )}
      <CodeEditor value={props.text} onChange={props.onEdit} language="json" lint={props.lint} label="Payload (JSON)" testId="fire-payload" minLines={12} />
      {props.previewError && (
        <p className="error" role="alert" data-testid="fire-preview-error">
          {props.previewError}
        </p>
      )}
      {edited && !edited.ok && (
        <p className="error" role="alert" data-testid="fire-json-error">
          Not valid JSON: {edited.error}
        </p>
      )}
      {problems.length > 0 && (
        <div className="fire-problems" role="alert">
          <strong>
            {problems.length} problem{problems.length === 1 ? '' : 's'}: the platform never sends a {props.event} payload like this
          </strong>
          <ul className="problems" data-testid="fire-problems">
            {problems.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                <span className="mono">{p.path}</span>: {p.message}
              </li>
            ))}
          </ul>
          <label className="check">
            <input type="checkbox" checked={props.sendAnyway} onChange={(e) => props.onSendAnyway(e.target.checked)} data-testid="fire-send-anyway" /> Send it anyway, as written (to
            see how the receiver copes)
          </label>
        </div>
      )}
    </section>
  )
}
