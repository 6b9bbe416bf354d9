import { describe, expect, it } from 'vitest'
import { PLATFORMS } from '../../../src/shared/platforms'
import { seededRandom } from '../../../src/shared/core/seeded-random'
import { GenerateContext } from '../../../src/shared/platforms/context'
import { CONTEXT_FIELDS } from '../../../src/renderer/src/views/fire/context-fields'

/** Every context field filled (a failed status, so an error's fields are read too). */
const FULL: GenerateContext = Object.fromEntries(
  Object.keys(GenerateContext.shape).map((key) => [key, key === 'rollbackTo' ? 3 : key === 'startedAt' ? '2026-01-01T00:00:00.000Z' : key === 'status' ? 'FAIL' : 'x']),
)

/** The context keys a platform's generator reads over all its events, given an empty context and a full one (a context that notes every read). */
function keysRead(platform: (typeof PLATFORMS)[number]): Set<string> {
  const read = new Set<string>()
  const events = platform.events.length > 0 ? platform.events.map((e) => e.name) : ['deploy.finished']
  for (const values of [{}, FULL]) {
    const context = new Proxy(values as GenerateContext, { get: (target, key) => (typeof key === 'string' && read.add(key), Reflect.get(target, key)) })
    for (const event of events) platform.build({ event, rng: seededRandom(1), messageRng: seededRandom(2), context, options: {}, nowMs: Date.UTC(2026, 0, 1) })
  }
  return read
}

describe('what a platform knows lives in its module', () => {
  it.each(PLATFORMS.map((p) => [p.id, p] as const))('%s: every context field a form offers is one its generator reads', (_id, platform) => {
    const read = keysRead(platform)
    expect(platform.contextFields.filter((field) => !read.has(field))).toEqual([])
  })

  it('the Fire view asks for the fields each module names, in its order', () => {
    expect(CONTEXT_FIELDS).toEqual(Object.fromEntries(PLATFORMS.map((p) => [p.id, p.contextFields])))
  })

  it.each(PLATFORMS.map((p) => [p.id, p] as const))('%s: its out-of-order pair names its own events, and its secret headers cover every option', (_id, platform) => {
    for (const { event } of [platform.outOfOrder.first, platform.outOfOrder.then]) expect(platform.events.length === 0 || platform.hasEvent(event), event).toBe(true)
    for (const option of Object.values(platform.options.shape)) {
      const values = (option as { unwrap?: () => { options?: string[] } }).unwrap?.().options ?? []
      for (const value of values) {
        const key = Object.entries(platform.options.shape).find(([, o]) => o === option)![0]
        expect(platform.secretHeaderNames).toEqual(expect.arrayContaining(platform.secretHeaders({ [key]: value })))
      }
    }
  })
})
