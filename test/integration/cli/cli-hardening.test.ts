import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commands } from '../../../src/main/cli/commands'
import { serveCommand } from '../../../src/main/cli/commands/serve'
import { commandHelp } from '../../../src/main/cli/run-cli'
import { runCliCaptured } from '../../support/run-cli'

/*
 * The CLI as a newcomer (and a fuzzer) meets it: what the user must fix exits 2 with one line, never
 * a stack trace or a silent 0; every command and command group answers --help.
 */

const all = [serveCommand(mkdtempSync(join(tmpdir(), 'hookbench-static-'))), ...commands]
const tmp = () => mkdtempSync(join(tmpdir(), 'hookbench-cli-hard-'))
const run = (...argv: string[]) => runCliCaptured(argv, { cwd: tmp(), all })

let target: Server
let targetUrl = ''
let seen = 0
beforeAll(async () => {
  target = createServer((req, res) => {
    seen++
    req.resume().on('end', () => res.writeHead(req.url === '/flaky' && seen % 2 === 1 ? 500 : 204).end())
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}`
})
afterAll(() => new Promise((resolve) => target.close(resolve)))

/** One line on stderr, no stack trace. */
const oneLine = (stderr: string) => {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(stderr).not.toMatch(/\n\s+at /)
}

describe('headers and JSON a request cannot carry', () => {
  it.each([
    ['a space in the name', 'Bad Name: v', /--header: "Bad Name" is not a header name/],
    ['a control character in the value', 'X-Team: a\u0000b', /--header: the value of "X-Team" holds a line break, NUL/],
  ])('fire --header with %s: usage error, nothing sent', async (_what, header, message) => {
    const before = seen
    const { code, stderr } = await run('fire', 'divshot', 'release', '--to', `${targetUrl}/ok`, '--header', header)
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
    oneLine(stderr)
    expect(seen).toBe(before)
  })

  it('fire --set and --template nested 5,000 levels deep: usage errors', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
    const set = await run('fire', 'divshot', 'release', '--to', `${targetUrl}/ok`, '--set', `data=${deep}`)
    expect([set.code, set.stderr]).toEqual([2, expect.stringMatching(/--set data: the value is nested more than 64 levels deep/)])
    const cwd = tmp()
    writeFileSync(join(cwd, 'deep.json'), deep)
    const template = await runCliCaptured(['fire', 'generic', 'deployed', '--to', `${targetUrl}/ok`, '--template', 'deep.json'], { cwd, all })
    expect([template.code, template.stderr]).toEqual([2, expect.stringMatching(/--template: deep.json is nested more than 64 levels deep/)])
  })
})

describe('what the user must fix exits 2', () => {
  it('a --data-dir that is a file, or below a file', async () => {
    const cwd = tmp()
    writeFileSync(join(cwd, 'a-file'), '')
    for (const dir of ['a-file', 'a-file/below']) {
      const { code, stderr } = await runCliCaptured(['scenarios', 'list', '--data-dir', dir], { cwd, all })
      expect(code).toBe(2)
      expect(stderr).toMatch(new RegExp(`^hookbench scenarios list: cannot use ${join(cwd, dir)} as the data directory: (it|part of the path) is a file`))
      oneLine(stderr)
    }
    const serve = await runCliCaptured(['serve', '--port', '0', '--receiver-port', '0', '--data-dir', 'a-file'], { cwd, all })
    expect([serve.code, serve.stderr]).toEqual([2, expect.stringMatching(/it is a file, not a directory/)])
  })

  it('a busy port for serve (UI or receiver) and receive', async () => {
    const busy = targetUrl.split(':').at(-1)!
    for (const flag of ['--port', '--receiver-port']) {
      const other = flag === '--port' ? '--receiver-port' : '--port'
      const { code, stderr } = await run('serve', flag, busy, other, '0', '--data-dir', tmp())
      expect(code).toBe(2)
      expect(stderr).toBe(`hookbench serve: port ${busy} on 127.0.0.1 is already in use; choose another with ${flag} (0 picks a free one)\n`)
    }
    expect((await run('receive', '--port', busy)).code).toBe(2)
  })

  it('resume on a directory that does not exist: a clear line, and nothing created', async () => {
    const missing = join(tmp(), 'typo')
    const { code, stdout, stderr } = await run('resume', '--data-dir', missing)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(`no data directory at ${missing}: nothing to resume`)
    expect(existsSync(missing)).toBe(false)
  })

  it('--out and --report pointing where nothing can be written', async () => {
    const cwd = tmp()
    writeFileSync(join(cwd, 'a-file'), 'kept')
    mkdirSync(join(cwd, 'a-dir'))
    const cases: Array<[string[], RegExp]> = [
      [['export', 'fixtures', '--out', 'a-file'], /--out .*a-file is a file; give a directory/],
      [['export', 'schema', '--out', 'a-file/x'], /--out .*a-file\/x is below a file, not a directory/],
      [['scenarios', 'schema', '--out', 'a-dir'], /--out .*a-dir is a directory; give a file name/],
      [['scenarios', 'export', 'divshot-release', '--out', 'a-dir', '--data-dir', 'data'], /--out .*a-dir is a directory; give a file name/],
      [['scenarios', 'export', 'divshot-release', '--out', 'a-file/x.yaml', '--data-dir', 'data'], /a-file is a file, not a directory/],
      [['run', 'divshot-release', '--time-scale', '0', '--report', 'a-dir'], /--report .*a-dir is a directory; give a file name/],
      [['check', `${targetUrl}/ok`, '--provider', 'generic', '--report', 'a-file/check.xml'], /--report .*a-file is a file, not a directory/],
    ]
    for (const [argv, message] of cases) {
      const { code, stderr } = await runCliCaptured(argv, { cwd, all })
      expect([argv.join(' '), code]).toEqual([argv.join(' '), 2])
      expect(stderr).toMatch(message)
      oneLine(stderr)
    }
    expect(readFileSync(join(cwd, 'a-file'), 'utf8')).toBe('kept')
    expect(readdirSync(join(cwd, 'a-dir'))).toEqual([])
  })

  it('--report and --out make their folder when it is missing', async () => {
    const cwd = tmp()
    const run = await runCliCaptured(['run', 'divshot-release', '--time-scale', '0', '--report', 'reports/ci/junit.xml'], { cwd, all })
    expect(run.code).toBe(0)
    expect(readFileSync(join(cwd, 'reports', 'ci', 'junit.xml'), 'utf8')).toContain('<testsuites')
    const exported = await runCliCaptured(['scenarios', 'export', 'divshot-release', '--out', 'out/x.yaml', '--data-dir', 'data'], { cwd, all })
    expect(exported.code).toBe(0)
    expect(readFileSync(join(cwd, 'out', 'x.yaml'), 'utf8')).toContain('version: 1')
  })
})

describe('--help everywhere', () => {
  it('every command answers --help and -h with its usage, exit 0', async () => {
    for (const command of all) {
      for (const flag of ['--help', '-h']) {
        const { code, stdout } = await run(...command.name.split(' '), flag)
        expect([command.name, code]).toEqual([command.name, 0])
        expect(stdout).toBe(commandHelp(command))
      }
    }
  })

  it.each(['export', 'scenarios', 'runs'])('the group "%s" lists its commands', async (group) => {
    const { code, stdout } = await run(group, '--help')
    expect(code).toBe(0)
    expect(stdout).toMatch(new RegExp(`^Usage: hookbench ${group} <command> \\[options\\]\\n`))
    for (const command of all.filter((c) => c.name.startsWith(`${group} `))) expect(stdout).toContain(`  ${command.name}`)
    expect(stdout).toContain(`"hookbench ${group} <command> --help"`)
  })

  it('every option that takes a secret documents the = form for secrets beginning with "-"', () => {
    for (const command of all) {
      const help = commandHelp(command)
      for (const name of Object.keys(command.options).filter((n) => /secret/.test(n) && command.options[n]!.type === 'string' && n !== 'secret-header')) {
        expect([command.name, help]).toEqual([command.name, expect.stringContaining(`--${name}=`)])
        expect(help).toMatch(/(begin|beginning) with "-"/)
      }
    }
  })

  it("examples that send somewhere say what must listen there; receive's examples keep off serve's 4781", () => {
    for (const command of all) {
      const help = commandHelp(command)
      if (/Examples[^\n]*\n(?:.*\n)*.*--to http/.test(help)) expect([command.name, help]).toEqual([command.name, expect.stringMatching(/Examples \([^)]*(listening|needs)/)])
    }
    const receive = commandHelp(all.find((c) => c.name === 'receive')!)
    const examples = receive.slice(receive.indexOf('Examples:'))
    expect(examples).toMatch(/hookbench receive --port 3000/)
    expect(examples).not.toMatch(/4781/)
  })
})

describe('fire under a time scale', () => {
  it('prints each retry wait as it will happen, then as scheduled', async () => {
    const { code, stdout } = await run('fire', 'divshot', 'release', '--to', `${targetUrl}/flaky`, '--retry', 'standard-webhooks', '--time-scale', '0.001')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^attempt 1 {2}500 Internal Server Error {2}\d+ ms {2}retry in 5 ms \(5 s at time-scale 0\.001\)\n/)
    expect(stdout).toMatch(/\nattempt 2 {2}204 No Content {2}\d+ ms {2}delivered\n/)
  })
})
