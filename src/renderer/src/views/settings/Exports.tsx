import { useState } from 'react'
import { ProviderId } from '../../../../shared/platforms'
import type { PlatformFileKind } from '../../../../shared/schemas/download'
import { useHookbench } from '../../store/app-store'
import { selectPlatformsWithEvents } from '../../store/catalog/selectors'
import { exportPlatformFiles, exportScenarios as exportScenarioFiles } from '../../store/settings/actions'

const KINDS: { value: PlatformFileKind; label: string }[] = [
  { value: 'fixtures', label: 'Fixtures (example payloads)' },
  { value: 'schemas', label: 'JSON Schemas' },
  { value: 'both', label: 'Both' },
]

/**
 * Downloads: every event's fixture and/or JSON Schema (the files `hookbench export` writes) and
 * the saved scenarios, each as one zip. The desktop app asks where to save it.
 */
export function Exports() {
  const platforms = useHookbench(selectPlatformsWithEvents)
  const [provider, setProvider] = useState('')
  const [kind, setKind] = useState<PlatformFileKind>('fixtures')
  const [busy, setBusy] = useState<'platform' | 'scenarios'>()

  const exportPlatform = async () => {
    setBusy('platform')
    const chosen = ProviderId.safeParse(provider)
    await exportPlatformFiles(kind, chosen.success ? chosen.data : undefined)
    setBusy(undefined)
  }
  const exportScenarios = async () => {
    setBusy('scenarios')
    await exportScenarioFiles()
    setBusy(undefined)
  }

  return (
    <div className="card" data-testid="exports">
      <h2>Exports</h2>
      <p className="muted">
        Example payloads and JSON Schemas of every event, for your tests and validators: the same files as <code>hookbench export</code>, as a zip.
      </p>
      <form
        className="form exports-form"
        aria-label="Export fixtures and schemas"
        onSubmit={(e) => {
          e.preventDefault()
          void exportPlatform()
        }}
      >
        <label>
          Platform
          <select value={provider} onChange={(e) => setProvider(e.target.value)} data-testid="export-provider">
            <option value="">All platforms</option>
            {platforms.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.title}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="export-kinds">
          <legend>Files</legend>
          {KINDS.map((option) => (
            <label key={option.value} className="check">
              <input type="radio" name="export-kind" value={option.value} checked={kind === option.value} onChange={() => setKind(option.value)} data-testid={`export-kind-${option.value}`} />
              {option.label}
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy !== undefined} data-testid="export-platform-files">
            {busy === 'platform' ? 'Preparing…' : 'Download zip'}
          </button>
        </div>
      </form>
      <div className="export-scenarios">
        <span>Saved scenarios: every file you saved in Scenarios, as written.</span>
        <button type="button" disabled={busy !== undefined} onClick={() => void exportScenarios()} data-testid="export-scenarios">
          {busy === 'scenarios' ? 'Preparing…' : 'Download scenarios zip'}
        </button>
      </div>
    </div>
  )
}
