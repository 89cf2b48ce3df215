import { resolve } from 'node:path';
import type { Config, HostFacts } from '../model/config.js';
import type { HostState, Ledger } from '../model/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { type HostReadings, readHost } from '../state/host-readings.js';
import { parseConfig } from './parse-config.js';
import { readConfigText } from './read-config-text.js';

/** The facts the config loader checks against, read from the host the runner reaches. */
export function hostFacts(state: HostState, ledger: Ledger | null): HostFacts {
  const previousTables = Object.fromEntries(
    (ledger?.config.uplinks ?? []).map((uplink) => [uplink.name, uplink.table]),
  );
  const previousMarks = Object.fromEntries(
    (ledger?.config.uplinks ?? []).map((uplink) => [uplink.name, uplink.mark]),
  );
  return {
    interfaces: state.interfaces,
    foreignTables: state.foreignTables,
    previousTables,
    previousMarks,
    retiredMarks: ledger?.retiredMarks ?? [],
  };
}

/** A config file checked against the host, and the readings it was checked against. */
export type LoadedConfig = { readonly config: Config; readonly readings: HostReadings };

/**
 * Loads a config file against the host the runner reaches (its interfaces, foreign tables, earlier
 * ids) and gives back the readings too, so the apply or remove that follows does not read twice.
 * The host is read (child processes) while the file is read. A failed read wins over a bad file.
 */
export async function loadConfigWithReadings(
  runner: CommandRunner,
  path: string,
  readings?: HostReadings,
): Promise<LoadedConfig> {
  const file = resolve(path);
  const reading = readings ? Promise.resolve(readings) : readHost(runner);
  // Awaited below; this only keeps a read that fails early from counting as unhandled meanwhile.
  reading.catch(() => undefined);
  let text: string;
  try {
    text = await readConfigText(file);
  } catch (error) {
    await reading;
    throw error;
  }
  const read = await reading;
  return { config: parseConfig(text, file, hostFacts(read.state, read.records.ledger)), readings: read };
}

/**
 * Loads a config file against the host the runner reaches (its interfaces, foreign tables, earlier
 * ids). Pass `readings` (from `readHost`) to reuse them for the apply or remove that follows.
 */
export async function loadConfigFor(
  runner: CommandRunner,
  path: string,
  readings?: HostReadings,
): Promise<Config> {
  return (await loadConfigWithReadings(runner, path, readings)).config;
}
