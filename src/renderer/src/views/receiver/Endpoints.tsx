import { type FormEvent, useState } from 'react'
import { create } from 'zustand'
import { DEFAULT_ENDPOINT_NAME, EndpointInput, EndpointName } from '../../../../shared/schemas/receiver'
import { run } from '../../api/run'
import { api } from '../../api/transport'
import { Field } from '../../components/Field'
import { useHookbench } from '../../store/store'
import { describeScript } from './captures'
import { messageOf } from './script-form'
import { ScriptEditor, storeEndpoint } from './ScriptEditor'

const BUILT_IN_NOTE = 'Built in: the default subscription and “hookbench receive” send here, so it cannot be removed. Change its script instead.'

/** The endpoint open in the editor: still open when the Receiver is shown again. */
const useOpenEndpoint = create<{ name: string }>(() => ({ name: DEFAULT_ENDPOINT_NAME }))
const setOpen = (name: string) => useOpenEndpoint.setState({ name })

/** The endpoints, one open in the script editor; create and remove. */
export function Endpoints({ base }: { base: string | undefined }) {
  const endpoints = useHookbench((s) => s.endpoints)
  const open = useOpenEndpoint((s) => s.name)
  const opened = endpoints.find((e) => e.name === open) ?? endpoints[0]
  return (
    <>
      <h2>Endpoints</h2>
      <ul className="endpoint-list" aria-label="Endpoints">
        {endpoints.map((endpoint) => (
          <li key={endpoint.name} className="endpoint-row" aria-current={endpoint === opened ? 'true' : undefined} data-testid={`endpoint-row-${endpoint.name}`}>
            <button type="button" className="endpoint-name" aria-pressed={endpoint === opened} onClick={() => setOpen(endpoint.name)} data-testid={`edit-${endpoint.name}`}>
              {endpoint.name}
            </button>
            <div className="endpoint-info">
              {base && <span className="mono">{`${base}r/${endpoint.name}`}</span>}
              <span className="muted">{describeScript(endpoint)}</span>
            </div>
            <RemoveButton name={endpoint.name} onRemoved={() => setOpen(DEFAULT_ENDPOINT_NAME)} />
          </li>
        ))}
      </ul>
      <NewEndpoint taken={endpoints.map((e) => e.name)} onCreated={setOpen} />
      {opened && (
        <>
          <h2 className="section">
            Script of <span className="mono">{opened.name}</span>
          </h2>
          <ScriptEditor key={opened.name} endpoint={opened} />
        </>
      )}
    </>
  )
}

/** Remove asks once more; the built-in inbox says why it stays. */
function RemoveButton({ name, onRemoved }: { name: string; onRemoved: () => void }) {
  const [confirming, setConfirming] = useState(false)
  if (name === DEFAULT_ENDPOINT_NAME) {
    return (
      <span className="muted built-in" data-testid={`builtin-${name}`}>
        {BUILT_IN_NOTE}
      </span>
    )
  }
  const remove = async () => {
    if (await run(api.removeEndpoint({ name }))) {
      useHookbench.getState().removeEndpoint(name)
      onRemoved()
    }
  }
  return confirming ? (
    <span className="row-actions" onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
      <button type="button" className="danger" onClick={() => void remove()} data-testid={`remove-confirm-${name}`} autoFocus>
        Remove {name}
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  ) : (
    <span className="row-actions">
      <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid={`remove-${name}`}>
        Remove
      </button>
    </span>
  )
}

function NewEndpoint({ taken, onCreated }: { taken: string[]; onCreated: (name: string) => void }) {
  const [name, setName] = useState('')
  const [error, setError] = useState<string>()
  const add = async (e: FormEvent) => {
    e.preventDefault()
    const parsed = EndpointName.safeParse(name)
    if (!parsed.success) return setError(messageOf(parsed.error.issues[0]!))
    if (taken.includes(parsed.data)) return setError(`there is already an endpoint named “${parsed.data}”`)
    const saved = await run(api.saveEndpoint(EndpointInput.parse({ name: parsed.data })))
    if (!saved) return
    storeEndpoint(saved)
    setName('')
    setError(undefined)
    onCreated(saved.name)
  }
  return (
    <form className="toolbar new-endpoint" onSubmit={(e) => void add(e)} onKeyDown={(e) => e.key === 'Escape' && (setName(''), setError(undefined))} noValidate>
      <Field label="New endpoint" help={error ? <span className="error" data-testid="endpoint-name-error">{error}</span> : 'lowercase letters, digits and dashes; it answers at /r/<name>'}>
        {(props) => (
          <input
            {...props}
            type="text"
            value={name}
            aria-invalid={Boolean(error)}
            onChange={(e) => {
              setName(e.target.value)
              setError(undefined)
            }}
            placeholder="new-endpoint"
            data-testid="endpoint-name"
          />
        )}
      </Field>
      <button type="submit" data-testid="endpoint-add">
        Add endpoint
      </button>
    </form>
  )
}
