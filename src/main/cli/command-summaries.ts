/**
 * What `hookbench --help` says of each command, in the order it lists them. A command's module
 * takes its name and summary from here (`listed`); the binary lists them without loading any
 * command (command-list.ts).
 */
export const SUMMARIES = {
  serve: 'Serve the Hookbench UI and engine to a browser (web mode)',
  events: 'List the platforms and the events Hookbench can fire',
  fire: 'Fire one event at a URL and wait until it is delivered or retries are exhausted',
  run: 'Run scenarios (files or built-in ids) and check their expectations',
  replay: 'Replay a saved scenario run: the same story told anew, or (--exact) every request it sent',
  resume: 'Continue interrupted scenario runs and send the deliveries a stopped or crashed process left pending, then exit',
  'scenarios list': 'List the built-in scenarios and the ones saved in the data directory',
  'scenarios show': 'Print a scenario file (built-in or saved)',
  'scenarios validate': 'Check scenario files and report every problem with its line and column',
  'scenarios schema': 'Print (or write) the JSON Schema of scenario files',
  'scenarios import': 'Save scenario files in the data directory (all or, if one is invalid, none)',
  'scenarios export': 'Write a scenario (built-in or saved) to a file',
  'scenarios delete': 'Delete a saved scenario from the data directory',
  'runs list': 'List the scenario runs saved in the data directory, newest first',
  'runs show': 'Show a scenario run: its steps, its deliveries and how it ended',
  receive: 'Run the receiver alone and print one line per request',
  check: 'Check that a webhook endpoint verifies, rejects, deduplicates and tolerates as it must',
  'export fixtures': 'Write an example payload per event to DIR/<provider>/<event>.json',
  'export schema': 'Write a JSON Schema per event to DIR/<provider>/<event>.schema.json',
} as const

export type CommandName = keyof typeof SUMMARIES

/** A command's name and summary, for its module's `Command`. */
export const listed = (name: CommandName) => ({ name, summary: SUMMARIES[name] })
