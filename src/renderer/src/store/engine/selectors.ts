import { connectionText } from '../../api/engine-words'
import type { EngineSlice } from './slice'

/** The status bar's words for the connection to the engine. */
export function selectConnectionLabel(s: Pick<EngineSlice, 'connection' | 'connectionError'>): string {
  return connectionText(s.connection, s.connectionError)
}
