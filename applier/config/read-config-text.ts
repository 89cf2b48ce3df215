import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

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
