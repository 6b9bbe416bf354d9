import { createContext, useContext } from 'react'
import type { Edit } from './scenario-document'
import type { Path, ScenarioModel } from './scenario-model'

/** What every part of the form needs: the file's model, how to edit it, and the platforms' events. */
export interface FormContextValue {
  model: ScenarioModel
  edit: (change: Edit) => void
  /** The scenario's provider (as written; may be wrong). */
  provider: string
  /** A platform's event names; undefined when any name goes (generic) or the catalog is not loaded. */
  eventsOf: (provider: string) => string[] | undefined
  /** Whether the catalog has been loaded (event pickers wait for it). */
  catalogLoaded: boolean
  providerTitle: (provider: string) => string
  /** Focuses the step at `path` once the form shows the edited file (after a move). */
  focusStep: (path: Path) => void
}

export const FormContext = createContext<FormContextValue | null>(null)

export function useForm(): FormContextValue {
  const value = useContext(FormContext)
  if (!value) throw new Error('useForm outside ScenarioForm')
  return value
}
