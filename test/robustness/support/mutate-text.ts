import type { SeededRandom } from '../../../src/shared/core/seeded-random'
import { deepArray } from './hostile-json'

/** Text that YAML and JSON readers find hard: NUL, tabs, anchors, tags, merge keys, odd quotes. */
const SPLICES = [
  '\u0000', '\t', '\r', ': ', '- ', '{', '}', '[', ']', '"', "'", '#', '&a ', '*a', '*undefined_alias', '<<: *a',
  '!!binary AAAA', '!!js/function "function(){}"', '!!python/object:os.system', '!custom', '%YAML 1.1\n---\n', '---\n', '...\n',
  '? ', '|\n  ', '>-\n  ', '${', '${receiver', '${nope}', '__proto__: {polluted: true}\n', 'constructor: {prototype: {polluted: true}}\n',
  '\ud800', '\uFEFF', '9'.repeat(400), '1e999', '-.inf', '.nan', '0x7fffffffffffffff', '~', 'null', '!!int "x"',
]

/** A billion-laughs document: each level aliases the one before ten times. */
export function aliasBomb(levels = 9): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`)
  return `${lines.join('\n')}\nname: *a${levels - 1}\n`
}

/** One seeded edit of a scenario file's text: splice, delete, duplicate, swap or truncate a stretch. */
export function mutateText(text: string, random: SeededRandom): { label: string; text: string } {
  const at = random.int(0, text.length)
  const span = random.int(1, Math.max(1, Math.min(200, text.length - at)))
  switch (random.int(0, 6)) {
    case 0: {
      const splice = random.pick(SPLICES)
      return { label: `insert ${JSON.stringify(splice.slice(0, 30))} at ${at}`, text: text.slice(0, at) + splice + text.slice(at) }
    }
    case 1:
      return { label: `delete ${span} chars at ${at}`, text: text.slice(0, at) + text.slice(at + span) }
    case 2:
      return { label: `repeat ${span} chars at ${at} ×${50}`, text: text.slice(0, at) + text.slice(at, at + span).repeat(50) + text.slice(at + span) }
    case 3:
      return { label: `truncate at ${at}`, text: text.slice(0, at) }
    case 4: {
      const other = random.int(0, text.length)
      return { label: `swap lines around ${at} and ${other}`, text: swapLines(text, at, other) }
    }
    case 5: {
      const code = random.int(0, 0xffff)
      return { label: `replace a char at ${at} with U+${code.toString(16)}`, text: text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1) }
    }
    default:
      return { label: `indent a line at ${at} by ${span}`, text: text.slice(0, at) + ' '.repeat(span) + text.slice(at) }
  }
}

function swapLines(text: string, a: number, b: number): string {
  const lines = text.split('\n')
  const i = text.slice(0, a).split('\n').length - 1
  const j = text.slice(0, b).split('\n').length - 1
  ;[lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? '']
  return lines.join('\n')
}

/** Whole documents no scenario should be, whatever the format. */
export function hostileDocuments(): Array<{ label: string; text: string; fileName: string }> {
  return [
    { label: 'empty', text: '', fileName: 's.yaml' },
    { label: 'only a BOM', text: '\uFEFF', fileName: 's.yaml' },
    { label: 'NUL bytes', text: '\u0000\u0000\u0000', fileName: 's.yaml' },
    { label: 'billion laughs', text: aliasBomb(), fileName: 's.yaml' },
    { label: '10k-deep flow sequence', text: `name: ${deepArray(10_000)}\n`, fileName: 's.yaml' },
    { label: '10k-deep block mapping', text: Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), fileName: 's.yaml' },
    { label: '10k-deep JSON', text: `{"name":${deepArray(10_000)}}`, fileName: 's.json' },
    { label: 'JSON __proto__', text: '{"__proto__":{"polluted":true},"name":"x"}', fileName: 's.json' },
    { label: 'YAML __proto__', text: '__proto__:\n  polluted: true\nname: x\n', fileName: 's.yaml' },
    { label: 'a scalar', text: '42', fileName: 's.yaml' },
    { label: 'a list', text: '- 1\n- 2\n', fileName: 's.yaml' },
    { label: 'two documents', text: 'name: a\n---\nname: b\n', fileName: 's.yaml' },
    { label: 'unknown tags', text: '!!js/function "x"\n', fileName: 's.yaml' },
    { label: '1 MB of one line', text: `name: ${'x'.repeat(999_000)}\n`, fileName: 's.yaml' },
    { label: '20,000 steps', text: `name: x\nsteps:\n${'  - fire: release\n'.repeat(20_000)}`, fileName: 's.yaml' },
    { label: 'JSON with trailing garbage', text: '{"name":"x"} trailing', fileName: 's.json' },
    { label: 'YAML given a .json name', text: 'name: x\n', fileName: 's.json' },
  ]
}
