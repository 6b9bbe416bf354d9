import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../support/paths'

/*
 * The README's architecture names folders and files so a newcomer can find them: each must exist.
 * A `<placeholder>` segment (a platform's `<id>`, a store's `<domain>`) stands for any entry there.
 */

const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const ARCHITECTURE = README.slice(README.indexOf('## Architecture'), README.indexOf('## Electron security'))

/** Whether a relative path exists under `base`, a `<…>` segment matching any folder entry. */
function exists(base: string, path: string): boolean {
  const [head, ...rest] = path.split('/').filter(Boolean)
  if (head === undefined) return existsSync(base) && statSync(base).isDirectory()
  if (!/^<[\w-]+>$/.test(head)) return existsSync(join(base, head)) && (rest.length === 0 || exists(join(base, head), rest.join('/')))
  if (!existsSync(base)) return false
  return readdirSync(base).some((entry) => exists(join(base, entry), rest.join('/')))
}

/** Backquoted paths of the repository: `src/…`, `test/…`, `docs/…`, and its root's config files and docs. */
const quoted = [...README.matchAll(/`((?:src|test|docs|examples|bench|scripts)\/[\w./<>-]+|[\w.-]*config[\w.-]*\.(?:ts|cjs|mjs|json)|\.[\w-]+\.cjs|package\.json|[A-Z]+\.md)`/g)].map((m) => m[1]!)

/** In the diagrams, each `folder/` or `folder/file` drawn, resolved against the source roots. */
const ROOTS = ['src/main', 'src/shared', 'src/renderer/src', 'src/shared/platforms', '.']
const drawn = [...ARCHITECTURE.matchAll(/```\n([\s\S]*?)```/g)].flatMap(([, block]) =>
  [...block!.matchAll(/(?<![\w/:.<-])((?:[a-z][\w-]*|<[\w-]+>)\/(?:[\w.<>-]+\/?)*)/g)].map((m) => m[1]!),
)

describe('the paths the README names', () => {
  it('finds paths to check in the text and in the architecture diagrams', () => {
    expect(quoted.length).toBeGreaterThan(20)
    expect(drawn).toEqual(expect.arrayContaining(['api/contract.ts', 'delivery/', 'scenarios/clock/', 'platforms/<id>/']))
  })

  it.each([...new Set(quoted)])('`%s` exists', (path) => {
    expect(exists(ROOT, path)).toBe(true)
  })

  it.each([...new Set(drawn)])('the diagram\'s %s exists under a source root', (path) => {
    expect(ROOTS.some((root) => exists(join(ROOT, root), path)), `${path} is in none of ${ROOTS.join(', ')}`).toBe(true)
  })
})
