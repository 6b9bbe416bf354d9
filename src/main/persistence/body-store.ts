import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FILE_MODE, makePrivateDir } from './private-files'

/** Bodies above this size are stored as files, so history stays small in memory and on disk. */
export const LARGE_BODY_BYTES = 256 * 1024

/** Large captured bodies, one file each (`capture-bodies/<id>.bin`). */
export function createBodyStore(dir: string | undefined) {
  const fileOf = (id: string) => join(dir!, `${id}.bin`)
  return {
    /** Saves the body; returns the file name to record, or undefined when kept inline (no directory). */
    async save(id: string, body: Buffer): Promise<string | undefined> {
      if (!dir) return undefined
      await makePrivateDir(dir)
      await writeFile(fileOf(id), body, { mode: FILE_MODE })
      return `${id}.bin`
    },
    async read(file: string): Promise<Buffer> {
      return readFile(join(dir!, file))
    },
    remove(file: string) {
      if (dir) void rm(join(dir, file), { force: true })
    },
  }
}
export type BodyStore = ReturnType<typeof createBodyStore>
