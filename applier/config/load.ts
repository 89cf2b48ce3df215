import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { parseConfig } from './parse-config.js';
import type { Config, HostFacts } from './types.js';

/** Reads the user's config file and validates it; a missing file is a user error naming the path. */
export function loadConfigFile(path: string, facts: HostFacts): Config {
  return parseConfig(readConfigText(path), path, facts);
}

/** Reads a config file's text, mapping "not there" to CONFIG_NOT_FOUND and other read failures to a ConfigError. */
export function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ConfigError(
        path,
        [{ path: [], message: `config file ${path} does not exist` }],
        'CONFIG_NOT_FOUND',
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(path, [{ path: [], message: `cannot read config file: ${reason}` }]);
  }
}
