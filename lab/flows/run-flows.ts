import { randomInt } from 'node:crypto';
import type { CommandResult } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import type { StartedLab } from '../lab-types.js';
import { ispNode, lanNode } from '../topology/node-names.js';
import { type FlowRun, type FlowSpec, familyName, type GatewayCount } from './flow.js';
import { canonicalAddress, countFor, type FlowCount, type FlowKey, parseFlowCounts } from './flow-counts.js';
import { batchScript, killProbes, parseBatch } from './probe-batch.js';
import { PROBE_WAIT_SECONDS, type Probe, probeFor } from './probe-command.js';

/** How long probes may wait and how often the gateways are read while they run. */
export type RunFlowsOptions = {
  /** Seconds a probe waits for its answer: the last resort (default PROBE_WAIT_SECONDS). */
  readonly waitSeconds?: number;
  /** Milliseconds between two readings of the gateways' per-flow sets (default 100). */
  readonly pollMs?: number;
};

type Reading = ReadonlyMap<string, readonly FlowCount[]>;

type Pending = {
  readonly spec: FlowSpec;
  readonly key: FlowKey;
  readonly probe: Probe;
  finishedAt: number;
  killed?: boolean;
  result?: CommandResult;
  error?: string;
};

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
  const base = randomInt(20_000, 60_000 - specs.length);
  const baseline = await readGateways(lab);
  const began = performance.now();
  const pending: Pending[] = specs.map((spec, index) => ({
    spec,
    key: { peer: canonicalAddress(spec.peer), tag: base + index },
    probe: probeFor(spec, base + index, wait),
    finishedAt: Number.POSITIVE_INFINITY,
  }));
  // One directory per sending node: a netns lab's nodes share the host's /tmp.
  const dirOf = (node: string) => `/tmp/multihome-flows-${base}-${node.replace(/[^a-zA-Z0-9]/g, '-')}`;
  const nodes = [...new Set(specs.map((spec) => spec.client))];
  for (const node of nodes)
    startBatch(
      lab,
      node,
      dirOf(node),
      pending.filter((flow) => flow.spec.client === node),
      wait,
    );
  const decided = new Map<Pending, FlowRun>();
  while (decided.size < pending.length) {
    const readAt = performance.now();
    const reading = await readGateways(lab);
    for (const flow of pending) {
      if (decided.has(flow)) continue;
      const gateways = countsOf(flow.key, baseline, reading);
      const dropped = gateways.some((g) => g.spoofed > 0);
      // An answered flow whose reply this reading already shows needs no reading after its answer.
      const answered =
        flow.result !== undefined &&
        flow.probe.succeeded(flow.result) &&
        gateways.some((g) => g.forwarded > 0);
      if (flow.finishedAt <= readAt || dropped || answered)
        decided.set(flow, decide(flow, gateways, dropped, Math.round(performance.now() - began)));
    }
    stopDecided(lab, dirOf, pending, decided);
    if (decided.size < pending.length) await new Promise((done) => setTimeout(done, pollMs));
  }
  return pending.map((flow) => decided.get(flow) as FlowRun);
}

// One exec per sending node runs all its probes; a probe decided early by a drop is killed (below).
function startBatch(
  lab: StartedLab,
  node: string,
  dir: string,
  flows: readonly Pending[],
  wait: number,
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
        for (const flow of flows) {
          const own = byTag.get(flow.key.tag);
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
      for (const flow of flows) flow.finishedAt = performance.now();
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

/**
 * Reads every gateway's per-flow sets at once. A gateway that cannot be read (stopped by a fault: it
 * forwards nothing then) reads as empty, so the others stay observable.
 */
async function readGateways(lab: StartedLab): Promise<Reading> {
  const readings = await Promise.all(
    lab.topology.isps.map(async (isp) => {
      const result = await lab
        .exec(ispNode(isp.name), ['nft', '-j', 'list', 'table', 'inet', 'lab'])
        .catch(() => undefined);
      const counts = result?.exitCode === 0 ? parseFlowCounts(result.stdout) : [];
      return [isp.name, counts] as const;
    }),
  );
  return new Map(readings);
}
