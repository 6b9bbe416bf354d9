import { z } from 'zod'

export const CHARLESCD_EVENTS = ['START_DEPLOY', 'FINISH_DEPLOY', 'START_UNDEPLOY', 'FINISH_UNDEPLOY'] as const
export const CharlesCdEventType = z.enum(CHARLESCD_EVENTS)
export type CharlesCdEventType = z.infer<typeof CharlesCdEventType>

/** The code's statuses (the docs' `ERROR` does not exist in code). */
export const CharlesCdStatus = z.enum(['SUCCESS', 'FAIL', 'TIMEOUT'])
export type CharlesCdStatus = z.infer<typeof CharlesCdStatus>

/** How a hermes subscription is registered: DEPLOY, UNDEPLOY or both ("Send me everything"). */
export const CharlesCdCategory = z.enum(['DEPLOY', 'UNDEPLOY'])
export const categoryOf = (type: CharlesCdEventType) => (type.endsWith('UNDEPLOY') ? 'UNDEPLOY' : 'DEPLOY')

const Author = z.strictObject({ email: z.string(), name: z.string() })
const Circle = z.strictObject({ id: z.string(), name: z.string() })
const Feature = z.strictObject({ name: z.string(), branchName: z.string() })

/** `YYYY-MM-DD HH:mm:ss`, the documented date format. */
export const CharlesCdDate = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected YYYY-MM-DD HH:mm:ss')

/** The `documented` format (default): the shape of CharlesCD's published webhook page, `componentes` included. */
export const CharlesCdDocumentedPayload = z.lazy(() =>
  z.strictObject({
    subscriptionId: z.string(),
    executionId: z.uuid(),
    event: z.strictObject({
      type: CharlesCdEventType,
      status: CharlesCdStatus,
      error: z.string().optional(),
      date: CharlesCdDate,
      timeExecution: z.number().int().optional(),
      workspaceId: z.string(),
      author: Author,
      circle: Circle,
      release: z.strictObject({
        tag: z.string(),
        modules: z.array(z.strictObject({ id: z.string(), name: z.string(), componentes: z.array(Circle) })),
        features: z.array(Feature),
      }),
    }),
  }),
)
export type CharlesCdDocumentedPayload = z.infer<typeof CharlesCdDocumentedPayload>

/** A Java LocalDateTime as bare Gson writes it, field by field. */
export const GsonLocalDateTime = z.lazy(() =>
  z.strictObject({
    date: z.strictObject({ year: z.number().int(), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }),
    time: z.strictObject({ hour: z.number().int(), minute: z.number().int(), second: z.number().int(), nano: z.number().int() }),
  }),
)

/** The event object moove builds (`hermes-wire` format), before it is double-encoded into `content`. */
export const CharlesCdWireEvent = z.lazy(() =>
  z.strictObject({
    deploymentId: z.uuid(),
    type: CharlesCdEventType,
    status: CharlesCdStatus,
    date: GsonLocalDateTime,
    workspaceId: z.string(),
    author: Author,
    timeExecution: z.number().int().optional(),
    circle: Circle,
    release: z.strictObject({
      tag: z.string(),
      modules: z.array(z.strictObject({ name: z.string(), components: z.array(Circle) })),
      features: z.array(Feature),
    }),
  }),
)
export type CharlesCdWireEvent = z.infer<typeof CharlesCdWireEvent>

/** What hermes posts: `content` is a JSON string literal wrapping the event JSON. */
export const CharlesCdWireBody = z.strictObject({ content: z.string() })

export const CharlesCdOptions = z.strictObject({
  format: z
    .enum(['documented', 'hermes-wire'])
    .default('documented')
    .describe("documented: the published page's shape; hermes-wire: the double-encoded body hermes really sends"),
  workspaceId: z.string().trim().min(1).optional().describe("The hermes subscription's externalId (workspace); default: a fixed id per subscription"),
  events: z
    .array(CharlesCdCategory)
    .min(1)
    .default(['DEPLOY', 'UNDEPLOY'])
    .describe('What the hermes subscription is registered for: DEPLOY, UNDEPLOY or both ("Send me everything")'),
})
export type CharlesCdOptions = z.infer<typeof CharlesCdOptions>
