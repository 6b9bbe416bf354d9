import { z } from 'zod'
import { didYouMean } from '../did-you-mean'

/**
 * Names and versions a payload is built from. Everything is optional: missing values get
 * realistic defaults derived from the seed.
 */
export const GenerateContext = z.strictObject({
  organization: z.string().optional(),
  project: z.string().optional(),
  environment: z.string().optional(),
  /** Qovery environment mode: DEVELOPMENT, PREVIEW, PRODUCTION, STAGING. */
  environmentType: z.string().optional(),
  /** Application / microservice / Divshot app name. */
  service: z.string().optional(),
  namespace: z.string().optional(),
  rolloutSpec: z.string().optional(),
  version: z.string().optional(),
  previousVersion: z.string().optional(),
  image: z.string().optional(),
  author: z.string().optional(),
  authorName: z.string().optional(),
  clusterId: z.string().optional(),
  clusterName: z.string().optional(),
  controllerVersion: z.string().optional(),
  nodeName: z.string().optional(),
  podName: z.string().optional(),
  /** CharlesCD status (SUCCESS, FAIL, TIMEOUT). */
  status: z.string().optional(),
  /** Failure reason (Ocean CD) or error text (CharlesCD). */
  reason: z.string().optional(),
  circle: z.string().optional(),
  /** Divshot: the version rolled back to; makes the release a rollback. */
  rollbackTo: z.number().int().optional(),
  /** Divshot: the source environment of a promotion. */
  sourceEnv: z.string().optional(),
  /** When the rollout or deployment began (Ocean CD `startTime`); a scenario's story sets it. */
  startedAt: z.iso.datetime({ offset: true }).optional(),
})
export type GenerateContext = z.infer<typeof GenerateContext>

/** Facts about an event that subscriptions filter and route on. */
export const EventFacts = z.object({
  environmentType: z.string().optional(),
  projectName: z.string().optional(),
  /** CharlesCD routing: DEPLOY or UNDEPLOY. */
  category: z.string().optional(),
  rolloutSpec: z.string().optional(),
  clusterId: z.string().optional(),
})
export type EventFacts = z.infer<typeof EventFacts>

/**
 * `key=value` story facts (`--context project=Payments`): each key one of the context's, each value
 * text (a number where the key is one). The first wrong entry is said with the keys there are.
 */
export function contextFromEntries(entries: readonly string[]): { ok: true; context: GenerateContext } | { ok: false; message: string } {
  const raw: Record<string, unknown> = {}
  const keys = Object.keys(GenerateContext.shape)
  for (const entry of entries) {
    const at = entry.indexOf('=')
    const key = at > 0 ? entry.slice(0, at).trim() : ''
    if (!keys.includes(key)) {
      const hint = key ? didYouMean(key, keys) : ''
      return { ok: false, message: `--context expects key=value with a key of ${keys.join(', ')}; got "${entry}"${hint}` }
    }
    const value = entry.slice(at + 1)
    raw[key] = key === 'rollbackTo' && /^\d+$/.test(value) ? Number(value) : value
  }
  const parsed = GenerateContext.safeParse(raw)
  if (parsed.success) return { ok: true, context: parsed.data }
  const issue = parsed.error.issues[0]!
  return { ok: false, message: `--context ${issue.path.join('.')}: ${issue.message}` }
}
