/** A scenario with everything a form edit must leave alone: comments, quoting, folding, flow maps, blank lines. */
export const FILE = `# id: drill
version: 1
name: "Idempotency drill"   # quoted on purpose
description: >-
  The same message can arrive twice (same executionId), a FINISH can arrive before its START, and a
  START_UNDEPLOY can be lost altogether.
provider: charlescd
seed: 42
context:
  service: catalog
  version: "3.4.0" # a string, not a number
vars:
  apiKey: 'charles-demo-key'
subscriptions:
  - name: catalog workspace
    url: \${receiver}r/inbox
    provider: charlescd
    signing: { scheme: native, secret: "\${apiKey}" }

steps:
  # the first deploy
  - fire: START_DEPLOY
    id: start
  - duplicate: start # sent twice
  - wait: 2m

  - reorder: reverse
    steps:
      - fire: START_DEPLOY
        context: { version: "3.4.1" }
      - fire: FINISH_DEPLOY
  - repeat: 3
    steps:
      - wait: 10s
      - fire: FINISH_DEPLOY
  - expect: { received: { endpoint: inbox, event: START_DEPLOY, count: 3 } }
  - expect: { delivered: all } # the end
`

/** The same scenario as JSON, written with a 2-space indent. */
export const JSON_FILE = `${JSON.stringify(
  {
    $schema: 'https://hookbench.dev/scenario.json',
    version: 1,
    name: 'Release',
    provider: 'generic',
    context: { service: 'billing', version: '2025.06.3' },
    steps: [{ fire: 'build.started', id: 'built' }, { wait: '30s' }, { expect: { delivered: 'all' } }],
  },
  null,
  2,
)}\n`

/** `text` with `from` replaced by `to`, failing loudly when `from` is not there (so an expectation cannot silently pass). */
export function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture does not contain ${JSON.stringify(from)}`)
  return text.replace(from, to)
}
