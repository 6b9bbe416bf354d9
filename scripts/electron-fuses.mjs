#!/usr/bin/env node
// `npm run fuses -- <packaged app>`: flips Hookbench's Electron fuses in a packaged app (the .app
// bundle, or the Hookbench / Hookbench.exe binary), after packaging and before code signing.
// Hookbench has no packaging step of its own yet: whoever packages it runs this on the result.
// Needs @electron/fuses 2.1 or later (`npm install --save-dev @electron/fuses`), not a dependency yet.
import { pathToFileURL } from 'node:url'

/**
 * Every fuse Electron 45 has, each set on purpose (names as in @electron/fuses' FuseV1Options);
 * the wire is written with `strictlyRequireAllFuses`, so a newer Electron with a fuse not listed
 * here fails the packaging instead of shipping that fuse's default unseen.
 */
export const HOOKBENCH_FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would make the signed app a plain Node.js for any script; Hookbench never forks itself.
  RunAsNode: false,
  // Chromium's cookie store encrypted with the OS's keys; the UI sets no cookies, so nothing to migrate.
  EnableCookieEncryption: true,
  // NODE_OPTIONS (--require a script) and --inspect / SIGUSR1 would let any local program run code as the app.
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  // Code is loaded only from app.asar, checked against the hash the packager embeds (electron-builder and Forge do).
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  // Electron's default: one V8 snapshot for every process.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The UI is served from app://, so file:// pages get no more than a browser gives them.
  GrantFileProtocolExtraPrivileges: false,
  // Electron's default: WebAssembly bounds checks through trap handlers.
  WasmTrapHandlers: true,
})

/** The `flipFuses` config for the fuses module that is installed; throws on a fuse it does not know. */
export function fuseConfig(fuses, { FuseVersion, FuseV1Options }, platform = process.platform, arch = process.arch) {
  const config = {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Flipping fuses breaks the ad-hoc signature Apple Silicon needs before the real signing.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
  }
  for (const [name, enabled] of Object.entries(fuses)) {
    const index = FuseV1Options[name]
    if (typeof index !== 'number') throw new Error(`The installed @electron/fuses does not know the fuse ${name}: update it.`)
    config[index] = enabled
  }
  return config
}

/** Flips the fuses of the app at `argv[0]`; returns the exit code (2: usage, 1: failure). */
export async function main(argv, { load = () => import('@electron/fuses'), print = console.log, printError = console.error } = {}) {
  const [appPath] = argv
  if (!appPath || argv.length > 1) {
    printError('Usage: npm run fuses -- <packaged app: Hookbench.app, Hookbench.exe or the Hookbench binary>')
    return 2
  }
  let fusesModule
  try {
    fusesModule = await load()
  } catch {
    printError('Flipping fuses needs @electron/fuses, which is not installed: npm install --save-dev @electron/fuses')
    return 1
  }
  try {
    await fusesModule.flipFuses(appPath, fuseConfig(HOOKBENCH_FUSES, fusesModule))
  } catch (error) {
    printError(`The fuses of ${appPath} could not be flipped: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
  const summary = Object.entries(HOOKBENCH_FUSES).map(([name, enabled]) => `${name} ${enabled ? 'on' : 'off'}`)
  print(`Fuses set in ${appPath}: ${summary.join(', ')}`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2))
}
