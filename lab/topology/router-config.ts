import { parseConfig, parseConfigSyntax } from '../../applier/config/parse-config.js';
import { ConfigError } from '../../applier/errors.js';
import type { Config, HostFacts } from '../../applier/model/config.js';
import { routerInterfaces } from './router-plan.js';
import type { Topology } from './types.js';

/** What the applier sees on the router a fresh lab of `topology` makes: `lo` and the planned interfaces. */
export function routerHostFacts(topology: Topology): HostFacts {
  return { interfaces: ['lo', ...routerInterfaces(topology).map((planned) => planned.name)] };
}

/**
 * Checks a config as `multihome apply` inside the topology's router will, before any lab exists: its own
 * rules first, then against the router's facts (its interfaces), each refusal at the config's own line.
 */
export function parseConfigForRouter(text: string, file: string, topology: Topology): Config {
  parseConfigSyntax(text, file);
  try {
    return parseConfig(text, file, routerHostFacts(topology));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const issues = error.issues.map((issue) => ({
      ...issue,
      message: `on the lab's router: ${issue.message}`,
    }));
    throw new ConfigError(file, issues);
  }
}
