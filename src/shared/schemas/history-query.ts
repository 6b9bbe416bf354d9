import { z } from 'zod'
import { DeliveryStatus } from './delivery'

/** Where the next page starts; only valid with the server that gave it. */
export const PageCursor = z.string().regex(/^c\d+$/, 'a cursor from a previous page (nextCursor)')

const limit = z.number().int().min(1).max(1000).default(200)
/** Case-insensitive text looked for in a record's ids, names, URL, event and outcome. */
const text = z.string().max(200).optional()

export const DeliveryQuery = z
  .object({
    limit,
    cursor: PageCursor.optional(),
    status: z.union([DeliveryStatus, z.array(DeliveryStatus).min(1)]).optional(),
    provider: z.string().optional(),
    event: z.string().optional(),
    subscriptionId: z.string().optional(),
    runId: z.string().optional(),
    text,
    /** Also look for `text` in each delivery's body and request headers (read from disk: slower). */
    searchBodies: z.boolean().optional(),
    /**
     * A time range: deliveries with activity in it (created before `to`, and created, attempted
     * or due again at or after `from`), so a retry hours after the first try counts where it happened.
     */
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'the start of the time range must not be after its end',
    path: ['to'],
  })
export type DeliveryQuery = z.infer<typeof DeliveryQuery>

export const CaptureQuery = z
  .object({
    limit,
    cursor: PageCursor.optional(),
    endpoint: z.string().optional(),
    method: z.string().optional(),
    outcome: z.enum(['answered', 'rejected', 'abandoned']).optional(),
    deliveryId: z.string().optional(),
    text,
  })
  .strict()
export type CaptureQuery = z.infer<typeof CaptureQuery>

/**
 * One page, newest first; `total` (on the first page only) counts every record the filters match.
 * A search through bodies counts only as far as is cheap: `totalAtLeast` instead when it stopped.
 * `loading`: the history saved before this start is still being read, so older records may be
 * missing from the page and the total (the `history` config event says when they are all there).
 */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: PageCursor.optional(),
    total: z.number().int().nonnegative().optional(),
    totalAtLeast: z.number().int().nonnegative().optional(),
    loading: z.literal(true).optional(),
  })
