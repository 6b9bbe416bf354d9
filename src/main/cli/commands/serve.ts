import { spawn } from 'node:child_process'
import { type Command, EXIT, UsageError, portOption, stringOption } from '../command'
import { listed } from '../command-summaries'
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, dataDirOption, timeScaleOption, untilAborted } from '../shared-options'
import { openSession } from '../../host/open-engine'
import { serveWeb } from '../../web/serve-web'
import { isLoopbackHost, tokenProblem } from '../../web/access-token'

/** Web mode: the desktop UI served to a browser, for WSL, containers and remote boxes. */
export function serveCommand(staticDir: string): Command {
  return {
    ...listed('serve'),
    usage: 'hookbench serve [--host 127.0.0.1] [--port 4780] [--receiver-port 4781] [--token T] [--data-dir DIR] [--no-open]',
    options: {
      host: { type: 'string' },
      token: { type: 'string' },
      port: { type: 'string' },
      'receiver-port': { type: 'string' },
      'no-open': { type: 'boolean' },
      ...ENGINE_OPTIONS,
    },
    details: [
      'Options:',
      '  --host ADDR         Address to bind (default 127.0.0.1; 0.0.0.0 exposes it to your network,',
      '                      and then the UI asks for an access token, printed in its link)',
      '  --token T           The access token to ask for (16+ letters, digits, . _ ~ -); default: a fresh',
      '                      random one when --host is not loopback, none on loopback',
      '  --port N            UI and API port (default 4780; 0 picks a free port)',
      '  --receiver-port N   Built-in receiver port (default 4781; 0 picks a free port)',
      '  --no-open           Do not open a browser',
      ENGINE_OPTIONS_HELP,
    ].join('\n'),
    async run({ values }, ctx) {
      const host = stringOption(values, 'host') ?? '127.0.0.1'
      const token = stringOption(values, 'token')
      const problem = token === undefined ? undefined : tokenProblem(token)
      if (problem) throw new UsageError(`--token: ${problem}`)
      const port = portOption(values, 'port', 4780)
      const receiverPort = portOption(values, 'receiver-port', 4781)
      const opened = await openSession({
        dataDir: dataDirOption(values, ctx),
        host: 'web',
        timeScale: timeScaleOption(values),
        log: (line) => ctx.stderr(`${line}\n`),
        background: true,
      })
      try {
        const receiver = await opened.startReceiver({ host, port: receiverPort })
        const web = await serveWeb(opened, { host, port, staticDir, token }).catch(async (error: unknown) => {
          await receiver.close()
          throw error
        })
        if (!isLoopbackHost(host)) ctx.stderr(exposureWarning(host))
        ctx.stdout(`Hookbench UI:       ${web.url}\n`)
        ctx.stdout(`Receiver:           ${receiver.url}r/inbox (any path under ${receiver.url}r/<endpoint>)\n`)
        ctx.stdout(`Data directory:     ${opened.dataDir}\n`)
        ctx.stdout('Press Ctrl-C to stop.\n')
        if (!values['no-open'] && process.stdout.isTTY && !ctx.env.CI) openBrowser(web.url)
        // The history is read meanwhile; one that cannot be read (or pending deliveries that cannot be resumed) stops serve.
        const failed = opened.ready.then(
          (resumed) => {
            if (resumed > 0) ctx.stdout(`Resumed ${resumed} pending deliveries from the last run\n`)
            return new Promise<never>(() => {})
          },
          (error: unknown) => ({ error }),
        )
        const stop = await Promise.race([untilAborted(ctx.signal), failed])
        await web.close()
        await receiver.close()
        if (stop) throw stop.error
        return EXIT.ok
      } finally {
        await opened.close()
      }
    },
  }
}

/** Said once at start when other machines can reach the UI. */
export function exposureWarning(host: string): string {
  return [
    `hookbench: warning: the UI and API listen on ${host}, reachable from other machines on your network.`,
    '  Anyone with the link below (its token included) can fire webhooks and read deliveries, captures and secrets;',
    '  share it only with people you trust, or use --host 127.0.0.1 to keep Hookbench on this machine.',
    '',
  ].join('\n')
}

function openBrowser(url: string) {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open'
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true })
  child.on('error', () => {})
  child.unref()
}
