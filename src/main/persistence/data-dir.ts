import { access, constants, mkdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { SetupError } from '../core/errors'

/** `--data-dir`, else `HOOKBENCH_DATA_DIR`, else `~/.hookbench`. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const chosen = flag ?? env.HOOKBENCH_DATA_DIR
  return chosen ? resolve(cwd, chosen) : join(homedir(), '.hookbench')
}

/** Creates the data directory when missing; one that cannot be used is a `SetupError` saying why. */
export async function ensureDataDir(dir: string): Promise<string> {
  try {
    await mkdir(dir, { recursive: true })
    await access(dir, constants.W_OK)
  } catch (error) {
    throw new SetupError(`cannot use ${dir} as the data directory: ${dataDirProblem(error)}`, { cause: error })
  }
  return dir
}

function dataDirProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EEXIST') return 'it is a file, not a directory'
  if (code === 'ENOTDIR') return 'part of the path is a file, not a directory'
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`
  if (code === 'EROFS') return 'the file system is read-only (EROFS)'
  return error instanceof Error ? error.message : String(error)
}
