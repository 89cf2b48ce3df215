import { resolve } from 'node:path';
import type { Config, HostFacts } from '../model/config.js';
import type { HostState, Ledger } from '../model/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { type HostReadings, readHost } from '../state/host-readings.js';
import type { CheckedFile } from './validate-config.js';

// The config's modules pull in zod and js-yaml, the heaviest code the applier loads: they are
// imported once the host reads are running, so loading them overlaps with those processes. The
// `yaml` library, which keeps every node's position, loads only when there is a line to name.
const configModules = () =>
  Promise.all([
    import('./read-config-text.js'),
    import('./validate-config.js'),
    import('../yaml/plain-yaml.js'),
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
 * ids), as `loadConfigFile` does, but loads the config code, parses the YAML and checks all that
 * needs no host facts while the host is being read (the reads are child processes). A file with
 * anything to report is parsed again by `parseYamlSource`, so every error names its line exactly as
 * `loadConfigFile` would. Errors keep the order of reading first: a failed read wins over a broken file.
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
  const [{ readConfigText }, { checkAgainstHost, checkFile, validate }, { plainYamlValue }] =
    await configModules();
  let text: string | undefined;
  let failure: { error: unknown } | undefined;
  try {
    text = await readConfigText(file);
  } catch (error) {
    failure = { error };
  }
  const plain = text === undefined ? undefined : plainYamlValue(text);
  const checked: CheckedFile | undefined = plain === undefined ? undefined : checkFile(plain.value);
  const read = await reading;
  if (failure !== undefined || text === undefined) throw failure?.error;
  const facts = hostFacts(read.state, read.records.ledger);
  if (checked !== undefined) {
    const result = checkAgainstHost(file, checked, facts, facts.interfaces);
    if ('config' in result) return { config: result.config, readings: read };
  }
  const { parseYamlSource } = await import('../yaml/yaml-source.js');
  return { config: validate(parseYamlSource(text, file), facts, facts.interfaces), readings: read };
}
