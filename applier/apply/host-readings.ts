import { type NamespaceRecords, readNamespaceRecords } from '../ledger/namespace-records.js';
import type { HostState } from '../plan/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { readHostState } from '../state/read-host-state.js';

/**
 * Everything a command reads before it plans: the kernel state and the namespace's records. Read
 * once at the start and passed along, so loading the config and applying it do not read twice.
 */
export type HostReadings = { readonly records: NamespaceRecords; readonly state: HostState };

/** Reads the state and the records side by side (they are independent). */
export async function readHost(runner: CommandRunner): Promise<HostReadings> {
  const [records, state] = await Promise.all([readNamespaceRecords(runner), readHostState(runner)]);
  return { records, state };
}
