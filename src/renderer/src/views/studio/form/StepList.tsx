import { useEffect, useRef, useState } from 'react'
import { STEP_KINDS, Step, type StepKind } from '../../../../../shared/schemas/scenario'
import { useForm } from './form-context'
import { type GroupKind, addStep, moveStep, removeStep, setField, unwrapStep, wrapSteps } from './scenario-edits'
import { type StepListModel, type StepModel, newStep, stepDefaults } from './scenario-model'
import { StepFields, stepKey } from './StepFields'
import { FormText } from './FormText'
import { fieldValue } from './field-values'

const KIND_HELP: Record<StepKind, string> = {
  fire: 'the platform sends an event',
  wait: 'time passes',
  heartbeat: 'stop or start a cluster’s heartbeats',
  repeat: 'run steps several times',
  parallel: 'run steps at the same time',
  duplicate: 'send a fire step’s deliveries again',
  reorder: 'send fire steps out of order',
  expect: 'check what happened',
  http: 'call your app (reset, seed)',
  include: 'another scenario file’s steps',
  load: 'events at a rate, with thresholds',
}

const StepName = Step.options[0].shape.name

/** A list of steps (the top level, or inside a repeat, parallel or reorder) with its Add step menu. */
export function StepList({ list, label }: { list: StepListModel; label: string }) {
  const [selected, setSelected] = useState<number[]>([])
  const { edit } = useForm()
  const listKey = stepKey(list.path)
  const from = Math.min(...selected)
  const to = Math.max(...selected)
  const contiguous = selected.length > 0 && to - from + 1 === selected.length
  const wrap = (kind: GroupKind) => {
    edit(wrapSteps(list.path, from, to, kind))
    setSelected([])
  }
  const toggle = (index: number, on: boolean) => setSelected((current) => (on ? [...current, index] : current.filter((i) => i !== index)))
  return (
    <div className="form-step-list" role="list" aria-label={label} data-testid={`form-steps${listKey ? `-${listKey}` : ''}`}>
      {list.steps.map((step, i) => (
        <StepCard key={i} step={step} index={i} count={list.steps.length} minimum={list.fireOnly ? 2 : list.path.length > 1 ? 1 : 0} selected={selected.includes(i)} onSelect={(on) => toggle(i, on)} fireOnly={list.fireOnly} />
      ))}
      <div className="form-list-actions">
        <AddStepMenu list={list} />
        {selected.length > 0 && !list.fireOnly && (
          <div className="form-selection" role="group" aria-label="Selected steps">
            <span className="muted">{contiguous ? `${selected.length} selected:` : 'Select steps next to each other to wrap them'}</span>
            <button type="button" disabled={!contiguous} onClick={() => wrap('repeat')} data-testid={`form-wrap-selection-repeat${listKey ? `-${listKey}` : ''}`}>
              Wrap in repeat
            </button>
            <button type="button" disabled={!contiguous} onClick={() => wrap('parallel')} data-testid={`form-wrap-selection-parallel${listKey ? `-${listKey}` : ''}`}>
              Wrap in parallel
            </button>
            <button type="button" onClick={() => setSelected([])}>
              Clear selection
            </button>
          </div>
        )}
      </div>
    </div>
  )
}

/** "Add step": a menu of the kinds (only fire inside a reorder); the new step goes last. */
function AddStepMenu({ list }: { list: StepListModel }) {
  const { edit, model, eventsOf, provider, focusStep } = useForm()
  const [open, setOpen] = useState(false)
  const menuRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const listKey = stepKey(list.path)
  const defaults = stepDefaults(model, eventsOf(provider) ?? [])
  const kinds = list.fireOnly ? (['fire'] as const) : STEP_KINDS
  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus()
  }, [open])
  const add = (kind: StepKind) => {
    const body = newStep(kind, defaults)
    if (!body) return
    edit(addStep(list.path, list.steps.length, body))
    setOpen(false)
    focusStep([...list.path, list.steps.length])
  }
  const close = () => {
    setOpen(false)
    buttonRef.current?.focus()
  }
  return (
    <div className="form-add-menu" onKeyDown={(e) => e.key === 'Escape' && open && (e.stopPropagation(), close())}>
      <button ref={buttonRef} type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} data-testid={`form-add-step${listKey ? `-${listKey}` : ''}`}>
        + Add step
      </button>
      {open && (
        <div ref={menuRef} className="form-menu" role="menu" onKeyDown={(e) => moveMenuFocus(e)}>
          {kinds.map((kind) => {
            const unavailable = kind === 'duplicate' && defaults.fireIds.length === 0
            return (
              <button key={kind} type="button" role="menuitem" disabled={unavailable} onClick={() => add(kind)} title={unavailable ? 'Give a fire step an id first' : undefined} data-testid={`form-add-${kind}`}>
                <strong>{kind}</strong> <span className="muted">{unavailable ? 'give a fire step an id first' : KIND_HELP[kind]}</span>
              </button>
            )
          })}
        </div>
      )}
    </div>
  )
}

/** Up and down arrows move between the menu's items. */
function moveMenuFocus(e: React.KeyboardEvent<HTMLDivElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
  e.preventDefault()
  const items = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')]
  const at = items.indexOf(document.activeElement as HTMLButtonElement)
  items[(at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus()
}

interface StepCardProps {
  step: StepModel
  index: number
  count: number
  /** Steps the list needs (a reorder 2, a group 1): removing below that is refused. */
  minimum: number
  selected: boolean
  onSelect: (on: boolean) => void
  fireOnly: boolean
}

/** One step: its kind, its fields, its nested steps, and the buttons that move, wrap and remove it. */
function StepCard({ step, index, count, minimum, selected, onSelect, fireOnly }: StepCardProps) {
  const { edit, focusStep } = useForm()
  const key = stepKey(step.path)
  const move = (delta: -1 | 1) => {
    const target = index + delta
    if (target < 0 || target >= count) return
    edit(moveStep(step.path, delta))
    focusStep([...step.path.slice(0, -1), target])
  }
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return
    e.preventDefault()
    e.stopPropagation()
    move(e.key === 'ArrowUp' ? -1 : 1)
  }
  const isGroup = step.kind === 'repeat' || step.kind === 'parallel' || step.kind === 'reorder'
  const title = step.kind ?? 'unknown step'
  const canRemove = count > minimum
  return (
    <div
      role="listitem"
      className={`form-step card${selected ? ' selected' : ''}`}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      data-step-path={key}
      data-testid={`form-step-${key}`}
      aria-label={`Step ${index + 1}: ${title}`}
    >
      <div className="form-step-head">
        {!fireOnly && (
          <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} aria-label={`Select step ${index + 1} to wrap`} data-testid={`form-select-${key}`} />
        )}
        <span className="form-step-index">{index + 1}</span>
        <span className={`form-kind form-kind-${step.kind ?? 'unknown'}`}>{title}</span>
        <span className="form-step-summary muted">{typeof step.body.name === 'string' ? step.body.name : ''}</span>
        <div className="form-step-actions" role="group" aria-label={`Step ${index + 1} actions`}>
          <button type="button" onClick={() => move(-1)} disabled={index === 0} aria-label="Move up (Alt+↑)" title="Move up (Alt+↑)" data-testid={`form-up-${key}`}>
            ↑
          </button>
          <button type="button" onClick={() => move(1)} disabled={index === count - 1} aria-label="Move down (Alt+↓)" title="Move down (Alt+↓)" data-testid={`form-down-${key}`}>
            ↓
          </button>
          {!fireOnly && (
            <>
              <button type="button" onClick={() => edit(wrapSteps(step.path.slice(0, -1), index, index, 'repeat'))} data-testid={`form-wrap-repeat-${key}`}>
                Wrap in repeat
              </button>
              <button type="button" onClick={() => edit(wrapSteps(step.path.slice(0, -1), index, index, 'parallel'))} data-testid={`form-wrap-parallel-${key}`}>
                Wrap in parallel
              </button>
            </>
          )}
          {isGroup && (
            <button type="button" onClick={() => edit(unwrapStep(step.path))} disabled={fireOnly} data-testid={`form-unwrap-${key}`}>
              Unwrap
            </button>
          )}
          <button
            type="button"
            className="danger"
            onClick={() => edit(removeStep(step.path))}
            disabled={!canRemove}
            title={canRemove ? undefined : `This list needs at least ${minimum} step${minimum > 1 ? 's' : ''}: unwrap or remove the group`}
            data-testid={`form-remove-${key}`}
          >
            Remove
          </button>
        </div>
      </div>
      {step.kind === undefined ? (
        <p className="error form-note">This step has no kind this form knows ({Object.keys(step.body).join(', ') || 'empty'}): edit it in the source view.</p>
      ) : (
        <div className="form-step-fields">
          <StepFields step={step} />
          <FormText label="Label" name={`name-${key}`} value={step.body.name} parse={(text) => fieldValue(StepName, text)} onCommit={(value) => edit(setField([...step.path, 'name'], value))} placeholder="optional, shown by the runner" className="span-2" />
        </div>
      )}
      {isGroup && step.children && <StepList list={step.children} label={`Steps of step ${index + 1}`} />}
    </div>
  )
}
