/*
 * How big a scenario may be. Each limit is far past any real story (the largest built-in one
 * unrolls to a few dozen steps and spans minutes) but keeps a run's plan, its records and its
 * timestamps sane: every step of a run is planned, shown and saved, and every wait moves the
 * story's clock, whose dates must stay ordinary ISO dates.
 */

import { MAX_DELAY_MS } from './delay'

const YEAR_MS = 365 * 24 * 3_600_000

/** Steps a run may have once repeats are multiplied out (parallel and reorder groups counted step by step). */
export const MAX_UNROLLED_STEPS = 10_000

/** How deep `repeat` and `parallel` may nest inside each other. */
export const MAX_NESTING = 8

/** The longest single wait, `within` or `timeout`: 10 years (87,600 h). */
export const MAX_DURATION_MS = MAX_DELAY_MS
export const MAX_DURATION_TEXT = '10 years (87600h)'

/** The longest story: every wait added up, repeats multiplied out: 100 years (876,000 h). */
export const MAX_STORY_MS = 100 * YEAR_MS
export const MAX_STORY_TEXT = '100 years (876000h)'

/** The fastest arrival rate of a `load` step, per second: what one process sends steadily on a laptop. */
export const MAX_LOAD_RATE = 1000

/** Files a scenario may include (every `include:` and `template:` counted once), and how deep includes may go. */
export const MAX_INCLUDED_FILES = 50
export const MAX_INCLUDE_DEPTH = 8
