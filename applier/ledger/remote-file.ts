import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { CommandError } from '../errors.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { mustRun } from '../runner/must-run.js';
import { newMarker } from '../runner/shell-text.js';

/** Reads a file through the runner; null when it does not exist (a missing file is data, not an error). */
export async function readRemoteFile(runner: CommandRunner, path: string): Promise<string | null> {
  const argv = ['sh', '-c', '[ -e "$1" ] || exit 3; cat -- "$1"', 'sh', path];
  const result = await runner.run(argv);
  if (result.exitCode === 3) return null;
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
  return result.stdout;
}

/**
 * Shell that prints each file named after the marker ($1): a marker line with `E` and the text, or
 * `A` when absent. The file is opened once, by the group's redirection, and only then announced: a
 * record that another run renames away or removes meanwhile (an apply's intent, while `status` reads
 * without the lock) reads as absent or whole, never as a `cat` of a name that has just gone. An open
 * that fails while the name is there (it came back meanwhile) is tried again, three times at most;
 * a file that cannot be read, or fails halfway, fails the script (`o` says the group ran).
 */
export const READ_FILES_SCRIPT =
  'm=$1; shift; for f; do n=0; while :; do o=; ' +
  'if { o=1; printf "%sE\\n" "$m"; cat 2>&3; } 3>&2 2>/dev/null < "$f"; then break; fi; ' +
  '[ -z "$o" ] && [ "$n" -lt 3 ] || exit 1; ' +
  '[ -e "$f" ] || { printf "%sA\\n" "$m"; break; }; n=$((n + 1)); done; done';

/** The files printed by `READ_FILES_SCRIPT` for `paths`, by path; null for a missing one. */
export function filesFrom(
  stdout: string,
  marker: string,
  paths: readonly string[],
): Record<string, string | null> {
  const parts = stdout.split(marker).slice(1);
  return Object.fromEntries(
    paths.map((path, index) => {
      const part = parts[index] ?? 'A\n';
      return [path, part.startsWith('E\n') ? part.slice(2) : null];
    }),
  );
}

/**
 * Reads several files in one process (`sh` plus one `cat` per file that exists); null for a missing
 * one. Each file is announced by a random marker, so any content, even without a final newline, splits back.
 */
export async function readRemoteFiles(
  runner: CommandRunner,
  paths: readonly string[],
): Promise<Record<string, string | null>> {
  if (paths.length === 0) return {};
  const marker = newMarker();
  const argv = ['sh', '-c', READ_FILES_SCRIPT, 'sh', marker, ...paths];
  return filesFrom(await mustRun(runner, argv), marker, paths);
}

/**
 * Shell argv that replaces a whole file durably and atomically; content goes on stdin. One `dd`
 * creates a temp file of a fresh random name beside it (`conv=excl` is O_CREAT|O_EXCL, so a planted
 * file or symbolic link is refused, never followed; mode 644 from the umask), writes it and fsyncs it
 * (`conv=fsync`); `mv -T` renames it over the file (a rename replaces a link, never writes through it,
 * even one to a directory) and `sync` fsyncs the directory. The temp name carries `tag` (the
 * namespace id), so the namespace's lock holder can sweep temp files a killed run left behind.
 * `atomic` drops both fsyncs: for files whose loss in a crash costs nothing (the table and protocol
 * names, which only label `ip` output and which the next apply writes again), never for a record.
 */
export function writeFileArgv(path: string, tag: string, sync: 'durable' | 'atomic' = 'durable'): string[] {
  const [conv, synced] = sync === 'durable' ? ['excl,fsync', ' && sync "$2"'] : ['excl', ''];
  const script =
    'umask 022; [ -d "$2" ] || mkdir -p -- "$2" || exit 1; t="$2/.$3.$4.tmp-$5"; ' +
    `dd of="$t" bs=64K conv=${conv} status=none && mv -fT -- "$t" "$1"${synced} || { rm -f -- "$t"; exit 1; }`;
  const fresh = randomBytes(6).toString('hex');
  return ['sh', '-c', script, 'sh', path, posix.dirname(path), posix.basename(path), tag, fresh];
}

/** Shell argv that removes files (one `rm`, however many); a missing file is fine. */
export function removeFileArgv(...paths: readonly string[]): string[] {
  return ['rm', '-f', '--', ...paths];
}

/** Writes a whole file through the runner (durably, see `writeFileArgv`), for host, netns and container alike. */
export async function writeRemoteFile(
  runner: CommandRunner,
  path: string,
  text: string,
  tag: string,
): Promise<void> {
  await mustRun(runner, writeFileArgv(path, tag), { input: text });
}

/** Removes a file through the runner; removing a missing file is fine. */
export async function removeRemoteFile(runner: CommandRunner, path: string): Promise<void> {
  await mustRun(runner, removeFileArgv(path));
}

/** Renames a file atomically; false when the source is gone (someone else claimed it first). */
export async function claimRemoteFile(runner: CommandRunner, from: string, to: string): Promise<boolean> {
  const result = await runner.run(['sh', '-c', '[ -e "$1" ] && mv -fT -- "$1" "$2"', 'sh', from, to]);
  return result.exitCode === 0;
}

/** Lists the names in a directory; empty when it does not exist. */
export async function listRemoteDir(runner: CommandRunner, dir: string): Promise<string[]> {
  const argv = ['sh', '-c', '[ -d "$1" ] || exit 0; ls -1 -- "$1"', 'sh', dir];
  return (await mustRun(runner, argv)).split('\n').filter((name) => name !== '');
}
