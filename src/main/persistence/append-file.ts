import { type FileHandle, open } from 'node:fs/promises'
import { FILE_MODE } from './private-files'

/**
 * A file kept open for appending: a burst of small group commits costs one write each, not an
 * open, a write and a close. `reopen` after the file was replaced (a compaction's rename).
 *
 * An append that fails part way (a full disk) may leave part of its text behind: the next
 * append first cuts the file back to its last whole write, so a retried batch lands at the
 * offsets it was given and no torn line sits between two good ones.
 */
export function createAppender(path: string) {
  let handle: Promise<{ file: FileHandle; size: number }> | undefined
  let torn = false
  const openFile = async () => {
    try {
      const file = await open(path, 'a', FILE_MODE)
      return { file, size: (await file.stat()).size }
    } catch (error) {
      // Not kept: the next append tries to open it again (the disk may be writable by then).
      handle = undefined
      throw error
    }
  }
  const current = () => (handle ??= openFile())
  return {
    async append(text: string) {
      const opened = await current()
      if (torn) {
        await opened.file.truncate(opened.size)
        torn = false
      }
      try {
        await opened.file.appendFile(text)
      } catch (error) {
        torn = true
        throw error
      }
      opened.size += Buffer.byteLength(text)
    },
    async close() {
      const open = handle
      handle = undefined
      if (open) await (await open).file.close().catch(() => {})
    },
  }
}
export type Appender = ReturnType<typeof createAppender>
