import type { Command } from 'commander';

/** Registers `multihome lab …` (filled in by the lab work). */
export function registerLabCommands(program: Command): void {
  program.command('lab').description('build, inspect and tear down Docker labs (not implemented yet)');
}
