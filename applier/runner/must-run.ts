import { CommandError } from '../errors.js';
import type { CommandRunner, RunOptions } from './command-runner.js';

/** Runs a command that must succeed and gives its stdout; a non-zero exit throws a CommandError. */
export async function mustRun(
  runner: CommandRunner,
  argv: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  const result = await runner.run(argv, options);
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
  return result.stdout;
}
