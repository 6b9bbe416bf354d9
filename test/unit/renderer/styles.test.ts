import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/** The build does not reject an unclosed rule: it silently swallows every rule after it. */
describe('the stylesheet', () => {
  it('closes every rule it opens, nesting only inside @media', () => {
    const css = readFileSync(new URL('../../../src/renderer/src/styles.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
    const open: string[] = []
    let selector = ''
    for (const char of css) {
      if (char === '{') {
        const name = selector.trim()
        expect(open.every((outer) => outer.startsWith('@')), `"${name}" opened inside "${open.at(-1)}"`).toBe(true)
        open.push(name)
        selector = ''
      } else if (char === '}') {
        expect(open.pop(), 'a "}" closes nothing').toBeDefined()
        selector = ''
      } else if (char === ';') selector = ''
      else selector += char
    }
    expect(open).toEqual([])
  })
})
