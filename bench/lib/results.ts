import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { inject } from 'vitest'
import type { SectionId } from './sections'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each test file leaves its figures for the report (see global-setup.ts). */
    benchRunDir: string
  }
}

/** What a figure must reach. Ratios are `median / baseline median`. */
export type Target =
  | { kind: 'ratio-at-least'; ratio: number; text: string }
  | { kind: 'ratio-at-most'; ratio: number; text: string }
  | { kind: 'below'; value: number; text: string }
  | { kind: 'at-least'; value: number; text: string }

/** One measured figure: every run's value, and its median (the figure). */
export interface Figure {
  /** Stable id, e.g. `engine.steady`; baselines are named by id. */
  id: string
  section: SectionId
  label: string
  unit: string
  runs: number[]
  median: number
  /** Id of the figure (measured in the same `npm run bench`) this one is compared with; null for a baseline itself. */
  baseline: string | null
  target?: Target
  /** Anything worth knowing about the runs (failures, counts, conditions). */
  notes?: string[]
}

/** A figure whose ratio and verdict have been worked out against its baseline. */
export interface ReportedFigure extends Figure {
  baselineMedian: number | null
  ratio: number | null
  verdict: 'met' | 'not met' | 'no baseline' | null
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Nearest-rank percentile (p in 0…100). */
export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1] as number
}

/** Records a figure of this run (one JSON file per figure in the run directory). */
export function record(figure: Omit<Figure, 'median'>): Figure {
  const dir = inject('benchRunDir')
  const full: Figure = { ...figure, median: median(figure.runs) }
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${figure.id}.json`), JSON.stringify(full, null, 2))
  return full
}

/** Every figure recorded in `dir`. */
export function readFigures(dir: string): Figure[] {
  let files: string[]
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'))
  } catch {
    return []
  }
  return files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Figure)
}

/** Ratios against baselines and verdicts against targets. */
export function judge(figures: Figure[]): ReportedFigure[] {
  const byId = new Map(figures.map((f) => [f.id, f]))
  return figures.map((figure) => {
    const baselineMedian = figure.baseline === null ? null : (byId.get(figure.baseline)?.median ?? null)
    const ratio = baselineMedian ? figure.median / baselineMedian : figure.baseline === null ? 1 : null
    let verdict: ReportedFigure['verdict'] = null
    if (figure.target?.kind === 'below') verdict = figure.median < figure.target.value ? 'met' : 'not met'
    if (figure.target?.kind === 'at-least') verdict = figure.median >= figure.target.value ? 'met' : 'not met'
    if (figure.target?.kind === 'ratio-at-least') verdict = ratio === null ? 'no baseline' : ratio >= figure.target.ratio ? 'met' : 'not met'
    if (figure.target?.kind === 'ratio-at-most') verdict = ratio === null ? 'no baseline' : ratio <= figure.target.ratio ? 'met' : 'not met'
    return { ...figure, baselineMedian, ratio, verdict }
  })
}
