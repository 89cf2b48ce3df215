import { resolve } from 'node:path';
import type { Config, HostFacts } from '../config/types.js';
import type { HostState, Ledger } from '../plan/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import type { YamlSource } from '../yaml/yaml-source.js';
import { type HostReadings, readHost } from './host-readings.js';

// The config's modules pull in zod and yaml, the heaviest code the applier loads: they are
// imported once the host reads are running, so loading them overlaps with those processes.
const configModules = () =>
  Promise.all([
    import('../config/read-config-text.js'),
    import('../config/validate-config.js'),
    import('../yaml/yaml-source.js'),
  ]);

/** The facts the config loader checks against, read from the host the runner reaches. */
export function hostFacts(state: HostState, ledger: Ledger | null): HostFacts {
  const previousTables = Object.fromEntries(
    (ledger?.config.uplinks ?? []).map((uplink) => [uplink.name, uplink.table]),
  );
  return { interfaces: state.interfaces, foreignTables: state.foreignTables, previousTables };
}

/** A config file checked against the host, and the readings it was checked against. */
export type LoadedConfig = { readonly config: Config; readonly readings: HostReadings };

/**
 * Loads a config file against the host the runner reaches (its interfaces, foreign tables, earlier
 * ids), as `loadConfigFile` does, but loads the config code and parses the YAML while the host is
 * being read (the reads are child processes). Errors keep the order of reading first: a failed read
 * wins over a broken file.
 */
export async function loadConfigWithReadings(
  runner: CommandRunner,
  path: string,
  readings?: HostReadings,
): Promise<LoadedConfig> {
  const file = resolve(path);
  const reading = readings ? Promise.resolve(readings) : readHost(runner);
  const [{ readConfigText }, { validate }, { parseYamlSource }] = await configModules();
  let source: YamlSource | undefined;
  let failure: { error: unknown } | undefined;
  try {
    source = parseYamlSource(readConfigText(file), file);
  } catch (error) {
    failure = { error };
  }
  const read = await reading;
  if (failure !== undefined || source === undefined) throw failure?.error;
  const facts = hostFacts(read.state, read.records.ledger);
  return { config: validate(source, facts, facts.interfaces), readings: read };
}
