/** Fixtures and catalog examples never change between runs: a fixed seed and instant (2025-01-01T00:00:00Z). */
export const FIXTURE_SEED = 'hookbench-fixture'
export const FIXTURE_NOW_MS = Date.UTC(2025, 0, 1)
