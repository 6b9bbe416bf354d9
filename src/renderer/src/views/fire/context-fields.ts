import type { ProviderId } from '../../../../shared/platforms'
import type { GenerateContext } from '../../../../shared/platforms/context'

export type ContextKey = keyof GenerateContext

/** The context fields each platform's generator reads (src/shared/platforms/<platform>/build.ts), in form order. */
export const CONTEXT_FIELDS: Record<ProviderId, ContextKey[]> = {
  divshot: ['service', 'environment', 'version', 'author', 'rollbackTo', 'sourceEnv'],
  qovery: ['organization', 'project', 'environment', 'environmentType', 'service', 'clusterName', 'version', 'reason'],
  charlescd: ['service', 'version', 'circle', 'status', 'author', 'authorName', 'reason'],
  'ocean-cd': ['service', 'namespace', 'environment', 'rolloutSpec', 'version', 'previousVersion', 'image', 'clusterId', 'controllerVersion', 'nodeName', 'podName', 'reason', 'startedAt'],
  generic: ['project', 'environment', 'environmentType', 'version'],
}

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
