import { PLATFORMS, type ProviderId } from '../../../../shared/platforms'
import type { GenerateContext } from '../../../../shared/platforms/context'
import type { ContextKey } from '../../../../shared/platforms/platform'

export type { ContextKey }

/** The context fields each platform's generator reads, in form order: each module says (`contextFields`). */
export const CONTEXT_FIELDS = Object.fromEntries(PLATFORMS.map((platform) => [platform.id, platform.contextFields])) as Record<ProviderId, ContextKey[]>

/** Labels in the platforms' own words. */
export const CONTEXT_LABELS: Record<ContextKey, string> = {
  organization: 'Organization',
  project: 'Project',
  environment: 'Environment',
  environmentType: 'Environment type',
  service: 'Service / app',
  namespace: 'Namespace',
  rolloutSpec: 'Rollout spec',
  version: 'Version',
  previousVersion: 'Previous version',
  image: 'Image',
  author: 'Author (email)',
  authorName: 'Author name',
  clusterId: 'Cluster id',
  clusterName: 'Cluster name',
  controllerVersion: 'Controller version',
  nodeName: 'Node name',
  podName: 'Pod name',
  status: 'Status',
  reason: 'Failure reason',
  circle: 'Circle',
  rollbackTo: 'Rolled back to version',
  sourceEnv: 'Promoted from environment',
  startedAt: 'Started at (ISO time)',
}

/** Choices where the platform has a fixed set of values. */
export const CONTEXT_CHOICES: Partial<Record<ContextKey, string[]>> = {
  environmentType: ['DEVELOPMENT', 'PREVIEW', 'PRODUCTION', 'STAGING'],
  status: ['SUCCESS', 'FAIL', 'TIMEOUT'],
}

/** The form's text fields as a generator context: empty fields are left to the generator, numbers read as numbers. */
export function contextOf(fields: Partial<Record<ContextKey, string>>, provider: ProviderId): GenerateContext {
  const context: GenerateContext = {}
  for (const key of CONTEXT_FIELDS[provider]) {
    const value = fields[key]?.trim()
    if (!value) continue
    if (key === 'rollbackTo') {
      if (/^\d+$/.test(value)) context.rollbackTo = Number(value)
    } else context[key] = value
  }
  return context
}
