import type { ApiInput } from '../../../shared/api/contract'
import { HttpUrl } from '../../../shared/schemas/http'
import { parseVarOption } from '../../scenarios/parse-scenario'
import { type Command, UsageError, listOption, requireArg } from '../command'
import { listed } from '../command-summaries'
import { RUN_OUTPUT_HELP, RUN_OUTPUT_OPTIONS, TIME_SCALE_HELP, playInTurn, runTimeScale, runWithProgress, startThroughApi } from '../run-session'
import { DATA_DIR_HELP, DATA_DIR_OPTION, dataDirOption } from '../shared-options'

/** `hookbench replay <run-id>`: a saved run again, told anew or resent byte for byte. */
export const replayCommand: Command = {
  ...listed('replay'),
  usage: 'hookbench replay <run-id> [--exact] [--to URL]... [--var k=v]... [--time-scale F] [--data-dir D] [--report junit.xml] [--json]',
  maxPositionals: 1,
  options: {
    exact: { type: 'boolean' },
    to: { type: 'string', multiple: true },
    var: { type: 'string', multiple: true },
    'time-scale': { type: 'string' },
    ...DATA_DIR_OPTION,
    ...RUN_OUTPUT_OPTIONS,
  },
  details: [
    'Options:',
    '  --exact             Resend every request the run sent (retries, duplicates, reorders and',
    '                      redeliveries included), in its order, byte for byte (body, headers,',
    '                      signatures, webhook-id), at its story times; the story\'s receiver endpoints',
    '                      are made again, so they answer as they did',
    '  --to URL            Send to URL instead of where the run sent (repeat to fan out)',
    '  --var name=value    Override a scenario variable (repeatable), over the run\'s own; with --exact,',
    '                      requests the run sent under the old value go to the new one',
    TIME_SCALE_HELP,
    '                      (default: the time scale of the run replayed)',
    DATA_DIR_HELP,
    RUN_OUTPUT_HELP,
    '',
    'A fresh replay (the default) runs the scenario again with the run\'s seed and options: the same',
    'story (rollout, deployment and release ids follow the seed), with new delivery and message ids,',
    'so an app that deduplicates processes it again, and its expectations checked again. An exact',
    'replay shows a receiver what it was sent before, to reproduce what it did: each request passes',
    'when it gets the answer the run got.',
    '',
    'Exit status: 0 when the replay passed, 1 otherwise, 2 for an unknown run or usage error;',
    '130/143 when stopped (the replay is left interrupted, to resume).',
    '',
    'Examples (--to needs your app listening there, or "hookbench receive --port 3000" in another terminal):',
    '  hookbench runs list --data-dir ./ci-data',
    '  hookbench replay run_8f2k3m9q0x1v4b7n6c5z --data-dir ./ci-data --time-scale 0',
    '  hookbench replay run_8f2k3m9q0x1v4b7n6c5z --exact --to http://127.0.0.1:3000/hooks',
  ].join('\n'),

  async run({ values, positionals }, ctx) {
    const id = requireArg(positionals, 'name the run to replay (see "hookbench runs list")')
    const targets = listOption(values, 'to')
    for (const url of targets) if (!HttpUrl.safeParse(url).success) throw new UsageError(`--to must be an http:// or https:// URL, got "${url}"`)
    const vars: Record<string, string> = {}
    for (const entry of listOption(values, 'var')) {
      const parsed = parseVarOption(entry)
      if (!parsed.ok) throw new UsageError(parsed.error.message)
      vars[parsed.data.name] = parsed.data.value
    }
    const input: ApiInput<'replayRun'> = {
      id,
      mode: values.exact ? 'exact' : 'fresh',
      ...(targets.length > 0 && { targets }),
      ...(Object.keys(vars).length > 0 && { vars }),
      ...(values['time-scale'] !== undefined && { timeScale: runTimeScale(values) }),
    }
    return runWithProgress({ dataDir: dataDirOption(values, ctx), values, ctx, play: playInTurn([startThroughApi((api) => api.replayRun(input))]) })
  },
}
