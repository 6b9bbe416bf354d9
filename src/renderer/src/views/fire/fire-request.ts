import type { ApiInput, ApiOutput } from '../../../../shared/api/contract'
import type { GenerateContext } from '../../../../shared/platforms/context'
import type { FireDraft } from '../../store/fire/draft'
import { isChosen } from '../../store/fire/targets'
import { contextOf } from './context-fields'
import { type PayloadEdits, editsAsOverrides } from './payload-edits'

/*
 * What the fire panel's draft asks for, worked out without a browser: the event, the request the
 * engine takes, why Fire cannot send yet, and the user's payload edits as scenario overrides.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }
export type FirePreview = ApiOutput<'previewFire'>
export type ReadJson = { ok: true; value: Json } | { ok: false; error: string }

/** JSON text as a value, or the parser's complaint (its first line). */
export function readJson(text: string): ReadJson {
  try {
    const value: Json = JSON.parse(text)
    return { ok: true, value }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) }
  }
}

/** The draft as the engine takes it. */
export interface FireRequest {
  /** The event fired: the generic event's name, the one chosen, or the platform's first. */
  event: string
  context: GenerateContext
  template: ReadJson
  /** The edited payload read as JSON; undefined while it follows the generated one. */
  edited: ReadJson | undefined
  /** Undefined while something typed cannot be sent (the reason is shown where it was typed). */
  request: ApiInput<'previewFire'> | undefined
}

export function fireRequestOf(draft: Pick<FireDraft, 'provider' | 'eventChoice' | 'genericEvent' | 'fields' | 'seed' | 'template' | 'edited'>, events: readonly { name: string }[]): FireRequest {
  const { provider, edited } = draft
  const generic = provider === 'generic'
  const event = generic ? draft.genericEvent.trim() : events.some((e) => e.name === draft.eventChoice) ? draft.eventChoice : (events[0]?.name ?? '')
  const context = contextOf(draft.fields, provider)
  const template = readJson(draft.template)
  const editedJson = edited === undefined ? undefined : readJson(edited)
  const request =
    !event || !template.ok || (editedJson && !editedJson.ok)
      ? undefined
      : {
          provider,
          event,
          context,
          seed: draft.seed,
          ...(edited !== undefined && { body: edited }),
          ...(generic && { definition: { name: event, template: template.value, headers: [] } }),
        }
  return { event, context, template, edited: editedJson, request }
}

/** The subscriptions a preview's requests go to, as the user chose them. */
export const chosenIn = (picks: FireDraft['picks'], answer: FirePreview | undefined) => (answer?.requests ?? []).filter((r) => isChosen(picks, r.subscriptionId, answer?.requests.length ?? 0))

/** Why Fire cannot send now, in the panel's words; undefined when it can. */
export function whyBlocked(
  fire: FireRequest,
  draft: Pick<FireDraft, 'provider' | 'picks' | 'sendAnyway'>,
  answer: FirePreview | undefined,
  previewError: string | undefined,
): string | undefined {
  const generic = draft.provider === 'generic'
  if (!fire.event) return generic ? 'Name the event first.' : 'Choose an event first.'
  if (generic && !fire.template.ok) return 'The body template is not valid JSON: fix it first.'
  if (fire.edited && !fire.edited.ok) return 'The payload is not valid JSON: fix it, or Regenerate it.'
  if (!answer) return previewError ?? 'The payload could not be generated.'
  if (answer.requests.length === 0) return 'No subscription receives this event.'
  if (chosenIn(draft.picks, answer).length === 0) return 'Choose at least one subscription to fire to.'
  if (answer.problems.length > 0 && !draft.sendAnyway) return `The payload does not match the ${fire.event} schema: fix the problems, or tick “Send it anyway”.`
  return undefined
}

/** The user's edits against the payload they started from; none while the payload is as generated; or why they cannot be saved. */
export function payloadEditsOf(draft: Pick<FireDraft, 'edited' | 'editBase'>, edited: ReadJson | undefined): PayloadEdits | string {
  if (draft.edited === undefined) return { set: {}, unsaved: [] }
  const base = draft.editBase === undefined ? undefined : readJson(draft.editBase)
  if (!edited?.ok) return 'The payload is not valid JSON: fix it before saving it as a step.'
  if (!base?.ok) return 'Regenerate the payload, edit it, then save.'
  return editsAsOverrides(base.value, edited.value)
}
