import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeCatalog } from '../../../src/main/platforms/catalog'
import { ROOT } from '../../support/paths'

/*
 * The README and the docs are what a newcomer has: they must hold on a fresh clone (no link out of
 * the repository, no missing file), agree with package.json on the Node version, and
 * docs/platforms.md must name what the platform modules really send.
 */

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')
const DOCS = ['README.md', 'BENCHMARKS.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]

/** Markdown link and image targets that are not web addresses or in-page anchors. */
function localTargets(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!)
  return targets.filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#')).map((t) => t.split('#')[0]!)
}

describe('the README and the docs on a fresh clone', () => {
  it.each(DOCS)('%s links only to files inside the repository that exist', (doc) => {
    for (const target of localTargets(read(doc))) {
      const path = resolve(dirname(join(ROOT, doc)), target)
      expect(relative(ROOT, path).startsWith('..'), `${doc} links outside the repository: ${target}`).toBe(false)
      expect(existsSync(path), `${doc} links to a missing file: ${target}`).toBe(true)
    }
  })

  it.each(DOCS)('%s names no file a clone does not have (the simulator spec, a shared folder)', (doc) => {
    expect(read(doc)).not.toMatch(/providers\.md|\.\.\/shared|\/work\//)
  })

  it('states the Node version package.json and .nvmrc ask for', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node
    expect(engines).toBe('^20.19.0 || >=22.12.0')
    expect(read('.nvmrc').trim()).toBe('22')
    const readme = read('README.md')
    expect(readme).toContain('Node.js 22.12 or later')
    expect(readme).toContain('Node 20.19')
    expect(readme).toContain('EBADENGINE')
  })

  it('links the platform page, and says how to get hookbench on the PATH', () => {
    const readme = read('README.md')
    expect(readme).toContain('(docs/platforms.md)')
    expect(readme).toContain('npm link')
    expect(readme).toContain('npx hookbench')
  })
})

describe('docs/platforms.md', () => {
  const page = read('docs/platforms.md')

  it.each(describeCatalog().map((entry) => [entry.id, entry] as const))('names every event, option and header of %s', (_id, entry) => {
    expect(page).toContain(`\`${entry.id}\``)
    for (const event of entry.events) expect(page, event.name).toContain(`\`${event.name}\``)
    for (const option of entry.options) expect(page, option.key).toContain(`\`${option.key}\``)
    for (const header of entry.headers) expect(page, header).toContain(header.split(':')[0]!)
  })

  it('gives each platform its default timeout and number of attempts', () => {
    const glance = page.slice(page.indexOf('## At a glance'), page.indexOf('## 0.'))
    for (const entry of describeCatalog()) {
      const row = glance.split('\n').find((line) => line.startsWith(`| \`${entry.id}\``))
      expect(row, entry.id).toBeDefined()
      expect(row).toContain(`${entry.timeoutMs / 1000} s`)
      const attempts = /^(\d+) attempts/.exec(entry.retryText)?.[1] ?? '1'
      expect(row).toMatch(new RegExp(`\\| ${attempts}\\b`))
    }
  })
})
