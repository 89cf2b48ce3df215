import { type NamespaceRecords, RECORDS_ARGV, recordsFrom } from '../ledger/namespace-records.js';
import type { HostState } from '../plan/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { hostStateFrom, STATE_COMMANDS, STATE_ORDER } from '../state/read-host-state.js';
import { runTogether } from './run-together.js';

/**
 * Everything a command reads before it plans: the kernel state and the namespace's records. Read
 * once at the start and passed along, so loading the config and applying it do not read twice.
 */
export type HostReadings = { readonly records: NamespaceRecords; readonly state: HostState };

/**
 * Reads the records and the state (the same commands as `readHostState`) through one `sh`: one
 * process started from Node instead of eight.
 */
export async function readHost(runner: CommandRunner): Promise<HostReadings> {
  const [records, ...state] = await runTogether(runner, [
    RECORDS_ARGV,
    ...STATE_ORDER.map((name) => STATE_COMMANDS[name]),
  ]);
  if (records === undefined) throw new TypeError('readHost: no records result');
  return { records: await recordsFrom(runner, records), state: hostStateFrom(runner.where, state) };
}
