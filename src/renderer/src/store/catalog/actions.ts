import { api } from '../../api/transport'
import { useHookbench } from '../app-store'
import { call } from '../engine/call'

/** Reads the catalog (once, at start: it does not change while the engine runs). */
export async function loadCatalog() {
  const catalog = await call(api.getCatalog({}))
  if (catalog) useHookbench.getState().setCatalog(catalog)
}
