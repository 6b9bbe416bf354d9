/**
 * `node scripts/code-cache.mjs <bundle.cjs> <examples dir>` (run by vite.cli.config.ts): runs the
 * scenario-check bundle as src/main/cli/compiled-script.ts loads it (the same wrapped text),
 * checks every example and a few broken files with it, then saves the code V8 compiled meanwhile
 * as <bundle.cjs>.v8cache. Run by a plain `node` with no flags and no NODE_OPTIONS: V8 takes a
 * cache only under the flags it was made with.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { Script } from 'node:vm'

const [file, examples] = process.argv.slice(2)
const BROKEN = [
  '',
  '{ "version": 1,',
  'version: 2\nname: x\nprovider: nowhere\nsteps: [{ fire: nope, wait: soon }, { repeat: -1 }]',
  'version: 1\nname: x\nprovider: qovery\nvars: { a: 1 }\nsteps:\n  - fire: DEPLOYMENT_STARTED\n    context: { x: ${b} }\n  - wait: 1s\n',
]

async function main() {
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file })
  const module = { exports: {} }
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
  const check = module.exports.scenarioCheck
  for (const name of readdirSync(examples).filter((f) => f.endsWith('.yaml'))) {
    const read = await check.readScenarioWithFiles(name, { cwd: examples })
    if (!read.ok) throw new Error(`${name} ${read.problem}`)
    check.formatProblems(check.problemsOf(read.text, name, read.files, { a: '2' }, read.reads), name)
  }
  for (const text of BROKEN) check.formatProblems(check.problemsOf(text, 'broken.yaml', {}), 'broken.yaml')
  check.parseVarOption('a=1')
  check.parseVarOption('=1')
  writeFileSync(`${file}.v8cache`, script.createCachedData())
}

await main()
