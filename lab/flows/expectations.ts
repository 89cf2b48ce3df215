import { contains, familyOf } from '../../applier/model/address.js';
import type { FlowExpectation, Isp, Topology } from '../topology/types.js';
import type { Expected, Flow, FlowRun, FlowSpec, JudgedFlow } from './flow.js';
import { familyName } from './flow.js';

/** The two phases of `multihome test`: before any fix, and after it. */
export type Phase = 'before' | 'after';

/**
 * What `phase` expects of a flow: the last matching `expect:` entry of the topology, else the default.
 * After a fix the default is "answered via the uplink it arrived on"; before it, the article's bug as the
 * topology predicts it (see `expectedWithoutFix`).
 */
export function expectationFor(topology: Topology, spec: FlowSpec, phase: Phase): Expected {
  const entries = topology.expect ?? [];
  const own = spec.outbound === undefined ? undefined : entries[spec.outbound.entry];
  const matching = entries.filter((entry, index) =>
    spec.outbound === undefined ? selects(entry, spec) : index === spec.outbound.entry,
  );
  const entry = matching.filter((e) => e.phase === phase || e.phase === 'both').at(-1);
  if (entry !== undefined) return fromEntry(entry, spec);
  if (phase === 'before') return expectedWithoutFix(topology, spec);
  if (own?.via !== undefined) return { ok: true, replyVia: own.via === 'none' ? null : own.via };
  return { ok: true, replyVia: spec.uplink };
}

/** Judges each run of a phase against its expectation: `pass` holds when `ok` and (if checked) `replyVia` agree. */
export function judgeFlows(
  topology: Topology,
  runs: readonly FlowRun[],
  phase: Phase,
): (FlowRun & JudgedFlow)[] {
  return runs.map((run) => {
    const expected = expectationFor(topology, run.spec, phase);
    return { ...run, expected, pass: passes(run, expected) };
  });
}

/** Whether a flow shows what was expected of it. */
export function passes(flow: Flow, expected: Expected): boolean {
  return flow.ok === expected.ok && (expected.replyVia === undefined || flow.replyVia === expected.replyVia);
}

/**
 * The article's host before any fix, predicted from the topology: every reply and every outbound packet
 * leaves by the family's single default route. It passes that gateway only when its source is the gateway's
 * own customer's (or the gateway does no BCP38); strict rp_filter drops requests arriving off that route.
 */
export function expectedWithoutFix(topology: Topology, spec: FlowSpec): Expected {
  const gateway = defaultIspOf(topology, spec.family);
  if (gateway === undefined) return { ok: false, replyVia: null };
  const accepts = (source: string | undefined) =>
    !gateway.bcp38 || (source !== undefined && gateway.prefixes.some((p) => contains(p, source)));
  if (spec.outbound !== undefined) {
    if (spec.client !== 'router') return { ok: false, replyVia: gateway.name };
    const source = spec.outbound.source ?? gateway.routerAddresses.find((a) => familyOf(a) === spec.family);
    return { ok: accepts(source), replyVia: gateway.name };
  }
  const uplink = topology.isps.find((isp) => isp.name === spec.uplink);
  if (uplink === undefined) return { ok: false, replyVia: null };
  if (topology.routerRpFilter === 1 && uplink.routerInterface !== gateway.routerInterface)
    return { ok: false, replyVia: null };
  return { ok: accepts(spec.target), replyVia: gateway.name };
}

/** The ISP whose gateway the router's main default route of a family uses before any fix. */
export function defaultIspOf(topology: Topology, family: 4 | 6): Isp | undefined {
  const preferred = topology.isps.find((isp) => isp.name === topology.defaultIsp);
  return [...(preferred ? [preferred] : []), ...topology.isps].find((isp) =>
    isp.gateways.some((g) => familyOf(g) === family),
  );
}

function selects(entry: FlowExpectation, spec: FlowSpec): boolean {
  return (
    entry.from === undefined &&
    (entry.uplink === undefined || entry.uplink === spec.uplink) &&
    (entry.protocol === undefined || entry.protocol === spec.protocol) &&
    (entry.to === undefined || entry.to === spec.lanHost) &&
    (entry.family === undefined || entry.family === familyName(spec.family))
  );
}

function fromEntry(entry: FlowExpectation, spec: FlowSpec): Expected {
  if (entry.via !== undefined) return { ok: entry.ok, replyVia: entry.via === 'none' ? null : entry.via };
  return entry.ok ? { ok: true, replyVia: spec.uplink } : { ok: false };
}
