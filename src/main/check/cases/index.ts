import type { CheckCase } from './case'
import { noReplayProtectionCase, unauthenticatedCase } from './advice'
import { outOfOrderCase, replayCase, unknownEventCase, unknownFieldCase, validCase } from './delivery'
import { rawBytesCase } from './raw-bytes'
import { retryPlanCase } from './retry-plan'
import { rejectionCases, rotatedCase } from './signature'
import { timingCase } from './timing'

export { type CaseOutcome, type CheckCase, planOf } from './case'

/** The battery, in the order it runs and reports. */
export const CHECK_CASES: CheckCase[] = [
  validCase,
  timingCase,
  ...rejectionCases,
  rawBytesCase,
  rotatedCase,
  replayCase,
  outOfOrderCase,
  unknownEventCase,
  unknownFieldCase,
  retryPlanCase,
  unauthenticatedCase,
  noReplayProtectionCase,
]
