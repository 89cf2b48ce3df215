/**
 * The applier's error codes, a closed set, so callers and tests can branch on them without parsing
 * messages. Other areas (the lab) have their own closed sets and subclass `MultihomeError` with them.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'USAGE'
  | 'COMMAND_FAILED'
  | 'APPLY_FAILED'
  | 'ROLLBACK_FAILED'
  | 'VERIFY_FAILED'
  | 'EXPORT_STALE'
  | 'WRITE_FAILED'
  | 'STATE_CORRUPT'
  | 'LOCK_BUSY'
  | 'TIMEOUT';

/** Who caused a failure: the user (exit 2, nothing changed) or the system (exit 1, host restored). */
export type ErrorSource = 'user' | 'system';

/** Base class of every error multihome throws on purpose; the CLI maps `source` to the exit code. */
export class MultihomeError<Code extends string = ErrorCode> extends Error {
  readonly code: Code;
  readonly source: ErrorSource;

  constructor(code: Code, message: string, options: { source: ErrorSource; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.source = options.source;
  }
}

/** One problem found in a config or topology file, located by a dotted path and, when known, a line. */
export type Issue = {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
};

/** Renders an issue path the zod way: `uplinks[1].gateway`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}

/** A file the user wrote is wrong; carries every issue found, each with its field path and line. */
export class ConfigError<Code extends string = ErrorCode> extends MultihomeError<Code> {
  readonly file: string;
  readonly issues: readonly Issue[];

  constructor(file: string, issues: readonly Issue[], code: Code = 'CONFIG_INVALID' as Code) {
    super(code, renderIssues(file, issues), { source: 'user' });
    this.file = file;
    this.issues = issues;
  }
}

function renderIssues(file: string, issues: readonly Issue[]): string {
  const lines = issues.map((issue) => {
    const where =
      issue.line === undefined ? file : `${file}:${issue.line}${issue.column ? `:${issue.column}` : ''}`;
    const path = formatPath(issue.path);
    return visible(`✖ ${issue.message}${path ? ` → at ${path}` : ''} (${where})`);
  });
  return `${visible(file)}: ${issues.length === 1 ? 'one problem' : `${issues.length} problems`}\n${lines.join('\n')}`;
}

// A key or value may hold control characters (a YAML "\e[31m" is an escape sequence): printed as
// they are, they would recolour or rewrite the user's terminal, and a newline would forge a line.
function visible(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `\\x${code.toString(16).padStart(2, '0')}` : char;
  }
  return out;
}

/** A command run through a runner exited non-zero; keeps argv, exit code and stderr for the report. */
export class CommandError extends MultihomeError {
  readonly argv: readonly string[];
  readonly exitCode: number;
  readonly stderr: string;

  constructor(argv: readonly string[], exitCode: number, stderr: string, where: string) {
    const shown = argv.join(' ');
    super('COMMAND_FAILED', `${where}: \`${shown}\` exited ${exitCode}: ${stderr.trim() || '(no stderr)'}`, {
      source: 'system',
    });
    this.argv = argv;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** Maps any error to the CLI's exit code: 2 for the user's mistakes, 1 for everything else. */
export function exitCodeFor(error: unknown): 1 | 2 {
  return error instanceof MultihomeError && error.source === 'user' ? 2 : 1;
}
