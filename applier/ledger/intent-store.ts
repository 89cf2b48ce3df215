import type { Snapshot } from '../apply/snapshot.js';
import type { Ledger } from '../model/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { parseStored } from './ledger-store.js';
import { ledgerDir } from './paths.js';
import { intentSchema } from './record-schemas.js';
import { removeFileArgv, removeRemoteFile, writeFileArgv } from './remote-file.js';

/**
 * The write-ahead record of an apply or remove: written durably before the first change, removed
 * once the ledger says what was done. A run killed in between leaves it, and the next apply,
 * remove or status undoes the half-made change from its snapshot (or, when the ledger already is
 * `nextLedger`, just drops the record): nothing is ever orphaned.
 */
export type Intent = {
  readonly version: 1;
  readonly operation: 'apply' | 'remove';
  readonly startedAt: string;
  readonly pid: number;
  readonly snapshot: Snapshot;
  readonly previousLedger: Ledger | null;
  /** The ledger the run would write on success; null for a remove. */
  readonly nextLedger: Ledger | null;
  /** The pending record of an `apply --confirm`: undoing the run settles it too. */
  readonly pendingId?: string;
};

/** Where a namespace's intent lives. */
export function intentPath(nsid: string): string {
  return `${ledgerDir(nsid)}/intent.json`;
}

/** The text of an intent as stored. */
export function intentText(intent: Intent): string {
  return `${JSON.stringify(intent)}\n`;
}

/** The argv (content on stdin: `intentText`) that stores the intent durably, as the first step of a run. */
export function intentWriteArgv(nsid: string): string[] {
  return writeFileArgv(intentPath(nsid), nsid);
}

/** The argv that drops the intent: the run's last step, once the ledger is written. */
export function intentRemoveArgv(nsid: string): string[] {
  return removeFileArgv(intentPath(nsid));
}

/** An intent file's text, checked against its schema. */
export function parseIntent(text: string, path: string, where: string): Intent {
  return parseStored<Intent>(text, path, where, intentSchema, 'write-ahead record');
}

/** Drops the intent after its run was undone or completed. */
export async function deleteIntent(runner: CommandRunner, nsid: string): Promise<void> {
  await removeRemoteFile(runner, intentPath(nsid));
}
