import { execFile, execFileSync, spawn } from 'node:child_process'
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI_PATH } from '../../support/paths'

/*
 * Files named on the command line that are not scenario files: a device that never ends, a FIFO
 * nobody writes to, a 2 GB file, a directory. Each is refused at once, in words, without reading it.
 */
const dir = mkdtempSync(join(tmpdir(), 'hookbench-input-files-'))
const fifo = join(dir, 'pipe.yaml')
execFileSync('mkfifo', [fifo])
const huge = join(dir, 'huge.yaml')
const handle = openSync(huge, 'w')
ftruncateSync(handle, 2 * 1024 ** 3)
closeSync(handle)
const folder = join(dir, 'folder.yaml')
mkdirSync(folder)
/** A valid file near the limit: a tenth of a second to validate. */
const file = join(dir, 'long.yaml')
writeFileSync(file, `version: 1\nname: long\nprovider: generic\ndescription: "${'y'.repeat(900_000)}"\nsteps:\n  - fire: deploy.succeeded\n`)
const small = join(dir, 'big-line.yaml')
writeFileSync(small, `version: 1\nname: "${'x'.repeat(1_000_001)}"\n`)

const cli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = Date.now()
    execFile(process.execPath, [CLI_PATH, ...args], { cwd: dir, env: { ...process.env, CI: 'true' }, timeout: 10_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr, ms: Date.now() - started }),
    )
  })

const cases = [
  ['/dev/zero', 'is not a regular file (a character device); give a file'],
  ['/dev/urandom', 'is not a regular file (a character device); give a file'],
  [fifo, 'is not a regular file (a FIFO); give a file'],
  [huge, 'is too large (2.1 GB); a scenario file is at most 1 MB'],
  [small, 'is too large (1 MB); a scenario file is at most 1 MB'],
  [folder, 'is a directory, not a file'],
  [join(dir, 'missing.yaml'), 'cannot be read: no such file'],
  [join(small, 'inside.yaml'), 'cannot be read: a part of the path is not a directory'],
] as const

describe('files that are not scenario files', () => {
  it('scenarios validate refuses each at once, one line each, exit 2', { timeout: 30_000 }, async () => {
    const result = await cli(['scenarios', 'validate', ...cases.map(([path]) => path)])
    expect(result.stderr.split('\n').filter(Boolean)).toEqual(cases.map(([path, problem]) => `${path}: (file): ${problem}`))
    expect(result.code).toBe(2)
    expect(result.ms).toBeLessThan(5_000)
  })

  it('run and scenarios import say the same, and fire --template too', { timeout: 30_000 }, async () => {
    const run = await cli(['run', fifo, '--time-scale', '0'])
    expect(run.stderr).toBe(`hookbench run: ${fifo} is not a regular file (a FIFO); give a file (see "hookbench run --help")\n`)
    expect(run.code).toBe(2)
    expect((await cli(['run', 'no-such-scenario'])).stderr).toMatch(/no scenario file or built-in scenario "no-such-scenario"/)
    const imported = await cli(['scenarios', 'import', '/dev/zero', '--data-dir', join(dir, 'data')])
    expect(imported.stderr).toBe('hookbench scenarios import: /dev/zero is not a regular file (a character device); give a file (see "hookbench scenarios import --help")\n')
    const fired = await cli(['fire', 'generic', 'deploy', '--to', 'http://127.0.0.1:9/', '--template', '/dev/urandom', '--data-dir', join(dir, 'data')])
    expect(fired.stderr).toMatch(/^hookbench fire: --template: \/dev\/urandom is not a regular file \(a character device\); give a file/)
    expect(fired.code).toBe(2)
  })
})

describe('scenarios validate stopped by a signal', () => {
  it('a long list of files stops at SIGTERM, before the end of the list, exit 143', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, [CLI_PATH, 'scenarios', 'validate', ...Array<string>(900).fill(file)], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    await expect.poll(() => stdout.split('\n').length, { timeout: 10_000 }).toBeGreaterThan(3)
    const signalled = Date.now()
    child.kill('SIGTERM')
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(Date.now() - signalled).toBeLessThan(3_000)
    expect(code).toBe(143)
    expect(stdout.split('\n').filter(Boolean).length).toBeLessThan(900)
  })
})

describe('output piped into a reader that stops', () => {
  it('ends quietly, without a trace', { timeout: 30_000 }, async () => {
    const result = await new Promise<{ stderr: string }>((resolve) =>
      execFile('sh', ['-c', `"${process.execPath}" "${CLI_PATH}" scenarios validate ${Array(200).fill('long.yaml').join(' ')} | head -1`], { cwd: dir, timeout: 20_000 }, (_error, _stdout, stderr) =>
        resolve({ stderr }),
      ),
    )
    expect(result.stderr).toBe('')
  })
})

describe('scenarios validate ends as soon as its verdicts are written', () => {
  /** A small valid file under a long name: a thousand verdicts are ~150 KB, more than a pipe holds. */
  const named = join(dir, `${'n'.repeat(120)}.yaml`)
  writeFileSync(named, 'version: 1\nname: short\nprovider: generic\nsteps:\n  - fire: deploy.succeeded\n')
  const broken = join(dir, 'broken.yaml')
  writeFileSync(broken, 'version: 2\nname: x\nprovider: generic\nsteps:\n  - wait: soon\n')
  const verdicts = `${Array<string>(999).fill(`${named}: ok`).join('\n')}\n`

  it('with every verdict, into a pipe its reader is slow to empty and into files, and with its exit status', { timeout: 60_000 }, async () => {
    const args = ['scenarios', 'validate', ...Array<string>(999).fill(named), broken]
    const piped = await new Promise<string>((resolve) =>
      execFile('sh', ['-c', `"${process.execPath}" "${CLI_PATH}" "$@" 2>/dev/null | (sleep 1; cat)`, 'sh', ...args], { cwd: dir, timeout: 30_000, maxBuffer: 1 << 24 }, (_error, stdout) => resolve(stdout)),
    )
    expect(piped).toBe(verdicts)
    const out = join(dir, 'verdicts.txt')
    const err = join(dir, 'problems.txt')
    const [outFd, errFd] = [openSync(out, 'w'), openSync(err, 'w')]
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: dir, stdio: ['ignore', outFd, errFd] })
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    closeSync(outFd)
    closeSync(errFd)
    expect(code).toBe(2)
    expect(readFileSync(out, 'utf8')).toBe(verdicts)
    expect(readFileSync(err, 'utf8')).toBe(`${broken}:1:10: version: 2 is not allowed here: write 1\n${broken}:5:11: steps[0].wait: must be a duration like 250ms, 30s, 2m, 1h30m or 3d\n`)
  })
})
