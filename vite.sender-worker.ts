import { dirname, relative } from 'node:path'
import type { Plugin } from 'vite'

/** The sending thread's script (src/main/delivery/sender-worker.ts), an entry of its own in each build. */
export const SENDER_WORKER_INPUT = 'src/main/delivery/sender-worker.ts'
const FILE = 'sender-worker.js'
const MARK = 'hookbench-sender-worker-path'

/**
 * `__HOOKBENCH_SENDER_WORKER__` (src/main/host/sender-script.ts) becomes the path from the chunk
 * that reads it to the built sender-worker.js, whichever chunk that code lands in: Node's Worker
 * takes a file, and a bundle moves modules between chunks.
 */
export function senderWorker(): { define: Record<string, string>; plugin: Plugin; input: Record<string, string>; fileName: string } {
  return {
    define: { __HOOKBENCH_SENDER_WORKER__: JSON.stringify(MARK) },
    input: { 'sender-worker': SENDER_WORKER_INPUT },
    fileName: FILE,
    plugin: {
      name: 'hookbench-sender-worker-path',
      renderChunk(code, chunk) {
        if (!code.includes(MARK)) return null
        const path = relative(dirname(chunk.fileName), FILE)
        return { code: code.replace(new RegExp(`(["'\`])${MARK}\\1`, 'g'), JSON.stringify(path.startsWith('.') ? path : `./${path}`)), map: null }
      },
    },
  }
}
