import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'
import { describe, expect, it } from 'vitest'
import { pureSchemas } from '../../../vite.pure-schemas'
import { ROOT } from '../../support/paths'

const DIR = '/project/src/shared'
const transform = (code: string, id = `${DIR}/schemas/x.ts`) => {
  const hook = pureSchemas(DIR).transform as (code: string, id: string) => { code: string } | null
  return hook(code, id)?.code ?? code
}

describe('the compiled parser leaves out the schemas it does not use', () => {
  it('marks each top-level schema declaration, exported or not, as free of side effects', () => {
    const code = [
      "import { z } from 'zod'",
      'const Fields = z.object({ name: z.string().min(1) })',
      'export const Draft: z.ZodType<unknown> = Fields.superRefine(() => {})',
      'export const Patch = patchOf(Fields)',
    ].join('\n')
    expect(transform(code).split('\n')).toEqual([
      "import { z } from 'zod'",
      'const Fields = /* @__PURE__ */ (() => z.object({ name: z.string().min(1) }))()',
      'export const Draft: z.ZodType<unknown> = /* @__PURE__ */ (() => Fields.superRefine(() => {}))()',
      'export const Patch = /* @__PURE__ */ (() => patchOf(Fields))()',
    ])
  })

  it('leaves statements, functions, other values and the modules outside the folder as written', () => {
    const code = [
      'z.config({ customError: plainWords })',
      'export const qovery = definePlatform({ id: "qovery" })',
      'const BY_ID = new Map(PLATFORMS.map((p) => [p.id, p]))',
      'export let Mutable = z.string()',
      'export function schemaOf() { const Inner = z.string(); return Inner }',
      'export const LIMIT = 10',
    ].join('\n')
    expect(transform(code)).toBe(code)
    expect(transform('export const Fields = z.object({})', '/project/src/main/x.ts')).toBe('export const Fields = z.object({})')
  })

  it('a bundle keeps the schemas it uses and the configuration, and drops the rest', async () => {
    // Inside the checkout, where zod resolves.
    const cache = join(ROOT, 'node_modules', '.cache')
    mkdirSync(cache, { recursive: true })
    const dir = mkdtempSync(join(cache, 'hookbench-pure-'))
    try {
      writeFileSync(
        join(dir, 'schemas.ts'),
        [
          "import { z } from 'zod'",
          "z.config({ customError: () => 'kept' })",
          'const Shared = z.string().trim().min(1)',
          'export const Used = z.object({ name: Shared })',
          'export const Unused = z.object({ name: Shared, tags: z.array(z.string().max(9)).optional() }).superRefine(() => {})',
        ].join('\n'),
      )
      writeFileSync(join(dir, 'main.ts'), "import { Used } from './schemas'\nexport const check = (value: unknown) => Used.safeParse(value).success\n")
      await build({
        configFile: false,
        logLevel: 'silent',
        plugins: [pureSchemas(dir)],
        ssr: { noExternal: true },
        build: { ssr: join(dir, 'main.ts'), outDir: join(dir, 'out'), minify: false, rollupOptions: { output: { format: 'cjs', entryFileNames: 'main.cjs' } } },
      })
      const bundle = readFileSync(join(dir, 'out', 'main.cjs'), 'utf8')
      expect(bundle).toMatch(/customError: \(\) => "kept"/)
      expect(bundle).toMatch(/var Used = /)
      expect(bundle).not.toMatch(/superRefine\(\(\) => \{\}\)|max\(9\)/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
