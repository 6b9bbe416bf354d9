import { type FormEvent, useCallback, useState } from 'react'
import { DEFAULT_ENDPOINT_NAME, EndpointName } from '../../../../shared/schemas/receiver'
import { Drawer } from '../../components/Drawer'
import { Field } from '../../components/Field'
import { useHookbench } from '../../store/app-store'
import { addEndpoint, openEndpointScript as setOpen, removeEndpoint } from '../../store/receiver/actions'
import { describeScript } from './captures'
import { messageOf } from './script-form'
import { ScriptEditor } from './ScriptEditor'

const BUILT_IN_NOTE = 'Built in: the default subscription and “hookbench receive” send here, so it cannot be removed. Change its script instead.'
const BUILT_IN_SHORT = 'built in, cannot be removed'

/**
 * The endpoints, each with what its script does; Edit script opens every option in a drawer,
 * so the captured requests below stay in sight. Create and remove.
 */
export function Endpoints({ base }: { base: string | undefined }) {
  const endpoints = useHookbench((s) => s.endpoints)
  const open = useHookbench((s) => s.openEndpoint)
  const opened = endpoints.find((e) => e.name === open)
  const close = useCallback(() => {
    const name = useHookbench.getState().openEndpoint
    setOpen(undefined)
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="edit-${name}"]`)?.focus())
  }, [])
  return (
    <>
      <h2>Endpoints</h2>
      <ul className="endpoint-list" aria-label="Endpoints">
        {endpoints.map((endpoint) => (
          <li key={endpoint.name} className="endpoint-row" aria-current={endpoint === opened ? 'true' : undefined} data-testid={`endpoint-row-${endpoint.name}`}>
            <span className="endpoint-name mono">{endpoint.name}</span>
            <div className="endpoint-info">
              {base && <span className="mono">{`${base}r/${endpoint.name}`}</span>}
              <span className="muted">
                {describeScript(endpoint)}
                {endpoint.name === DEFAULT_ENDPOINT_NAME && (
                  <>
                    {' · '}
                    <span className="built-in" title={BUILT_IN_NOTE} data-testid={`builtin-${endpoint.name}`}>
                      {BUILT_IN_SHORT}
                    </span>
                  </>
                )}
              </span>
            </div>
            <span className="row-actions">
              <button type="button" onClick={() => setOpen(endpoint.name)} data-testid={`edit-${endpoint.name}`}>
                Edit script
              </button>
              {endpoint.name !== DEFAULT_ENDPOINT_NAME && <RemoveButton name={endpoint.name} onRemoved={() => setOpen(undefined)} />}
            </span>
          </li>
        ))}
      </ul>
      <NewEndpoint onCreated={setOpen} />
      {opened && (
        <Drawer
          title={
            <>
              Script of <span className="mono">{opened.name}</span>
            </>
          }
          onClose={close}
          testId="script-drawer"
        >
          <ScriptEditor key={opened.name} endpoint={opened} />
        </Drawer>
      )}
    </>
  )
}

/** Remove asks once more. */
function RemoveButton({ name, onRemoved }: { name: string; onRemoved: () => void }) {
  const [confirming, setConfirming] = useState(false)
  const remove = async () => {
    if (await removeEndpoint(name)) onRemoved()
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

function NewEndpoint({ onCreated }: { onCreated: (name: string) => void }) {
  const [name, setName] = useState('')
  const [error, setError] = useState<string>()
  const add = async (e: FormEvent) => {
    e.preventDefault()
    const parsed = EndpointName.safeParse(name)
    if (!parsed.success) return setError(messageOf(parsed.error.issues[0]!))
    const saved = await addEndpoint(parsed.data)
    if (saved === 'taken') return setError(`there is already an endpoint named “${parsed.data}”`)
    if (!saved) return
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
