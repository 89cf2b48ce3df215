import { loadConfigWithReadings } from '../config/load-config.js';
import type { Config } from '../model/config.js';
import type { Change } from '../model/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { type HostReadings, readHost } from '../state/host-readings.js';
import { planChanges } from './plan.js';

/** What `plan` found: the validated config and the changes apply would make (reads only). */
export type PlanResult = { readonly config: Config; readonly changes: readonly Change[] };

/** The changes apply would make; accepts a config file path (loaded against this host) or a Config. */
export async function planHost(
  runner: CommandRunner,
  config: string | Config,
  readings?: HostReadings,
): Promise<PlanResult> {
  const loaded =
    typeof config === 'string'
      ? await loadConfigWithReadings(runner, config, readings)
      : { config, readings: readings ?? (await readHost(runner)) };
  const { records, state } = loaded.readings;
  return { config: loaded.config, changes: planChanges(loaded.config, state, records.ledger) };
}
