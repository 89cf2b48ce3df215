import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CommandResult } from '../runner/command-runner.js';
import { cliPath, packageRoot } from './cli-path.js';
import type { NetnsWorld } from './netns-world.js';

/**
 * Compiles the package so `dist/` holds the code under test. Type errors elsewhere in the tree do not
 * stop the emit, so only a missing CLI fails here; the tests then show what the CLI does.
 */
export async function buildCli(): Promise<void> {
  const tsc = `${packageRoot()}/node_modules/.bin/tsc`;
  await promisify(execFile)(tsc, ['-p', 'tsconfig.build.json'], { cwd: packageRoot() }).catch(
    () => undefined,
  );
  const check = await promisify(execFile)(process.execPath, [cliPath(), '--help']).catch(
    (error: unknown) => error,
  );
  if (check instanceof Error) throw new Error(`the compiled CLI does not start: ${check.message}`);
}

/** Runs the real CLI (`node dist/applier/cli/main.js …`) inside the router namespace. */
export function multihome(world: NetnsWorld, args: readonly string[]): Promise<CommandResult> {
  return world.exec('router', [process.execPath, cliPath(), ...args], { timeoutMs: 60_000 });
}

/** Renders a CLI result for an assertion message. */
export function describeRun(args: readonly string[], result: CommandResult): string {
  return `multihome ${args.join(' ')} → exit ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}
