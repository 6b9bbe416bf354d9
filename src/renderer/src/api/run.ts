import { addNotice } from '../store/store'

type Outcome<T> = { ok: true; data: T } | { ok: false; error: { message: string } }

/** Calls the engine; a failure becomes a notice and `undefined`, never a crash. */
export async function run<T>(call: Promise<Outcome<T>>): Promise<T | undefined> {
  const result = await call
  if (result.ok) return result.data
  addNotice('error', result.error.message)
  return undefined
}
