import { type Plugin, parseAst } from 'vite'

/** A top-level `const X = …` whose value is a schema expression: a call chain from `z`, a schema (PascalCase) or patchOf. */
const SCHEMA_ROOT = /^(z|patchOf|[A-Z]\w*)$/

type Node = { type: string; start: number; end: number; [key: string]: unknown }

/** The identifier a call chain starts from: `z` of `z.object({…}).strict()`, `Endpoint` of `Endpoint.omit(…)`. */
function chainRoot(node: Node | undefined): string | undefined {
  let at = node
  while (at) {
    if (at.type === 'Identifier') return at.name as string
    if (at.type === 'CallExpression') at = at.callee as Node
    else if (at.type === 'MemberExpression' || at.type === 'StaticMemberExpression') at = at.object as Node
    else return undefined
  }
  return undefined
}

/**
 * Marks each top-level schema declaration of the modules under `dir` as free of side effects, so a
 * bundle that never uses one leaves it out instead of building it at every start: the API's
 * patch, capture, heartbeat and delivery schemas that the scenario modules import beside the ones
 * they use. The value becomes `/* @__PURE__ *\/ (() => value)()`, evaluated where it was, once.
 */
export function pureSchemas(dir: string): Plugin {
  return {
    name: 'hookbench-pure-schemas',
    transform(code, id) {
      if (!id.startsWith(dir) || !/\.ts$/.test(id)) return null
      const program = parseAst(code, { lang: 'ts' }) as unknown as { body: Node[] }
      const edits: Array<{ start: number; end: number }> = []
      for (const statement of program.body) {
        const declaration = (statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement) as Node | null
        if (declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const') continue
        for (const declarator of declaration.declarations as Node[]) {
          const init = declarator.init as Node | null
          if (init?.type === 'CallExpression' && SCHEMA_ROOT.test(chainRoot(init) ?? '')) edits.push({ start: init.start, end: init.end })
        }
      }
      if (edits.length === 0) return null
      let out = code
      for (const { start, end } of edits.reverse()) out = `${out.slice(0, start)}/* @__PURE__ */ (() => ${out.slice(start, end)})()${out.slice(end)}`
      return { code: out, map: null }
    },
  }
}
