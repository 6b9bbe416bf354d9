import type { HookbenchApi } from '../shared/api/client'
import type { DownloadFile, SaveFileResult } from '../shared/schemas/download'
import type { Result } from '../shared/result'

declare global {
  interface Window {
    /** Present only inside the Electron app (exposed by the preload); absent in web mode. */
    hookbench?: HookbenchApi & {
      /** Asks where to save `file` (a native dialog) and writes it there. */
      saveFile(file: DownloadFile): Promise<Result<SaveFileResult>>
    }
  }
}
