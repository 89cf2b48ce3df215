import type { CommandRunner, StreamingCommand } from '../runner/command-runner.js';

/** One kernel event: what kind of object changed, and iproute2's line for it. */
export type KernelEvent = { readonly kind: 'link' | 'address' | 'route' | 'rule'; readonly text: string };

/**
 * `ip -o monitor label …`: one line per event, prefixed `[LINK]`, `[ADDR]`, `[ROUTE]` or `[RULE]`.
 * The line only triggers a re-plan and a log line; the state itself is re-read as JSON, so the
 * text is never parsed for state (iproute2 6.1 prints monitor events as text even with `-json`).
 */
export const MONITOR_ARGV: readonly string[] = [
  'ip',
  '-o',
  'monitor',
  'label',
  'link',
  'address',
  'route',
  'rule',
];

const KINDS: Readonly<Record<string, KernelEvent['kind']>> = {
  LINK: 'link',
  ADDR: 'address',
  ROUTE: 'route',
  RULE: 'rule',
};

/** Parses one monitor line; undefined for lines that are no event. */
export function parseEvent(line: string): KernelEvent | undefined {
  const match = /^\[(LINK|ADDR|ROUTE|RULE)\]\s*(.*)$/.exec(line);
  const kind = match?.[1] === undefined ? undefined : KINDS[match[1]];
  if (kind === undefined) return undefined;
  // `\` joins the continuation lines of one event in oneline mode; the first part says enough.
  const text = (match?.[2] ?? '').split('\\')[0]?.replace(/\s+/g, ' ').trim() ?? '';
  return { kind, text: text.slice(0, 300) };
}

/**
 * Kernel events that cannot matter to multihome: the local table's own routes and IPv6 multicast
 * and link-local housekeeping. Everything else triggers a re-plan.
 */
export function isNoise(event: KernelEvent): boolean {
  if (event.kind !== 'route') return false;
  return /\btable local\b/.test(event.text) || /^(Deleted )?(multicast|ff00::|fe80::\/64)/.test(event.text);
}

/**
 * Starts the monitor through the runner; `onEvent` gets each event. Restarted by the caller when
 * it exits (the returned command's `exited`).
 */
export function watchKernel(runner: CommandRunner, onEvent: (event: KernelEvent) => void): StreamingCommand {
  if (runner.spawn === undefined) throw new TypeError(`${runner.where}: this runner cannot stream commands`);
  return runner.spawn(MONITOR_ARGV, (line) => {
    const event = parseEvent(line);
    if (event !== undefined) onEvent(event);
  });
}
