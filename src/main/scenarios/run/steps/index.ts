import type { Action } from '../../compile'
import { duplicate } from './duplicate'
import { expect } from './expect'
import { fire } from './fire'
import { heartbeat } from './heartbeat'
import { http } from './http'
import { load } from './load'
import type { Outcome, StepContext, StepHandler } from './step'
import { wait } from './wait'

const HANDLERS: { [K in Action['kind']]: StepHandler<K> } = { fire, wait, heartbeat, duplicate, expect, http, load }

/** Runs one step by its kind. */
export const performStep = (context: StepContext): Promise<Outcome> => (HANDLERS[context.action.kind] as StepHandler<Action['kind']>)(context)
