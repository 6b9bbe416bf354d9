import type { RunSummary } from '../../../../shared/schemas/run'
import { api } from '../../api/transport'
import { call } from '../engine/call'
import { freshRead } from '../fresh-read'
import { setLoadedRuns } from './state'

/** The runs the engine keeps (up to 200, newest first), into the runs store. */
export const loadRuns = freshRead(() => call(api.listRuns({ limit: 200 })), setLoadedRuns).load

/** The newest runs, for a list of choices (the Timeline's run filter). */
export async function listRecentRuns(limit: number): Promise<RunSummary[] | undefined> {
  return call(api.listRuns({ limit }))
}

/** Runs a built-in or saved scenario by id at a time scale; its run once started. */
export async function runScenarioById(id: string, timeScale: number): Promise<RunSummary | undefined> {
  return call(api.runScenario({ id, options: { timeScale } }))
}
