import type { Config, HostFacts } from '../model/config.js';
import { parseYamlSource } from '../yaml/yaml-source.js';
import type { TableFacts } from './assign-tables.js';
import { validate } from './validate-config.js';

/**
 * Validates everything except that interfaces exist, for callers without host facts (the lab generating
 * configs, schema tests). Throws a ConfigError listing every problem with its line.
 */
export function parseConfigSyntax(text: string, file: string, facts: TableFacts = {}): Config {
  return validate(parseYamlSource(text, file), facts, undefined);
}

/**
 * What a config is checked for against the host. `absentInterfaces: 'wait'` (`watch`, and `apply
 * --absent-interfaces wait` as the boot unit runs it) lets an uplink name an interface the host does
 * not have yet (a PPP link before its session is up, a USB modem not plugged in): its address and
 * routes wait for it, as for a link set down. The default, `'refuse'`, makes such a config an error,
 * since it is most often a typo.
 */
export type HostCheckOptions = { readonly absentInterfaces?: 'refuse' | 'wait' };

/** Parses and validates a config against the host it will be applied to; pure, throws only ConfigError. */
export function parseConfig(
  text: string,
  file: string,
  facts: HostFacts,
  options: HostCheckOptions = {},
): Config {
  return validate(parseYamlSource(text, file), facts, interfacesToCheck(facts, options));
}

/** The interfaces a config must name only from, or undefined when absent ones may wait. */
export function interfacesToCheck(
  facts: HostFacts,
  options: HostCheckOptions,
): readonly string[] | undefined {
  return options.absentInterfaces === 'wait' ? undefined : facts.interfaces;
}
