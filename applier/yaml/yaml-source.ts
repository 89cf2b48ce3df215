import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLWarning,
} from 'yaml';
import { ConfigError, type ErrorCode, type Issue } from '../errors.js';

/** A parsed YAML file that can say on which line any field path sits, for error messages. */
export type YamlSource = {
  readonly file: string;
  /** The plain JS value of the document. */
  readonly value: unknown;
  /** 1-based line and column of the value at `path`, or of its closest existing parent. */
  locate(path: readonly (string | number)[]): { line: number; column: number };
  /** Turns path-only issues into issues with lines. */
  withLines(issues: readonly Omit<Issue, 'line' | 'column'>[]): Issue[];
};

/**
 * Parses YAML text; syntax errors (and duplicate keys) become a ConfigError naming file and line, and
 * so do tags the parser would ignore.
 */
export function parseYamlSource<Code extends string = ErrorCode>(
  text: string,
  file: string,
  code: Code = 'CONFIG_INVALID' as Code,
): YamlSource {
  const lineCounter = new LineCounter();
  // stringKeys: a key that is a list or a map (`? [a, b]`) is a syntax error at its line, not a key
  // stringified with a warning from deep inside the parser.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, stringKeys: true, prettyErrors: false });
  const problems = [
    ...doc.errors.map((error) => ({
      pos: error.pos,
      message: `YAML syntax: ${error.message.split('\n')[0] ?? error.message}`,
    })),
    ...doc.warnings.flatMap((warning) => {
      const message = ignoredTag(warning, text.slice(...warning.pos));
      return message === undefined ? [] : [{ pos: warning.pos, message }];
    }),
  ];
  if (problems.length > 0) {
    const issues = problems.map(({ pos, message }) => {
      const { line, col } = lineCounter.linePos(pos[0]);
      return { path: [], message, line, column: col };
    });
    throw new ConfigError(file, issues, code);
  }

  const locate = (path: readonly (string | number)[]) => {
    let node: unknown = doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const part of path) {
      const child = childOf(node, part);
      if (child === undefined) break;
      node = child.node;
      offset = child.offset ?? offset;
    }
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  return {
    file,
    value: toValue(doc, file, code, lineCounter),
    locate,
    withLines: (issues) => issues.map((issue) => ({ ...issue, ...locate(issue.path) })),
  };
}

// The parser warns, and goes on as if the tag were not there, when a tag is unknown (`!foo`) or does
// not fit its value (`!!set [a]`). Its other warnings (an unknown %directive, an anchor ending in
// ":", a flow collection's closing bracket at its parent's indent) leave the value as written.
function ignoredTag(warning: YAMLWarning, tag: string): string | undefined {
  if (warning.code === 'TAG_RESOLVE_FAILED') return `YAML: unknown tag ${tag} (it would be ignored)`;
  if (warning.code === 'BAD_COLLECTION_TYPE')
    return `YAML: tag ${tag} does not fit its value (it would be ignored)`;
  return undefined;
}

function childOf(
  node: unknown,
  part: string | number,
): { node: unknown; offset: number | undefined } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(part));
    if (!pair) return undefined;
    // A value-less key (`gateway:`) has no value node; point at the key instead.
    return { node: pair.value, offset: rangeStart(pair.value) ?? rangeStart(pair.key) };
  }
  if (isSeq(node) && typeof part === 'number') {
    const item = node.items[part];
    return item === undefined ? undefined : { node: item, offset: rangeStart(item) };
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

// Building the value throws on a dangling or runaway alias (`*name`); that is the file's mistake too,
// so it becomes a ConfigError located at the first alias.
function toValue<Code extends string>(
  doc: ReturnType<typeof parseDocument>,
  file: string,
  code: Code,
  lines: LineCounter,
): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    let offset = 0;
    visit(doc, {
      Alias(_, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const { line, col } = lines.linePos(offset);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(file, [{ path: [], message: `YAML: ${reason}`, line, column: col }], code);
  }
}
