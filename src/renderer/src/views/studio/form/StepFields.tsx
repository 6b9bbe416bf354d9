import { ClusterId } from '../../../../../shared/schemas/heartbeat'
import { Expectation, HeartbeatStep, ReorderStep, RepeatStep, StepId, EventName } from '../../../../../shared/schemas/scenario'
import { ProviderId } from '../../../../../shared/platforms'
import { EntryRows } from './EntryRows'
import { FormSelect, FormText } from './FormText'
import { CONTEXT_KEYS, contextRule, dotPathRule, headerRule } from './entry-rules'
import { durationValue, fieldValue, jsonText } from './field-values'
import { useForm } from './form-context'
import { removeField, setField } from './scenario-edits'
import { FireExtraFields, HttpFields, IncludeFields, LoadFields, RepeatAsField, WaitUntilFields } from './LanguageFields'
import { EXPECT_KINDS, type ExpectKind, type Path, type StepModel, entriesOf, expectKindOf, newExpectation } from './scenario-model'

const [, DeliveryExpectation, ReceivedExpectation, HttpExpectation] = Expectation.options
const delivery = DeliveryExpectation.shape.delivery.shape
const received = ReceivedExpectation.shape.received.shape
const http = HttpExpectation.shape.http.shape

const str = (value: unknown) => (typeof value === 'string' ? value : '')
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Test ids of a step's fields: `form-field-<field>-<step>` (the step as in `form-step-<step>`). */
export const stepKey = (path: Path) => path.slice(1).join('-')

/** The fields of one step, by kind (nested steps are rendered by the card). */
export function StepFields({ step }: { step: StepModel }) {
  switch (step.kind) {
    case 'fire':
      return <FireFields step={step} />
    case 'wait':
      return <WaitFields step={step} />
    case 'heartbeat':
      return <HeartbeatFields step={step} />
    case 'repeat':
      return (
        <>
          <Text step={step} field="repeat" label="Times" parse={(text) => (/^\$\{[A-Za-z_]\w*\}$/.test(text.trim()) ? { ok: true, value: text.trim() } : fieldValue(RepeatStep.shape.repeat, text, { required: true, preferNumber: true }))} help="1 to 1000, or a ${variable}" />
          <RepeatAsField step={step} />
        </>
      )
    case 'http':
      return <HttpFields step={step} />
    case 'include':
      return <IncludeFields step={step} />
    case 'load':
      return <LoadFields step={step} />
    case 'duplicate':
      return <DuplicateFields step={step} />
    case 'reorder':
      return <ReorderFields step={step} />
    case 'expect':
      return <ExpectFields step={step} />
    default:
      return null
  }
}

/** A text field for one key of a step. */
function Text(props: { step: StepModel; field: string; label: string; parse: (text: string) => ReturnType<typeof durationValue>; help?: string; at?: Path; placeholder?: string; suggestions?: readonly string[] }) {
  const { edit } = useForm()
  const path = props.at ?? [...props.step.path, props.field]
  const value = path.slice(props.step.path.length).reduce<unknown>((holder, key) => (isRecord(holder) ? holder[key] : undefined), props.step.body)
  return (
    <FormText
      label={props.label}
      name={`${props.field}-${stepKey(props.step.path)}`}
      value={value}
      parse={props.parse}
      onCommit={(next) => edit(setField(path, next))}
      help={props.help}
      placeholder={props.placeholder}
      suggestions={props.suggestions}
    />
  )
}

function FireFields({ step }: { step: StepModel }) {
  const { edit, provider, eventsOf, catalogLoaded, providerTitle } = useForm()
  const { body, path } = step
  const key = stepKey(path)
  const ownProvider = str(body.provider)
  const platform = ownProvider || provider
  const events = eventsOf(platform)
  const event = str(body.fire)
  const check = (name: string, value: boolean) => (
    <label className="check">
      <input
        type="checkbox"
        checked={body[name] === true}
        disabled={!value && body[name === 'delay' ? 'drop' : 'delay'] === true}
        onChange={(e) => edit(e.target.checked ? setField([...path, name], true) : removeField([...path, name]))}
        data-testid={`form-field-${name}-${key}`}
      />
      {name === 'delay' ? 'Delay: hold until the next fire' : 'Drop: the platform never sends it'}
    </label>
  )
  return (
    <>
      {events === undefined && catalogLoaded ? (
        <Text step={step} field="fire" label="Event" parse={(text) => fieldValue(EventName, text, { required: true })} help="any event name" />
      ) : (
        <FormSelect
          label="Event"
          name={`fire-${key}`}
          value={event}
          onChange={(next) => edit(setField([...path, 'fire'], next))}
          choices={[
            ...(events?.includes(event) ? [] : [{ value: event, label: event || '(none)', disabled: true }]),
            ...(events ?? []).map((name) => ({ value: name, label: name })),
          ]}
          error={events && !events.includes(event) ? `${event ? `"${event}" is not` : 'Pick'} an event of ${providerTitle(platform)}${event ? ': pick one of its events' : ''}` : undefined}
          help={catalogLoaded ? undefined : 'loading the events…'}
        />
      )}
      <Text step={step} field="id" label="Id" parse={(text) => fieldValue(StepId, text)} help="for duplicate and expect" placeholder="optional" />
      <FormSelect
        label="Platform"
        name={`provider-${key}`}
        value={ownProvider}
        onChange={(next) => edit(setField([...path, 'provider'], next || undefined))}
        choices={[
          { value: '', label: `the scenario's (${providerTitle(provider)})` },
          ...ProviderId.options.map((id) => ({ value: id, label: providerTitle(id) })),
          ...(ownProvider && !ProviderId.safeParse(ownProvider).success ? [{ value: ownProvider, label: ownProvider, disabled: true }] : []),
        ]}
        error={ownProvider && !ProviderId.safeParse(ownProvider).success ? `"${ownProvider}" is not a platform` : undefined}
      />
      <div className="field check-field span-2">
        <span>Sending</span>
        <div className="check-row">
          {check('delay', body.delay === true)}
          {check('drop', body.drop === true)}
        </div>
      </div>
      <EntryRows label="Payload overrides (set)" name={`set-${key}`} path={[...path, 'set']} entries={entriesOf(body.set)} edit={edit} {...dotPathRule} formatValue={jsonText} keyLabel="Path" valuePlaceholder='13, true or "text"' collapsible />
      <EntryRows label="Extra headers" name={`headers-${key}`} path={[...path, 'headers']} entries={entriesOf(body.headers)} edit={edit} {...headerRule} keyLabel="Header" collapsible />
      <EntryRows label="Context for this event" name={`context-${key}`} path={[...path, 'context']} entries={entriesOf(body.context)} edit={edit} {...contextRule} keyLabel="Field" keySuggestions={CONTEXT_KEYS} collapsible />
      <FireExtraFields step={step} platform={platform} />
    </>
  )
}

/** `wait`: story time, or until the app says something. */
function WaitFields({ step }: { step: StepModel }) {
  const { edit } = useForm()
  const until = isRecord(step.body.wait)
  return (
    <>
      <FormSelect
        label="Wait"
        name={`wait-mode-${stepKey(step.path)}`}
        value={until ? 'until' : 'time'}
        onChange={(next) => edit(setField([...step.path, 'wait'], next === 'until' ? { until: { url: 'http://127.0.0.1:3000/health' }, timeout: '10s' } : '1s'))}
        choices={[
          { value: 'time', label: 'for a while (story time)' },
          { value: 'until', label: 'until the app says so (real time)' },
        ]}
      />
      {until ? <WaitUntilFields step={step} /> : <Text step={step} field="wait" label="Wait for" parse={(text) => durationValue(text, { required: true })} help="250ms, 30s, 2m or 1h30m" />}
    </>
  )
}

function HeartbeatFields({ step }: { step: StepModel }) {
  const { edit } = useForm()
  const value = str(step.body.heartbeat)
  const valid = HeartbeatStep.shape.heartbeat.safeParse(value).success
  return (
    <>
      <FormSelect
        label="Controller"
        name={`heartbeat-${stepKey(step.path)}`}
        value={value}
        onChange={(next) => edit(setField([...step.path, 'heartbeat'], next))}
        choices={[...(valid ? [] : [{ value, label: value, disabled: true }]), { value: 'stop', label: 'stop: heartbeats go silent' }, { value: 'start', label: 'start: heartbeats resume' }]}
        error={valid ? undefined : 'pick stop or start'}
      />
      <Text step={step} field="cluster" label="Cluster" parse={(text) => fieldValue(ClusterId, text, { required: true })} />
    </>
  )
}

function DuplicateFields({ step }: { step: StepModel }) {
  const { edit, model } = useForm()
  const value = str(step.body.duplicate)
  const known = model.fireIds.includes(value)
  return (
    <FormSelect
      label="Send again the fire step"
      name={`duplicate-${stepKey(step.path)}`}
      value={value}
      onChange={(next) => edit(setField([...step.path, 'duplicate'], next))}
      choices={[...(known ? [] : [{ value, label: value || '(none)', disabled: true }]), ...model.fireIds.map((id) => ({ value: id, label: id }))]}
      error={known ? undefined : model.fireIds.length === 0 ? 'give a fire step an id first' : `no fire step has the id "${value}"`}
    />
  )
}

function ReorderFields({ step }: { step: StepModel }) {
  const { edit } = useForm()
  const value = str(step.body.reorder)
  const valid = ReorderStep.shape.reorder.safeParse(value).success
  return (
    <FormSelect
      label="Order"
      name={`reorder-${stepKey(step.path)}`}
      value={value}
      onChange={(next) => edit(setField([...step.path, 'reorder'], next))}
      choices={[...(valid ? [] : [{ value, label: value, disabled: true }]), { value: 'reverse', label: 'reverse: last first' }, { value: 'random', label: 'random: from the seed' }]}
      error={valid ? undefined : 'pick reverse or random'}
    />
  )
}

const EXPECT_LABELS: Record<ExpectKind, string> = {
  delivered: 'every delivery so far succeeded',
  delivery: 'a fire step’s delivery ended',
  received: 'the receiver captured requests',
  http: 'a URL answers',
}

function ExpectFields({ step }: { step: StepModel }) {
  const { edit, model, eventsOf, provider } = useForm()
  const expectation = step.body.expect
  const kind = expectKindOf(expectation)
  const at = (...keys: string[]): Path => [...step.path, 'expect', ...keys]
  const key = stepKey(step.path)
  const inner = kind && isRecord(expectation) && isRecord(expectation[kind]) ? expectation[kind] : {}
  const endpoints = ['inbox', ...model.endpoints.flatMap((endpoint) => (isRecord(endpoint) && typeof endpoint.name === 'string' ? [endpoint.name] : []))]
  const subscriptions = model.subscriptions.flatMap((subscription) => (isRecord(subscription) && typeof subscription.name === 'string' ? [subscription.name] : []))
  return (
    <>
      <FormSelect
        label="Expect"
        name={`expect-${key}`}
        value={kind ?? ''}
        onChange={(next) => {
          const picked = EXPECT_KINDS.find((k) => k === next)
          if (picked) edit(setField([...step.path, 'expect'], newExpectation(picked), { flow: true }))
        }}
        choices={[...(kind ? [] : [{ value: '', label: '(unknown)', disabled: true }]), ...EXPECT_KINDS.map((k) => ({ value: k, label: `${k}: ${EXPECT_LABELS[k]}` }))]}
        error={kind ? undefined : 'pick what to expect (the current one is edited in the source view)'}
        help={kind ? 'changing it starts the expectation afresh' : undefined}
      />
      {kind === 'delivered' && (
        <Text step={step} field="subscription" at={[...step.path, 'expect', 'subscription']} label="To the subscription" parse={(text) => fieldValue(delivery.subscription, text)} placeholder="every subscription" suggestions={subscriptions} />
      )}
      {kind === 'delivery' && (
        <>
          <FormSelect
            label="Of the fire step"
            name={`step-${key}`}
            value={str(inner.step)}
            onChange={(next) => edit(setField(at('delivery', 'step'), next || undefined))}
            choices={[
              { value: '', label: 'the previous fire' },
              ...model.fireIds.map((id) => ({ value: id, label: id })),
              ...(str(inner.step) && !model.fireIds.includes(str(inner.step)) ? [{ value: str(inner.step), label: str(inner.step), disabled: true }] : []),
            ]}
            error={str(inner.step) && !model.fireIds.includes(str(inner.step)) ? `no fire step has the id "${str(inner.step)}"` : undefined}
          />
          <Text step={step} field="status" at={at('delivery', 'status')} label="Status" parse={(text) => fieldValue(delivery.status, text, { preferNumber: true })} placeholder="any success" />
          <Text step={step} field="within" at={at('delivery', 'within')} label="Within" parse={(text) => durationValue(text)} placeholder="no limit" help="250ms, 30s, 2m or 1h30m" />
          <Text step={step} field="subscription" at={at('delivery', 'subscription')} label="To the subscription" parse={(text) => fieldValue(delivery.subscription, text)} placeholder="any" suggestions={subscriptions} />
          <Text step={step} field="attempts" at={at('delivery', 'attempts')} label="Attempts" parse={(text) => fieldValue(delivery.attempts, text, { preferNumber: true })} placeholder="any number" />
          <Text step={step} field="under" at={at('delivery', 'under')} label="Answered under" parse={(text) => durationValue(text)} placeholder="no limit" />
          <EntryRows label="Its answer's JSON (dot paths)" name={`answer-json-${key}`} path={at('delivery', 'json')} entries={entriesOf(inner.json)} edit={edit} {...dotPathRule} formatValue={jsonText} keyLabel="Path" valuePlaceholder='"live" or {"contains": "x"}' collapsible />
        </>
      )}
      {kind === 'received' && (
        <>
          <Text step={step} field="endpoint" at={at('received', 'endpoint')} label="Endpoint" parse={(text) => fieldValue(received.endpoint, text)} placeholder="any" suggestions={endpoints} />
          <Text step={step} field="event" at={at('received', 'event')} label="Event" parse={(text) => fieldValue(received.event, text)} placeholder="any" suggestions={eventsOf(provider) ?? []} />
          <Text step={step} field="count" at={at('received', 'count')} label="Count" parse={(text) => fieldValue(received.count, text, { required: true, preferNumber: true })} />
        </>
      )}
      {kind === 'http' && (
        <>
          <Text step={step} field="url" at={at('http', 'url')} label="URL" parse={(text) => (text.includes('${') ? fieldValue(received.endpoint, text) : fieldValue(http.url, text, { required: true }))} />
          <FormSelect
            label="Method"
            name={`method-${key}`}
            value={str(inner.method) || 'GET'}
            onChange={(next) => edit(setField(at('http', 'method'), next === 'GET' && !inner.method ? undefined : next))}
            choices={http.method.unwrap().options.map((method) => ({ value: method, label: method }))}
          />
          <Text step={step} field="status" at={at('http', 'status')} label="Status" parse={(text) => fieldValue(http.status, text, { preferNumber: true })} placeholder="200" />
          <Text step={step} field="timeout" at={at('http', 'timeout')} label="Becomes true within" parse={(text) => durationValue(text)} placeholder="10s" help="real time, polled every 250 ms" />
          <Text step={step} field="stay" at={at('http', 'stay')} label="Or stays true for" parse={(text) => durationValue(text)} placeholder="no" help="story time: the story's other events happen meanwhile" />
          <EntryRows label="JSON values (dot paths)" name={`json-${key}`} path={at('http', 'json')} entries={entriesOf(inner.json)} edit={edit} {...dotPathRule} formatValue={jsonText} keyLabel="Path" collapsible />
        </>
      )}
    </>
  )
}
