import { MultihomeError } from '../errors.js';
import { deleteIntent, type Intent, intentPath } from '../ledger/intent-store.js';
import { deleteLedger, ledgerText, writeLedger } from '../ledger/ledger-store.js';
import { withNamespaceLock } from '../ledger/lock.js';
import type { NamespaceRecords } from '../ledger/namespace-records.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { type HostReadings, readHost } from '../state/host-readings.js';
import { settleExpiredPending } from './confirm.js';
import { restoreSnapshot } from './rollback.js';

/** What `recoverIntent` found: no unfinished run, one it completed, or one it undid. */
export type Recovery = 'none' | 'completed' | 'undone';

/**
 * Finishes a run the write-ahead record says did not finish (killed, or its rollback failed); the caller holds the lock. An apply
 * whose ledger was already written is complete: only the record goes. Anything else is undone from
 * the record's snapshot, and the ledger from before comes back. When the undo cannot finish, the
 * record stays (the next run tries again) and ROLLBACK_FAILED says what still differs.
 */
export async function recoverIntent(runner: CommandRunner, records: NamespaceRecords): Promise<Recovery> {
  const { intent, nsid, ledger } = records;
  if (intent === null) return 'none';
  if (
    intent.operation === 'apply' &&
    intent.nextLedger !== null &&
    ledger !== null &&
    ledgerText(ledger) === ledgerText(intent.nextLedger)
  ) {
    await deleteIntent(runner, nsid);
    return 'completed';
  }
  const report = await restoreSnapshot(runner, intent.snapshot);
  if (report.problems.length > 0) {
    throw new MultihomeError(
      'ROLLBACK_FAILED',
      `${runner.where}: ${describe(intent)} did not finish, and undoing it left differences: ${[...report.failedCommands, ...report.problems].join('; ')}. ${intentPath(nsid)} is kept, so the next run tries again.`,
      { source: 'system' },
    );
  }
  if (intent.previousLedger === null) await deleteLedger(runner, nsid);
  else await writeLedger(runner, nsid, intent.previousLedger);
  await deleteIntent(runner, nsid);
  return 'undone';
}

/** The host as a run under the lock may plan from: read (or taken as given), recovered, and read again if it was. */
export async function readRecovered(runner: CommandRunner, readings?: HostReadings): Promise<HostReadings> {
  const read = readings ?? (await readHost(runner));
  if ((await recoverIntent(runner, read.records)) === 'none') return read;
  return readHost(runner);
}

/**
 * `readRecovered`, and then any `apply --confirm` past its deadline with no rollback process alive
 * is rolled back (read again if so): what apply and remove plan from, under the lock.
 */
export async function readSettled(runner: CommandRunner, readings?: HostReadings): Promise<HostReadings> {
  const read = await readRecovered(runner, readings);
  if (!(await settleExpiredPending(runner, read.records.nsid, read.records.pending))) return read;
  return readHost(runner);
}

function describe(intent: Intent): string {
  return `an earlier ${intent.operation} (PID ${intent.pid}, started ${intent.startedAt})`;
}

/**
 * What the read-only commands (plan, verify) do first: a run killed halfway is finished or undone,
 * and an `apply --confirm` past its deadline with no rollback process alive is rolled back, under
 * the lock, so no command leaves the safety net vanished. The lock is taken only when a record
 * says there is something to settle.
 */
export async function settleUnfinished(runner: CommandRunner): Promise<void> {
  const { records } = await readHost(runner);
  const unsettled = records.intent !== null || records.pending.some((entry) => entry.state === 'pending');
  if (unsettled) await withNamespaceLock(runner, () => readSettled(runner));
}
