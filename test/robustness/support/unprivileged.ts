import { chownSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ChildOptions } from './child'

const NOBODY = 65534

/**
 * Root writes through any file mode, so a read-only file means nothing to it. When the tests run
 * as root, the app runs as `nobody` and owns its data directory; otherwise as the user running them.
 */
export function unprivileged(dataDir: string): ChildOptions {
  if (process.getuid?.() !== 0) return {}
  chownTree(dataDir)
  return { uid: NOBODY, gid: NOBODY }
}

function chownTree(path: string) {
  chownSync(path, NOBODY, NOBODY)
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry))
}
