import type { Engine } from '../engine/engine'
import type { ApiHandlers } from './dispatch'

/** Maps every contract method to the engine. The compiler insists each method has a handler. */
export function createApiHandlers(engine: Engine): ApiHandlers {
  return {
    getStatus: () => engine.status(),
  }
}
