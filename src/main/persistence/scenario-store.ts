import { readFile, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { makePrivateDir, replaceFile } from './private-files'
import { type StorageHealth, createStorageHealth } from './storage-health'

/** A scenario file the user saved: its text is kept as written, comments and all. */
export interface SavedScenario {
  id: string
  fileName: string
  source: string
  updatedAt: string
}

const EXTENSIONS = /\.(ya?ml|json)$/i

/** `Checkout Rollout.yaml` → `checkout-rollout`. */
export const scenarioIdOf = (fileName: string) =>
  fileName
    .replace(EXTENSIONS, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'scenario'

/**
 * Saved scenarios: one file each in `dir` (the data directory's `scenarios/`), written to a
 * temporary file and renamed so a crash never leaves half a scenario. No `dir` keeps them in memory.
 * A write that fails (a full disk) is a `StorageFailure` naming the cause and the file, as every
 * other write, leaves no temporary file, and the file saved before stays as it was.
 */
export function createScenarioStore(dir: string | undefined, health: StorageHealth = createStorageHealth()) {
  const memory = new Map<string, SavedScenario>()

  async function list(): Promise<SavedScenario[]> {
    if (!dir) return [...memory.values()]
    const names = await readdir(dir).catch(() => [] as string[])
    const files = names.filter((name) => EXTENSIONS.test(name) && !name.startsWith('.'))
    return Promise.all(files.map((name) => read(dir, name)))
  }

  async function get(id: string): Promise<SavedScenario | undefined> {
    return (await list()).find((scenario) => scenario.id === id)
  }

  async function save(input: { id?: string; fileName: string; source: string }): Promise<SavedScenario> {
    const id = input.id ?? scenarioIdOf(input.fileName)
    const extension = /\.json$/i.test(input.fileName) ? '.json' : '.yaml'
    const fileName = `${id}${extension}`
    const saved = { id, fileName, source: input.source, updatedAt: new Date().toISOString() }
    if (!dir) {
      memory.set(id, saved)
      return saved
    }
    const file = join(dir, fileName)
    await health.write(file, async () => {
      await makePrivateDir(dir)
      await replaceFile(file, input.source)
      await removeOthers(dir, id, fileName)
    })
    return saved
  }

  async function remove(id: string): Promise<boolean> {
    if (!dir) return memory.delete(id)
    const found = await get(id)
    if (found) await health.write(join(dir, found.fileName), () => rm(join(dir, found.fileName), { force: true }))
    return found !== undefined
  }

  return { list, get, save, remove }
}
export type ScenarioStore = ReturnType<typeof createScenarioStore>

async function read(dir: string, name: string): Promise<SavedScenario> {
  const file = join(dir, name)
  const [source, info] = await Promise.all([readFile(file, 'utf8'), stat(file)])
  return { id: scenarioIdOf(name), fileName: name, source, updatedAt: info.mtime.toISOString() }
}

/** Saving `x.json` over `x.yaml` (or back) keeps one file per id. */
async function removeOthers(dir: string, id: string, keep: string) {
  for (const extension of ['.yaml', '.yml', '.json']) {
    const name = `${id}${extension}`
    if (name !== keep) await rm(join(dir, name), { force: true })
  }
}
