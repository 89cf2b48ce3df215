import { LineCounter, parseDocument, visit } from 'yaml';
import { ConfigError, MultihomeError } from '../errors.js';
import { parseYamlSource, type YamlSource } from '../yaml/yaml-source.js';

/**
 * Parses the config's YAML. Besides syntax errors (which parseYamlSource reports), building the value can
 * throw on a dangling or runaway alias (`*name`); that is the user's mistake too, so it becomes a ConfigError
 * located at the first alias.
 */
export function readYaml(text: string, file: string): YamlSource {
  try {
    return parseYamlSource(text, file);
  } catch (error) {
    if (error instanceof MultihomeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(file, [{ path: [], message: `YAML: ${reason}`, ...firstAlias(text) }]);
  }
}

function firstAlias(text: string): { line: number; column: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}
