import { existsSync } from 'node:fs'
import { summarizeRun } from '../../../shared/schemas/run'
import { openEngine } from '../../host/open-engine'
import { redactDelivery } from '../../signing/redact'
import { startReceiver } from '../../host/start-receiver'
import { describeAttempt, describeOutcome } from '../attempt-lines'
import { followAttempts } from '../follow-attempts'
import { type Command, EXIT, UsageError, stringOption } from '../command'
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, dataDirOption, timeScaleOption } from '../shared-options'
import { stopExitCode, untilDoneOrStopped } from '../stop-signals'

/** `hookbench resume`: finish what a crashed or killed run left pending in a data directory. */
export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Send the deliveries a stopped or crashed run left pending, continue interrupted scenario runs, then exit',
  usage: 'hookbench resume --data-dir DIR [--time-scale F] [--json [--reveal-secrets]]',
  options: { json: { type: 'boolean' }, 'reveal-secrets': { type: 'boolean' }, ...ENGINE_OPTIONS },
  details: [
    'Options:',
    ENGINE_OPTIONS_HELP,
    '  --json              One JSON line per finished delivery (secrets as sha256 fingerprints)',
    '  --reveal-secrets    With --json: print the secrets themselves (signing, secret headers)',
    '',
    'Deliveries keep their ids (webhook-id), so receivers can deduplicate: delivery is at-least-once,',
    'and a request that was in flight when the run died is sent again.',
    'Exit status: 0 when every resumed delivery was delivered, 1 otherwise, 2 when DIR does not exist;',
    '130 when stopped by Ctrl+C (143 by SIGTERM): deliveries still pending stay saved for the next resume.',
    'A second Ctrl+C stops at once.',
  ].join('\n'),

  async run({ values }, ctx) {
    if (!stringOption(values, 'data-dir') && !ctx.env.HOOKBENCH_DATA_DIR) {
      throw new UsageError('--data-dir DIR is required (the directory of the run to resume)')
    }
    const dataDir = dataDirOption(values, ctx)
    // Opening would create it: a typo must not look like "nothing was pending".
    if (!existsSync(dataDir)) throw new UsageError(`no data directory at ${dataDir}: nothing to resume (check the path)`)
    const timeScale = timeScaleOption(values)
    const opened = await openEngine({
      dataDir,
      host: 'cli',
      timeScale,
      resume: false,
      log: (line) => ctx.stderr(`${line}\n`),
    })
    const { engine } = opened
    // Interrupted runs may send to the built-in receiver: it listens again (on a new port their
    // subscriptions follow) before anything is resumed. A receiver that cannot start ends the command.
    const receiver = await startReceiver(engine, { host: '127.0.0.1', port: 0 }).catch(async (error: unknown) => {
      await opened.close()
      throw error
    })
    // Taken before restoring: a delivery that fails at once (a request Node refuses) is final
    // before restore() returns, and must still be followed, reported and counted.
    const resumed = engine.deliveries.unfinished()
    const stop = followAttempts(
      engine,
      () => !values.json,
      (delivery, attempt) => ctx.stdout(`${delivery.id}  ${describeAttempt(attempt, timeScale)}\n`),
    )
    try {
      if (!values.json) ctx.stdout(`Resuming ${resumed.length} pending deliver${resumed.length === 1 ? 'y' : 'ies'}\n`)
      // Taken before restoring too: a run that cannot be continued (its scenario is refused now) is
      // failed by restore() and must still be reported.
      const interrupted = engine.runs.list().filter((run) => run.status === 'running')
      await engine.restore()
      if (!values.json && interrupted.length > 0) ctx.stdout(`Continuing ${interrupted.length} interrupted scenario run(s)\n`)
      const done = await untilDoneOrStopped(
        Promise.all([Promise.all(resumed.map((d) => engine.deliveries.whenFinal(d.id))), Promise.all(interrupted.map((run) => engine.runs.whenDone(run.id)))]),
        ctx.signal,
      )
      if (!done) {
        ctx.stderr('hookbench: stopped; deliveries still pending are saved: run "hookbench resume" again to send them\n')
        return stopExitCode(ctx.signal)
      }
      const [finals, runs] = done
      for (const delivery of finals) {
        ctx.stdout(values.json ? `${JSON.stringify(values['reveal-secrets'] ? delivery : redactDelivery(delivery))}\n` : `${describeOutcome(delivery)}\n`)
      }
      for (const run of runs) ctx.stdout(values.json ? `${JSON.stringify(summarizeRun(run))}\n` : `${run.status}: ${run.scenarioName} (${run.reason ?? ''})\n`)
      return finals.every((d) => d.status === 'delivered') && runs.every((run) => run.status === 'passed') ? EXIT.ok : EXIT.failed
    } finally {
      stop()
      await receiver.close()
      await opened.close()
    }
  },
}
