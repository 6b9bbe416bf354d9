import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { CATALOG_PLATFORMS, type ProviderId, platformOf } from '../../shared/platforms'
import { FIXTURE_NOW_MS, FIXTURE_SEED } from '../../shared/platforms/fixtures'
import { generateEvent } from '../../shared/platforms/generate'
import type { DownloadFile, PlatformFileKind } from '../../shared/schemas/download'
import { type ArchiveEntry, zipTexts } from '../core/zip'

export { FIXTURE_NOW_MS, FIXTURE_SEED }

const providersOf = (provider?: ProviderId) => CATALOG_PLATFORMS.filter((platform) => !provider || platform.id === provider)

/** The fixture of one event: pretty JSON with a trailing newline. */
export function fixtureText(provider: ProviderId, event: string): string {
  const generated = generateEvent({ provider, event, seed: FIXTURE_SEED, nowMs: FIXTURE_NOW_MS, subscriptionId: 'sub_fixture' })
  if (!generated.ok) throw new Error(generated.error.message)
  return `${JSON.stringify(generated.data.payload, null, 2)}\n`
}

/** The fixture files, as `<provider>/<event>.json` and their text: what `exportFixtures` writes and the UI zips. */
export function fixtureFiles(provider?: ProviderId): ArchiveEntry[] {
  return providersOf(provider).flatMap((entry) => entry.events.map((event) => ({ path: `${entry.id}/${event.name}.json`, text: fixtureText(entry.id, event.name) })))
}

/** Writes `outDir/<provider>/<event>.json` for every event (of one provider). Returns the files. */
export async function exportFixtures(options: { outDir: string; provider?: ProviderId }, onFile?: (file: string) => void): Promise<string[]> {
  return writeEntries(options.outDir, fixtureFiles(options.provider), onFile)
}

/** The JSON Schema of one event's payload, generated from its zod schema. */
export function eventJsonSchema(provider: ProviderId, event: string): Record<string, unknown> {
  const schema = platformOf(provider).payloadSchema(event, {})
  if (!schema) throw new Error(`${provider} has no fixed payload schema`)
  return { ...z.toJSONSchema(schema, { io: 'output' }), title: `${provider} ${event}` }
}

/** The JSON Schema files, as `<provider>/<event>.schema.json` and their text. */
export function schemaFiles(provider?: ProviderId): ArchiveEntry[] {
  return providersOf(provider).flatMap((entry) =>
    entry.events.map((event) => ({ path: `${entry.id}/${event.name}.schema.json`, text: `${JSON.stringify(eventJsonSchema(entry.id, event.name), null, 2)}\n` })),
  )
}

/** Writes `outDir/<provider>/<event>.schema.json` for every event. Returns the files. */
export async function exportSchemas(options: { outDir: string; provider?: ProviderId }, onFile?: (file: string) => void): Promise<string[]> {
  return writeEntries(options.outDir, schemaFiles(options.provider), onFile)
}

async function writeEntries(outDir: string, entries: ArchiveEntry[], onFile?: (file: string) => void): Promise<string[]> {
  const files: string[] = []
  for (const entry of entries) {
    const file = join(outDir, ...entry.path.split('/'))
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, entry.text)
    files.push(file)
    onFile?.(file)
  }
  return files
}

/**
 * Fixtures and/or JSON Schemas as one zip, laid out as the CLI writes them with its default
 * folders: `fixtures/<provider>/<event>.json` and `schemas/<provider>/<event>.schema.json`.
 */
export function platformFilesArchive(kind: PlatformFileKind, provider?: ProviderId): DownloadFile {
  const fixtures = kind === 'schemas' ? [] : fixtureFiles(provider).map((e) => ({ ...e, path: `fixtures/${e.path}` }))
  const schemas = kind === 'fixtures' ? [] : schemaFiles(provider).map((e) => ({ ...e, path: `schemas/${e.path}` }))
  const name = ['hookbench', kind === 'both' ? 'fixtures-and-schemas' : kind, provider].filter(Boolean).join('-')
  return { filename: `${name}.zip`, mimeType: 'application/zip', base64: Buffer.from(zipTexts([...fixtures, ...schemas])).toString('base64') }
}
