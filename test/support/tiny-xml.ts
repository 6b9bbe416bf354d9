/** An element read back by `parseXml`: attributes and text with every reference resolved. */
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

const NAME = '[A-Za-z_][\\w.:-]*'
const ATTRIBUTE = new RegExp(`\\s+(${NAME})="([^"<]*)"`, 'y')
const OPEN = new RegExp(`<(${NAME})`, 'y')
const CLOSE = new RegExp(`</(${NAME})>`, 'y')
const TEXT = /[^<]+/y
const DECLARATION = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
// XML 1.0 Char, less what a well-formed document must escape in text.
const INVALID_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

/**
 * A strict reader for the subset of XML the JUnit report writes (declaration, elements, double-quoted
 * attributes, text, predefined and numeric references). Throws on anything not well-formed.
 */
export function parseXml(xml: string): XmlElement {
  const declaration = DECLARATION.exec(xml)
  if (!declaration) throw new Error('missing XML declaration')
  if (INVALID_CHAR.test(xml)) throw new Error(`character not allowed in XML 1.0 at ${xml.search(INVALID_CHAR)}`)
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' }
  const stack = [root]
  let at = declaration[0].length
  const match = (pattern: RegExp) => {
    pattern.lastIndex = at
    const found = pattern.exec(xml)
    if (found) at = pattern.lastIndex
    return found
  }
  while (at < xml.length) {
    const top = stack.at(-1)!
    const close = match(CLOSE)
    if (close) {
      if (close[1] !== top.name) throw new Error(`</${close[1]}> closes <${top.name}> at ${at}`)
      stack.pop()
      continue
    }
    const open = match(OPEN)
    if (open) {
      const element: XmlElement = { name: open[1]!, attributes: {}, children: [], text: '' }
      // Literal tabs and line breaks in a value read as spaces (attribute-value normalization).
      for (let attribute = match(ATTRIBUTE); attribute; attribute = match(ATTRIBUTE)) {
        if (attribute[1]! in element.attributes) throw new Error(`duplicate attribute ${attribute[1]}`)
        element.attributes[attribute[1]!] = resolveReferences(attribute[2]!.replace(/[\t\n\r]/g, ' '))
      }
      top.children.push(element)
      if (match(/\/>/y)) continue
      if (!match(/>/y)) throw new Error(`malformed tag <${element.name} at ${at}`)
      stack.push(element)
      continue
    }
    const text = match(TEXT)
    if (!text) throw new Error(`unexpected markup at ${at}: ${xml.slice(at, at + 20)}`)
    top.text += resolveReferences(text[0])
  }
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.name}> is not closed`)
  if (root.children.length !== 1 || root.text.trim()) throw new Error('a document has exactly one root element')
  return root.children[0]!
}

function resolveReferences(raw: string): string {
  if (raw.includes('>') && raw.includes(']]>')) throw new Error('"]]>" in text')
  return raw.replace(/&([^;]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Error(`unterminated reference ${whole}`)
    const numeric = /^#(\d+)$/.exec(name)
    if (numeric) return String.fromCodePoint(Number(numeric[1]))
    const entity = ENTITIES[name]
    if (entity === undefined) throw new Error(`unknown entity &${name};`)
    return entity
  })
}

/** Every element named `name` under `element`, depth first. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...findAll(child, name)])
}
