import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const STYLES = new URL('../../../src/renderer/src/styles/', import.meta.url)
/** Every stylesheet under styles/, as a path from there (index.css, components/forms.css, views/fire.css…). */
const FILES = readdirSync(STYLES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.css')).map((f) => f.replaceAll('\\', '/'))
const read = (file: string) => readFileSync(new URL(file, STYLES), 'utf8')

describe('the stylesheets', () => {
  it('are all imported by styles/index.css, once each, in the order it gives (a file left out is silently missing)', () => {
    const imported = [...read('index.css').matchAll(/@import '\.\/([^']+)';/g)].map((m) => m[1])
    expect([...imported].sort()).toEqual(FILES.filter((f) => f !== 'index.css').sort())
  })

  /** The build does not reject an unclosed rule: it silently swallows every rule after it. */
  it.each(FILES)('%s closes every rule it opens, nesting only inside @media', (file) => {
    const css = read(file).replace(/\/\*[\s\S]*?\*\//g, '')
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

/** WCAG contrast of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** `share` of `a` over `b`, as `color-mix(in srgb, a share%, b)` paints it. */
const mix = (a: string, b: string, share: number) =>
  `#${[1, 3, 5].map((i) => Math.round(parseInt(a.slice(i, i + 2), 16) * share + parseInt(b.slice(i, i + 2), 16) * (1 - share)).toString(16).padStart(2, '0')).join('')}`

describe('badge colours', () => {
  const css = read('base.css')
  const themeVars = (selector: string) => {
    const block = css.slice(css.indexOf(`${selector} {`))
    const body = block.slice(0, block.indexOf('}'))
    return Object.fromEntries([...body.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})/g)].map((m) => [m[1]!, m[2]!]))
  }
  it.each([
    ['light', ':root'],
    ['dark', ":root[data-theme='dark']"],
  ])('read at 4.5:1 or more in %s, on a panel, a hovered row and the open row', (_theme, selector) => {
    const v = themeVars(selector)
    const backgrounds = [v.panel!, v['panel-2']!, mix(v.accent!, v.panel!, 0.2)]
    for (const tone of ['ok', 'warn', 'bad', 'muted']) for (const background of backgrounds) expect(contrast(v[tone]!, background), `--${tone} on ${background}`).toBeGreaterThanOrEqual(4.5)
  })
})
