const PROBE_TIMEOUT_MS = 5_000

/**
 * The integrator's count of processed events: the probe answers a number, or JSON with the count
 * at `field` (a dot path), or at `count` when no field is named.
 */
export async function readProbe(url: string, field: string | undefined, fetcher: typeof fetch, stop?: AbortSignal): Promise<{ ok: true; count: number } | { ok: false; message: string }> {
  let text: string
  try {
    const timeout = AbortSignal.timeout(PROBE_TIMEOUT_MS)
    const response = await fetcher(url, { signal: stop ? AbortSignal.any([timeout, stop]) : timeout })
    if (!response.ok) return { ok: false, message: `${url} answered ${response.status}` }
    text = await response.text()
  } catch (error) {
    return { ok: false, message: `${url} could not be read (${error instanceof Error ? error.message : String(error)})` }
  }
  const count = countIn(text, field)
  return count === undefined ? { ok: false, message: `${url} did not answer a number${field ? ` at "${field}"` : ' (or JSON with "count")'}: ${text.slice(0, 80)}` } : { ok: true, count }
}

function countIn(text: string, field: string | undefined): number | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  const path = field ?? (typeof value === 'number' ? '' : 'count')
  const found = path === '' ? value : path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), value)
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined
}
