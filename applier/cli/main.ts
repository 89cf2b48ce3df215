#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerLabCommands } from '../../lab/cli/commands.js';
import { registerDemoCommand } from '../../scenarios/demo/command.js';
import { exitCodeFor, MultihomeError } from '../errors.js';
import { registerApplierCommands } from './commands.js';

/** Builds the whole command tree; separate from `main` so tests can drive it in-process. */
export function buildProgram(): Command {
  const program = new Command('multihome')
    .description(
      'Answer every request through the uplink it arrived on (policy routing for multi-homed Linux hosts).',
    )
    .showHelpAfterError()
    .exitOverride();
  registerApplierCommands(program);
  registerLabCommands(program);
  registerDemoCommand(program);
  return program;
}

/** Parses argv, runs the command, and maps any error to the documented exit code (2 user, 1 system). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      const helpShown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      return helpShown || error.code === 'commander.help' ? 0 : 2;
    }
    process.stderr.write(`multihome: ${error instanceof MultihomeError ? error.message : describe(error)}\n`);
    return exitCodeFor(error);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

const invokedDirectly =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2));
}
