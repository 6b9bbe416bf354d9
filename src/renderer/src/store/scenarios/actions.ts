import type { ApiInput, ApiOutput } from '../../../../shared/api/contract'
import { api } from '../../api/transport'
import { call } from '../engine/call'

/** The built-in and saved scenarios. */
export const listScenarios = (): Promise<ApiOutput<'listScenarios'> | undefined> => call(api.listScenarios({}))

/** A scenario's file, its source included. */
export const readScenario = (id: string): Promise<ApiOutput<'getScenario'> | undefined> => call(api.getScenario({ id }))

/** Saves a scenario file (a new one, or over a saved one); it, as saved. */
export const saveScenarioFile = (input: ApiInput<'saveScenario'>): Promise<ApiOutput<'saveScenario'> | undefined> => call(api.saveScenario(input))
