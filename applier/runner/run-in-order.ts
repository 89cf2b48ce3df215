import { CommandError } from '../errors.js';
import { newMarker } from '../ledger/remote-file.js';
import type { CommandResult, CommandRunner } from './command-runner.js';
import { commandText, type ShellCommand } from './shell-text.js';

/**
 * The `sh` script (read from stdin, the marker as $1) that runs `commands` one after another and stops
 * after the first that fails. After each one it prints `<marker>R<exit code>` on stdout and `<marker>E`
 * on stderr; its input is a here-document ended by the marker and the command's index. The first
 * line records each argv, so the script can be read back (`unpackInOrder`).
 */
export function inOrderScript(marker: string, commands: readonly ShellCommand[]): string {
  const units = commands.map(
    (command, index) =>
      `${commandText(command, `${marker}${index}`, '', ' </dev/null')}\nr=$?; printf '%sR%s\\n' "$1" "$r"; printf '%sE' "$1" >&2; [ "$r" = 0 ] || exit 0\n`,
  );
  const header = JSON.stringify(commands.map((command) => [command.argv, command.input !== undefined]));
  return `# ${header}\n${units.join('')}`;
}

/** The argv that runs an in-order script given on stdin. */
export function inOrderArgv(marker: string): string[] {
  return ['sh', '-s', '--', marker];
}

/** The marker and commands of an in-order script (argv and stdin as `runInOrder` passes them), or null. */
export function unpackInOrder(
  argv: readonly string[],
  input: string | undefined,
): { marker: string; commands: ShellCommand[] } | null {
  const marker = argv[3];
  if (argv.length !== 4 || argv[1] !== '-s' || marker === undefined || !input?.startsWith('# ')) return null;
  const listed = JSON.parse(input.slice(2, input.indexOf('\n'))) as [string[], boolean][];
  const commands = listed.map(([commandArgv, hasInput], index) => {
    if (!hasInput) return { argv: commandArgv };
    const opening = `<<'${marker}${index}'\n`;
    const from = input.indexOf(opening) + opening.length;
    return { argv: commandArgv, input: input.slice(from, input.indexOf(`${marker}${index}\n`, from)) };
  });
  return { marker, commands };
}

/**
 * Runs commands one after another in a single `sh`, stopping after the first that fails, and gives back
 * the result of each one that ran, as if it had run alone (the last one is the failure, if any).
 */
export async function runInOrder(
  runner: CommandRunner,
  commands: readonly ShellCommand[],
): Promise<CommandResult[]> {
  const marker = newMarker();
  const argv = inOrderArgv(marker);
  const result = await runner.run(argv, { input: inOrderScript(marker, commands) });
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
  const results: CommandResult[] = [];
  let stdout = result.stdout;
  let stderr = result.stderr;
  while (results.length < commands.length) {
    const codeAt = stdout.indexOf(`${marker}R`);
    const errorAt = stderr.indexOf(`${marker}E`);
    if (codeAt === -1 || errorAt === -1) break;
    const newline = stdout.indexOf('\n', codeAt);
    const exitCode = Number(stdout.slice(codeAt + marker.length + 1, newline));
    results.push({ stdout: stdout.slice(0, codeAt), stderr: stderr.slice(0, errorAt), exitCode });
    stdout = stdout.slice(newline + 1);
    stderr = stderr.slice(errorAt + marker.length + 1);
    if (exitCode !== 0) return results;
  }
  if (results.length === commands.length) return results;
  const missing = commands[results.length]?.argv ?? argv;
  throw new CommandError(missing, 1, `no result framed in the output of \`sh\`: ${stderr}`, runner.where);
}
