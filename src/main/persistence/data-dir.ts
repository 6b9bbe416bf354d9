import type { Dirent } from 'node:fs'
import { access, chmod, constants, mkdir, readdir, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { SetupError } from '../core/errors'
import { DIR_MODE, FILE_MODE } from './private-files'

/** `--data-dir`, else `HOOKBENCH_DATA_DIR`, else `~/.hookbench`. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const chosen = flag ?? env.HOOKBENCH_DATA_DIR
  return chosen ? resolve(cwd, chosen) : join(homedir(), '.hookbench')
}

/** What Hookbench keeps in a data directory (files, their copies set aside, and folders). */
const OWN_ENTRY = /^(hookbench\.(json|lock)|deliveries\.|captures\.|runs\.jsonl|capture-bodies$|scenarios$)/

/**
 * Creates the data directory readable by its owner only (it holds signing secrets and captured
 * requests). One left open to others by an older version is closed, with Hookbench's files in
 * it; `warn` says so. A directory holding other things too (a project folder given as
 * `--data-dir`) keeps its own permissions: Hookbench's files in it are tightened, and the
 * directory is warned about. One that cannot be used at all is a `SetupError` saying why.
 */
export async function ensureDataDir(dir: string, warn: (message: string) => void = () => {}): Promise<string> {
  try {
    await mkdir(dir, { recursive: true, mode: DIR_MODE })
    await access(dir, constants.W_OK)
  } catch (error) {
    throw new SetupError(`cannot use ${dir} as the data directory: ${dataDirProblem(error)}`, { cause: error })
  }
  const mode = (await stat(dir)).mode & 0o777
  if ((mode & 0o077) === 0) return dir
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    const own = entries.filter((entry) => OWN_ENTRY.test(entry.name) && isPlain(entry))
    for (const entry of own) await tighten(join(dir, entry.name), entry.isDirectory())
    if (own.length < entries.length) {
      warn(`the data directory ${dir} is readable by other users (mode ${octal(mode)}) and holds other files, so it was left as it is; Hookbench's files in it are readable by you only`)
      return dir
    }
    await chmod(dir, DIR_MODE)
    warn(`the data directory ${dir} was readable by other users (mode ${octal(mode)}); it and its files are now readable by you only (${octal(DIR_MODE)})`)
  } catch (error) {
    warn(`the data directory ${dir} is readable by other users (mode ${octal(mode)}) and could not be changed (${(error as NodeJS.ErrnoException).code ?? String(error)}); it holds signing secrets`)
  }
  return dir
}

const octal = (mode: number) => `0${mode.toString(8)}`

/** Takes group and other permissions off a file, or a folder and everything in it. */
async function tighten(path: string, isDirectory: boolean): Promise<void> {
  if (!isDirectory) return chmod(path, FILE_MODE)
  await chmod(path, DIR_MODE)
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (isPlain(entry)) await tighten(join(path, entry.name), entry.isDirectory())
  }
}

/** Links are left alone: changing one would change what it points to, maybe outside the directory. */
const isPlain = (entry: Dirent) => entry.isFile() || entry.isDirectory()

function dataDirProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EEXIST') return 'it is a file, not a directory'
  if (code === 'ENOTDIR') return 'part of the path is a file, not a directory'
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`
  if (code === 'EROFS') return 'the file system is read-only (EROFS)'
  return error instanceof Error ? error.message : String(error)
}
