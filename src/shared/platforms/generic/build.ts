import { isoTime, unixSeconds } from '../../core/time-format'
import { JSON_CONTENT_TYPE } from '../names'
import type { BuildInput, Built, Json } from '../platform'
import { DEFAULT_GENERIC_TEMPLATE } from './definition'

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g

/** Any other platform: the definition's JSON template with its placeholders filled in. */
export function buildGeneric({ event, messageRng, context, nowMs, definition }: BuildInput<Record<string, never>>): Built {
  const values: Record<string, Json | undefined> = {
    id: `evt_${messageRng.hex(24)}`,
    event,
    'timestamp.iso': isoTime(nowMs),
    'timestamp.unix': unixSeconds(nowMs),
  }
  for (const [key, value] of Object.entries(context)) values[`context.${key}`] = value as Json
  const template = (definition?.template ?? DEFAULT_GENERIC_TEMPLATE) as Json
  return {
    payload: fill(template, values),
    facts: { projectName: context.project, environmentType: context.environmentType ?? context.environment },
    headers: [JSON_CONTENT_TYPE, ...(definition?.headers ?? [])],
  }
}

function fill(template: Json, values: Record<string, Json | undefined>): Json {
  if (typeof template === 'string') {
    const whole = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(template)
    if (whole) return values[whole[1]!] ?? null
    return template.replace(PLACEHOLDER, (_, key: string) => {
      const value = values[key]
      return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
    })
  }
  if (Array.isArray(template)) return template.map((item) => fill(item, values))
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fill(value, values)]))
  }
  return template
}
