/*
 * The yaml package re-renders a whole document: a folded description is refolded, a long line may
 * be wrapped. To leave what the user did not touch exactly as it was, a form edit renders the
 * document twice (before and after the edit) and keeps the original text wherever the two
 * renderings agree: a three-way merge by lines, the original file being the other side.
 */

/** For each line of `a`, the index of the line of `b` it is matched to (longest common subsequence), or -1. */
export function matchLines(a: readonly string[], b: readonly string[]): Int32Array {
  const match = new Int32Array(a.length).fill(-1)
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) match[start] = start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) match[--endA] = --endB
  const rows = endA - start
  const cols = endB - start
  // lengths[i][j]: the longest common subsequence of a[start+i..endA) and b[start+j..endB).
  const lengths = new Uint32Array((rows + 1) * (cols + 1))
  const at = (i: number, j: number) => i * (cols + 1) + j
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = cols - 1; j >= 0; j--) {
      lengths[at(i, j)] = a[start + i] === b[start + j] ? lengths[at(i + 1, j + 1)]! + 1 : Math.max(lengths[at(i + 1, j)]!, lengths[at(i, j + 1)]!)
    }
  }
  for (let i = 0, j = 0; i < rows && j < cols; ) {
    if (a[start + i] === b[start + j]) {
      match[start + i] = start + j
      i++
      j++
    } else if (lengths[at(i + 1, j)]! >= lengths[at(i, j + 1)]!) i++
    else j++
  }
  return match
}

/**
 * The edited file: `original` where `before` and `after` (two renderings of the document, without
 * and with the edit) agree, `after` where they differ. Lines the three share anchor the merge;
 * between two anchors the original's lines stay unless the edit changed that stretch.
 */
export function mergeEdit(original: string, before: string, after: string): string {
  const o = original.split('\n')
  const b = before.split('\n')
  const a = after.split('\n')
  const toOriginal = matchLines(b, o)
  const toAfter = matchLines(b, a)
  const out: string[] = []
  let lastB = -1
  let lastO = -1
  let lastA = -1
  const flush = (nextB: number, nextO: number, nextA: number) => {
    const beforePart = b.slice(lastB + 1, nextB)
    const afterPart = a.slice(lastA + 1, nextA)
    const untouched = beforePart.length === afterPart.length && beforePart.every((line, i) => line === afterPart[i])
    out.push(...(untouched ? o.slice(lastO + 1, nextO) : afterPart))
  }
  for (let i = 0; i < b.length; i++) {
    const oi = toOriginal[i]!
    const ai = toAfter[i]!
    // An anchor must lie after the previous one in all three texts.
    if (oi <= lastO || ai <= lastA) continue
    flush(i, oi, ai)
    out.push(o[oi]!)
    lastB = i
    lastO = oi
    lastA = ai
  }
  flush(b.length, o.length, a.length)
  return out.join('\n')
}
