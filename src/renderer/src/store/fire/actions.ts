import type { ApiInput, ApiOutput } from '../../../../shared/api/contract'
import type { Result } from '../../../../shared/result'
import { api } from '../../api/transport'
import { call } from '../engine/call'

/** What fireEvent would send, without sending anything; the engine's answer whole (its problems are shown in place). */
export const previewFire = (request: ApiInput<'previewFire'>): Promise<Result<ApiOutput<'previewFire'>>> => api.previewFire(request)

/** Fires one platform event at the subscriptions it names (or every one it reaches); what was queued and skipped. */
export const fireEvent = (request: ApiInput<'fireEvent'>): Promise<ApiOutput<'fireEvent'> | undefined> => call(api.fireEvent(request))

/** The preview of what is about to be fired, made now; a failure becomes a notice. */
export const previewForFire = (request: ApiInput<'previewFire'>): Promise<ApiOutput<'previewFire'> | undefined> => call(api.previewFire(request))
