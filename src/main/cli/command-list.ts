import type { Command } from './command'
import { type CommandName, SUMMARIES, listed } from './command-summaries'

/**
 * A command as `--help` lists it (command-summaries.ts), its module loaded when it is used:
 * `--version`, `--help` and `scenarios validate` start without the engine, the web server or the
 * other commands.
 */
export interface ListedCommand {
  name: CommandName
  summary: string
  load(): Promise<Command>
}

/** Each command's module, imported when the command is used (a chunk of its own in the bundle). */
function loaders(staticDir: string): Record<CommandName, () => Promise<Command>> {
  return {
    serve: async () => (await import('./commands/serve')).serveCommand(staticDir),
    events: async () => (await import('./commands/catalog')).eventsCommand,
    fire: async () => (await import('./commands/fire')).fireCommand,
    run: async () => (await import('./commands/run')).runCommand,
    replay: async () => (await import('./commands/replay')).replayCommand,
    resume: async () => (await import('./commands/resume')).resumeCommand,
    'scenarios list': async () => (await import('./commands/scenarios')).scenariosListCommand,
    'scenarios show': async () => (await import('./commands/scenarios')).scenariosShowCommand,
    'scenarios validate': async () => (await import('./commands/scenarios-validate')).scenariosValidateCommand,
    'scenarios schema': async () => (await import('./commands/scenarios')).scenariosSchemaCommand,
    'scenarios import': async () => (await import('./commands/scenarios')).scenariosImportCommand,
    'scenarios export': async () => (await import('./commands/scenarios')).scenariosExportCommand,
    'scenarios delete': async () => (await import('./commands/scenarios')).scenariosDeleteCommand,
    'runs list': async () => (await import('./commands/runs')).runsListCommand,
    'runs show': async () => (await import('./commands/runs')).runsShowCommand,
    receive: async () => (await import('./commands/receive')).receiveCommand,
    check: async () => (await import('./commands/check')).checkCommand,
    'export fixtures': async () => (await import('./commands/catalog')).exportFixturesCommand,
    'export schema': async () => (await import('./commands/catalog')).exportSchemaCommand,
  }
}

/** Every command, in `--help` order, each loaded when it is used. */
export function listedCommands(staticDir: string): ListedCommand[] {
  const load = loaders(staticDir)
  return (Object.keys(SUMMARIES) as CommandName[]).map((name) => ({ ...listed(name), load: load[name] }))
}
