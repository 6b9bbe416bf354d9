import { HttpUrl } from '../../../shared/schemas/http'
import { type Command, UsageError, listOption, requireArg } from '../command'
import { RUN_OUTPUT_HELP, RUN_OUTPUT_OPTIONS, TIME_SCALE_HELP, runTimeScale, runWithProgress } from '../run-session'
import { DATA_DIR_HELP, DATA_DIR_OPTION, asUsage, dataDirOption, withEngine } from '../shared-options'

/** `hookbench replay <run-id>`: a saved run again, told anew or resent byte for byte. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'Replay a saved scenario run: the same payloads signed anew, or (--exact) the recorded requests',
  usage: 'hookbench replay <run-id> [--exact] [--to URL]... [--time-scale F] [--data-dir D] [--report junit.xml] [--json]',
  maxPositionals: 1,
  options: { exact: { type: 'boolean' }, to: { type: 'string', multiple: true }, 'time-scale': { type: 'string' }, ...DATA_DIR_OPTION, ...RUN_OUTPUT_OPTIONS },
  details: [
    'Options:',
    '  --exact             Resend every recorded request byte for byte (body, headers, signatures and',
    '                      webhook-id) instead of running the scenario again with the same seed',
    '  --to URL            Send to URL instead of where the run sent (repeat to fan out)',
    TIME_SCALE_HELP,
    '                      (default: the time scale of the run replayed)',
    DATA_DIR_HELP,
    RUN_OUTPUT_HELP,
    '',
    'A fresh replay (the default) runs the scenario again with the run\'s seed and options: the same',
    'payloads (their timestamps the replay\'s), signed anew with new delivery ids, and its expectations',
    'checked again. An exact replay shows a receiver what it was sent before, to reproduce what it did.',
    '',
    'Exit status: 0 when every delivery succeeded and every expectation held, 1 otherwise,',
    '2 for an unknown run or usage error.',
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
    // The engine's scale is set when it opens: read the run's own first, unless --time-scale gives one.
    const timeScale = values['time-scale'] === undefined ? await withEngine(values, ctx, async (engine) => engine.runs.get(id).options.timeScale) : runTimeScale(values)
    const mode = values.exact ? 'exact' : 'fresh'
    const replay = { id, mode, timeScale, ...(targets.length > 0 && { targets }) } as const
    return runWithProgress({ dataDir: dataDirOption(values, ctx), timeScale, values, ctx, starts: [(engine) => asUsage(() => engine.runs.replay(replay))] })
  },
}
