import { readFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { Script } from 'node:vm'

/** Where the build keeps V8's code cache for a CommonJS bundle (see vite.cli.config.ts). */
export const codeCacheOf = (file: string) => `${file}.v8cache`

/** A CommonJS bundle's text wrapped as Node wraps a module, the one form its code cache is made for. */
export const compiledScript = (file: string, cachedData?: Buffer) => new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData })

/**
 * Runs a CommonJS bundle made by the build and returns its exports, with the code V8 compiled
 * for it when the build ran it (`<file>.v8cache`): Node 20 has no compile cache of its own for
 * modules, and compiling is most of a quick command's start. V8 refuses a cache made by another
 * V8 version or other flags; the bundle is then compiled as usual, only slower.
 */
export function loadCompiled(file: string): unknown {
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(codeCacheOf(file))
  } catch {
    cachedData = undefined
  }
  const wrapper = compiledScript(file, cachedData).runInThisContext() as (...args: unknown[]) => void
  const module = { exports: {} }
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
  return module.exports
}
