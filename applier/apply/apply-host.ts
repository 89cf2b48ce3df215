import { randomBytes } from 'node:crypto';
import { MultihomeError } from '../errors.js';
import {
  deleteIntent,
  type Intent,
  intentRemoveArgv,
  intentText,
  intentWriteArgv,
} from '../ledger/intent-store.js';
import { deleteLedger, ledgerText, ledgerWriteArgv, writeLedger } from '../ledger/ledger-store.js';
import { type NamespaceLock, withNamespaceLock } from '../ledger/lock.js';
import { protosPath, tableNamesPath } from '../ledger/paths.js';
import {
  deleteFinishedPending,
  deletePending,
  type PendingEntry,
  type PendingRollback,
  writePending,
} from '../ledger/pending-store.js';
import type { Config } from '../model/config.js';
import { type Change, emptyLedger, type HostState, type Ledger } from '../model/types.js';
import type { HealthView } from '../plan/failover-order.js';
import { forgetGoneAddresses } from '../plan/forget-gone-addresses.js';
import { nextLedger } from '../plan/next-ledger.js';
import { planChanges } from '../plan/plan.js';
import { describeChange } from '../plan/render.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { newMarker } from '../runner/shell-text.js';
import { type HostReadings, stateReadingsFrom, stateReads } from '../state/host-readings.js';
import { readSettled } from './recover.js';
import { transact } from './rollback.js';
import { runSteps } from './run-step.js';
import { takeSnapshot } from './snapshot.js';
import { buildSteps } from './steps.js';

/**
 * Options of one apply. `confirmSeconds` arms an automatic rollback that `confirm` must cancel;
 * `onPending` is called once the pending record is stored and before anything changes, so the CLI
 * starts the rollback process early enough to undo even an apply killed halfway (a dropped SSH).
 */
export type ApplyOptions = {
  readonly confirmSeconds?: number;
  readonly onPending?: (pending: { readonly id: string; readonly seconds: number }) => void;
  /** What the caller read under `lock` (to load the config); read here when absent. */
  readonly readings?: HostReadings;
  /** The namespace's lock, when the caller holds it (`withNamespaceLock`); taken here otherwise. */
  readonly lock?: NamespaceLock;
  /** How long to wait for the lock when it is taken here. */
  readonly waitSeconds?: number;
  /** `watch`'s health of the checked uplinks: the main default moves off unhealthy ones. */
  readonly health?: HealthView;
};

/** What an apply did: the changes made (empty when the host already matched) and any armed rollback. */
export type ApplyResult = {
  readonly nsid: string;
  readonly changes: readonly Change[];
  /** Set when `confirmSeconds` was given and something changed: the record a rollback process watches. */
  readonly pending?: { readonly id: string; readonly seconds: number };
  /**
   * `performance.now()` as the change script began, when something changed: its last act reads the
   * host back, so what the host was by then is proved (a watch need not repair for earlier events).
   */
  readonly readBackAt?: number;
};

/**
 * Makes the host match the config as one transaction: snapshot, run the ordered steps, record the
 * ledger; any failure restores the snapshot and throws APPLY_FAILED (or ROLLBACK_FAILED).
 */
export async function applyHost(
  runner: CommandRunner,
  config: Config,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (options.lock === undefined) {
    // Readings taken without the lock may be stale by now: read again under it.
    const { readings: _unlocked, ...rest } = options;
    const wait = options.waitSeconds === undefined ? {} : { waitSeconds: options.waitSeconds };
    return withNamespaceLock(runner, (lock) => applyHost(runner, config, { ...rest, lock }), wait);
  }
  const { records, state, files } = await readSettled(runner, options.readings);
  const { nsid } = records;
  const ledger = records.ledger && forgetGoneAddresses(records.ledger, state);
  refuseIfPending(runner.where, records.pending);
  await deleteFinishedPending(runner, nsid, records.pending);
  const changes = planChanges(config, state, ledger, options.health);
  if (changes.length === 0) {
    const next: Ledger = ledger ? { ...ledger, config } : emptyLedger(config);
    if (records.ledger === null || ledgerText(next) !== ledgerText(records.ledger))
      await writeLedger(runner, nsid, next);
    return { nsid, changes };
  }
  const snapshot = await takeSnapshot(runner, nsid, state, changes, files);
  const next = nextLedger(ledger, config, changes, state);
  const steps = buildSteps(changes, {
    nsid,
    tableNamesPath: tableNamesPath(nsid),
    tableNamesText: snapshot.files[tableNamesPath(nsid)] ?? null,
    protosPath: protosPath(nsid),
    protosText: snapshot.files[protosPath(nsid)] ?? null,
  });
  const pending =
    options.confirmSeconds === undefined ? undefined : newPending(snapshot, ledger, options.confirmSeconds);
  if (pending) {
    await writePending(runner, nsid, pending, 'pending');
    options.onPending?.({ id: pending.id, seconds: pending.seconds });
  }
  const intent: Intent = {
    version: 1,
    operation: 'apply',
    startedAt: new Date().toISOString(),
    pid: process.pid,
    snapshot,
    previousLedger: ledger,
    nextLedger: next,
    ...(pending ? { pendingId: pending.id } : {}),
  };
  let readBackAt: number | undefined;
  try {
    await transact(runner, snapshot, async () => {
      // Write-ahead: the intent is durable before the first change; the first failure stops the
      // script. Once every step ran, the same script reads the host back.
      const record = { name: 'record the intent', argv: intentWriteArgv(nsid), input: intentText(intent) };
      const marker = newMarker();
      // The read-back runs at the end of this script: events that reached the watch before it
      // started are surely in what it reads (later ones may not be, so they still count).
      readBackAt = performance.now();
      const reads = await runSteps(runner, [record, ...steps], stateReads(marker, nsid));
      const after = stateReadingsFrom(runner.where, reads, marker, nsid).state;
      expectMatch(config, after, next, options.health);
      await runSteps(runner, [
        { name: 'write ledger', argv: ledgerWriteArgv(nsid), input: ledgerText(next) },
        { name: 'commit', argv: intentRemoveArgv(nsid) },
      ]);
    });
  } catch (error) {
    // The host was put back (or its undo is left to the next run), so the ledger goes back too: the
    // new one may be written already, when the failure came after its rename (the script's `sh`
    // killed in its last step, a commit that failed). Left there, it would own objects the host no
    // longer has and orphan the ones it does, or let the next run take the undo for a finished run.
    await (ledger === null ? deleteLedger(runner, nsid) : writeLedger(runner, nsid, ledger)).catch(
      () => undefined,
    );
    // APPLY_FAILED: the host was put back, so the intent has nothing left to undo. Otherwise
    // (ROLLBACK_FAILED) it stays, and the next run tries the undo again.
    if (error instanceof MultihomeError && error.code === 'APPLY_FAILED')
      await deleteIntent(runner, nsid).catch(() => undefined);
    // A stale pending record only makes the rollback process restore the same snapshot again, so
    // failing to delete it must not hide `error`.
    if (pending) await deletePending(runner, nsid, pending.id, 'pending').catch(() => undefined);
    throw error;
  }
  return {
    nsid,
    changes,
    ...(pending ? { pending: { id: pending.id, seconds: pending.seconds } } : {}),
    ...(readBackAt === undefined ? {} : { readBackAt }),
  };
}

/**
 * Fails (so the transaction rolls back) unless the host read back after the steps ran matches the
 * config: apply never reports success with the host short of what was asked.
 */
function expectMatch(config: Config, after: HostState, next: Ledger, health: HealthView | undefined): void {
  const left = planChanges(config, after, next, health);
  if (left.length === 0) return;
  const shown = left.slice(0, 3).map((change) => `${change.action} ${describeChange(change)}`);
  throw new MultihomeError(
    'APPLY_FAILED',
    `the host does not match the plan after its steps ran (${left.length} change(s) still needed: ${shown.join('; ')}${left.length > 3 ? '; …' : ''})`,
    { source: 'system' },
  );
}

function newPending(
  snapshot: PendingRollback['snapshot'],
  ledger: Ledger | null,
  seconds: number,
): PendingRollback {
  const id = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const now = Date.now();
  return {
    version: 2,
    id,
    createdAt: new Date(now).toISOString(),
    seconds,
    deadline: new Date(now + seconds * 1000).toISOString(),
    snapshot,
    previousLedger: ledger,
  };
}

/** A second apply while one awaits confirmation would make its rollback undo the wrong thing. */
export function refuseIfPending(where: string, entries: readonly PendingEntry[]): void {
  if (!entries.some((record) => record.state === 'pending')) return;
  throw new MultihomeError(
    'USAGE',
    `${where}: an earlier \`apply --confirm\` is still waiting for confirmation; run \`multihome confirm\` or let it roll back first`,
    { source: 'user' },
  );
}
