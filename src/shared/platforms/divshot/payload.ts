import { z } from 'zod'

export const DIVSHOT_EVENTS = ['release'] as const

/** The one Divshot event (spec §4); `timestamp` is Unix seconds. */
export const DivshotReleasePayload = z.lazy(() =>
  z.lazy(() =>
    z.strictObject({
      event: z.literal('release'),
      data: z.strictObject({
        app: z.strictObject({ name: z.string(), id: z.string() }),
        release: z.strictObject({
          env: z.string(),
          version: z.number().int(),
          author: z.string(),
          /** `false`, or on a rollback the version rolled back to. */
          rollback: z.union([z.literal(false), z.number().int()]),
          source: z.string(),
          source_env: z.string().nullable(),
          timestamp: z.number().int(),
          url: z.string(),
          permanent_url: z.string(),
        }),
      }),
    }),
  ),
)
export type DivshotReleasePayload = z.infer<typeof DivshotReleasePayload>

export const DivshotOptions = z.strictObject({
  app: z.string().trim().min(1).optional().describe('The app name in payloads when the context names no service (default your-app)'),
})
export type DivshotOptions = z.infer<typeof DivshotOptions>
