import { setTimeout as sleep } from 'node:timers/promises';
import { MultihomeError } from '../errors.js';
import { intentPath } from '../ledger/intent-store.js';
import { deleteLedger, writeLedger } from '../ledger/ledger-store.js';
import { withNamespaceLock } from '../ledger/lock.js';
import { ledgerDir, namespaceId } from '../ledger/paths.js';
import {
  deletePending,
  listPending,
  movePending,
  type PendingEntry,
  type PendingRollback,
  pendingPath,
  readPending,
  writePending,
} from '../ledger/pending-store.js';
import { readRemoteFile, removeFileArgv } from '../ledger/remote-file.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { readRecovered } from './recover.js';
import { restoreSnapshot } from './rollback.js';

/**
 * Keeps the changes of a pending `apply --confirm`: cancels its rollback. Exit 1 when there is none,
 * or when its deadline passed with no rollback process alive, or when its apply was killed halfway:
 * then it is rolled back here, as any run finding it would. A corrupt record is an error naming it,
 * never a report of a rollback.
 */
export async function confirmHost(runner: CommandRunner): Promise<{ readonly id: string }> {
  const nsid = await namespaceId(runner);
  await settleKilledRun(runner, nsid);
  const records = await listPending(runner, nsid);
  for (const record of records.filter((candidate) => candidate.state === 'pending').reverse()) {
    const stored = await readPending(runner, nsid, record.id, 'pending');
    if (
      stored !== null &&
      Date.parse(stored.deadline) < Date.now() &&
      !(await rollbackAlive(runner, nsid, record.id))
    ) {
      await withNamespaceLock(runner, () => rollBack(runner, nsid, record.id));
      throw new MultihomeError(
        'USAGE',
        `${runner.where}: too late, the deadline of apply ${record.id} (${stored.deadline}) passed and no rollback process was alive, so it was rolled back now; apply again`,
        { source: 'system' },
      );
    }
    if (await movePending(runner, nsid, record.id, 'pending', 'confirmed')) {
      await deletePending(runner, nsid, record.id, 'confirmed');
      return { id: record.id };
    }
  }
  const rolled = records.findLast((record) => record.state === 'rolled-back' || record.state === 'rolling');
  const message = rolled
    ? `${runner.where}: too late, the apply ${rolled.id} was already rolled back; apply again`
    : `${runner.where}: nothing is waiting for confirmation`;
  throw new MultihomeError('USAGE', message, { source: 'system' });
}

/**
 * An apply killed halfway leaves its intent: it is undone (which files its pending record as rolled
 * back) before anything is confirmed, so `confirm` never keeps a half-made change. The lock also
 * waits out an apply still running.
 */
async function settleKilledRun(runner: CommandRunner, nsid: string): Promise<void> {
  // Only whether an intent is there: the host itself is read under the lock, when it is.
  if ((await readRemoteFile(runner, intentPath(nsid))) === null) return;
  await withNamespaceLock(runner, () => readRecovered(runner));
}

/** What the rollback process found when its time was up. */
export type RollbackOutcome = {
  readonly outcome: 'confirmed' | 'rolled-back';
  readonly problems: readonly string[];
};

/**
 * Body of the hidden `rollback --pending ID` process: after the wait, if the record is still
 * pending (the rename makes the race with `confirm` safe), restore the snapshot and the old ledger.
 * A `confirm` moves the record away; the wait then ends within a second (its signal is aborted),
 * so the process does not linger until a deadline that no longer means anything.
 */
export async function rollbackPending(
  runner: CommandRunner,
  id: string,
  wait: (signal: AbortSignal) => Promise<void> = async () => {},
): Promise<RollbackOutcome> {
  const nsid = await namespaceId(runner);
  // While this process lives it holds rollback-<id>.lock: so anyone can tell the safety net is there.
  const watch = await runner.hold(['sh', '-c', WATCH_SCRIPT, 'sh', rollbackLockPath(nsid, id)], 'watching');
  const waited = new AbortController();
  try {
    await Promise.race([wait(waited.signal), untilNoLongerPending(runner, nsid, id, waited.signal)]);
    waited.abort();
    // The apply it guards has ended (and let go of the lock), or the record was confirmed; nothing
    // else may change the host meanwhile.
    return await withNamespaceLock(runner, () => rollBack(runner, nsid, id));
  } finally {
    waited.abort();
    if (watch.ready) await watch.release();
    await runner.run(removeFileArgv(rollbackLockPath(nsid, id)));
  }
}

/** How often a waiting rollback process looks whether its record is still pending. */
const PENDING_POLL_MS = 1000;

/**
 * Resolves once the pending record is gone (confirmed), or once `signal` is aborted. Only a shell
 * that ran and said `gone` counts: a command that could not run must never end the wait early.
 */
async function untilNoLongerPending(
  runner: CommandRunner,
  nsid: string,
  id: string,
  signal: AbortSignal,
): Promise<void> {
  const path = pendingPath(nsid, id, 'pending');
  while (!signal.aborted) {
    const looked = await runner.run(['sh', '-c', '[ -e "$1" ] && echo pending || echo gone', 'sh', path]);
    if (looked.exitCode === 0 && looked.stdout === 'gone\n') return;
    await sleep(PENDING_POLL_MS, undefined, { signal }).catch(() => undefined);
  }
}

const WATCH_SCRIPT = 'exec 8>>"$1" || exit 1; flock 8 || exit 1; echo watching; read -r _';

/** The file a pending record's rollback process holds an flock on while it waits. */
export function rollbackLockPath(nsid: string, id: string): string {
  return `${ledgerDir(nsid)}/rollback-${id}.lock`;
}

/** Whether the rollback process of a pending record is alive: someone holds its lock file. */
export async function rollbackAlive(runner: CommandRunner, nsid: string, id: string): Promise<boolean> {
  const script = '[ -e "$1" ] || exit 1; exec 8<"$1" || exit 1; if flock -n 8; then exit 1; fi; exit 0';
  return (await runner.run(['sh', '-c', script, 'sh', rollbackLockPath(nsid, id)])).exitCode === 0;
}

/**
 * Rolls back every pending `apply --confirm` whose deadline passed while no rollback process is
 * alive (it died, or was never started), and finishes every rollback whose process was killed
 * halfway: the safety net must not vanish with its process. Under the lock; true when it rolled
 * something back (the caller then reads the host again).
 */
export async function settleExpiredPending(
  runner: CommandRunner,
  nsid: string,
  entries: readonly PendingEntry[],
): Promise<boolean> {
  let settled = false;
  for (const entry of entries.filter((candidate) => candidate.state === 'rolling')) {
    // `rollBack` runs under the lock from its claim to its end: a record still rolling here lost
    // its process halfway (killed), so the undo is finished here, or nobody ever would.
    const record = await readPending(runner, nsid, entry.id, 'rolling');
    if (record === null) continue;
    await finishRollback(runner, nsid, record);
    settled = true;
  }
  for (const entry of entries.filter((candidate) => candidate.state === 'pending')) {
    const record = await readPending(runner, nsid, entry.id, 'pending');
    if (record === null || Date.parse(record.deadline) >= Date.now()) continue;
    if (await rollbackAlive(runner, nsid, entry.id)) continue;
    await rollBack(runner, nsid, entry.id);
    settled = true;
  }
  return settled;
}

/** Rolls one pending record back; the caller holds the lock. The record is read (and checked) before it is claimed. */
async function rollBack(runner: CommandRunner, nsid: string, id: string): Promise<RollbackOutcome> {
  const pending = await readPending(runner, nsid, id, 'pending');
  if (pending === null) return { outcome: 'confirmed', problems: [] };
  if (!(await movePending(runner, nsid, id, 'pending', 'rolling')))
    return { outcome: 'confirmed', problems: [] };
  return finishRollback(runner, nsid, pending);
}

/** Restores a claimed (`rolling`) record's snapshot and ledger and files it as rolled back; under the lock. */
async function finishRollback(
  runner: CommandRunner,
  nsid: string,
  record: PendingRollback,
): Promise<RollbackOutcome> {
  const { id } = record;
  const report = await restoreSnapshot(runner, record.snapshot);
  if (record.previousLedger === null) await deleteLedger(runner, nsid);
  else await writeLedger(runner, nsid, record.previousLedger);
  const problems = [...report.failedCommands, ...report.problems];
  await writePending(runner, nsid, { ...record, problems }, 'rolled-back');
  await deletePending(runner, nsid, id, 'rolling');
  return { outcome: 'rolled-back', problems };
}
