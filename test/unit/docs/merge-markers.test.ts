import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../support/paths'

/** Text the project keeps: code, docs, configs, scenarios. */
const TEXT = /\.(ts|tsx|mjs|cjs|js|json|md|css|html|ya?ml)$/
/** A line git writes around a conflict it could not merge. */
const MARKER = /^(<{7}|>{7}) |^={7}$/m

describe('the tracked files', () => {
  it('hold no merge-conflict markers (a conflict staged by mistake)', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((file) => TEXT.test(file))
    expect(files.length).toBeGreaterThan(100)
    expect(files.filter((file) => MARKER.test(readFileSync(join(ROOT, file), 'utf8')))).toEqual([])
  })
})
