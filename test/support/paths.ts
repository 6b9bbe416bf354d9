import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CLI_PATH = fileURLToPath(new URL('../../out/cli/hookbench.js', import.meta.url))
export const RENDERER_INDEX = fileURLToPath(new URL('../../out/renderer/index.html', import.meta.url))
/** The built CLI's sending thread (a worker script): tests that send through it as the hosts do. */
export const SENDER_WORKER = new URL('../../out/cli/sender-worker.js', import.meta.url)
