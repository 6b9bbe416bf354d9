import type { StateCreator } from 'zustand'
import type { EngineEvent } from '../../../../shared/api/events'
import type { EngineStatus } from '../../../../shared/schemas/status'
import type { Connection } from '../../api/engine-words'

/** How far one long task got (bulk redelivery, scenario runs). */
export type TaskProgress = Extract<EngineEvent, { type: 'progress' }>

/** The engine as the UI sees it: whether it answers, its status, and its long work in progress. */
export interface EngineSlice {
  status: EngineStatus | undefined
  connection: Connection
  connectionError: string | undefined
  /** Long work in progress, by task. */
  progress: Record<string, { label: string; done: number; total: number }>
  /** The engine answered with its status: it is reachable. */
  setStatus(status: EngineStatus): void
  /** The engine did not answer; `message` says why. */
  setUnreachable(message: string): void
  /** A call was answered: an engine seen unreachable is back (once its status is known). */
  setReachable(): void
  /** Shows a task's progress; a finished task (done ≥ total) is no longer shown. */
  trackProgress(task: TaskProgress): void
}

export const createEngineSlice: StateCreator<EngineSlice> = (set) => ({
  status: undefined,
  connection: 'connecting',
  connectionError: undefined,
  progress: {},
  setStatus: (status) => set({ status, connection: 'connected', connectionError: undefined }),
  setUnreachable: (message) => set({ connection: 'unreachable', connectionError: message }),
  setReachable: () => set((s) => (s.connection === 'unreachable' && s.status ? { connection: 'connected', connectionError: undefined } : s)),
  trackProgress: ({ task, label, done, total }) =>
    set((s) => {
      const { [task]: _previous, ...others } = s.progress
      return { progress: done >= total ? others : { ...others, [task]: { label, done, total } } }
    }),
})
