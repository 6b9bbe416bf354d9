declare const __HOOKBENCH_VERSION__: string | undefined

/** Injected at build time; falls back for tests that run the sources directly. */
export const VERSION: string =
  typeof __HOOKBENCH_VERSION__ === 'string' ? __HOOKBENCH_VERSION__ : '0.0.0-dev'
