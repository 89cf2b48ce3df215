import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../applier/errors.js';
import { parseYamlSource } from '../../applier/yaml/yaml-source.js';
import { checkTopology } from './check-topology.js';
import type { Topology } from './types.js';

/** Parses and validates a topology YAML text; every problem is reported at once with its field and line. */
export function parseTopology(text: string, file: string): Topology {
  const source = parseYamlSource(text, file, 'TOPOLOGY_INVALID');
  const { topology, issues } = checkTopology(source.value);
  if (!topology || issues.length > 0)
    throw new ConfigError(file, source.withLines(issues), 'TOPOLOGY_INVALID');
  return topology;
}

/** Reads and validates a topology file; a missing file is a TOPOLOGY_INVALID user error too. */
export async function loadTopologyFile(path: string): Promise<Topology> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      path,
      [{ path: [], message: `cannot read topology: ${reason}` }],
      'TOPOLOGY_INVALID',
    );
  }
  return parseTopology(text, path);
}
