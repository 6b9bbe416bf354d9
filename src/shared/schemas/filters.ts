import { z } from 'zod'

/** Payload equality test: `{ "path": "payload.environment.mode", "equals": "PRODUCTION" }`. */
export const WhereClause = z.object({ path: z.string().trim().min(1), equals: z.unknown() })
export type WhereClause = z.infer<typeof WhereClause>

/**
 * Which events a subscription receives; every non-empty part must match (AND). Empty lists
 * mean "no filter". In scenario files: `"filters": { "environmentTypes": [...], "projectNames": [...] }`.
 */
export const SubscriptionFilters = z.object({
  events: z.array(z.string().trim().min(1)).default([]),
  /** Qovery environment modes: DEVELOPMENT, PREVIEW, PRODUCTION, STAGING (case-insensitive). */
  environmentTypes: z.array(z.string().trim().min(1)).default([]),
  /** Case-insensitive; `*` matches any run of characters (`product*`), anything else exactly. */
  projectNames: z.array(z.string().trim().min(1)).default([]),
  where: z.array(WhereClause).default([]),
})
export type SubscriptionFilters = z.infer<typeof SubscriptionFilters>
