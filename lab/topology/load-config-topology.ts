import { basename, extname } from 'node:path';
import { parseConfigSyntax } from '../../applier/config/parse-config.js';
import { readConfigText } from '../../applier/config/read-config-text.js';
import { ConfigError } from '../../applier/errors.js';
import type { Config } from '../../applier/model/config.js';
import { parseYamlSource } from '../../applier/yaml/yaml-source.js';
import { topologyFromConfig } from './from-config.js';
import type { Topology } from './types.js';

/** A production config and the lab derived from it. */
export type ConfigLab = { readonly config: Config; readonly topology: Topology };

/**
 * Reads a multihome config and derives its lab (see topologyFromConfig). A config the applier refuses,
 * or one whose uplinks cannot exist in a lab, throws a ConfigError naming file, line and field (exit 2).
 */
export function configLabFromText(text: string, file: string): ConfigLab {
  const config = parseConfigSyntax(text, file);
  const derived = topologyFromConfig(config, labNameFor(file));
  if (derived.topology) return { config, topology: derived.topology };
  const located = parseYamlSource(text, file).withLines(derived.issues);
  throw new ConfigError(
    file,
    [...located].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  );
}

/** configLabFromText for a file on disk; a missing file is CONFIG_NOT_FOUND (exit 2). */
export function loadConfigLab(path: string): ConfigLab {
  return configLabFromText(readConfigText(path), path);
}

/** A topology name from the config's file name: `prod.yaml` → `prod`. */
export function labNameFor(file: string): string {
  const stem = basename(file, extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return stem === '' ? 'config' : stem;
}
