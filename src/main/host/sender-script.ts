declare const __HOOKBENCH_SENDER_WORKER__: string | undefined

/**
 * The built sending thread's script (sender-worker.js beside the CLI's or the app's bundle: the
 * build writes its path here, see vite.sender-worker.ts). None when running from the TypeScript
 * sources (tests), where the engine sends on its own thread unless given another sender.
 */
export function builtSenderScript(): URL | undefined {
  return typeof __HOOKBENCH_SENDER_WORKER__ === 'string' ? new URL(__HOOKBENCH_SENDER_WORKER__, import.meta.url) : undefined
}
