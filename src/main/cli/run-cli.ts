import { parseArgs } from 'node:util'
import { type CliContext, type Command, EXIT, UsageError } from './command'
import type { ListedCommand } from './command-list'
import { VERSION } from '../version'
import { SetupError } from '../core/errors'

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const

/** A command, or (the `hookbench` binary) its name and summary with the rest loaded when it is used. */
export type CliCommand = Command | ListedCommand

type Listing = Pick<Command, 'name' | 'summary'>

/** Finds the command whose (possibly multi-word) name prefixes argv, longest first. */
function findCommand<C extends Listing>(commands: C[], argv: string[]): { command: C; rest: string[] } | undefined {
  const byLength = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)
  for (const command of byLength) {
    const words = command.name.split(' ')
    if (words.every((word, i) => argv[i] === word)) return { command, rest: argv.slice(words.length) }
  }
  return undefined
}

/** `unknown command "x"`, or for a group (`scenarios`, `export`) what follows its name. */
function unknownCommand(commands: Listing[], [first = '', second]: string[]): string {
  if (first.startsWith('-')) return `unknown option "${first}"`
  const group = groupOf(commands, first).map((c) => c.name.slice(first.length + 1))
  if (group.length === 0) return `unknown command "${first}"`
  const what = second === undefined || second.startsWith('-') ? `"${first}" needs a subcommand` : `unknown command "${first} ${second}"`
  return `${what}: ${group.join(', ')}`
}

export function commandHelp(command: Command, positionals: string[] = []): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary]
  const details = typeof command.details === 'function' ? command.details(positionals) : command.details
  if (details) lines.push('', details.trimEnd())
  return lines.join('\n') + '\n'
}

/** The commands named `<group> …` (`scenarios list`, `export schema`). */
function groupOf(commands: Listing[], group: string): Listing[] {
  return commands.filter((c) => c.name.startsWith(`${group} `))
}

/** `hookbench scenarios --help`: the group's commands, each with its summary. */
export function groupHelp(group: string, members: Listing[]): string {
  const width = Math.max(...members.map((c) => c.name.length))
  return [
    `Usage: hookbench ${group} <command> [options]`,
    '',
    'Commands:',
    ...members.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `"hookbench ${group} <command> --help" shows that command's options.`,
    '',
  ].join('\n')
}

export function programHelp(commands: Listing[]): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    'Hookbench: simulate and inspect deployment webhooks.',
    '',
    'Usage: hookbench <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     Show help (also after any command)',
    '  -v, --version  Show the version',
    '',
  ].join('\n')
}

/** Parses argv, runs the matching command and returns the process exit code. Never throws. */
export async function runCli(commands: CliCommand[], argv: string[], ctx: CliContext): Promise<number> {
  const [first] = argv
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    ctx.stdout(programHelp(commands))
    return first === undefined ? EXIT.usage : EXIT.ok
  }
  if (first === '--version' || first === '-v') {
    ctx.stdout(`${VERSION}\n`)
    return EXIT.ok
  }
  const found = findCommand(commands, argv)
  const group = found ? [] : groupOf(commands, first)
  if (group.length > 0 && argv.slice(1).some((arg) => arg === '--help' || arg === '-h')) {
    ctx.stdout(groupHelp(first, group))
    return EXIT.ok
  }
  if (!found) {
    ctx.stderr(`hookbench: ${unknownCommand(commands, argv)} (see "hookbench --help")\n`)
    return EXIT.usage
  }
  const { rest } = found
  const command = 'load' in found.command ? await found.command.load() : found.command
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...command.options, ...HELP_OPTION },
      allowPositionals: true,
      strict: true,
    })
    if (parsed.values.help) {
      ctx.stdout(commandHelp(command, parsed.positionals))
      return EXIT.ok
    }
    const maxPositionals = command.maxPositionals ?? 0
    if (parsed.positionals.length > maxPositionals) {
      throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`)
    }
    return await command.run(parsed, ctx)
  } catch (error) {
    if (error instanceof SetupError) {
      ctx.stderr(`hookbench ${command.name}: ${error.message}\n`)
      return EXIT.usage
    }
    if (error instanceof UsageError || isParseArgsError(error)) {
      // A usage error may list several problems (a scenario file's), one per line.
      const message = error instanceof UsageError ? error.message : (missingValueMessage(error) ?? cleanMessage(error))
      ctx.stderr(`hookbench ${command.name}: ${message} (see "hookbench ${command.name} --help")\n`)
      return EXIT.usage
    }
    ctx.stderr(`hookbench ${command.name}: ${cleanMessage(error)}\n`)
    return EXIT.failed
  }
}

function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}

/** parseArgs takes `--secret -abc` for a missing value (the next word looks like an option): say how to pass it. */
function missingValueMessage(error: Error): string | undefined {
  const option = /^Option '(--[\w-]+)(?: <value>)?' argument (?:missing|is ambiguous)/.exec(error.message)?.[1]
  return option && `${option} needs a value; use ${option}=VALUE for a value beginning with "-"`
}

function cleanMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/\. To specify a positional argument.*$/s, '').split('\n')[0] ?? message
}
