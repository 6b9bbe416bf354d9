import type { HeaderPair } from '../../shared/schemas/http'
import type { ScriptedResponse } from '../../shared/schemas/receiver'
import { seededRandom } from '../../shared/core/seeded-random'

export interface PlannedResponse {
  status: number
  headers: HeaderPair[]
  body: string
  delayMs: number
  hang: boolean
  note?: string
}

/**
 * Decides each answer of one endpoint from its script. Keeps the request count (fail the first
 * N) and a seeded generator (failure rate), so a run is reproducible. A script change resets both;
 * scripts are compared by value, so re-saving an endpoint's other settings (verify, forward) or a
 * store that hands out copies does not restart "fail the first N".
 */
export function createResponseScript() {
  let scriptKey: string | undefined
  let count = 0
  let random = seededRandom(1)

  return {
    next(current: ScriptedResponse): PlannedResponse {
      const key = JSON.stringify(current)
      if (scriptKey !== key) {
        scriptKey = key
        count = 0
        random = seededRandom(current.seed)
      }
      count++
      const base = { delayMs: current.delayMs, hang: current.hang }
      if (count <= current.failFirst) {
        return { ...base, ...answer(current, current.failStatus), body: '', note: `failing the first ${current.failFirst} (this is ${count})` }
      }
      if (current.failureRate > 0 && random.next() < current.failureRate) {
        return { ...base, ...answer(current, current.failStatus), body: '', note: `failure rate ${Math.round(current.failureRate * 100)}%` }
      }
      return { ...base, ...answer(current, current.status), body: current.body }
    },
    get count() {
      return count
    },
  }
}

function answer(script: ScriptedResponse, status: number): { status: number; headers: HeaderPair[] } {
  const headers = [...script.headers]
  if ((status === 429 || status === 503) && script.retryAfterSec !== undefined) headers.push(['Retry-After', String(script.retryAfterSec)])
  return { status, headers }
}
