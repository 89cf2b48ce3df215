import * as z from 'zod';
import { parseStored } from '../ledger/ledger-store.js';
import { ledgerDir } from '../ledger/paths.js';
import { readRemoteFile, writeRemoteFile } from '../ledger/remote-file.js';
import type { CommandRunner } from '../runner/command-runner.js';
import type { HealthState } from './health-state.js';
import type { LogEntry } from './watch-log.js';

/** How many recent log entries the state file keeps for `status`. */
export const RECENT_EVENTS = 20;

/** What a running watch tells `status` and `verify`: who it is, each uplink's health, the main default. */
export type WatchState = {
  readonly version: 1;
  readonly pid: number;
  readonly startedAt: string;
  readonly configFile: string;
  /** Checked uplinks only; the others always count as healthy. */
  readonly health: Readonly<Record<string, { readonly state: HealthState; readonly since: string }>>;
  /** The main table's default per family as the last repair left it (`via … dev …`), or null. */
  readonly mainDefault: Readonly<Record<'4' | '6', string | null>>;
  readonly events: readonly LogEntry[];
};

// Checked loosely: the watch state is a report for status, rewritten by every running watch.
const watchStateSchema = z.looseObject({ events: z.array(z.unknown()) });

/** Where a namespace's watch state lives, beside its ledger. */
export function watchStatePath(nsid: string): string {
  return `${ledgerDir(nsid)}/watch.json`;
}

/**
 * Stores the watch state (write beside, then rename). The watch writes it outside the namespace
 * lock, so its temp file must not carry the bare namespace id: whoever takes the lock meanwhile
 * sweeps `.*.<nsid>.tmp-*` as a killed run's leftovers, and the rename would find its file gone.
 */
export async function writeWatchState(runner: CommandRunner, nsid: string, state: WatchState): Promise<void> {
  await writeRemoteFile(runner, watchStatePath(nsid), `${JSON.stringify(state, null, 2)}\n`, `watch-${nsid}`);
}

/** The last stored watch state, or null when no watch ever ran here. */
export async function readWatchState(runner: CommandRunner, nsid: string): Promise<WatchState | null> {
  const path = watchStatePath(nsid);
  const text = await readRemoteFile(runner, path);
  return text === null
    ? null
    : parseStored<WatchState>(text, path, runner.where, watchStateSchema, 'watch state');
}
