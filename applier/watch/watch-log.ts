/** What a log line is about: a kernel event, an action taken, a health transition, or the watch itself. */
export type LogKind = 'event' | 'action' | 'health' | 'watch' | 'error';

/** One log entry, as `--json` prints it and the state file keeps the last few. */
export type LogEntry = { readonly at: string; readonly kind: LogKind; readonly message: string } & Readonly<
  Record<string, unknown>
>;

/** Writes one line per entry: `HH:MM:SS.mmm kind message` on a TTY or file, one JSON object with `--json`. */
export function lineLogger(json: boolean, write: (line: string) => void): (entry: LogEntry) => void {
  return (entry) => {
    if (json) write(JSON.stringify(entry));
    else write(`${entry.at.slice(11, 23)} ${entry.kind.padEnd(6)} ${entry.message}`);
  };
}

/** A log entry stamped now. */
export function entry(
  kind: LogKind,
  message: string,
  extra: Readonly<Record<string, unknown>> = {},
): LogEntry {
  return { at: new Date().toISOString(), kind, message, ...extra };
}
