import { GenerateContext } from '../../../../../shared/platforms/context'
import { ScenarioVars } from '../../../../../shared/schemas/scenario'
import { VAR_NAME } from '../../../../../shared/schemas/scenario-vars'
import { type FieldResult, fieldValue, jsonValue } from './field-values'

/** The rules of each kind of key/value rows: which keys go, what a value becomes. */
export interface EntryRule {
  checkKey: (key: string, others: string[]) => string | undefined
  parseValue: (text: string, key: string) => FieldResult
}

const unique = (key: string, others: string[]) => (others.includes(key) ? 'is already used' : undefined)

const ContextKey = GenerateContext.keyof()
export const CONTEXT_KEYS = ContextKey.options
const isContextKey = (key: string): key is (typeof CONTEXT_KEYS)[number] => ContextKey.safeParse(key).success

/** Context: the payload generator's known facts only, each checked with its own schema. */
export const contextRule: EntryRule = {
  checkKey: (key, others) => (isContextKey(key) ? unique(key, others) : 'is not a context field (pick one from the list)'),
  parseValue: (text, key) => (isContextKey(key) ? fieldValue(GenerateContext.shape[key], text, { required: true }) : { ok: false, error: 'has no field to go to' }),
}

/** Vars: `${name}` text; a number or true/false stays one when it was typed as such. */
export const varsRule: EntryRule = {
  checkKey: (key, others) => (VAR_NAME.test(key) ? unique(key, others) : 'must be letters, digits and _, not starting with a digit'),
  parseValue: (text) => {
    if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' }
    return fieldValue(ScenarioVars.valueType, text, { preferNumber: true, required: true })
  },
}

/** `set` and `json`: a dot path and a JSON value (`13`, `true`, `"13"`), anything else is text. */
export const dotPathRule: EntryRule = {
  checkKey: unique,
  parseValue: (text) => (text.trim() === '' ? { ok: false, error: 'is required' } : { ok: true, value: jsonValue(text) }),
}

/** Headers: a valid name (repeats allowed, as on the wire), any text. */
export const headerRule: EntryRule = {
  checkKey: (key) => (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key) ? undefined : 'is not a header name'),
  parseValue: (text) => ({ ok: true, value: text }),
}
