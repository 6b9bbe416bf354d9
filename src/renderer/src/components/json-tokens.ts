/** What a piece of pretty-printed JSON is, for its colour. */
export type JsonTokenKind = 'key' | 'string' | 'number' | 'literal' | 'punctuation' | 'space'

export interface JsonToken {
  kind: JsonTokenKind
  text: string
}

// One alternative per token; a string followed by optional spaces and `:` is a key.
const TOKEN = /("(?:[^"\\\n]|\\.)*")(?=\s*:)|("(?:[^"\\\n]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\],:])|(\s+)|(.)/gy

/**
 * Splits JSON text (as `JSON.stringify(value, null, 2)` writes it) into coloured pieces. Joined
 * back, the tokens are the text itself, character for character: nothing is dropped or added.
 */
export function tokenizeJson(text: string): JsonToken[] {
  const tokens: JsonToken[] = []
  TOKEN.lastIndex = 0
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const [whole, key, string, number, literal, punctuation, space] = match
    const kind: JsonTokenKind =
      key !== undefined ? 'key' : string !== undefined ? 'string' : number !== undefined ? 'number' : literal !== undefined ? 'literal' : punctuation !== undefined ? 'punctuation' : space !== undefined ? 'space' : 'punctuation'
    const last = tokens.at(-1)
    // Runs of the same kind become one token: fewer elements to draw.
    if (last && last.kind === kind && (kind === 'punctuation' || kind === 'space')) last.text += whole
    else tokens.push({ kind, text: whole })
  }
  return tokens
}
