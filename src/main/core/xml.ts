/** Small XML writing helpers: the JUnit reports of runs and checks. */

export const seconds = (ms: number) => (ms / 1000).toFixed(3)

export const indent = (line: string) => `  ${line}`

export function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('')
}

/** XML 1.0 `Char`: tab, newline, carriage return, and everything from space up but surrogates, U+FFFE and U+FFFF. */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    codePoint >= 0x10000
  )
}

/** Drops what XML 1.0 cannot carry at all, even escaped (NUL, most C0 controls, lone surrogates). */
function stripInvalidXml(text: string): string {
  let out = ''
  for (const char of text) if (isXmlChar(char.codePointAt(0) ?? 0)) out += char
  return out
}

export function escapeText(text: string): string {
  return stripInvalidXml(text).replace(/[&<>\r]/g, (char) => TEXT_ENTITIES[char] ?? char)
}

/** Tabs and line breaks become references too, or attribute-value normalization turns them into spaces. */
function escapeAttribute(text: string): string {
  return stripInvalidXml(text).replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ENTITIES[char] ?? char)
}

const TEXT_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' }

const ATTRIBUTE_ENTITIES: Readonly<Record<string, string>> = {
  ...TEXT_ENTITIES,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
}
