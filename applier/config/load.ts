import type { Config, HostFacts } from '../model/config.js';
import { parseConfig } from './parse-config.js';
import { readConfigText } from './read-config-text.js';

/** Reads the user's config file and validates it; a missing file is a user error naming the path. */
export async function loadConfigFile(path: string, facts: HostFacts): Promise<Config> {
  return parseConfig(await readConfigText(path), path, facts);
}
