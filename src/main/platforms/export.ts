import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { CATALOG_PLATFORMS, type ProviderId, platformOf } from '../../shared/platforms'
import { FIXTURE_NOW_MS, FIXTURE_SEED } from '../../shared/platforms/fixtures'
import { generateEvent } from '../../shared/platforms/generate'

export { FIXTURE_NOW_MS, FIXTURE_SEED }

const providersOf = (provider?: ProviderId) => CATALOG_PLATFORMS.filter((platform) => !provider || platform.id === provider)

/** The fixture of one event: pretty JSON with a trailing newline. */
export function fixtureText(provider: ProviderId, event: string): string {
  const generated = generateEvent({ provider, event, seed: FIXTURE_SEED, nowMs: FIXTURE_NOW_MS, subscriptionId: 'sub_fixture' })
  if (!generated.ok) throw new Error(generated.error.message)
  return `${JSON.stringify(generated.data.payload, null, 2)}\n`
}

/** Writes `outDir/<provider>/<event>.json` for every event (of one provider). Returns the files. */
export async function exportFixtures(options: { outDir: string; provider?: ProviderId }, onFile?: (file: string) => void): Promise<string[]> {
  const files: string[] = []
  for (const entry of providersOf(options.provider)) {
    await mkdir(join(options.outDir, entry.id), { recursive: true })
    for (const event of entry.events) {
      const file = join(options.outDir, entry.id, `${event.name}.json`)
      await writeFile(file, fixtureText(entry.id, event.name))
      files.push(file)
      onFile?.(file)
    }
  }
  return files
}

/** The JSON Schema of one event's payload, generated from its zod schema. */
export function eventJsonSchema(provider: ProviderId, event: string): Record<string, unknown> {
  const schema = platformOf(provider).payloadSchema(event, {})
  if (!schema) throw new Error(`${provider} has no fixed payload schema`)
  return { ...z.toJSONSchema(schema, { io: 'output' }), title: `${provider} ${event}` }
}

/** Writes `outDir/<provider>/<event>.schema.json` for every event. Returns the files. */
export async function exportSchemas(options: { outDir: string; provider?: ProviderId }, onFile?: (file: string) => void): Promise<string[]> {
  const files: string[] = []
  for (const entry of providersOf(options.provider)) {
    await mkdir(join(options.outDir, entry.id), { recursive: true })
    for (const event of entry.events) {
      const file = join(options.outDir, entry.id, `${event.name}.schema.json`)
      await writeFile(file, `${JSON.stringify(eventJsonSchema(entry.id, event.name), null, 2)}\n`)
      files.push(file)
      onFile?.(file)
    }
  }
  return files
}
