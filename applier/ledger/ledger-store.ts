import { MultihomeError } from '../errors.js';
import type { Ledger } from '../model/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { type BirthMark, forgetStaleLedger, markLedgerOwner, writeOwnedFile } from './freshness.js';
import { ledgerDir } from './paths.js';
import { readRemoteFile, removeRemoteFile, writeRemoteFile } from './remote-file.js';

/** Where one namespace's ledger lives. */
export function ledgerPath(nsid: string): string {
  return `${ledgerDir(nsid)}/ledger.json`;
}

/** The ledger of a namespace, or null when multihome has never applied there (since boot). */
export async function readLedger(runner: CommandRunner, nsid: string): Promise<Ledger | null> {
  await forgetStaleLedger(runner, nsid);
  const path = ledgerPath(nsid);
  const text = await readRemoteFile(runner, path);
  if (text === null) return null;
  return parseStored<Ledger>(text, path, runner.where);
}

/** Renders the ledger the way it is stored, so callers can tell whether a write would change it. */
export function ledgerText(ledger: Ledger): string {
  return `${JSON.stringify(ledger, null, 2)}\n`;
}

/**
 * Records what multihome did, so status can report drift and remove can undo it. With the birth
 * mark the command read at its start, the write and the ownership mark take one process.
 */
export async function writeLedger(
  runner: CommandRunner,
  nsid: string,
  ledger: Ledger,
  mark?: BirthMark,
): Promise<void> {
  if (mark) {
    await writeOwnedFile(runner, nsid, ledgerPath(nsid), ledgerText(ledger), mark);
    return;
  }
  await markLedgerOwner(runner, nsid);
  await writeRemoteFile(runner, ledgerPath(nsid), ledgerText(ledger));
}

/** Deletes the ledger (a rollback to before the first apply); the directory and its lock stay. */
export async function deleteLedger(runner: CommandRunner, nsid: string): Promise<void> {
  await removeRemoteFile(runner, ledgerPath(nsid));
}

/**
 * Forgets a namespace once remove has undone everything: the ledger goes, and the directory too
 * when nothing but the birth mark, the lock and its holder note is left. Deleting the lock file
 * lets the next run in at once (it sees the inode change), so this is remove's very last act.
 */
export async function forgetNamespace(runner: CommandRunner, nsid: string): Promise<void> {
  await removeRemoteFile(runner, ledgerPath(nsid));
  const script =
    'cd -- "$1" 2>/dev/null || exit 0; for f in * .[!.]*; do case $f in namespace-born|lock|holder|.holder.*) ;; *) [ -e "$f" ] && exit 0;; esac; done; rm -rf -- "$1"';
  await runner.run(['sh', '-c', script, 'sh', ledgerDir(nsid)]);
}

/** Parses a JSON file multihome wrote; a broken one is a system problem worth a clear message. */
export function parseStored<T>(text: string, path: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new MultihomeError('STATE_CORRUPT', `${where}: ${path} is not valid JSON; remove it by hand`, {
      source: 'system',
      cause,
    });
  }
}
