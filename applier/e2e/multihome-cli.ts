import type { CommandResult } from '../runner/command-runner.js';
import { cliPath } from './cli-path.js';
import type { NetnsWorld } from './netns-world.js';

/** Runs the real CLI (`node dist/cli.js …`) inside the router namespace. */
export function multihome(world: NetnsWorld, args: readonly string[]): Promise<CommandResult> {
  return world.exec('router', [process.execPath, cliPath(), ...args], { timeoutMs: 60_000 });
}

/** Renders a CLI result for an assertion message. */
export function describeRun(args: readonly string[], result: CommandResult): string {
  return `multihome ${args.join(' ')} → exit ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}
