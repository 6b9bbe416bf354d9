import type { ApiOutput } from '../../../../shared/api/contract'
import type { CaptureQuery } from '../../../../shared/schemas/history-query'
import { type Capture, type Endpoint, EndpointInput, type EndpointPatch } from '../../../../shared/schemas/receiver'
import { api } from '../../api/transport'
import { useHookbench } from '../app-store'
import { Conflict, call, callOrConflict } from '../engine/call'
import { freshRead } from '../fresh-read'
import { addNotice } from '../notices/actions'
import { download } from '../ui/download'
import { type ExportScope, exportScope } from './export-scope'
import type { CaptureFilter } from './filters'

const list = freshRead(
  () => call(api.listEndpoints({})),
  (endpoints) => useHookbench.getState().setEndpoints(endpoints),
)

export const loadEndpoints = list.load

/** Shows a saved endpoint at once, before the engine's event comes. */
const putEndpoint = (endpoint: Endpoint) => list.put(() => useHookbench.getState().putEndpoint(endpoint))

/** Opens an endpoint's script in the drawer, or closes it (undefined). */
export const openEndpointScript = (name: string | undefined) => useHookbench.getState().setOpenEndpoint(name)

/**
 * Adds an endpoint with the default script: it, once saved, or `taken` when the engine already has
 * one of that name (whoever added it, however fresh this page's list), which stays as it was.
 */
export async function addEndpoint(name: string): Promise<Endpoint | 'taken' | undefined> {
  const saved = await callOrConflict(api.createEndpoint(EndpointInput.parse({ name })))
  if (saved instanceof Conflict) return 'taken'
  if (saved) putEndpoint(saved)
  return saved
}

/** Removes an endpoint (closing its script if open); true once removed. */
export async function removeEndpoint(name: string): Promise<boolean> {
  if (!(await call(api.removeEndpoint({ name })))) return false
  const state = useHookbench.getState()
  list.put(() => state.removeEndpoint(name))
  if (state.openEndpoint === name) state.setOpenEndpoint(undefined)
  return true
}

/** Saves the changes of an endpoint's script; true once saved (the next request uses it). */
export async function updateEndpointScript(name: string, changes: EndpointPatch['changes']): Promise<boolean> {
  const saved = await call(api.updateEndpoint({ name, changes }))
  if (!saved) return false
  putEndpoint(saved)
  addNotice('info', `Saved ${name}: the next request uses this script.`)
  return true
}

/** A captured request, whole. */
export const getCapture = (id: string): Promise<Capture | undefined> => call(api.getCapture({ id }))

/** A page of captured requests. */
export const listCaptures = (query: CaptureQuery): Promise<ApiOutput<'listCaptures'> | undefined> => call(api.listCaptures(query))

/** One capture as a cURL command (secret headers as received when `reveal`). */
export async function captureAsCurl(id: string, reveal: boolean): Promise<string | undefined> {
  return (await call(api.exportCaptures({ format: 'curl', ids: [id], reveal })))?.text
}

/** One capture as a HAR download. */
export async function downloadCaptureHar(id: string, reveal: boolean) {
  const exported = await call(api.exportCaptures({ format: 'har', ids: [id], reveal }))
  if (exported) await download(`hookbench-${id}.har`, exported.mimeType, exported.text)
}

/** Exports what the list shows: every capture its filters match, as HAR or cURL commands. */
export async function downloadCaptures(format: 'har' | 'curl', filter: CaptureFilter) {
  const scope: ExportScope | undefined = await exportScope(filter, listCaptures)
  if (!scope) return
  if (scope.ids?.length === 0) return addNotice('info', 'No captured request matches these filters: nothing to export.')
  const exported = await call(api.exportCaptures({ format, ...scope }))
  if (exported) await download(exported.filename, exported.mimeType, exported.text)
}
