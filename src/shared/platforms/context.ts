import { z } from 'zod'
import { didYouMean } from '../did-you-mean'

/**
 * Names and versions a payload is built from. Everything is optional: missing values get
 * realistic defaults derived from the seed.
 */
/** An optional text fact: what it is, and an example. */
const fact = (description: string, example: string) => z.string().optional().meta({ description, examples: [example] })

export const GenerateContext = z.strictObject({
  organization: fact('The organization (Qovery).', 'Acme'),
  project: fact('The project (Qovery; generic); what projectNames filters see.', 'Payments'),
  environment: fact('The environment: prod, staging… (Ocean CD, Qovery, Divshot, generic).', 'production'),
  /** Qovery environment mode: DEVELOPMENT, PREVIEW, PRODUCTION, STAGING. */
  environmentType: fact('The environment mode (Qovery): DEVELOPMENT, PREVIEW, PRODUCTION, STAGING; what environmentTypes filters see.', 'PRODUCTION'),
  /** Application / microservice / Divshot app name. */
  service: fact('The service: Ocean CD microservice, Qovery application, CharlesCD module, Divshot app.', 'checkout'),
  namespace: fact('The Kubernetes namespace (Ocean CD).', 'payments'),
  rolloutSpec: fact('The rollout spec (Ocean CD); what a subscription\'s rolloutSpecs routes on.', 'checkout-prod'),
  version: fact('The version being rolled out (Divshot: a release number).', '1.5.0'),
  previousVersion: fact('The version it replaces (Ocean CD).', '1.4.2'),
  image: fact('The image, without its tag (Ocean CD).', 'registry.example.com/checkout'),
  author: fact('Who made the change: an e-mail (CharlesCD), a name (Divshot).', 'ana@example.com'),
  authorName: fact('The author\'s name (CharlesCD).', 'Ana'),
  clusterId: fact('The cluster (Ocean CD heartbeats); what heartbeatClusters routes on.', 'prod-eu-1'),
  clusterName: fact('The cluster\'s name (Qovery).', 'qovery-eu-west-3'),
  controllerVersion: fact('The Ocean CD controller\'s version.', '1.0.34'),
  nodeName: fact('The node the Ocean CD controller runs on.', 'ip-10-0-1-7.ec2.internal'),
  podName: fact('The Ocean CD controller\'s pod.', 'spot-oceancd-controller-7d9f8c6b5-x2k4q'),
  /** CharlesCD status (SUCCESS, FAIL, TIMEOUT). */
  status: fact('The outcome (CharlesCD): SUCCESS, FAIL, TIMEOUT.', 'FAIL'),
  /** Failure reason (Ocean CD) or error text (CharlesCD). */
  reason: fact('Why it failed (Ocean CD reason, CharlesCD error, the last Qovery log line).', 'verification failed: error rate 4.2% > 1%'),
  circle: fact('The circle (CharlesCD).', 'Beta'),
  /** Divshot: the version rolled back to; makes the release a rollback. */
  rollbackTo: z.number().int().optional().meta({ description: 'The version rolled back to (Divshot): the release is a rollback.', examples: [12] }),
  /** Divshot: the source environment of a promotion. */
  sourceEnv: fact('The environment promoted from (Divshot).', 'staging'),
  /** When the rollout or deployment began (Ocean CD `startTime`); a scenario's story sets it. */
  startedAt: z.iso.datetime({ offset: true }).optional().meta({ description: 'When the rollout or deployment began (ISO); a scenario\'s story sets it from its first event.', examples: ['2025-01-01T10:00:00Z'] }),
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
