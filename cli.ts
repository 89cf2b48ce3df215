#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerApplierCommands } from './applier/cli/commands.js';
import { packageRoot } from './applier/e2e/cli-path.js';
import { exitCodeFor, MultihomeError } from './applier/errors.js';

// The one `multihome` CLI, composed at the top of the import graph: each area registers its own
// commands (applier/cli, lab/cli, scenarios/cli) and nothing below this file imports the areas above
// it. The applier commands run on production hosts, so when argv names one of them the lab's and the
// scenarios' modules are not loaded at all.

/**
 * Builds the command tree for one invocation; separate from `main` so tests can drive it in-process.
 * The lab and scenario commands are registered unless `argv` names an applier command.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('multihome')
    .description(
      'Answer every request through the uplink it arrived on (policy routing for multi-homed Linux hosts).',
    )
    .version(packageVersion(), '-V, --version', 'print the installed version (for bug reports)')
    .exitOverride();
  registerApplierCommands(program);
  const first = argv.find((arg) => !arg.startsWith('-'));
  if (!program.commands.some((command) => command.name() === first)) {
    const [lab, scenarios] = await Promise.all([
      import('./lab/cli/commands.js'),
      import('./scenarios/cli/commands.js'),
    ]);
    lab.registerLabCommands(program);
    scenarios.registerScenarioCommands(program);
  }
  oneLineUsageErrors(program);
  return program;
}

/** The version of the package this CLI was installed from, as its package.json says. */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/**
 * A usage error is commander's one line and one hint: its own "(Did you mean --confirm?)" when it has
 * one, else where the command's help is. The whole help after it buried the error under 15+ lines.
 */
function oneLineUsageErrors(command: Command, path = command.name()): void {
  const hint = `(see \`${path} --help\`)`;
  command.showHelpAfterError(false).configureOutput({
    outputError: (message, write) =>
      write(message.includes('\n(Did you mean') ? message : `${message}${hint}\n`),
  });
  for (const sub of command.commands) oneLineUsageErrors(sub, `${path} ${sub.name()}`);
}

/** Parses argv, runs the command, and maps any error to the documented exit code (2 user, 1 system). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync([...argv], { from: 'user' });
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

/**
 * `multihome plan | head -1`: a reader that goes away is not an error. Without this, the next write
 * throws EPIPE as an unhandled error event and prints a stack trace.
 */
export function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  quietOnClosedPipe();
  process.exitCode = await main(process.argv.slice(2));
}
