import type { Command } from './command-runner.js';

/** Whether `command` can go into one `sh` script of several: a here-document carries only whole lines. */
export function fitsInScript(command: Command): boolean {
  return command.input === undefined || command.input === '' || command.input.endsWith('\n');
}

/** A marker no file multihome reads will contain, to frame outputs printed one after another. */
export function newMarker(): string {
  return `@multihome-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}@`;
}

/** Quotes one argument for `sh`, leaving plain words as they are. */
export function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** An argv list as one `sh` command line. */
export function shellLine(argv: readonly string[]): string {
  return argv.map(quote).join(' ');
}

/**
 * The shell text that runs a command: its words, then `redirect` (more redirections, on the same
 * line), then its stdin, a here-document ended by `end` (or `absent` when it has no input). A
 * here-document ends the text, on the marker's own line. An `sh -c SCRIPT NAME ARGS…` runs as
 * SCRIPT in a subshell whose positional parameters are ARGS: what a new `sh` would do, without
 * exec'ing one. Such a script must set every variable it reads: a subshell sees those around it.
 */
export function commandText(command: Command, end: string, redirect = '', absent = ''): string {
  const { argv, input } = command;
  const stdin = input === undefined ? absent : ` <<'${end}'\n${input}${end}`;
  const script = argv[0] === 'sh' && argv[1] === '-c' ? argv[2] : undefined;
  const words =
    script === undefined ? shellLine(argv) : `(set -- ${argv.slice(4).map(quote).join(' ')}\n${script}\n)`;
  return `${words}${redirect}${stdin}`;
}
