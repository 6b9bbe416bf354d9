import { mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { UsageError } from './command'

/*
 * Where `--out` and `--report` write. A path that cannot be written (a file where a directory is
 * wanted, a directory where a file is, a missing parent) is the user's to fix: a usage error naming
 * the flag, checked before any work is done so a long run does not end on it.
 */

/** `--out DIR`: created when missing. */
export async function prepareOutputDir(flag: string, dir: string): Promise<string> {
  try {
    await mkdir(dir, { recursive: true })
  } catch (error) {
    throw new UsageError(`${flag} ${dir} ${pathProblem(error, 'directory')}`)
  }
  return dir
}

/** `--out FILE`, `--report FILE`: not a directory; its folder is made when missing (`--report reports/junit.xml`). */
export async function checkOutputFile(flag: string, file: string): Promise<void> {
  if ((await stat(file).catch(() => undefined))?.isDirectory()) throw new UsageError(`${flag} ${file} is a directory; give a file name`)
  const parent = await stat(dirname(file)).catch(() => undefined)
  if (parent && !parent.isDirectory()) throw new UsageError(`${flag} ${file}: ${dirname(file)} is a file, not a directory`)
  if (!parent) {
    try {
      await mkdir(dirname(file), { recursive: true })
    } catch (error) {
      throw new UsageError(`${flag} ${file}: its folder ${dirname(file)} ${pathProblem(error, 'directory')}`)
    }
  }
}

/** Writes an output file; what the file system refuses becomes a usage error naming the flag. */
export async function writeOutputFile(flag: string, file: string, text: string, options: { overwrite?: boolean } = {}): Promise<void> {
  try {
    await writeFile(file, text, { flag: options.overwrite === false ? 'wx' : 'w' })
  } catch (error) {
    throw new UsageError(`${flag} ${file} ${pathProblem(error, 'file')}`)
  }
}

/** What is wrong with the path, said of it: `--out X <this>`. */
function pathProblem(error: unknown, wanted: 'file' | 'directory'): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EEXIST') return wanted === 'directory' ? 'is a file; give a directory (it is created when missing)' : 'exists; replace it with --force'
  if (code === 'EISDIR') return 'is a directory; give a file name'
  if (code === 'ENOTDIR') return 'is below a file, not a directory'
  if (code === 'ENOENT') return 'is in a directory that does not exist'
  if (code === 'EACCES' || code === 'EPERM') return `cannot be written: permission denied (${code})`
  if (code === 'EROFS') return 'cannot be written: the file system is read-only (EROFS)'
  return `cannot be written: ${error instanceof Error ? error.message : String(error)}`
}
