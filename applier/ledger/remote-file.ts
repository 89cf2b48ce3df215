import { CommandError } from '../errors.js';
import type { CommandRunner } from '../runner/command-runner.js';

/** Reads a file through the runner; null when it does not exist (a missing file is data, not an error). */
export async function readRemoteFile(runner: CommandRunner, path: string): Promise<string | null> {
  const argv = ['sh', '-c', '[ -e "$1" ] || exit 3; cat -- "$1"', 'sh', path];
  const result = await runner.run(argv);
  if (result.exitCode === 3) return null;
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
  return result.stdout;
}

/** Shell argv that replaces a whole file atomically (write beside, then rename); content goes on stdin. */
export function writeFileArgv(path: string): string[] {
  const script = 'mkdir -p "$(dirname "$1")" && cat > "$1.tmp" && mv -f "$1.tmp" "$1"';
  return ['sh', '-c', script, 'sh', path];
}

/** Shell argv that removes a file; a missing file is fine. */
export function removeFileArgv(path: string): string[] {
  return ['rm', '-f', '--', path];
}

/** Writes a whole file through the runner, so the same code serves host, netns and container. */
export async function writeRemoteFile(runner: CommandRunner, path: string, text: string): Promise<void> {
  const argv = writeFileArgv(path);
  const result = await runner.run(argv, { input: text });
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
}

/** Removes a file through the runner; removing a missing file is fine. */
export async function removeRemoteFile(runner: CommandRunner, path: string): Promise<void> {
  const argv = removeFileArgv(path);
  const result = await runner.run(argv);
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
}

/** Renames a file atomically; false when the source is gone (someone else claimed it first). */
export async function claimRemoteFile(runner: CommandRunner, from: string, to: string): Promise<boolean> {
  const result = await runner.run(['sh', '-c', '[ -e "$1" ] && mv -f -- "$1" "$2"', 'sh', from, to]);
  return result.exitCode === 0;
}

/** Lists the names in a directory; empty when it does not exist. */
export async function listRemoteDir(runner: CommandRunner, dir: string): Promise<string[]> {
  const argv = ['sh', '-c', '[ -d "$1" ] || exit 0; ls -1 -- "$1"', 'sh', dir];
  const result = await runner.run(argv);
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
  return result.stdout.split('\n').filter((name) => name !== '');
}
