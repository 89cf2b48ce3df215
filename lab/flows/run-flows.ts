import { randomInt } from 'node:crypto';
import type { CommandResult, StreamingCommand } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import type { StartedLab } from '../lab-types.js';
import { ispNode, lanNode } from '../topology/node-names.js';
import { type FlowRun, type FlowSpec, familyName, type GatewayCount } from './flow.js';
import { canonicalAddress, countFor, type FlowCount, type FlowKey, parseFlowCounts } from './flow-counts.js';
import { batchEnded, batchScript, killProbes, parseBatch } from './probe-batch.js';
import { PROBE_WAIT_SECONDS, type Probe, probeFor } from './probe-command.js';

/** How long probes may wait and how often the gateways are read while they run. */
export type RunFlowsOptions = {
  /** Seconds a probe waits for its answer: the last resort (default PROBE_WAIT_SECONDS). */
  readonly waitSeconds?: number;
  /** Milliseconds between two readings of the gateways' per-flow sets (default 100). */
  readonly pollMs?: number;
};

type Reading = ReadonlyMap<string, readonly FlowCount[]>;

/** One gateway's latest reading: when it began, on the kernel's clock (/proc/uptime, centiseconds). */
type GatewayReading = { readonly at: number; readonly counts: readonly FlowCount[] };

type Pending = {
  readonly spec: FlowSpec;
  readonly key: FlowKey;
  readonly probe: Probe;
  finishedAt: number;
  /** When its batch ended, on the kernel's clock (centiseconds); undefined until it did. */
  endedAt?: number;
  killed?: boolean;
  result?: CommandResult;
  error?: string;
};

// Flow tags (client ports, ICMP ids) come from [TAG_FIRST, TAG_END). A run's killed probes leave
// half-open connections whose replies the router retransmits for many seconds (through whatever route
// holds by then), so the next run must not reuse their tags: consecutive runs take consecutive blocks,
// from a random start per process.
const TAG_FIRST = 20_000;
const TAG_END = 60_000;
let nextTag = randomInt(TAG_FIRST, TAG_END);

/** The first of `count` tags no earlier run of this process used recently. */
function reserveTags(count: number): number {
  if (nextTag + count > TAG_END) nextTag = TAG_FIRST;
  const base = nextTag;
  nextTag += count;
  return base;
}

/**
 * Runs flows in parallel and decides each from both observations. Every flow has its own client port or
 * ICMP echo id, and the gateways count packets per flow in their `spoofed_*` / `forwarded_*` sets, so
 * parallel flows are never confused. A flow has failed as soon as a gateway dropped its reply as spoofed;
 * otherwise it is decided by its client's answer, with the probe's timeout only as the last resort.
 */
export async function runFlows(
  lab: StartedLab,
  specs: readonly FlowSpec[],
  options: RunFlowsOptions = {},
): Promise<FlowRun[]> {
  if (specs.length === 0) return [];
  const wait = options.waitSeconds ?? PROBE_WAIT_SECONDS;
  const pollMs = options.pollMs ?? 100;
  const base = reserveTags(specs.length);
  await using readers = await GatewayReaders.start(lab, pollMs, wait + 10);
  const baseline = readers.counts();
  const began = performance.now();
  const pending: Pending[] = specs.map((spec, index) => ({
    spec,
    key: { peer: canonicalAddress(spec.peer), tag: base + index },
    probe: probeFor(spec, base + index, wait),
    finishedAt: Number.POSITIVE_INFINITY,
  }));
  // One directory per process, run and sending node, in the node's own /run (a container's, or the
  // netns node's bind of its lab directory): a batch killed before it tidies up, as by a Ctrl-C,
  // leaves nothing behind once the lab is down. The host's /tmp, which netns nodes share, kept them.
  const dirOf = (node: string) =>
    `/run/multihome-flows-${process.pid}-${base}-${node.replace(/[^a-zA-Z0-9]/g, '-')}`;
  const nodes = [...new Set(specs.map((spec) => spec.client))];
  const decided = new Map<Pending, FlowRun>();
  const decideWhatCan = () => {
    const reading = readers.counts();
    for (const flow of pending) {
      if (decided.has(flow)) continue;
      const gateways = countsOf(flow.key, baseline, reading);
      const dropped = gateways.some((g) => g.spoofed > 0);
      // An answered flow whose reply this reading already shows needs no reading after its answer.
      const answered =
        flow.result !== undefined &&
        flow.probe.succeeded(flow.result) &&
        gateways.some((g) => g.forwarded > 0);
      const readAfter = flow.endedAt !== undefined && readers.allReadAfter(flow.endedAt);
      if (readAfter || dropped || answered)
        decided.set(flow, decide(flow, gateways, dropped, Math.round(performance.now() - began)));
    }
    stopDecided(lab, dirOf, pending, decided);
  };
  let check = () => {};
  const all = new Promise<void>((resolve) => {
    check = () => {
      decideWhatCan();
      if (decided.size === pending.length) resolve();
    };
  });
  readers.onReading(check);
  for (const node of nodes)
    startBatch(
      lab,
      node,
      dirOf(node),
      pending.filter((flow) => flow.spec.client === node),
      wait,
      { latest: () => readers.latest(), ended: check },
    );
  await all;
  return pending.map((flow) => decided.get(flow) as FlowRun);
}

// One exec per sending node runs all its probes; a probe decided early by a drop is killed (below).
function startBatch(
  lab: StartedLab,
  node: string,
  dir: string,
  flows: readonly Pending[],
  wait: number,
  clock: { readonly latest: () => number; readonly ended: () => void },
): void {
  const script = batchScript(
    dir,
    flows.map((flow) => ({ tag: flow.key.tag, argv: flow.probe.argv })),
  );
  void lab
    .exec(node, ['sh', '-c', script], { timeoutMs: (wait + 10) * 1000 })
    .then(
      (result) => {
        const byTag = new Map(parseBatch(result.stdout).map((r) => [r.tag, r]));
        const ended = batchEnded(result.stdout);
        for (const flow of flows) {
          const own = byTag.get(flow.key.tag);
          if (ended !== undefined) flow.endedAt = ended;
          if (own === undefined)
            flow.error = `no result from ${node}: ${result.stderr.trim() || `exit ${result.exitCode}`}`;
          else flow.result = { stdout: own.stdout, stderr: '', exitCode: own.exitCode };
        }
      },
      (error: unknown) => {
        for (const flow of flows) flow.error = error instanceof Error ? error.message : String(error);
      },
    )
    .finally(() => {
      // A batch that failed before it said when it ended: the newest reading so far began before now.
      for (const flow of flows) {
        flow.finishedAt = performance.now();
        flow.endedAt ??= clock.latest();
      }
      clock.ended();
    });
}

// Kills, once, the probes whose flows a drop decided while they still wait for their timeout.
function stopDecided(
  lab: StartedLab,
  dirOf: (node: string) => string,
  pending: readonly Pending[],
  decided: ReadonlyMap<Pending, FlowRun>,
): void {
  const byNode = new Map<string, number[]>();
  for (const flow of pending) {
    if (!decided.has(flow) || flow.killed || flow.finishedAt !== Number.POSITIVE_INFINITY) continue;
    flow.killed = true;
    byNode.set(flow.spec.client, [...(byNode.get(flow.spec.client) ?? []), flow.key.tag]);
  }
  for (const [node, tags] of byNode)
    void lab.exec(node, ['sh', '-c', killProbes(dirOf(node), tags)]).catch(() => undefined);
}

/** Runs one flow (a matrix of one). */
export async function runFlow(lab: StartedLab, spec: FlowSpec, options?: RunFlowsOptions): Promise<FlowRun> {
  const [run] = await runFlows(lab, [spec], options);
  if (run === undefined)
    throw new LabError('HARNESS_FAILED', 'runFlows returned no run', { source: 'system' });
  return run;
}

function decide(flow: Pending, gateways: readonly GatewayCount[], dropped: boolean, ms: number): FlowRun {
  const finished = flow.finishedAt !== Number.POSITIVE_INFINITY;
  const ok = !dropped && flow.result !== undefined && flow.probe.succeeded(flow.result);
  const reached = gateways.filter((g) => g.forwarded > 0 || g.spoofed > 0).map((g) => g.isp);
  const spec = flow.spec;
  return {
    uplink: spec.uplink,
    protocol: spec.protocol,
    family: familyName(spec.family),
    ok,
    replyVia: reached.length === 0 ? null : reached.sort().join('+'),
    ...(spec.outbound === undefined ? {} : { from: spec.client, to: spec.outbound.to }),
    ...(spec.lanHost === undefined
      ? {}
      : { to: lanNode(spec.lanHost), port: spec.port ?? 0, transport: spec.transport ?? 'tcp' }),
    spec,
    evidence: {
      client: finished ? clientSaw(flow) : `not waited for: its reply was dropped after ${ms} ms`,
      gateways,
      decidedBy: ok ? 'answer' : dropped ? 'drop' : 'timeout',
      ms,
    },
  };
}

function clientSaw(flow: Pending): string {
  if (flow.result === undefined) return `probe failed: ${flow.error ?? 'no result'}`;
  const output = `${flow.result.stdout}${flow.result.stderr}`.trim().replace(/\s+/g, ' ');
  return `exit ${flow.result.exitCode}${output ? `: ${output.slice(0, 160)}` : ''}`;
}

// Per gateway, this flow's packets since the baseline; an element that expired or was reset counts anew.
function countsOf(key: FlowKey, baseline: Reading, reading: Reading): GatewayCount[] {
  return [...reading].map(([isp, counts]) => {
    const now = countFor(counts, key);
    const then = countFor(baseline.get(isp) ?? [], key);
    const grew = (a: number, b: number) => (a >= b ? a - b : a);
    return { isp, forwarded: grew(now.forwarded, then.forwarded), spoofed: grew(now.spoofed, then.spoofed) };
  });
}

// Prints one reading per line until stopped or `$ARGV[1]` seconds are over: the kernel's clock when
// the reading began (centiseconds since boot), then the gateway's `inet lab` table as `nft -j` prints
// it (empty when it cannot be read). Perl, as the nodes' UDP responder: a shell loop cost a subshell
// and a `sleep` process per reading beside `nft`.
const READ_LOOP = [
  'open STDERR, ">", "/dev/null"; $| = 1;',
  'my ($interval, $seconds) = @ARGV;',
  'sub clock { open my $f, "<", "/proc/uptime" or die; my ($up) = split " ", <$f>; $up =~ s/[.]//; $up + 0 }',
  'my $end = clock() + $seconds * 100;',
  'for (my $now = clock(); $now < $end; $now = clock()) {',
  '  my $out = `nft -j list table inet lab`; $out = "" if $?; chomp $out;',
  '  print "$now $out\\n";',
  '  select undef, undef, undef, $interval;',
  '}',
].join('\n');

/**
 * One streaming reader per gateway for a flow phase: a loop inside the gateway that reads its
 * per-flow sets every `pollMs` and prints each reading as a line, instead of one command per
 * reading from here (on Docker an exec each, on netns a namespace entry each, and most of a phase's
 * commands). Each reading carries the kernel's clock, so a flow is decided only by readings that
 * began after its batch ended. A gateway whose reader ends (stopped by a fault: it forwards nothing
 * then) keeps its last reading and counts as read, so the others stay observable.
 */
class GatewayReaders implements AsyncDisposable {
  readonly #isps: readonly string[];
  readonly #latest = new Map<string, GatewayReading>();
  readonly #ended = new Set<string>();
  readonly #commands: StreamingCommand[] = [];
  #listener: () => void = () => {};

  private constructor(isps: readonly string[]) {
    this.#isps = isps;
  }

  static async start(lab: StartedLab, pollMs: number, seconds: number): Promise<GatewayReaders> {
    const readers = new GatewayReaders(lab.topology.isps.map((isp) => isp.name));
    const first = lab.topology.isps.map(
      (isp) =>
        new Promise<void>((resolve) => {
          const runner = lab.runner(ispNode(isp.name));
          if (runner.spawn === undefined)
            throw new LabError('HARNESS_FAILED', `${runner.where}: the runner cannot stream`, {
              source: 'system',
            });
          const ended = () => {
            readers.#ended.add(isp.name);
            resolve();
            readers.#listener();
          };
          let command: StreamingCommand;
          try {
            command = runner.spawn(
              ['perl', '-e', READ_LOOP, String(pollMs / 1000), String(seconds)],
              (line) => {
                readers.#read(isp.name, line);
                resolve();
              },
            );
          } catch {
            // A gateway that cannot run commands now (a netns node stopped by a fault) reads as ended.
            ended();
            return;
          }
          readers.#commands.push(command);
          void command.exited.then(ended);
        }),
    );
    try {
      await Promise.all(first);
    } catch (error) {
      await readers[Symbol.asyncDispose]();
      throw error;
    }
    return readers;
  }

  /** Calls `listener` after every reading (and when a reader ends). */
  onReading(listener: () => void): void {
    this.#listener = listener;
    listener();
  }

  /** Every gateway's counts in its latest reading, in the topology's order (none before its first). */
  counts(): Reading {
    return new Map(this.#isps.map((isp) => [isp, this.#latest.get(isp)?.counts ?? []]));
  }

  /** The kernel's clock of the newest reading from any gateway. */
  latest(): number {
    return Math.max(0, ...[...this.#latest.values()].map((reading) => reading.at));
  }

  /** Whether every gateway's latest reading began after `at`, or its reader has ended. */
  allReadAfter(at: number): boolean {
    return this.#isps.every((isp) => this.#ended.has(isp) || (this.#latest.get(isp)?.at ?? 0) > at);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const command of this.#commands) command.stop();
    await Promise.all(this.#commands.map((command) => command.exited));
  }

  #read(isp: string, line: string): void {
    const space = line.indexOf(' ');
    const at = Number(line.slice(0, space));
    const json = line.slice(space + 1).trim();
    if (space < 0 || !Number.isFinite(at)) return;
    let counts: readonly FlowCount[];
    try {
      counts = json === '' ? [] : parseFlowCounts(json);
    } catch {
      return; // not a reading (it runs in a stream's callback, where a throw would end this process)
    }
    this.#latest.set(isp, { at, counts });
    this.#listener();
  }
}
