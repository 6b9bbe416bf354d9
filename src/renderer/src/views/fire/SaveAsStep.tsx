import { useEffect, useState } from 'react'
import type { ApiOutput } from '../../../../shared/api/contract'
import { Field } from '../../components/Field'
import { Select } from '../../components/Select'
import { addNotice } from '../../store/notices/actions'
import { listScenarios, readScenario, saveScenarioFile } from '../../store/scenarios/actions'
import type { PayloadEdits } from './payload-edits'
import { type StepSource, appendStep, fireStepFor, newScenarioFileName, newScenarioSource, scenarioDefaults } from './scenario-step'

type ScenarioInfo = ApiOutput<'listScenarios'>[number]

const NEW = '__new__'

interface SaveAsStepProps {
  provider: string
  event: string
  context: StepSource['context']
  seed: string
  /** The user's edits to the generated payload, or why they cannot be saved. */
  edits: () => PayloadEdits | string
  /** A generic event's own template cannot go in a step: say so. */
  customTemplate: boolean
}

/** Appends what the panel would fire as a `fire:` step to a saved scenario, or starts a new one with it. */
export function SaveAsStep(props: SaveAsStepProps) {
  const [scenarios, setScenarios] = useState<ScenarioInfo[]>([])
  const [target, setTarget] = useState(NEW)
  const [name, setName] = useState('')
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>()
  const [saving, setSaving] = useState(false)

  /** Saved scenarios that parse: a step can only be appended to those. */
  const savedOnly = (list: ScenarioInfo[]) => list.filter((s) => !s.builtin && s.problems.length === 0)
  const load = async () => {
    const list = await listScenarios()
    if (list) setScenarios(savedOnly(list))
  }
  useEffect(() => {
    let current = true
    void listScenarios().then((list) => current && list && setScenarios(savedOnly(list)))
    return () => {
      current = false
    }
  }, [])
  const chosen = scenarios.some((s) => s.id === target) ? target : NEW

  async function save() {
    setOutcome(undefined)
    const edits = props.edits()
    if (typeof edits === 'string') return setOutcome({ ok: false, text: edits })
    if (edits.unsaved.length > 0) {
      return setOutcome({ ok: false, text: `A scenario step can change fields but not add or remove top-level ones (${edits.unsaved.join(', ')}): undo those edits, or fire from here.` })
    }
    const draft: StepSource = { provider: props.provider, event: props.event, context: props.context, set: edits.set }
    setSaving(true)
    try {
      setOutcome(chosen === NEW ? await saveNew(draft) : await appendTo(chosen, draft))
      await load()
    } finally {
      setSaving(false)
    }
  }

  async function saveNew(draft: StepSource) {
    if (!name.trim()) return { ok: false, text: 'Give the new scenario a name.' }
    const fileName = newScenarioFileName(name, (await listScenarios())?.map((s) => s.id) ?? [])
    const saved = await saveScenarioFile({ source: newScenarioSource({ name: name.trim(), seed: props.seed, draft }), fileName, previousSource: null })
    if (!saved) return { ok: false, text: 'The new scenario was not saved (see the message above).' }
    setTarget(saved.id)
    setName('')
    return done(`Saved a new scenario “${saved.name}” (${saved.fileName}) with this fire as its step.`)
  }

  async function appendTo(id: string, draft: StepSource) {
    const file = await readScenario(id)
    if (!file) return { ok: false, text: 'The scenario could not be read (see the message above).' }
    const appended = appendStep(file.source, fireStepFor(scenarioDefaults(file.source), draft))
    if (!appended.ok) return { ok: false, text: `Not saved: ${appended.error}.` }
    const saved = await saveScenarioFile({ id: file.id, source: appended.source, fileName: file.fileName, previousSource: file.source })
    if (!saved) return { ok: false, text: 'The scenario was not saved (see the message above).' }
    return done(`Added as step ${saved.steps} of “${saved.name}” (${saved.fileName}).`)
  }

  const done = (text: string) => {
    addNotice('info', text)
    return { ok: true, text }
  }

  return (
    <div className="form fire-save" data-testid="fire-save">
      <h2 className="wide">Save as scenario step</h2>
      <p className="wide muted">
        Adds a <span className="mono">fire:</span> step with this event, the context fields that differ from the scenario&apos;s, and your edits to the payload as{' '}
        <span className="mono">set:</span> values.
        {props.customTemplate && ' A generic body template of your own is not part of the step: the scenario uses the default template.'}
      </p>
      <Select
        label="Scenario"
        value={chosen}
        onChange={setTarget}
        choices={[...scenarios.map((s) => ({ value: s.id, label: `${s.name} (${s.fileName})` })), { value: NEW, label: 'New scenario…' }]}
        testId="fire-save-scenario"
      />
      {chosen === NEW && (
        <Field label="Name of the new scenario">
          {(control) => (
            <input {...control} type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="Production deploy fails" data-testid="fire-save-name" />
          )}
        </Field>
      )}
      <div className="actions">
        <button type="button" onClick={() => void save()} disabled={saving} data-testid="fire-save-step">
          Save as scenario step
        </button>
        {outcome && (
          <span className={outcome.ok ? 'fire-save-outcome' : 'fire-save-outcome error'} role="status" data-testid="fire-save-result">
            {outcome.text}
          </span>
        )}
      </div>
    </div>
  )
}
