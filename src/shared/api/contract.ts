import { z } from 'zod'
import { EngineStatus } from '../schemas/status'

const NoInput = z.object({}).strict()

/**
 * Every engine operation the UI (and any other client) can call: one named method with a zod
 * input and output schema. Electron serves it over IPC (`hookbench:<method>`), web mode over
 * `POST /api/<method>`; both validate with these schemas in main.
 */
export const apiContract = {
  getStatus: {
    summary: 'Engine version, host, data directory, receiver URL and counters.',
    input: NoInput,
    output: EngineStatus,
  },
} as const satisfies Record<string, { summary: string; input: z.ZodType; output: z.ZodType }>

export type ApiContract = typeof apiContract
export type ApiMethod = keyof ApiContract
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>
export type ApiOutput<M extends ApiMethod> = z.output<ApiContract[M]['output']>

export const apiMethods = Object.keys(apiContract) as ApiMethod[]

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(apiContract, name)
}

/** IPC channel names: one per method, plus the push channel for engine events. */
export const ipcChannel = (method: ApiMethod) => `hookbench:${method}` as const
export const IPC_EVENTS_CHANNEL = 'hookbench:events'
