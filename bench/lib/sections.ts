/**
 * The sections of the performance suite, in report order. Each section is one function in
 * `bench/sections/<id>.ts`, run by `bench/<id>.bench.test.ts`, that records its figures with
 * `record()` (bench/lib/results.ts); the report (bench/lib/report.ts) puts them together.
 *
 * Adding a section: add its id here, write `bench/sections/<id>.ts` exporting one async
 * function that records figures (each naming the baseline it is compared with, measured in the
 * same run), and a `bench/<id>.bench.test.ts` calling it.
 */
export const SECTIONS = [
  { id: 'raw', title: '1. Raw baseline (undici → bare node:http)', implemented: true },
  { id: 'engine', title: '2a/2c. In-process engine: steady and burst', implemented: true },
  { id: 'web', title: '2b. Web mode (hookbench serve)', implemented: true },
  { id: 'latency', title: '3. Latency fire → receive at 50 events/s', implemented: true },
  { id: 'load', title: '5. Load step: the highest rate kept for 10 s', implemented: true },
  { id: 'start', title: 'CLI start: --version, --help, scenarios validate against bare Node', implemented: true },
  { id: 'library', title: 'The built-in library at --time-scale 0 in one run', implemented: true },
  { id: 'history', title: 'History: serve start (API, whole history), RSS, write cost, page time at 0/10k/100k', implemented: true },
  { id: 'ui', title: '4. UI: the Timeline over 100,000 deliveries in Chromium', implemented: true },
] as const

export type SectionId = (typeof SECTIONS)[number]['id']

/** Test files run in this order (raw baseline first), whatever vitest's own sequencer would pick. */
export function sectionOrder(file: string): number {
  const at = SECTIONS.findIndex((s) => file.endsWith(`/${s.id}.bench.test.ts`))
  return at === -1 ? SECTIONS.length : at
}
