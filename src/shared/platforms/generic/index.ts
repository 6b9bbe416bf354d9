import { STANDARD_WEBHOOKS_RULES } from '../../schemas/delivery-rules'
import { definePlatform } from '../platform'
import { buildGeneric } from './build'
import { GenericOptions } from './definition'

/** Any other platform: your own event names and a JSON template, sent the Standard Webhooks way. */
export const generic = definePlatform({
  id: 'generic',
  title: 'Generic (your own events and JSON template)',
  sender: 'the sender',
  source: 'Standard Webhooks [D: SW]',
  events: [],
  options: GenericOptions,
  payloadSchema: () => undefined,
  build: buildGeneric,
  // The default template's fields; a body of your own says its facts in the context.
  factPaths: () => ({ projectName: 'data.project', environmentType: 'data.environment' }),
  secretHeaders: () => [],
  contextFields: ['project', 'environment', 'environmentType', 'version'],
  // The check's out-of-order case: a finish before its start.
  outOfOrder: { first: { event: 'deploy.succeeded' }, then: { event: 'deploy.started' } },
  defaultScheme: 'standard',
  delivery: {
    retry: { preset: 'standard-webhooks' },
    timeoutMs: 15_000,
    source: '[D: SW, SVX] 8 attempts over 27 h 35 min, 15 s timeout',
    rules: STANDARD_WEBHOOKS_RULES,
  },
})
