import { CommandError } from '../errors.js';
import type { CommandResult, CommandRunner } from './command-runner.js';
import { commandText, type ShellCommand } from './shell-text.js';

/**
 * Runs several commands one after another in a single `sh` and gives back each one's stdout,
 * stderr and exit code as if it had run alone. Starting a process from Node costs the event loop
 * a few milliseconds each; `sh` starts them for far less. A random marker frames every result,
 * so no output can be mistaken for the framing. A failed command does not stop the ones after it.
 * Outputs are held by `sh` until all commands are done, so they lose NUL bytes (which `ip`, `nft` and text files never print).
 */
export async function runTogether(
  runner: CommandRunner,
  commands: readonly ShellCommand[],
): Promise<CommandResult[]> {
  const marker = `@mh-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}@`;
  // stderr goes into `e` (the inner substitution's pipe), stdout to fd 3; both, framed, are kept in `o`
  // (the `.` keeps trailing newlines), so every command runs to its end even while Node is too busy
  // to read: a command's output larger than a pipe holds would otherwise stall the ones after it.
  const lines = commands.map(
    (command, index) =>
      `x=$({ e=$( ${commandText(command, `${marker}${index}`, ' 2>&1 >&3 3>&-')}\n); } 3>&1; r=$?; printf '%sR%s\\n%s%sE' "$1" "$r" "$e" "$1"; echo .); o="$o\${x%.}"`,
  );
  lines.push(`printf '%s' "$o"`);
  const argv = ['sh', '-c', lines.join('\n'), 'sh', marker];
  const result = await runner.run(argv);
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
  const results: CommandResult[] = [];
  let rest = result.stdout;
  for (const { argv: command } of commands) {
    const codeAt = rest.indexOf(`${marker}R`);
    const endAt = rest.indexOf(`${marker}E`, codeAt);
    if (codeAt === -1 || endAt === -1) {
      throw new CommandError(
        command,
        1,
        `no result framed in the output of \`sh\`: ${result.stderr}`,
        runner.where,
      );
    }
    const framed = rest.slice(codeAt + marker.length + 1, endAt);
    const newline = framed.indexOf('\n');
    results.push({
      stdout: rest.slice(0, codeAt),
      exitCode: Number(framed.slice(0, newline)),
      stderr: framed.slice(newline + 1),
    });
    rest = rest.slice(endAt + marker.length + 1);
  }
  return results;
}
