import { type Attempt, type Delivery, type DeliverySummary, summarizeDelivery } from '../../src/shared/schemas/delivery'
import type { RunSummary, StepResult } from '../../src/shared/schemas/run'
import { STANDARD_WEBHOOKS_RULES } from '../../src/shared/schemas/delivery-rules'

/** Hand-built run records and deliveries for the report and reporter tests. */

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0)

/** `T0 + ms` as an ISO timestamp. */
export const at = (ms: number) => new Date(T0 + ms).toISOString()

export function step(index: number, overrides: Partial<StepResult> = {}): StepResult {
  return {
    index,
    path: `steps[${index}]`,
    kind: 'fire',
    label: `fire event-${index}`,
    status: 'passed',
    startedAt: at(index * 1000),
    finishedAt: at(index * 1000 + 250),
    deliveryIds: [],
    ...overrides,
  }
}

export function run(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 'run_1',
    scenarioId: 'ocean-cd-canary-verified',
    scenarioName: 'Ocean CD canary, verified',
    options: { targets: ['http://127.0.0.1:3000/hooks'], timeScale: 0.01, vars: {} },
    seed: 42,
    status: 'passed',
    startedAt: at(0),
    finishedAt: at(5000),
    next: 0,
    storyMs: T0,
    subscriptionIds: [],
    routes: {},
    endpoints: {},
    controllers: {},
    cleanup: { subscriptionIds: [], endpointNames: [] },
    failures: [],
    steps: [],
    ...overrides,
  }
}

export function attempt(overrides: Partial<Attempt> = {}): Attempt {
  return {
    n: 1,
    series: 0,
    startedAt: at(100),
    durationMs: 12,
    url: 'http://127.0.0.1:3000/hooks',
    headers: [['Content-Type', 'application/json']],
    response: { status: 200, headers: [], body: 'ok', bodyBytes: 2, truncated: false },
    outcome: 'delivered',
    ...overrides,
  }
}

export function delivery(id: string, overrides: Partial<Delivery> = {}): Delivery {
  const attempts = overrides.attempts ?? [attempt()]
  return {
    id,
    seq: 1,
    eventId: `evt_${id}`,
    runId: 'run_1',
    subscriptionId: 'sub_1',
    subscriptionName: 'ci-hooks',
    provider: 'ocean-cd',
    event: 'rollout-failed',
    url: 'http://127.0.0.1:3000/hooks',
    body: '{}',
    headers: [],
    signing: { scheme: 'none' },
    retry: { preset: 'none' },
    timeoutMs: 10_000,
    secretHeaders: [],
    rules: STANDARD_WEBHOOKS_RULES,
    status: 'delivered',
    series: 0,
    createdAt: at(0),
    updatedAt: at(200),
    ...overrides,
    attempts,
  }
}

export function deliverySummary(id: string, overrides: Partial<Delivery> = {}): DeliverySummary {
  return summarizeDelivery(delivery(id, overrides))
}
