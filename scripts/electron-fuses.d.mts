/** Types for electron-fuses.mjs, for its tests (the script itself is plain JavaScript run by Node). */
export type FuseName =
  | 'RunAsNode'
  | 'EnableCookieEncryption'
  | 'EnableNodeOptionsEnvironmentVariable'
  | 'EnableNodeCliInspectArguments'
  | 'EnableEmbeddedAsarIntegrityValidation'
  | 'OnlyLoadAppFromAsar'
  | 'LoadBrowserProcessSpecificV8Snapshot'
  | 'GrantFileProtocolExtraPrivileges'
  | 'WasmTrapHandlers'

/** What the script uses of @electron/fuses. */
export interface FusesModule {
  FuseVersion: { V1: string }
  FuseV1Options: Record<string, number | string>
  flipFuses(appPath: string, config: Record<string, unknown>): Promise<number>
}

export declare const HOOKBENCH_FUSES: Readonly<Record<FuseName, boolean>>

export declare function fuseConfig(
  fuses: Readonly<Record<string, boolean>>,
  fusesModule: Pick<FusesModule, 'FuseVersion' | 'FuseV1Options'>,
  platform?: string,
  arch?: string,
): Record<string, unknown>

export declare function main(
  argv: string[],
  io?: { load?: () => Promise<FusesModule>; print?: (line: string) => void; printError?: (line: string) => void },
): Promise<number>
