import { ConfigError } from '../../applier/errors.js';
import { readInputText } from '../../applier/files/read-input-text.js';
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

/**
 * Reads and validates a topology file (`--topology`). A missing file, a FIFO, a device or a file over
 * a mebibyte is a TOPOLOGY_INVALID user error naming the file, refused at once without reading it.
 */
export async function loadTopologyFile(path: string): Promise<Topology> {
  const text = readInputText(path, { what: 'topology file', option: '--topology', code: 'TOPOLOGY_INVALID' });
  return parseTopology(text, path);
}
