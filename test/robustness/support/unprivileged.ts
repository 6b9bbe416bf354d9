import type { ChildOptions } from './child'

/**
 * Root writes through any file mode, so a read-only file means nothing to it. When the tests run
 * as root, the app runs without that override (same user, so it still reads the repository and
 * its data directory); otherwise as the user running them.
 */
export function unprivileged(): ChildOptions {
  return process.getuid?.() === 0 ? { modesBind: true } : {}
}
