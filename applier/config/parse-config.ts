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

/** Parses and validates a config against the host it will be applied to; pure, throws only ConfigError. */
export function parseConfig(text: string, file: string, facts: HostFacts): Config {
  return validate(parseYamlSource(text, file), facts, facts.interfaces);
}
