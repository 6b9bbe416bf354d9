import { type FileHandle, open } from 'node:fs/promises'

/**
 * A file kept open for appending: a burst of small group commits costs one write each, not an
 * open, a write and a close. `reopen` after the file was replaced (a compaction's rename).
 */
export function createAppender(path: string) {
  let handle: Promise<FileHandle> | undefined
  const current = () => (handle ??= open(path, 'a'))
  return {
    async append(text: string) {
      await (await current()).appendFile(text)
    },
    async close() {
      const open = handle
      handle = undefined
      if (open) await (await open).close().catch(() => {})
    },
  }
}
export type Appender = ReturnType<typeof createAppender>
