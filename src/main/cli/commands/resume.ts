import { existsSync } from 'node:fs'
import { describeAttempt, describeOutcome } from '../attempt-lines'
import { finalDelivery, followAttempts, unfinishedDeliveries } from '../deliveries'
import { type Command, UsageError, stringOption } from '../command'
import { listed } from '../command-summaries'
import { RUN_OUTPUT_HELP, RUN_OUTPUT_OPTIONS, TIME_SCALE_HELP, resumeRuns, runTimeScale, runWithProgress } from '../run-session'
import { DATA_DIR_HELP, DATA_DIR_OPTION, dataDirOption } from '../shared-options'
import { untilDoneOrStopped } from '../stop-signals'

/** `hookbench resume`: continue what a crashed, killed or interrupted process left in a data directory. */
export const resumeCommand: Command = {
  ...listed('resume'),
  usage: 'hookbench resume --data-dir DIR [--time-scale F] [--report junit.xml] [--json [--reveal-secrets]]',
  options: { ...DATA_DIR_OPTION, 'time-scale': { type: 'string' }, 'reveal-secrets': { type: 'boolean' }, ...RUN_OUTPUT_OPTIONS },
  details: [
    'Options:',
    DATA_DIR_HELP,
    TIME_SCALE_HELP,
    '                      (default: each run\'s own; pending deliveries of no run wait their retries in',
    '                      real time scaled by F)',
    RUN_OUTPUT_HELP,
    '  --reveal-secrets    With --json: print the secrets of resumed deliveries themselves (signing, secret',
    '                      headers) instead of sha256 fingerprints',
    '',
    'A run goes on with the steps it had not finished, its story clock where it stopped (a wait waits',
    'what was left); deliveries keep their ids (webhook-id), so receivers can deduplicate: delivery is',
    'at-least-once, and a request that was in flight when the process died is sent again.',
    'Exit status: 0 when every resumed run passed and every resumed delivery was delivered, 1',
    'otherwise, 2 when DIR does not exist; 130 when stopped by Ctrl+C (143 by SIGTERM): what is',
    'still pending stays saved for the next resume. A second Ctrl+C stops at once.',
  ].join('\n'),

  async run({ values }, ctx) {
    if (!stringOption(values, 'data-dir') && !ctx.env.HOOKBENCH_DATA_DIR) {
      throw new UsageError('--data-dir DIR is required (the directory of the run to resume)')
    }
    const dataDir = dataDirOption(values, ctx)
    // Opening would create it: a typo must not look like "nothing was pending".
    if (!existsSync(dataDir)) throw new UsageError(`no data directory at ${dataDir}: nothing to resume (check the path)`)
    const timeScale = values['time-scale'] === undefined ? undefined : runTimeScale(values)
    const print = (text: string) => ctx.stdout(text)
    return runWithProgress({
      dataDir,
      values,
      ctx,
      ...(timeScale !== undefined && { engineTimeScale: timeScale }),
      async play(session, signal) {
        const { api } = session
        // Taken before restoring: a delivery that fails at once (a request Node refuses) is final
        // before restore() returns, and must still be followed, reported and counted.
        const pending = (await unfinishedDeliveries(api)).filter((d) => d.runId === undefined)
        const reveal = values['reveal-secrets'] === true
        const stop = followAttempts(
          api,
          (d) => !values.json && d.runId === undefined,
          (delivery, attempt) => print(`${delivery.id}  ${describeAttempt(attempt, timeScale ?? 1)}\n`),
        )
        try {
          if (!values.json) print(`Resuming ${pending.length} pending deliver${pending.length === 1 ? 'y' : 'ies'}\n`)
          const runs = await resumeRuns(session, timeScale, signal, (count) => {
            if (!values.json && count > 0) print(`Continuing ${count} interrupted scenario run(s)\n`)
          })
          const finals = await untilDoneOrStopped(Promise.all(pending.map((d) => finalDelivery(api, d.id, reveal))), signal)
          for (const delivery of finals ?? []) print(values.json ? `${JSON.stringify({ type: 'delivery', ...delivery })}\n` : `${describeOutcome(delivery)}\n`)
          return { runs, ok: finals !== undefined && finals.every((d) => d.status === 'delivered') }
        } finally {
          stop()
        }
      },
    })
  },
}
