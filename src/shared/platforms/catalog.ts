import { z } from 'zod'
import { DeliveryRules } from '../schemas/delivery-rules'
import { RetryPolicy } from '../schemas/retry-policy'
import { SigningScheme } from '../schemas/signing'
import { OptionInfo } from './options'

/** Facts of an event a subscription's filters can test (environment types, project names). */
export const FilterFact = z.enum(['environmentType', 'projectName'])
export type FilterFact = z.infer<typeof FilterFact>

/** One platform as clients see it: events, options, headers and delivery defaults, derived from its module. */
export const CatalogEntry = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  events: z.array(z.object({ name: z.string(), firesWhen: z.string() })),
  options: z.array(OptionInfo),
  /** The headers the platform sends, in order, as `Name: value`; secret headers show `<secret>`. */
  headers: z.array(z.string()),
  defaultScheme: SigningScheme,
  retry: RetryPolicy,
  /** The retry schedule in words ("6 attempts: retried after 30 s, 1 min…"). */
  retryText: z.string(),
  timeoutMs: z.number().int(),
  /** How answers are judged when the user has not chosen the Standard Webhooks way. */
  rules: DeliveryRules,
  deliverySource: z.string(),
  /** The filterable facts its events carry, each with a value it can take: the form offers those filters only. */
  filterFacts: z.array(z.object({ fact: FilterFact, example: z.string() })).default([]),
})
export type CatalogEntry = z.infer<typeof CatalogEntry>
