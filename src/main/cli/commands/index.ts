import type { Command } from '../command'

/** Every CLI subcommand, in the order `hookbench --help` lists them. */
export const commands: Command[] = []
