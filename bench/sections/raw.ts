import { CONNECTIONS, IN_FLIGHT, ONE_KB_JSON, REQUESTS, RUNS, pool, postJson, rate, runBounded } from '../lib/load'
import { startBareServer } from '../lib/processes'
import { record } from '../lib/results'

/** Sends `count` 1 KB JSON POSTs through `client`, IN_FLIGHT at a time; returns req/s. */
async function blast(url: string, count: number): Promise<number> {
  const client = pool(url)
  try {
    const started = performance.now()
    await runBounded(count, IN_FLIGHT, async () => {
      const res = await postJson(client, '/', ONE_KB_JSON)
      if (res.status !== 200) throw new Error(`bare server answered ${res.status}`)
    })
    return rate(count, performance.now() - started)
  } finally {
    await client.close()
  }
}

/**
 * 1. Raw baseline: what this machine does with no Hookbench at all. An undici client with
 * CONNECTIONS connections in this process, a bare node:http server answering 200 in a child.
 */
export async function rawBaseline(): Promise<void> {
  const server = await startBareServer()
  try {
    await blast(server.url, 5_000) // warm-up, not recorded
    const runs: number[] = []
    for (let i = 0; i < RUNS; i++) runs.push(await blast(server.url, REQUESTS))
    record({
      id: 'raw',
      section: 'raw',
      label: `1 Raw: undici (${CONNECTIONS} conns) → bare node:http, 1 KB POST`,
      unit: 'req/s',
      runs,
      baseline: null,
    })
  } finally {
    await server.child.stop()
  }
}
