import type { CommandResult, CommandRunner, RunOptions } from '../runner/command-runner.js';
import { unpackInOrder } from '../runner/run-in-order.js';

type Run = (argv: readonly string[], options: RunOptions) => Promise<CommandResult>;

/**
 * Runs the commands of an in-order script (several steps in one `sh`, see `runInOrder`) one at a time
 * through `run`, stopping after the first that fails, and frames their results as the script would;
 * null when `argv` is not such a script. Test runners use it to fail or observe single steps.
 */
export async function runOneByOne(
  run: Run,
  argv: readonly string[],
  options: RunOptions,
): Promise<CommandResult | null> {
  const unpacked = unpackInOrder(argv, options.input);
  if (unpacked === null) return null;
  const { input: _script, ...rest } = options;
  let stdout = '';
  let stderr = '';
  for (const command of unpacked.commands) {
    const result = await run(
      command.argv,
      command.input === undefined ? rest : { ...rest, input: command.input },
    );
    stdout += `${result.stdout}${unpacked.marker}R${result.exitCode}\n`;
    stderr += `${result.stderr}${unpacked.marker}E`;
    if (result.exitCode !== 0) break;
  }
  return { stdout, stderr, exitCode: 0 };
}

/** A runner that hands each command of an in-order script to `inner` on its own, and any other command as is. */
export function oneByOne(inner: CommandRunner): CommandRunner {
  const run: Run = async (argv, options) =>
    (await runOneByOne(run, argv, options)) ?? inner.run(argv, options);
  return {
    where: inner.where,
    run: (argv, options = {}) => run(argv, options),
    hold: (argv, readyLine) => inner.hold(argv, readyLine),
  };
}
