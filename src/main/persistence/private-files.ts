import { mkdir, open, rename, rm } from 'node:fs/promises'

/** Data files hold secrets (signing keys, captured requests): readable by their owner only. */
export const FILE_MODE = 0o600
export const DIR_MODE = 0o700

export const makePrivateDir = (dir: string) => mkdir(dir, { recursive: true, mode: DIR_MODE })

/**
 * Replaces `file` with `text` all at once (a temporary file renamed over it), so a crash or a
 * failed write leaves the previous version whole, never half a file.
 */
export async function replaceFile(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp`
  try {
    const handle = await open(temporary, 'w', FILE_MODE)
    try {
      await handle.writeFile(text)
      await handle.chmod(FILE_MODE)
    } finally {
      await handle.close()
    }
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {})
    throw error
  }
}
