import { SIGNATURE_FAULT_TEXT, SignatureFault } from '../../../../../shared/schemas/signature-fault'
import { ErrorRate, HttpStep, IncludeStep, LoadStep, Rate, RepeatStep, StepId } from '../../../../../shared/schemas/scenario'
import { EntryRows } from './EntryRows'
import { FormSelect, FormText } from './FormText'
import { type EntryRule, CONTEXT_KEYS, contextRule, dotPathRule, headerRule, varsRule } from './entry-rules'
import { durationValue, fieldValue, jsonText, jsonValue } from './field-values'
import { useForm } from './form-context'
import { removeField, setField } from './scenario-edits'
import { type Path, type StepModel, entriesOf } from './scenario-model'

/*
 * The form's fields for the language's newer keys: a fire's faults, body and saved values, a
 * repeat's round name, http calls, includes, loads and waiting until the app says something.
 */

const str = (value: unknown) => (typeof value === 'string' ? value : '')
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const stepKey = (path: Path) => path.slice(1).join('-')

/** A value at `keys` under the step's body. */
const valueAt = (step: StepModel, keys: Path) => keys.reduce<unknown>((holder, key) => (isRecord(holder) ? holder[key] : undefined), step.body)

function Field(props: { step: StepModel; at: Path; name: string; label: string; parse: (text: string) => ReturnType<typeof fieldValue>; help?: string; placeholder?: string; suggestions?: readonly string[]; multiline?: boolean; format?: (value: unknown) => string }) {
  const { edit } = useForm()
  return (
    <FormText
      label={props.label}
      name={`${props.name}-${stepKey(props.step.path)}`}
      value={valueAt(props.step, props.at)}
      parse={props.parse}
      onCommit={(next) => edit(setField([...props.step.path, ...props.at], next))}
      help={props.help}
      placeholder={props.placeholder}
      suggestions={props.suggestions}
      multiline={props.multiline}
      format={props.format}
    />
  )
}

/** A JSON value typed as text: written when it parses, else refused. */
const jsonField = (text: string) => {
  if (text.trim() === '') return { ok: true as const, value: undefined }
  try {
    return { ok: true as const, value: JSON.parse(text) as Record<string, unknown> }
  } catch {
    return { ok: false as const, error: 'is not JSON (an object like {"type": "order.paid"})' }
  }
}
const asJson = (value: unknown) => (value === undefined ? '' : JSON.stringify(value))

/** `save:` names and the paths they keep. */
const saveRule: EntryRule = {
  checkKey: varsRule.checkKey,
  parseValue: (text) => fieldValue(HttpStep.shape.save.unwrap().valueType, text, { required: true }),
}

/** `vary:`: a list (cycled through) or text with `${n}`. */
const varyRule: EntryRule = {
  checkKey: dotPathRule.checkKey,
  parseValue: (text) => (text.trim() === '' ? { ok: false, error: 'is required' } : { ok: true, value: jsonValue(text) }),
}

/** A fire's faults, its own body (generic) and the values it saves. */
export function FireExtraFields({ step, platform }: { step: StepModel; platform: string }) {
  const { edit } = useForm()
  const { body, path } = step
  const key = stepKey(path)
  const tamper = str(body.tamper)
  const timed = ['timestamp-stale', 'timestamp-future', 'replay'].includes(tamper)
  return (
    <>
      <FormSelect
        label="Tamper"
        name={`tamper-${key}`}
        value={tamper}
        onChange={(next) => edit(next ? setField([...path, 'tamper'], next) : removeField([...path, 'tamper']))}
        choices={[{ value: '', label: 'no: a genuine delivery' }, ...SignatureFault.options.map((fault) => ({ value: fault, label: `${fault}: ${SIGNATURE_FAULT_TEXT[fault]}` }))]}
        help={tamper ? 'sent once; the step passes when your app refuses it (replay: accepts it, or refuses an old copy)' : undefined}
      />
      {timed && <Field step={step} at={['by']} name="by" label="By" parse={(text) => durationValue(text)} placeholder={tamper === 'replay' ? 'at once' : 'the tolerance + 1 min'} help="250ms, 30s, 2m or 1h30m" />}
      {platform === 'generic' && (
        <>
          <Field step={step} at={['body']} name="body" label="Body (JSON)" parse={jsonField} format={asJson} multiline placeholder='{"type": "order.paid", "id": "${i}"}' />
          <Field step={step} at={['template']} name="template" label="Template file" parse={(text) => fieldValue(IncludeStep.shape.include, text)} placeholder="a JSON file next to the scenario" />
        </>
      )}
      <EntryRows label="Save for later steps" name={`save-${key}`} path={[...path, 'save']} entries={entriesOf(body.save)} edit={edit} {...saveRule} keyLabel="Name" valuePlaceholder="body.payload.id" collapsible />
    </>
  )
}

/** A repeat's round name, for the repeats inside it. */
export function RepeatAsField({ step }: { step: StepModel }) {
  return <Field step={step} at={['as']} name="as" label="Round named" parse={(text) => fieldValue(RepeatStep.shape.as, text)} placeholder="${i} only" help="inner repeats use ${i}; this one's round is ${name}" />
}

const http = HttpStep.shape.http.shape

/** `http:`: a call to the app, and what it keeps. */
export function HttpFields({ step }: { step: StepModel }) {
  const { edit } = useForm()
  const key = stepKey(step.path)
  const call = isRecord(step.body.http) ? step.body.http : {}
  return (
    <>
      <Field step={step} at={['http', 'url']} name="url" label="URL" parse={(text) => (text.includes('${') ? fieldValue(IncludeStep.shape.include, text, { required: true }) : fieldValue(http.url, text, { required: true }))} />
      <FormSelect
        label="Method"
        name={`method-${key}`}
        value={str(call.method) || 'GET'}
        onChange={(next) => edit(setField([...step.path, 'http', 'method'], next === 'GET' && !call.method ? undefined : next))}
        choices={http.method.unwrap().options.map((method) => ({ value: method, label: method }))}
      />
      <Field step={step} at={['http', 'status']} name="status" label="Status" parse={(text) => fieldValue(http.status, text, { preferNumber: true })} placeholder="any 2xx" />
      <Field step={step} at={['http', 'timeout']} name="timeout" label="Timeout" parse={(text) => durationValue(text)} placeholder="10s" />
      <Field step={step} at={['http', 'body']} name="body" label="Body (JSON)" parse={jsonField} format={asJson} multiline placeholder='{"reset": true}' />
      <Field step={step} at={['id']} name="id" label="Id" parse={(text) => fieldValue(StepId, text)} placeholder="optional" help="for ${steps.<id>.response…}" />
      <EntryRows label="Headers" name={`headers-${key}`} path={[...step.path, 'http', 'headers']} entries={entriesOf(call.headers)} edit={edit} {...headerRule} keyLabel="Header" collapsible />
      <EntryRows label="Save for later steps" name={`save-${key}`} path={[...step.path, 'save']} entries={entriesOf(step.body.save)} edit={edit} {...saveRule} keyLabel="Name" valuePlaceholder="response.body.token" collapsible />
    </>
  )
}

/** `include:`: another file's steps, with values for its vars. */
export function IncludeFields({ step }: { step: StepModel }) {
  const { edit } = useForm()
  const key = stepKey(step.path)
  return (
    <>
      <Field step={step} at={['include']} name="include" label="File" parse={(text) => fieldValue(IncludeStep.shape.include, text, { required: true })} help="a saved scenario's file name (the CLI: a path next to this file)" />
      <EntryRows label="With (its vars)" name={`with-${key}`} path={[...step.path, 'with']} entries={entriesOf(step.body.with)} edit={edit} {...varsRule} keyLabel="Var" collapsible />
    </>
  )
}

const load = LoadStep.shape.load.shape

/** `load:`: an event at a rate for a while, and its thresholds. */
export function LoadFields({ step }: { step: StepModel }) {
  const { edit, provider, eventsOf } = useForm()
  const key = stepKey(step.path)
  const spec = isRecord(step.body.load) ? step.body.load : {}
  const events = eventsOf(str(spec.provider) || provider) ?? []
  return (
    <>
      <Field step={step} at={['load', 'fire']} name="fire" label="Event" parse={(text) => fieldValue(load.fire, text, { required: true })} suggestions={events} />
      <Field step={step} at={['load', 'rate']} name="rate" label="Rate" parse={(text) => fieldValue(Rate, text, { required: true })} placeholder="200/s" help="per second (/s) or minute (/m)" />
      <Field step={step} at={['load', 'for']} name="for" label="For" parse={(text) => durationValue(text, { required: true })} placeholder="10s" help="real time, at every time scale" />
      <Field step={step} at={['load', 'expect', 'latency', 'p95']} name="p95" label="p95 under" parse={(text) => durationValue(text)} placeholder="no threshold" />
      <Field step={step} at={['load', 'expect', 'errors', 'rate']} name="errors" label="Errors" parse={(text) => fieldValue(ErrorRate, text)} placeholder="< 1%" />
      <EntryRows label="Vary per arrival" name={`vary-${key}`} path={[...step.path, 'load', 'vary']} entries={entriesOf(spec.vary)} edit={edit} {...varyRule} formatValue={jsonText} keyLabel="context.<key> or path" valuePlaceholder='"svc-${n}" or ["a", "b"]' keySuggestions={CONTEXT_KEYS.map((k) => `context.${k}`)} collapsible />
      <EntryRows label="Context" name={`context-${key}`} path={[...step.path, 'load', 'context']} entries={entriesOf(spec.context)} edit={edit} {...contextRule} keyLabel="Field" keySuggestions={CONTEXT_KEYS} collapsible />
    </>
  )
}

/** `wait: { until }`: the app's answer to wait for. */
export function WaitUntilFields({ step }: { step: StepModel }) {
  const { edit } = useForm()
  const key = stepKey(step.path)
  const until = isRecord(step.body.wait) && isRecord(step.body.wait.until) ? step.body.wait.until : {}
  return (
    <>
      <Field step={step} at={['wait', 'until', 'url']} name="until" label="Until this URL" parse={(text) => (text.includes('${') ? fieldValue(IncludeStep.shape.include, text, { required: true }) : fieldValue(http.url, text, { required: true }))} />
      <Field step={step} at={['wait', 'timeout']} name="timeout" label="At most" parse={(text) => durationValue(text)} placeholder="10s" />
      <EntryRows label="Answers JSON (dot paths)" name={`until-json-${key}`} path={[...step.path, 'wait', 'until', 'json']} entries={entriesOf(until.json)} edit={edit} {...dotPathRule} formatValue={jsonText} keyLabel="Path" collapsible />
    </>
  )
}
