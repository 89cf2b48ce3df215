import { CommandError } from '../errors.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { forgetDirArgv, ledgerDir } from './paths.js';
import { readRemoteFile, writeFileArgv, writeRemoteFile } from './remote-file.js';

/**
 * When the namespace was born (ctime of its nsfs inode, in ns). The kernel reuses namespace inodes,
 * so inode plus birth tells a namespace apart from an earlier one that left its ledger behind.
 */
export async function namespaceBirth(runner: CommandRunner): Promise<string> {
  const script = 'stat -L -c %.9Z /proc/self/ns/net 2>/dev/null || stat -L -c %Z /proc/self/ns/net';
  const argv = ['sh', '-c', script];
  const result = await runner.run(argv);
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
  return result.stdout.trim();
}

function birthPath(nsid: string): string {
  return `${ledgerDir(nsid)}/namespace-born`;
}

/**
 * Deletes a ledger directory left by a dead namespace whose inode this one reuses, so its ledger
 * and pending rollbacks are never applied here (its table-names file goes too). A directory without a birth mark is kept.
 */
export async function forgetStaleLedger(runner: CommandRunner, nsid: string): Promise<void> {
  const recorded = await readRemoteFile(runner, birthPath(nsid));
  if (recorded === null || recorded.trim() === (await namespaceBirth(runner))) return;
  await runner.run(forgetDirArgv(nsid));
}

/** Marks the ledger directory as this namespace's; called with every ledger or pending write. */
export async function markLedgerOwner(runner: CommandRunner, nsid: string): Promise<void> {
  const birth = await namespaceBirth(runner);
  if ((await readRemoteFile(runner, birthPath(nsid)))?.trim() === birth) return;
  await writeRemoteFile(runner, birthPath(nsid), `${birth}\n`);
}

/** The namespace's birth and the mark found beside its ledger, as a command read them at its start. */
export type BirthMark = { readonly birth: string; readonly recorded: string | null };

/**
 * Writes a file of the ledger directory (content on stdin) in one process, marking the directory as
 * this namespace's first when the mark is not there yet: what `markLedgerOwner` then
 * `writeRemoteFile` do, without reading the birth again. The returned mark says the mark is written.
 */
export async function writeOwnedFile(
  runner: CommandRunner,
  nsid: string,
  path: string,
  text: string,
  mark: BirthMark,
): Promise<BirthMark> {
  const argv = ownedFileArgv(nsid, path, mark);
  const result = await runner.run(argv, { input: text });
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
  return { birth: mark.birth, recorded: mark.birth };
}

/** The argv of `writeOwnedFile` (content on stdin), for callers that run it along with other commands. */
export function ownedFileArgv(nsid: string, path: string, mark: BirthMark): string[] {
  const markScript =
    'printf \'%s\\n\' "$3" > "$2/namespace-born.tmp" && mv -f -- "$2/namespace-born.tmp" "$2/namespace-born" || exit 1; ';
  return mark.recorded === mark.birth
    ? writeFileArgv(path)
    : [
        'sh',
        '-c',
        `[ -d "$2" ] || mkdir -p -- "$2" || exit 1; ${markScript}cat > "$1.tmp" && mv -f -- "$1.tmp" "$1"`,
        'sh',
        path,
        ledgerDir(nsid),
        mark.birth,
      ];
}
