import { mkdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** `--data-dir`, else `HOOKBENCH_DATA_DIR`, else `~/.hookbench`. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const chosen = flag ?? env.HOOKBENCH_DATA_DIR
  return chosen ? resolve(cwd, chosen) : join(homedir(), '.hookbench')
}

export async function ensureDataDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  return dir
}
