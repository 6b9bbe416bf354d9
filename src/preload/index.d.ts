import type { HookbenchApi } from '../shared/api/client'

declare global {
  interface Window {
    /** Present only inside the Electron app (exposed by the preload); absent in web mode. */
    hookbench?: HookbenchApi
  }
}
