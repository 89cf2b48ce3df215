import type * as z from 'zod';
import { MultihomeError } from '../errors.js';
import type { Ledger } from '../model/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { forgetStaleLedger } from './freshness.js';
import { ledgerDir } from './paths.js';
import { ledgerSchema } from './record-schemas.js';
import {
  readRemoteFile,
  removeFileArgv,
  removeRemoteFile,
  writeFileArgv,
  writeRemoteFile,
} from './remote-file.js';

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
  return parseLedger(text, path, runner.where);
}

/** A ledger file's text, checked against the ledger's schema. */
export function parseLedger(text: string, path: string, where: string): Ledger {
  return parseStored<Ledger>(text, path, where, ledgerSchema, 'ledger');
}

/** Renders the ledger the way it is stored, so callers can tell whether a write would change it. */
export function ledgerText(ledger: Ledger): string {
  return `${JSON.stringify(ledger, null, 2)}\n`;
}

/** The argv (content on stdin: `ledgerText`) that writes the ledger durably, for a script of steps. */
export function ledgerWriteArgv(nsid: string): string[] {
  return writeFileArgv(ledgerPath(nsid), nsid);
}

/** Records what multihome did, so status can report drift and remove can undo it. Under the lock. */
export async function writeLedger(runner: CommandRunner, nsid: string, ledger: Ledger): Promise<void> {
  await writeRemoteFile(runner, ledgerPath(nsid), ledgerText(ledger), nsid);
}

/** Deletes the ledger (a rollback to before the first apply); the directory and its lock stay. */
export async function deleteLedger(runner: CommandRunner, nsid: string): Promise<void> {
  await removeRemoteFile(runner, ledgerPath(nsid));
}

/**
 * Forgets a namespace once remove has undone everything: the ledger goes, and the directory too
 * when nothing but the birth mark, the lock and its holder note is left, or a stopped watch's lock,
 * last state and the temp file of a state write it was killed in (no lock holder sweeps that one:
 * see `writeWatchState`), and the lock file of a killed `--confirm` rollback process (nobody holds
 * it; remove runs only when nothing is pending). A watch or a rollback process still running holds
 * its lock: then the directory stays for it.
 * Deleting the lock file lets the next run in at once (it sees the inode change), so this is
 * remove's very last act.
 */
export async function forgetNamespace(runner: CommandRunner, nsid: string): Promise<void> {
  await runner.run(removeFileArgv(ledgerPath(nsid), `${ledgerDir(nsid)}/intent.json`));
  const script =
    'cd -- "$1" 2>/dev/null || exit 0; if [ -e watch.lock ] && ! flock -n watch.lock true; then exit 0; fi; ' +
    'for f in * .[!.]*; do case $f in namespace-born|lock|holder|watch.lock|watch.json|.watch.json.watch-*.tmp-*) ;; ' +
    'rollback-*.lock) flock -n "$f" true || exit 0;; *) [ -e "$f" ] && exit 0;; esac; done; rm -rf -- "$1"';
  await runner.run(['sh', '-c', script, 'sh', ledgerDir(nsid)]);
}

/**
 * Parses a JSON file multihome wrote and checks its shape. A broken one is one clear sentence naming
 * the file and what to do: never taken for "nothing recorded", which would orphan what it lists.
 */
export function parseStored<T>(
  text: string,
  path: string,
  where: string,
  schema: z.ZodType,
  what: string,
): T {
  const advice = `multihome cannot tell what it owns here and changes nothing; look at the file, then move it away (objects it listed are then reported, not touched)`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new MultihomeError('STATE_CORRUPT', `${where}: ${path} is not valid JSON, so ${advice}`, {
      source: 'system',
      cause,
    });
  }
  const checked = schema.safeParse(value);
  if (checked.success) return value as T;
  const issue = checked.error.issues[0];
  const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new MultihomeError(
    'STATE_CORRUPT',
    `${where}: ${path} is not a multihome ${what} of this version (${issue?.message ?? 'wrong shape'}${at}), so ${advice}`,
    { source: 'system', cause: checked.error },
  );
}
