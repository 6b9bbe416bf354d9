import { createHmac } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { verify as octokitVerify } from '@octokit/webhooks-methods'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliContext } from '../../../src/main/cli/command'
import { commands } from '../../../src/main/cli/commands'
import { PLATFORMS } from '../../../src/shared/platforms'
import { describeOptions } from '../../../src/shared/platforms/options'
import { parseDuration } from '../../../src/main/cli/commands/receive'
import { runCli } from '../../../src/main/cli/run-cli'
import { runCliCaptured } from '../../support/run-cli'

async function run(...argv: string[]) {
  return runIn(mkdtempSync(join(tmpdir(), 'hookbench-cli-')), ...argv)
}

const runIn = (cwd: string, ...argv: string[]) => runCliCaptured(argv, { cwd })

let server: Server
let base = ''
const requests: Array<{ url?: string; headers: Record<string, unknown>; body: string }> = []
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      requests.push({ url: req.url, headers: req.headers, body })
      res.statusCode = req.url === '/fail' ? 500 : 204
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

describe('hookbench fire', () => {
  it('delivers, prints the attempt and exits 0', async () => {
    const { code, stdout } = await run('fire', 'qovery', 'DEPLOYMENT_FAILURE', '--to', `${base}/ok`, '--secret', 's3cr3t-key', '--set', 'payload.project.name=Shop')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^attempt 1 {2}204 No Content {2}\d+ ms {2}delivered\n/)
    const last = requests.at(-1)!
    expect(last.headers['qovery-secret']).toBe('s3cr3t-key')
    expect(JSON.parse(last.body)).toMatchObject({ event_type: 'DEPLOYMENT_FAILURE', payload: { project: { name: 'Shop' } } })
  })

  it('exits 1 when the delivery fails, and prints JSON with --json', async () => {
    const { code, stdout } = await run('fire', 'ocean-cd', 'rollout-failed', '--to', `${base}/fail`, '--json')
    expect(code).toBe(1)
    expect(JSON.parse(stdout)).toMatchObject({ status: 'failed', attempts: [{ n: 1, response: { status: 500 } }] })
  })

  it('signs with the chosen scheme and adds custom headers', async () => {
    const { code } = await run('fire', 'divshot', 'release', '--to', `${base}/ok`, '--scheme', 'github', '--secret', 'x', '--header', 'User-Agent: ci-bot/2')
    expect(code).toBe(0)
    expect(requests.at(-1)!.headers['user-agent']).toBe('ci-bot/2')
    expect(requests.at(-1)!.headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/)
  })

  it.each([
    [['fire', 'divshot', 'release', '--to', 'http://127.0.0.1:9/', '--set', 'data.release.version=twelve'], /data\.release\.version: .*number.*--allow-invalid/],
    [['fire', 'nope', 'release', '--to', 'http://127.0.0.1:9/'], /unknown provider "nope"; choose one of ocean-cd, qovery/],
    [['fire', 'divshot', 'deploy', '--to', 'http://127.0.0.1:9/'], /divshot has no event "deploy"/],
    [['fire', 'divshot', 'release'], /--to URL is required/],
    [['fire', 'divshot', 'release', '--to', 'ftp://x'], /url: must be an http/],
    [['fire', 'divshot', 'release', '--to', 'http://x/', '--retry', 'sometimes'], /--retry/],
    [['fire', 'divshot', 'release', '--to', 'http://x/', '--scheme', 'standard'], /needs --secret/],
    [
      ['fire', 'divshot', 'release', '--to', 'http://x/', '--secret', 'whsec_abc$'],
      /--secret: a standard secret is "whsec_" followed by base64 \(24–64 random bytes\); "\$" is not base64 \(character 4 after "whsec_"\) \(standard is the default scheme for divshot; choose another with --scheme\)/,
    ],
    [['fire', 'divshot', 'release', '--to', 'http://x/', '--scheme', 'standard', '--secret', 'whsec_'], /--secret: a standard secret .*; nothing follows "whsec_" \(see/],
    [['fire', 'divshot', 'release', '--to', 'http://x/', '--scheme', 'github', '--secret', ''], /--secret: a github secret cannot be empty/],
    [['fire', 'qovery', 'DEPLOYMENT_FAILURE', '--to', 'http://x/', '--secret', 'key\r\nX-Injected: 1'], /--secret: a native secret .* valid header value; it contains a carriage return/],
    [['fire', 'divshot', 'release', '--to', 'http://x/', '--scheme', 'github', '--secret', '-abc'], /--secret needs a value; use --secret=VALUE for a value beginning with "-"/],
    [['fire', 'divshot', 'release', '--to', 'http://x/', '--secret'], /--secret needs a value; use --secret=VALUE/],
  ])('is a usage error (exit 2, one line) for %j', async (argv, message) => {
    const { code, stderr } = await run(...argv)
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })

  it('takes --secret=VALUE for a secret beginning with "-", and says so in --help', async () => {
    const { code } = await run('fire', 'divshot', 'release', '--to', `${base}/ok`, '--scheme', 'github', '--secret=-abc')
    expect(code).toBe(0)
    const last = requests.at(-1)!
    await expect(octokitVerify('-abc', last.body, String(last.headers['x-hub-signature-256']))).resolves.toBe(true)
    expect((await run('fire', '--help')).stdout).toContain('also takes secrets that begin with "-"')
  })

  it('fire --help lists every option of the chosen platform, and only that platform\'s', async () => {
    for (const platform of PLATFORMS) {
      const help = (await run('fire', platform.id, '--help')).stdout
      for (const option of describeOptions(platform.options)) expect(help).toContain(`  ${option.flag} `)
      const others = PLATFORMS.filter((p) => p.id !== platform.id).flatMap((p) => describeOptions(p.options).map((o) => o.flag))
      for (const flag of others.filter((f) => !describeOptions(platform.options).some((o) => o.flag === f))) expect(help).not.toContain(`  ${flag} `)
    }
    const all = (await run('fire', '--help')).stdout
    for (const platform of PLATFORMS) for (const option of describeOptions(platform.options)) expect(all).toContain(`  ${option.flag} `)
  })

  it('reaches every platform option from the command line: Qovery SLACK with both secret headers, CharlesCD hermes-wire', async () => {
    expect((await run('fire', 'qovery', 'DEPLOYMENT_FAILURE', '--to', `${base}/ok`, '--kind', 'SLACK', '--secret-header', 'both', '--secret=s3cr3t')).code).toBe(0)
    const slack = requests.at(-1)!
    expect(JSON.parse(slack.body)).toEqual({ text: expect.stringContaining('FAILED') })
    expect([slack.headers['qovery-secret'], slack.headers['qovery-signature']]).toEqual(['s3cr3t', 's3cr3t'])
    expect((await run('fire', 'charlescd', 'FINISH_DEPLOY', '--to', `${base}/ok`, '--format', 'hermes-wire', '--set', 'release.tag=release-2.0.0')).code).toBe(0)
    const hermes = requests.at(-1)!
    expect(JSON.parse(JSON.parse(JSON.parse(hermes.body).content))).toMatchObject({ release: { tag: 'release-2.0.0' } })
    const wrong = await run('fire', 'divshot', 'release', '--to', `${base}/ok`, '--kind', 'SLACK')
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('--kind is an option of qovery, not of divshot') })
  })

  it('signs with an unusually short standard key, warning that the spec asks for 24–64 bytes', async () => {
    const { code, stderr } = await run('fire', 'divshot', 'release', '--to', `${base}/ok`, '--secret', 'mysecret')
    expect(code).toBe(0)
    expect(stderr).toBe('hookbench: warning: --secret: the standard key is 6 bytes; the spec asks for 24–64 random bytes\n')
    const last = requests.at(-1)!
    expect(new Webhook('mysecret').verify(last.body, last.headers as Record<string, string>)).toMatchObject({ event: 'release' })
  })

  it('divshot retries: exactly six requests with the same body, then exit 1 (time scaled)', async () => {
    const before = requests.length
    const { code, stdout } = await run('fire', 'divshot', 'release', '--to', `${base}/fail`, '--retry', 'divshot', '--time-scale', '0.001')
    expect(code).toBe(1)
    const made = requests.slice(before)
    expect(made).toHaveLength(6)
    expect(new Set(made.map((r) => r.body)).size).toBe(1)
    expect(stdout.match(/^attempt \d/gm)).toHaveLength(6)
    expect(stdout).toContain('retries exhausted after 6 attempts')
  })

  it('fires a generic event from a template file', async () => {
    const { cwd } = await run('events')
    writeFileSync(join(cwd, 'tpl.json'), '{"kind":"{{event}}","at":"{{timestamp.unix}}"}')
    const ctxRun = await runIn(cwd, 'fire', 'generic', 'build.done', '--to', `${base}/ok`, '--template', 'tpl.json')
    expect(ctxRun.code).toBe(0)
    expect(JSON.parse(requests.at(-1)!.body)).toEqual({ kind: 'build.done', at: expect.any(Number) })
    expect((await runIn(cwd, 'fire', 'generic', 'x', '--to', `${base}/ok`, '--template', 'missing.json')).stderr).toMatch(/--template: missing\.json cannot be read: no such file/)
    expect((await runIn(cwd, 'fire', 'divshot', 'release', '--to', `${base}/ok`, '--template', 'tpl.json')).code).toBe(2)
  })

  it('--allow-invalid sends the malformed payload on purpose', async () => {
    const { code } = await run('fire', 'divshot', 'release', '--to', `${base}/ok`, '--set', 'data.release.version=twelve', '--allow-invalid')
    expect(code).toBe(0)
    expect(JSON.parse(requests.at(-1)!.body).data.release.version).toBe('twelve')
  })
})

describe('catalog commands', () => {
  it('lists the events of one provider', async () => {
    const { code, stdout } = await run('events', 'charlescd')
    expect(code).toBe(0)
    expect(stdout).toContain('FINISH_UNDEPLOY')
    expect(stdout).not.toContain('rollout-started')
    expect((await run('events', 'nope')).code).toBe(2)
  })

  it('exports fixtures and schemas as files', async () => {
    const fixtures = await run('export', 'fixtures', '--provider', 'divshot', '--out', 'fx')
    expect(fixtures.stdout).toBe(`Wrote 1 fixtures to ${join(fixtures.cwd, 'fx')}\n`)
    expect(JSON.parse(readFileSync(join(fixtures.cwd, 'fx', 'divshot', 'release.json'), 'utf8'))).toMatchObject({ event: 'release' })
    const schemas = await run('export', 'schema')
    expect(schemas.code).toBe(0)
    expect(readdirSync(join(schemas.cwd, 'schemas'))).toEqual(['charlescd', 'divshot', 'ocean-cd', 'qovery'])
    expect(existsSync(join(schemas.cwd, 'schemas', 'ocean-cd', 'controller-heartbeat-failure.schema.json'))).toBe(true)
  })
})

describe('hookbench receive', () => {
  it('prints one line per request until stopped', async () => {
    const abort = new AbortController()
    let stdout = ''
    let stderr = ''
    const ctx: CliContext = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: tmpdir(), signal: abort.signal }
    const running = runCli(commands, ['receive', '--port', '0', '--fail-first', '1', '--verify', 'github:x'], ctx)
    await expect.poll(() => stderr).toMatch(/Receiving on http:\/\/127\.0\.0\.1:\d+\//)
    const url = /Receiving on (\S+)/.exec(stderr)![1]!
    expect((await fetch(`${url}hooks?x=1`, { method: 'POST', body: '{}' })).status).toBe(500)
    expect((await fetch(`${url}hooks`, { method: 'POST', body: '{}' })).status).toBe(200)
    await expect.poll(() => stdout.split('\n').filter(Boolean).length).toBe(2)
    expect(stdout).toMatch(/POST \/hooks\?x=1 {2}500 {2}2 B {2}signature header_missing\n.*POST \/hooks {2}200/)
    abort.abort()
    await expect(running).resolves.toBe(0)
  })
})

describe('hookbench receive --verify', () => {
  it.each([
    [['--verify', 'standard:whsec_abc$'], /^hookbench receive: --verify: a standard secret is "whsec_" followed by base64 .*"\$" is not base64/],
    [['--verify', 'native: padded'], /--verify: a native secret .*starts with whitespace/],
    [['--verify'], /--verify needs a value; use --verify=VALUE/],
  ])('refuses %j with exit 2 before listening', async (flags, message) => {
    const { code, stderr } = await run('receive', '--port', '0', ...flags)
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
    expect(stderr).not.toContain('Receiving on')
  })

  it('takes --verify=scheme:secret', async () => {
    const abort = new AbortController()
    let stdout = ''
    let stderr = ''
    const ctx: CliContext = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: tmpdir(), signal: abort.signal }
    const running = runCli(commands, ['receive', '--port', '0', '--verify=github:-abc'], ctx)
    await expect.poll(() => stderr).toMatch(/Receiving on http:\/\/127\.0\.0\.1:\d+\//)
    const url = /Receiving on (\S+)/.exec(stderr)![1]!
    const signature = `sha256=${createHmac('sha256', '-abc').update('{}').digest('hex')}`
    expect((await fetch(url, { method: 'POST', body: '{}', headers: { 'X-Hub-Signature-256': signature } })).status).toBe(200)
    await expect.poll(() => stdout).toMatch(/signature ok\n$/)
    abort.abort()
    await expect(running).resolves.toBe(0)
  })
})

describe('receive options', () => {
  it('reads durations', () => {
    expect(parseDuration('250ms', '--delay')).toBe(250)
    expect(parseDuration('2s', '--delay')).toBe(2000)
    expect(parseDuration('1m', '--delay')).toBe(60_000)
    expect(parseDuration('40', '--delay')).toBe(40)
    expect(() => parseDuration('soon', '--delay')).toThrow(/duration like 250ms/)
  })
})
