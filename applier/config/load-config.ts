import type { Config, HostFacts } from '../model/config.js';
import type { HostState, Ledger } from '../model/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { type HostReadings, readHost } from '../state/host-readings.js';
import { parseYamlSource, type YamlSource } from '../yaml/yaml-source.js';
import { type HostCheckOptions, interfacesToCheck } from './parse-config.js';
import { readConfigText } from './read-config-text.js';
import { validate } from './validate-config.js';

/** The facts the config loader checks against, read from the host the runner reaches. */
export function hostFacts(state: HostState, ledger: Ledger | null): HostFacts {
  const previousTables = Object.fromEntries(
    (ledger?.config.uplinks ?? []).map((uplink) => [uplink.name, uplink.table]),
  );
  const previousMarks = {
    ...ledger?.waitingMarks,
    ...Object.fromEntries((ledger?.config.uplinks ?? []).map((uplink) => [uplink.name, uplink.mark])),
  };
  const live = {
    addresses: state.addresses,
    mainDefaults: state.mainDefaults,
    ownedRoutes: state.ownedRoutes,
    displacedDefaults: ledger?.displacedDefaults ?? [],
  };
  return {
    interfaces: state.interfaces,
    foreignTables: state.foreignTables,
    previousTables,
    previousMarks,
    retiredMarks: ledger?.retiredMarks ?? [],
    live,
  };
}

/** A config file checked against the host, and the readings it was checked against. */
export type LoadedConfig = { readonly config: Config; readonly readings: HostReadings };

/**
 * Loads a config file against the host the runner reaches (its interfaces, foreign tables, earlier
 * ids) and gives back the readings too, so the apply or remove that follows does not read twice.
 * The file is read and parsed while the host is read (child processes); the checks that need the
 * host's facts run once they are in. A failed read wins over a bad file. Errors name the file as
 * given, as the topology's and the script's do; the Config records its absolute path (buildConfig).
 */
export async function loadConfigWithReadings(
  runner: CommandRunner,
  file: string,
  readings?: HostReadings,
  options: HostCheckOptions = {},
): Promise<LoadedConfig> {
  const reading = readings ? Promise.resolve(readings) : readHost(runner);
  // Awaited below; this only keeps a read that fails early from counting as unhandled meanwhile.
  reading.catch(() => undefined);
  // execa hands the read script to `sh`'s stdin on a later turn of the event loop: let it go before
  // the synchronous parse, or `sh` waits for its script until the parse is done.
  await new Promise((next) => setImmediate(next));
  let source: YamlSource | undefined;
  let failure: unknown;
  try {
    source = parseYamlSource(readConfigText(file), file);
  } catch (error) {
    failure = error;
  }
  const read = await reading;
  if (source === undefined) throw failure;
  const facts = hostFacts(read.state, read.records.ledger);
  return { config: validate(source, facts, interfacesToCheck(facts, options)), readings: read };
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
