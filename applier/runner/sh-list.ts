import { CommandError } from '../errors.js';
import { type Command, type CommandResult, type CommandRunner, runList } from './command-runner.js';
import { commandText, fitsInScript, newMarker } from './shell-text.js';

/**
 * The `sh` script (read from stdin, the marker as $1) that runs `commands` one after another and stops
 * after the first that fails, unless it `mayFail`. After each one it prints `<marker>R<exit code>` on
 * stdout and `<marker>E` on stderr; its input is a here-document ended by the marker and its index.
 */
function listScript(marker: string, commands: readonly Command[]): string {
  return commands
    .map((command, index) => {
      const stop = command.mayFail ? '' : '; [ "$r" = 0 ] || exit 0';
      const text = commandText(command, `${marker}${index}`, '', ' </dev/null');
      return `${text}\nr=$?; printf '%sR%s\\n' "$1" "$r"; printf '%sE' "$1" >&2${stop}\n`;
    })
    .join('');
}

/**
 * A runner's `runList` as one `sh` started through its `run`: starting a process from Node costs
 * the event loop a few milliseconds, `sh` starts each command for far less. Gives back the result of
 * each command that ran, as if it had run alone. A list with an input a here-document cannot carry
 * (not whole lines) runs one by one instead.
 */
export async function runListInSh(
  runner: Pick<CommandRunner, 'where' | 'run'>,
  commands: readonly Command[],
): Promise<CommandResult[]> {
  if (!commands.every(fitsInScript)) {
    return runList({ where: runner.where, run: (argv, options) => runner.run(argv, options) }, commands);
  }
  const marker = newMarker();
  const argv = ['sh', '-s', '--', marker];
  const result = await runner.run(argv, { input: listScript(marker, commands) });
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
  const results: CommandResult[] = [];
  let stdout = result.stdout;
  let stderr = result.stderr;
  for (const command of commands) {
    const codeAt = stdout.indexOf(`${marker}R`);
    const errorAt = stderr.indexOf(`${marker}E`);
    if (codeAt === -1 || errorAt === -1) {
      const why = `no result framed in the output of \`sh\`: ${stderr}`;
      throw new CommandError(command.argv, 1, why, runner.where);
    }
    const newline = stdout.indexOf('\n', codeAt);
    const exitCode = Number(stdout.slice(codeAt + marker.length + 1, newline));
    results.push({ stdout: stdout.slice(0, codeAt), stderr: stderr.slice(0, errorAt), exitCode });
    stdout = stdout.slice(newline + 1);
    stderr = stderr.slice(errorAt + marker.length + 1);
    if (exitCode !== 0 && !command.mayFail) break;
  }
  return results;
}
