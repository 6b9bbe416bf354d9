import type { EngineStatus } from '../../../../shared/schemas/status'
import { useHookbench } from '../app-store'

// The engine slice's actions as plain functions, for code outside React (calls, the event stream).

export const setStatus = (status: EngineStatus) => useHookbench.getState().setStatus(status)
export const setUnreachable = (message: string) => useHookbench.getState().setUnreachable(message)
export const setReachable = () => useHookbench.getState().setReachable()
