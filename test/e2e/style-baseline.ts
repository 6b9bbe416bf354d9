import type { Page } from '@playwright/test'
import { PNG } from 'pngjs'

/*
 * How a screen differs when another stylesheet takes the place of the app's own (the screens test
 * with HOOKBENCH_STYLE_BASELINE, for a change that must not change the look: moving rules between
 * files, say). Both are applied to the same page with the same data, so only the styles differ:
 * the pixels of a screenshot and the computed style of every element and its ::before/::after.
 */

/** What differs on one screen. `unsettled`: the page kept changing by itself, so no comparison was made. */
export interface StyleDifference {
  screen: string
  pixels: number
  styles: number
  examples: string[]
  unsettled?: boolean
}

type StyleWindow = { __styleSnapshot?: () => string[]; __styles?: Record<string, string[]> }

/** Puts `css` in place of the app's stylesheets, or gives them back (`undefined`), then waits for two frames. */
async function useStylesheet(page: Page, css: string | undefined) {
  await page.evaluate((css) => {
    document.getElementById('style-baseline')?.remove()
    const links = [...document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]')]
    for (const link of links) link.disabled = css !== null
    if (css === null) return
    const style = document.createElement('style')
    style.id = 'style-baseline'
    style.textContent = css
    // Where the app's stylesheet was, so the styles CodeMirror adds after it keep their order.
    links.at(-1)!.after(style)
  }, css ?? null)
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
}

/** Defines, in the page, the snapshot of every element's computed style (and of its ::before and ::after). */
async function installSnapshot(page: Page) {
  await page.evaluate(() => {
    ;(window as unknown as StyleWindow).__styleSnapshot = () => {
      const elements = [document.documentElement, document.body, ...document.body.querySelectorAll('*')]
      const describe = (element: Element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${[...element.classList].map((c) => `.${c}`).join('')}`
      return elements.flatMap((element) =>
        [null, '::before', '::after'].map((pseudo) => {
          const style = getComputedStyle(element, pseudo)
          const values: string[] = []
          for (let i = 0; i < style.length; i++) values.push(`${style[i]}: ${style.getPropertyValue(style[i]!)}`)
          return `${describe(element)}${pseudo ?? ''}\n${values.join('\n')}`
        }),
      )
    }
  })
}

/** Keeps, in the page, every element's computed style under `name`. */
async function keepStyles(page: Page, name: string) {
  await page.evaluate((name) => {
    const w = window as unknown as StyleWindow
    w.__styles = { ...w.__styles, [name]: w.__styleSnapshot!() }
  }, name)
}

/** How many computed style values differ between two kept snapshots, and the first few. */
function differingStyles(page: Page, a: string, b: string): Promise<{ count: number; examples: string[] }> {
  return page.evaluate(
    ({ a, b }) => {
      const w = window as unknown as StyleWindow
      const [before, after] = [w.__styles![a]!, w.__styles![b]!]
      if (before.length !== after.length) return { count: Math.abs(before.length - after.length), examples: [`${before.length} element styles in ${a}, ${after.length} in ${b}`] }
      const examples: string[] = []
      let count = 0
      for (let i = 0; i < before.length; i++) {
        if (before[i] === after[i]) continue
        const [name, ...was] = before[i]!.split('\n')
        const now = after[i]!.split('\n').slice(1)
        const changed = now.filter((line, j) => line !== was[j])
        count += changed.length
        if (examples.length < 10) examples.push(`${name}: ${changed.slice(0, 3).join('; ')} (was ${was.filter((line, j) => line !== now[j]).slice(0, 3).join('; ')})`)
      }
      return { count, examples }
    },
    { a, b },
  )
}

/** Differing pixels of two PNG screenshots of one size (every pixel when the sizes differ). */
export function differingPixels(a: Buffer, b: Buffer): number {
  const [x, y] = [PNG.sync.read(a), PNG.sync.read(b)]
  if (x.width !== y.width || x.height !== y.height) return Math.max(x.width * x.height, y.width * y.height)
  let count = 0
  for (let i = 0; i < x.data.length; i += 4) {
    if (x.data[i] !== y.data[i] || x.data[i + 1] !== y.data[i + 1] || x.data[i + 2] !== y.data[i + 2] || x.data[i + 3] !== y.data[i + 3]) count++
  }
  return count
}

/**
 * The screen as it is, with `baselineCss` instead, and as it is again: when the first and the last
 * agree in pixels and computed styles (nothing changed on its own; else it tries again, three times
 * at most), what differs with the baseline. `saveBaselineShot` keeps its picture. Chromium must run
 * with --disable-partial-raster:
 * otherwise a repaint after a stylesheet change can blend a <select>'s antialiased corners over the
 * old pixels, and a few of them differ even when the very same stylesheet is put back.
 */
export async function compareWithBaseline(page: Page, screen: string, baselineCss: string, saveBaselineShot: (png: Buffer) => void): Promise<StyleDifference> {
  await installSnapshot(page)
  // The app's own stylesheet goes back in the way the baseline goes in, as a <style> of its text.
  const ownCss = await page.evaluate(async () => (await Promise.all([...document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]')].map(async (link) => (await fetch(link.href)).text()))).join('\n'))
  const shot = () => page.screenshot({ animations: 'disabled' })
  for (let attempt = 0; attempt < 3; attempt++) {
    await useStylesheet(page, ownCss)
    const own = await shot()
    await keepStyles(page, 'own')
    await useStylesheet(page, baselineCss)
    const baseline = await shot()
    await keepStyles(page, 'baseline')
    await useStylesheet(page, ownCss)
    const again = await shot()
    await keepStyles(page, 'again')
    await useStylesheet(page, undefined)
    if (differingPixels(own, again) > 0 || (await differingStyles(page, 'own', 'again')).count > 0) continue
    const styles = await differingStyles(page, 'own', 'baseline')
    saveBaselineShot(baseline)
    return { screen, pixels: differingPixels(own, baseline), styles: styles.count, examples: styles.examples }
  }
  return { screen, pixels: -1, styles: -1, examples: [], unsettled: true }
}
