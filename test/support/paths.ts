import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CLI_PATH = fileURLToPath(new URL('../../out/cli/hookbench.js', import.meta.url))
export const RENDERER_INDEX = fileURLToPath(new URL('../../out/renderer/index.html', import.meta.url))
