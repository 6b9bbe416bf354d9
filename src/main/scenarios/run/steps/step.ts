import type { LoadResult, StepResult } from '../../../../shared/schemas/run'
import type { Action, ActionOf } from '../../compile'
import type { Cursor, RunSession } from '../session'

/** What one step of a run gets: the run's session, its own line of work, its action and its record. */
export interface StepContext<K extends Action['kind'] = Action['kind']> {
  session: RunSession
  cursor: Cursor
  action: ActionOf<K>
  step: StepResult
}

/** What a step did and whether it went as it should; `skipped` when it could not be judged here. */
export interface Outcome {
  passed: boolean
  skipped?: boolean
  message: string
  deliveryIds?: string[]
  /** A load step's measurements. */
  load?: LoadResult
}

export type StepHandler<K extends Action['kind']> = (context: StepContext<K>) => Promise<Outcome>

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
