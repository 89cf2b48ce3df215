import type { Snapshot } from '../apply/snapshot.js';
import type { Ledger } from '../model/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { mustRun } from '../runner/must-run.js';
import { forgetStaleLedger } from './freshness.js';
import { parseStored } from './ledger-store.js';
import { ledgerDir } from './paths.js';
import { pendingSchema } from './record-schemas.js';
import {
  claimRemoteFile,
  listRemoteDir,
  readRemoteFile,
  removeFileArgv,
  removeRemoteFile,
  writeRemoteFile,
} from './remote-file.js';

/** Where a `--confirm` apply stands; each state is a file name prefix, so moving between them is one rename. */
export type PendingState = 'pending' | 'rolling' | 'rolled-back' | 'confirmed';

/** What `apply --confirm` leaves behind so a later process can undo it: the snapshot and the ledger before. */
export type PendingRollback = {
  readonly version: 2;
  readonly id: string;
  readonly createdAt: string;
  readonly seconds: number;
  /** When the rollback is due (ISO time): past it, any multihome run with no live rollback process rolls back. */
  readonly deadline: string;
  readonly snapshot: Snapshot;
  readonly previousLedger: Ledger | null;
  /** Filled in by the rollback process: what still differed after restoring, if anything. */
  readonly problems?: readonly string[];
};

const STATES: readonly PendingState[] = ['pending', 'rolling', 'rolled-back', 'confirmed'];

/** Path of one pending record in a given state. */
export function pendingPath(nsid: string, id: string, state: PendingState): string {
  return `${ledgerDir(nsid)}/${state}-${id}.json`;
}

/** Stores a record (a new one as `pending`), durably. Under the lock. */
export async function writePending(
  runner: CommandRunner,
  nsid: string,
  record: PendingRollback,
  state: PendingState = 'pending',
): Promise<void> {
  await writeRemoteFile(runner, pendingPath(nsid, record.id, state), `${JSON.stringify(record)}\n`, nsid);
}

/** Reads one record in one state, or null. */
export async function readPending(
  runner: CommandRunner,
  nsid: string,
  id: string,
  state: PendingState,
): Promise<PendingRollback | null> {
  const path = pendingPath(nsid, id, state);
  const text = await readRemoteFile(runner, path);
  return text === null
    ? null
    : parseStored<PendingRollback>(text, path, runner.where, pendingSchema, 'pending rollback record');
}

/** Every record of a namespace with its state, oldest id first. */
export async function listPending(runner: CommandRunner, nsid: string): Promise<PendingEntry[]> {
  await forgetStaleLedger(runner, nsid);
  return pendingEntries(await listRemoteDir(runner, ledgerDir(nsid)));
}

/** One pending record as a directory listing shows it: its id and the state its file name says. */
export type PendingEntry = { id: string; state: PendingState };

/** The pending records among the names of a ledger directory, oldest id first. */
export function pendingEntries(names: readonly string[]): PendingEntry[] {
  const found: PendingEntry[] = [];
  for (const name of names) {
    const state = STATES.find((candidate) => name.startsWith(`${candidate}-`) && name.endsWith('.json'));
    if (state) found.push({ id: name.slice(state.length + 1, -'.json'.length), state });
  }
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Moves a record from one state to another atomically; false when someone else moved it first. */
export async function movePending(
  runner: CommandRunner,
  nsid: string,
  id: string,
  from: PendingState,
  to: PendingState,
): Promise<boolean> {
  return claimRemoteFile(runner, pendingPath(nsid, id, from), pendingPath(nsid, id, to));
}

/** Deletes a record in a state. */
export async function deletePending(runner: CommandRunner, nsid: string, id: string, state: PendingState) {
  await removeRemoteFile(runner, pendingPath(nsid, id, state));
}

/**
 * Forgets rolled-back and confirmed records, so a later `confirm` does not report an old rollback.
 * `entries` is the listing the command already read; the records go in one `rm`.
 */
export async function deleteFinishedPending(
  runner: CommandRunner,
  nsid: string,
  entries?: readonly PendingEntry[],
): Promise<void> {
  const finished = (entries ?? (await listPending(runner, nsid))).filter(
    (record) => record.state === 'rolled-back' || record.state === 'confirmed',
  );
  if (finished.length === 0) return;
  await mustRun(
    runner,
    removeFileArgv(...finished.map((record) => pendingPath(nsid, record.id, record.state))),
  );
}
