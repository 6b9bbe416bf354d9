import type { Command } from '../command'
import { checkCommand } from './check'
import { eventsCommand, exportFixturesCommand, exportSchemaCommand } from './catalog'
import { fireCommand } from './fire'
import { receiveCommand } from './receive'
import { replayCommand } from './replay'
import { resumeCommand } from './resume'
import { runCommand } from './run'
import { runCommands } from './runs'
import { scenarioCommands } from './scenarios'

/** Every CLI subcommand but serve, loaded at once (tests run them in process); the `hookbench` binary lists them from command-list.ts and loads each when it is used. */
export const commands: Command[] = [
  eventsCommand,
  fireCommand,
  runCommand,
  replayCommand,
  resumeCommand,
  ...scenarioCommands,
  ...runCommands,
  receiveCommand,
  checkCommand,
  exportFixturesCommand,
  exportSchemaCommand,
]
