import { type StatusReport, statusHost } from '../../applier/index.js';
import {
  evidenceCounterNames,
  evidenceDelta,
  LabError,
  parseCounters,
  type StartedLab,
} from '../../lab/index.js';
import { cliInRouter, pollUntil, writeRouterFile } from './router-cli.js';

/**
 * Where the watch's config and log live inside the router: under /run, the router's own on both
 * runtimes (a netns router shares the host's /etc and /var).
 */
export const WATCH = {
  dir: '/run/multihome-watch',
  config: '/run/multihome-watch/multihome.yaml',
  log: '/run/multihome-watch/watch.log',
} as const;

/** What `multihome status --json` says about the watch and the main default. */
export type WatchStatus = Pick<StatusReport, 'mainDefault' | 'drift' | 'watch'>;

/**
 * The router's status report, what `multihome status --json` prints there, read through the
 * router's runner by the same `statusHost`. The scenarios poll it every 25 ms, and each poll
 * through the CLI would start Node in the router (about 200 ms of CPU); scenario 10 runs the CLI's.
 */
export function routerStatus(lab: StartedLab): Promise<WatchStatus> {
  return statusHost(lab.runner('router'));
}

/**
 * Starts `multihome watch -c FILE --json` inside the router in the background, as systemd would run
 * it there, with its log in a file; resolves once status says the watch runs.
 */
export async function startRouterWatch(lab: StartedLab, config: string): Promise<void> {
  await lab.exec('router', ['mkdir', '-p', WATCH.dir]);
  await writeRouterFile(lab, WATCH.config, config);
  const cli = cliInRouter(lab);
  const line = `${cli.node} ${cli.main} watch -c ${WATCH.config} --json >> ${WATCH.log} 2>&1 &`;
  const started = await lab.exec('router', ['sh', '-c', line]);
  if (started.exitCode !== 0) throw harnessFailed(`cannot start the watch: ${started.stderr}`);
  const up = await pollUntil(async () => (await routerStatus(lab)).watch?.running === true, 60_000);
  if (!up) throw harnessFailed(`the watch did not start:\n${await watchLog(lab)}`);
}

/** Sends a signal to the router's watch (SIGHUP reloads, SIGTERM stops it). */
export async function signalRouterWatch(lab: StartedLab, signal: 'HUP' | 'TERM'): Promise<void> {
  const pid = (await routerStatus(lab)).watch?.pid;
  if (pid === undefined) throw harnessFailed('no watch runs in the router');
  await lab.exec('router', ['kill', `-${signal}`, String(pid)]);
}

/** The watch's log so far (JSON lines). */
export async function watchLog(lab: StartedLab): Promise<string> {
  return (await lab.exec('router', ['cat', WATCH.log])).stdout;
}

/**
 * Packets each listed gateway forwarded from the router while `fn` ran, by router source address.
 * Only the named gateways are read, so a stopped one does not spoil the count.
 */
export async function countAtGateways<T>(
  lab: StartedLab,
  isps: readonly string[],
  fn: () => Promise<T>,
): Promise<{ result: T; packets: Record<string, number> }> {
  const counters = evidenceCounterNames(lab.topology).filter((c) => isps.includes(c.isp));
  const read = () =>
    Promise.all(
      counters.map(async (c) => {
        const out = await lab.exec(c.node, ['nft', '-j', 'list', 'counters', 'table', 'inet', 'lab']);
        return parseCounters(out.stdout, c);
      }),
    );
  const before = await read();
  const result = await fn();
  const after = await read();
  const packets: Record<string, number> = {};
  after.forEach((reading, index) => {
    const start = before[index];
    if (start === undefined) return;
    const delta = evidenceDelta(start, reading);
    packets[reading.isp] = Object.values(delta.fromRouter).reduce((sum, n) => sum + n, 0);
  });
  return { result, packets };
}

/** How long `check` took to become true (polled every 25 ms), or null when it did not within `ms`. */
export async function timeUntil(check: () => Promise<boolean>, ms: number): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await check()) return Date.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return (await check()) ? Date.now() - start : null;
}

// Polls `$0` (a shell condition) every 25 ms against the router's own clock (/proc/uptime, in
// centiseconds, read without a fork) and prints how long it took to hold; exits 1 after `$1` ms.
const WAIT_IN_ROUTER = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
  'clock() { read -r up _ </proc/uptime; now=$(( ${up%.*}${up#*.} * 10 )); }',
  'clock; start=$now; end=$((now + $1))',
  'while :; do',
  '  if eval "$0"; then clock; echo $((now - start)); exit 0; fi',
  '  clock; [ "$now" -lt "$end" ] || exit 1',
  '  sleep 0.025',
  'done',
].join('\n');

/**
 * `timeUntil` for a shell condition in the router, polled there by one loop: on Docker each poll
 * from here would be an exec of its own (about 50 ms of runc, containerd and dockerd work).
 */
export async function routerTimeUntil(
  lab: StartedLab,
  condition: string,
  ms: number,
): Promise<number | null> {
  const result = await lab.exec('router', ['sh', '-c', WAIT_IN_ROUTER, condition, String(ms)], {
    timeoutMs: ms + 10_000,
  });
  if (result.exitCode === 0) return Number(result.stdout.trim());
  if (result.exitCode === 1) return null;
  throw harnessFailed(
    `waiting in the router for \`${condition}\` exited ${result.exitCode}: ${result.stderr}`,
  );
}

// The driver's own failures: the scenario could not do what it set up, whatever the applier does.
function harnessFailed(message: string): LabError {
  return new LabError('HARNESS_FAILED', message, { source: 'system' });
}
