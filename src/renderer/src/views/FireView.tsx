import { type FormEvent, useState } from 'react'
import { z } from 'zod'
import type { ApiOutput } from '../../../shared/api/contract'
import { ProviderId } from '../../../shared/platforms'
import { api } from '../api/transport'
import { Field } from '../components/Field'
import { Badge } from '../components/Http'
import { Page } from '../components/Page'
import { Select } from '../components/Select'
import { run } from '../store/engine-sync'
import { useHookbench } from '../store/store'

export function FireView() {
  return (
    <Page title="Fire" intro="Fire one platform event on demand, and make Ocean CD controllers lose their heartbeat.">
      <FireForm />
      <Controllers />
    </Page>
  )
}

/** `path=value` lines, values read as JSON when they parse (like `hookbench fire --set`). */
function parseOverrides(text: string): Record<string, unknown> {
  const set: Record<string, unknown> = {}
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf('=')
    if (at <= 0) continue
    const raw = line.slice(at + 1)
    try {
      set[line.slice(0, at).trim()] = JSON.parse(raw)
    } catch {
      set[line.slice(0, at).trim()] = raw
    }
  }
  return set
}

const GENERIC_EXAMPLE = JSON.stringify({ type: '{{event}}', id: '{{id}}', at: '{{timestamp.iso}}', data: { project: '{{context.project}}' } }, null, 2)

/** The body template as JSON, or why it is not. */
function parseTemplate(text: string): { ok: true; template: z.core.util.JSONType } | { ok: false; error: string } {
  try {
    const parsed = z.json().safeParse(JSON.parse(text))
    return parsed.success ? { ok: true, template: parsed.data } : { ok: false, error: 'the template must be a JSON value' }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

function FireForm() {
  const catalog = useHookbench((s) => s.catalog)
  const [provider, setProvider] = useState<ProviderId>('divshot')
  const [event, setEvent] = useState('')
  const [project, setProject] = useState('')
  const [environment, setEnvironment] = useState('')
  const [overrides, setOverrides] = useState('')
  const [allowInvalid, setAllowInvalid] = useState(false)
  const [template, setTemplate] = useState(GENERIC_EXAMPLE)
  const [result, setResult] = useState<ApiOutput<'fireEvent'>>()
  const generic = provider === 'generic'
  const parsedTemplate = parseTemplate(template)
  const events = catalog.find((p) => p.id === provider)?.events ?? []
  const chosenEvent = generic || events.some((e) => e.name === event) ? event : (events[0]?.name ?? '')

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const context = { ...(project && { project, service: project }), ...(environment && { environment }) }
    if (generic && !parsedTemplate.ok) return
    const definition = generic && parsedTemplate.ok ? { name: chosenEvent, template: parsedTemplate.template, headers: [] } : undefined
    const fired = await run(api.fireEvent({ provider, event: chosenEvent, context, set: parseOverrides(overrides), allowInvalid, definition }))
    setResult(fired)
  }

  return (
    <>
      <h2>Fire an event</h2>
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="fire-form">
        <Select
          label="Platform"
          value={provider}
          onChange={(value) => setProvider(ProviderId.parse(value))}
          choices={catalog.map((p) => ({ value: p.id, label: p.title }))}
          testId="fire-provider"
        />
        {generic ? (
          <label>
            Event name
            <input type="text" required value={event} onChange={(e) => setEvent(e.target.value)} placeholder="build.finished" data-testid="fire-event-name" />
          </label>
        ) : (
          <Select
            label="Event"
            value={chosenEvent}
            onChange={setEvent}
            choices={events.map((ev) => ({ value: ev.name, label: ev.name, title: ev.firesWhen }))}
            testId="fire-event"
          />
        )}
        <label>
          Project / app (optional)
          <input type="text" value={project} onChange={(e) => setProject(e.target.value)} placeholder="random when empty" />
        </label>
        <label>
          Environment (optional)
          <input type="text" value={environment} onChange={(e) => setEnvironment(e.target.value)} placeholder="production, staging…" />
        </label>
        {generic && (
          <Field
            label="Body template (JSON; placeholders {{id}}, {{event}}, {{timestamp.iso}}, {{timestamp.unix}}, {{context.project}}…)"
            help={parsedTemplate.ok ? undefined : <span className="error" data-testid="fire-template-error">Not valid JSON: {parsedTemplate.error}</span>}
            className="wide"
          >
            {(control) => (
              <textarea
                {...control}
                value={template}
                onChange={(e) => setTemplate(e.target.value)}
                rows={6}
                aria-invalid={!parsedTemplate.ok}
                data-testid="fire-template"
              />
            )}
          </Field>
        )}
        <label className="wide">
          Overrides, one path=value per line
          <textarea value={overrides} onChange={(e) => setOverrides(e.target.value)} placeholder="data.release.version=13" data-testid="fire-overrides" />
        </label>
        <div className="actions">
          <button className="primary" type="submit" data-testid="fire-submit">
            Fire
          </button>
          <label className="check">
            <input type="checkbox" checked={allowInvalid} onChange={(e) => setAllowInvalid(e.target.checked)} /> Allow a payload that breaks the
            platform's schema
          </label>
        </div>
      </form>
      {result && <FireResultView result={result} />}
    </>
  )
}

function FireResultView({ result }: { result: ApiOutput<'fireEvent'> }) {
  return (
    <div className="result" data-testid="fire-result">
      <strong>
        {result.deliveries.length} deliver{result.deliveries.length === 1 ? 'y' : 'ies'} queued
      </strong>
      <ul>
        {result.deliveries.map((d) => (
          <li key={d.id}>
            {d.subscriptionName} → <span className="mono">{d.url}</span>
          </li>
        ))}
        {result.skipped.map((s) => (
          <li key={s.subscriptionId} className="muted">
            {s.subscriptionName} skipped: {s.reason}
          </li>
        ))}
      </ul>
    </div>
  )
}

function Controllers() {
  const { controllers, clusters } = useHookbench((s) => s.heartbeats)
  const [clusterId, setClusterId] = useState('')
  const [timeoutSec, setTimeoutSec] = useState(300)
  const add = async (e: FormEvent) => {
    e.preventDefault()
    if (await run(api.saveController({ clusterId, timeoutMs: timeoutSec * 1000, intervalMs: Math.min(30_000, (timeoutSec * 1000) / 3) }))) setClusterId('')
  }
  return (
    <div className="section">
      <h2>Ocean CD controllers (heartbeats)</h2>
      <p className="muted">
        A running controller beats every interval. Stop it, and after the timeout Hookbench fires controller-heartbeat-failure once; start it
        again to re-arm. Real processes can beat with POST /heartbeat/&lt;clusterId&gt; on the receiver.
      </p>
      <form className="form" onSubmit={(e) => void add(e)}>
        <label>
          Cluster id
          <input type="text" required value={clusterId} onChange={(e) => setClusterId(e.target.value)} placeholder="prod-eu-1" data-testid="controller-cluster" />
        </label>
        <label>
          Timeout (seconds)
          <input type="number" min={1} value={timeoutSec} onChange={(e) => setTimeoutSec(Number(e.target.value))} />
        </label>
        <div className="actions">
          <button type="submit" data-testid="controller-add">
            Add controller
          </button>
        </div>
      </form>
      <table className="list" data-testid="controllers">
        <thead>
          <tr>
            <th>Cluster</th>
            <th>Controller</th>
            <th>Health</th>
            <th>Last heartbeat</th>
            <th>Outages</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {controllers.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No controllers yet: add one for a cluster id above.
              </td>
            </tr>
          )}
          {controllers.map((controller) => {
            const state = clusters.find((c) => c.clusterId === controller.clusterId)
            return (
              <tr key={controller.clusterId}>
                <td className="mono">{controller.clusterId}</td>
                <td>{controller.running ? 'running' : 'stopped'}</td>
                <td>
                  <Badge tone={state?.health === 'healthy' ? 'ok' : state?.health === 'failed' ? 'bad' : 'neutral'} testId={`health-${controller.clusterId}`}>
                    {state?.health ?? 'waiting'}
                  </Badge>
                </td>
                <td>{state?.lastBeatAt ? new Date(state.lastBeatAt).toLocaleTimeString() : '–'}</td>
                <td>{state?.outages ?? 0}</td>
                <td className="actions">
                  <button type="button" onClick={() => void run(api.updateController({ clusterId: controller.clusterId, changes: { running: !controller.running } }))} data-testid={`toggle-${controller.clusterId}`}>
                    {controller.running ? 'Stop' : 'Start'}
                  </button>{' '}
                  <button type="button" className="danger" onClick={() => void run(api.removeController({ clusterId: controller.clusterId }))}>
                    Remove
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
