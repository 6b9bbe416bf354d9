import { z } from 'zod'
import { SendableHeaderPair } from '../../schemas/http'

/**
 * A user-defined event for any other platform: a name and a JSON body template. A string that
 * is exactly `{{id}}`, `{{event}}`, `{{timestamp.iso}}`, `{{timestamp.unix}}` or
 * `{{context.<key>}}` is replaced by the value (keeping its type: `timestamp.unix` is a number);
 * inside a longer string the placeholder is replaced by its text.
 */
export const GenericEventDefinition = z.strictObject({
  name: z.string().trim().min(1).max(100),
  template: z.json(),
  headers: z.array(SendableHeaderPair).default([]),
})
export type GenericEventDefinition = z.infer<typeof GenericEventDefinition>

export const DEFAULT_GENERIC_TEMPLATE = {
  type: '{{event}}',
  id: '{{id}}',
  timestamp: '{{timestamp.iso}}',
  data: { project: '{{context.project}}', environment: '{{context.environment}}', version: '{{context.version}}' },
}

export const GenericOptions = z.strictObject({})

/** The options of an `any` subscription: none, every platform's events arrive with its defaults. */
export const NoOptions = GenericOptions
