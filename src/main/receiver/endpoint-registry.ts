import { DEFAULT_ENDPOINT_NAME, Endpoint, defaultEndpoint } from '../../shared/schemas/receiver'

/** Where the receiver looks up an endpoint's config on every request (so edits apply live). */
export interface EndpointSource {
  get(name: string): Endpoint | undefined
}

/**
 * Endpoint configs kept in memory, always holding the built-in `inbox`. The engine persists them
 * through `onEndpointsChanged` (called with the full list after every change).
 */
export class EndpointRegistry implements EndpointSource {
  readonly #endpoints = new Map<string, Endpoint>()
  readonly #onChanged: ((endpoints: Endpoint[]) => void) | undefined

  constructor(options: { initial?: Endpoint[]; onEndpointsChanged?: (endpoints: Endpoint[]) => void } = {}) {
    this.#endpoints.set(DEFAULT_ENDPOINT_NAME, defaultEndpoint())
    for (const endpoint of options.initial ?? []) this.#endpoints.set(endpoint.name, Endpoint.parse(endpoint))
    this.#onChanged = options.onEndpointsChanged
  }

  get(name: string): Endpoint | undefined {
    return this.#endpoints.get(name)
  }

  list(): Endpoint[] {
    return [...this.#endpoints.values()]
  }

  /** Validates and stores a config; the next request to that endpoint uses it. Throws on bad input. */
  upsert(input: unknown): Endpoint {
    const endpoint = Endpoint.parse(input)
    this.#endpoints.set(endpoint.name, endpoint)
    this.#onChanged?.(this.list())
    return endpoint
  }

  /** Removes an endpoint; the built-in one is reset to its defaults instead. False if it did not exist. */
  remove(name: string): boolean {
    if (name === DEFAULT_ENDPOINT_NAME) this.#endpoints.set(name, defaultEndpoint())
    else if (!this.#endpoints.delete(name)) return false
    this.#onChanged?.(this.list())
    return true
  }
}
