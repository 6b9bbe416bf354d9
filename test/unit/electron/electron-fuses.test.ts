import { describe, expect, it, vi } from 'vitest'
import { type FusesModule, HOOKBENCH_FUSES, fuseConfig, main } from '../../../scripts/electron-fuses.mjs'

/** @electron/fuses' enums as TypeScript compiles them (names to wire positions and back). */
const FUSE_WIRE = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
  'WasmTrapHandlers',
]
function fusesModule(names = FUSE_WIRE): FusesModule {
  const FuseV1Options: Record<string, number | string> = {}
  names.forEach((name, index) => {
    FuseV1Options[name] = index
    FuseV1Options[index] = name
  })
  return { FuseVersion: { V1: '1' }, FuseV1Options, flipFuses: vi.fn(() => Promise.resolve(1)) }
}

describe('Electron fuses for a packaged Hookbench', () => {
  it('sets every fuse of Electron 45 explicitly', () => {
    expect(Object.keys(HOOKBENCH_FUSES).sort()).toEqual([...FUSE_WIRE].sort())
  })

  it('turns off running as Node, NODE_OPTIONS, --inspect and file:// privileges; loads only a checked app.asar', () => {
    expect(HOOKBENCH_FUSES).toMatchObject({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      GrantFileProtocolExtraPrivileges: false,
      OnlyLoadAppFromAsar: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      EnableCookieEncryption: true,
    })
  })

  it('builds the flipFuses config by wire position, requiring every fuse to be set', () => {
    const config = fuseConfig(HOOKBENCH_FUSES, fusesModule(), 'linux', 'x64')
    expect(config).toEqual({
      version: '1',
      strictlyRequireAllFuses: true,
      resetAdHocDarwinSignature: false,
      0: false,
      1: true,
      2: false,
      3: false,
      4: true,
      5: true,
      6: false,
      7: false,
      8: true,
    })
    expect(fuseConfig(HOOKBENCH_FUSES, fusesModule(), 'darwin', 'arm64')).toMatchObject({ resetAdHocDarwinSignature: true })
  })

  it('says to update @electron/fuses when it does not know a fuse, instead of skipping it', () => {
    expect(() => fuseConfig(HOOKBENCH_FUSES, fusesModule(FUSE_WIRE.slice(0, 8)))).toThrow('The installed @electron/fuses does not know the fuse WasmTrapHandlers: update it.')
  })

  it('flips the fuses of the app it is given and says what it set', async () => {
    const module = fusesModule()
    const print = vi.fn()
    await expect(main(['dist/Hookbench.app'], { load: () => Promise.resolve(module), print })).resolves.toBe(0)
    expect(module.flipFuses).toHaveBeenCalledWith('dist/Hookbench.app', expect.objectContaining({ strictlyRequireAllFuses: true, 0: false }))
    expect(print).toHaveBeenCalledWith(expect.stringContaining('Fuses set in dist/Hookbench.app: RunAsNode off,'))
  })

  it('answers a missing path with its usage (exit 2), and a missing @electron/fuses or a failed flip with one clear line (exit 1)', async () => {
    const printError = vi.fn()
    await expect(main([], { printError })).resolves.toBe(2)
    expect(printError).toHaveBeenLastCalledWith(expect.stringMatching(/^Usage: npm run fuses -- /))
    const notInstalled = () => Promise.reject(Object.assign(new Error("Cannot find package '@electron/fuses'"), { code: 'ERR_MODULE_NOT_FOUND' }))
    await expect(main(['Hookbench.exe'], { load: notInstalled, printError })).resolves.toBe(1)
    expect(printError).toHaveBeenLastCalledWith('Flipping fuses needs @electron/fuses, which is not installed: npm install --save-dev @electron/fuses')
    const module = fusesModule()
    module.flipFuses = () => Promise.reject(new Error('Could not find sentinel in the provided Electron binary'))
    await expect(main(['notes.txt'], { load: () => Promise.resolve(module), printError })).resolves.toBe(1)
    expect(printError).toHaveBeenLastCalledWith('The fuses of notes.txt could not be flipped: Could not find sentinel in the provided Electron binary')
  })
})
