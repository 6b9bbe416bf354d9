import { type FormEvent, useState } from 'react'
import { Field } from '../../components/Field'
import { useRuns } from '../../store/runs/state'
import { type RunOptionsErrors, type RunOptionsForm, parseRunOptions } from '../../store/scenarios/run-options'
import { cancelRun, runOpen, setRunOptions } from '../../store/scenarios/actions'
import { useStudio } from '../../store/scenarios/state'

/** Run options and the Run / Cancel buttons; the run itself is shown by RunDetail. */
export function RunPanel() {
  const open = useStudio((s) => s.open)
  const form = useStudio((s) => s.runOptions)
  const openRunId = useStudio((s) => s.openRunId)
  const running = useRuns((s) => (openRunId ? s.byId[openRunId]?.status === 'running' : false))
  const [errors, setErrors] = useState<RunOptionsErrors>({})
  const [starting, setStarting] = useState(false)

  const change = (changes: Partial<RunOptionsForm>) => {
    setRunOptions(changes)
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !(key in changes))))
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const parsed = parseRunOptions(form)
    if (!parsed.ok) {
      setErrors(parsed.errors)
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.studio-run-options [aria-invalid="true"]')?.focus())
      return
    }
    setStarting(true)
    await runOpen(parsed.options)
    setStarting(false)
  }
  const help = (key: keyof RunOptionsForm, hint: string) =>
    errors[key] ? (
      <span className="error" data-testid={`run-error-${key}`}>
        {errors[key]}
      </span>
    ) : (
      hint
    )

  return (
    <form className="studio-run-options" onSubmit={(e) => void submit(e)} aria-label="Run the scenario" noValidate>
      <Field label="Send to (one URL a line)" className="span-2" help={help('targets', 'Empty: the scenario’s own subscriptions.')}>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            spellCheck={false}
            placeholder="http://127.0.0.1:3000/hooks"
            value={form.targets}
            aria-invalid={Boolean(errors.targets)}
            onChange={(e) => change({ targets: e.target.value })}
            data-testid="run-targets"
          />
        )}
      </Field>
      <Field label="Time scale" help={help('timeScale', '0.1 = ten times faster; 0 skips waits.')}>
        {(props) => (
          <input
            {...props}
            type="number"
            min={0}
            max={1000}
            step="any"
            value={form.timeScale}
            aria-invalid={Boolean(errors.timeScale)}
            onChange={(e) => change({ timeScale: e.target.value })}
            data-testid="run-time-scale"
          />
        )}
      </Field>
      <Field label="Seed" help="Empty: the file’s seed, else a fresh one.">
        {(props) => <input {...props} type="text" value={form.seed} onChange={(e) => change({ seed: e.target.value })} data-testid="run-seed" />}
      </Field>
      <Field label="Variables (name=value a line)" className="span-2" help={help('vars', 'Over the file’s vars: ${name} in any value.')}>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            spellCheck={false}
            placeholder="version=1.4.2"
            value={form.vars}
            aria-invalid={Boolean(errors.vars)}
            onChange={(e) => change({ vars: e.target.value })}
            data-testid="run-vars"
          />
        )}
      </Field>
      <div className="actions span-2">
        <button type="submit" className="primary" disabled={!open || starting} title="Runs the editor’s text, saved or not" data-testid="run-start">
          {starting ? 'Starting…' : 'Run'}
        </button>
        {running && openRunId && (
          <button type="button" onClick={() => void cancelRun(openRunId)} data-testid="run-cancel">
            Cancel run
          </button>
        )}
        <span className="muted">Runs the editor’s text as it is, saved or not.</span>
      </div>
    </form>
  )
}
