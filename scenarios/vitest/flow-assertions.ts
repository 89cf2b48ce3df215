import type { FlowRun, Topology } from '../../lab/index.js';
import { renderFlowTable } from '../../lab/index.js';

/** What one flow must show: answered or not, and the ISP whose gateway carried the router's reply. */
export type FlowExpectation = { readonly ok: boolean; readonly replyVia: string | null };

/** Thrown by the flow assertions; its message is the whole flow table with both observations. */
export class FlowAssertionError extends Error {
  readonly mismatches: readonly FlowRun[];

  constructor(title: string, runs: readonly FlowRun[], mismatches: readonly FlowRun[]) {
    const table = renderFlowTable(title, runs, { color: false, detail: true });
    super(`${title}: ${mismatches.length} of ${runs.length} flows wrong\n${table}`);
    this.name = 'FlowAssertionError';
    this.mismatches = mismatches;
  }
}

/** Fails unless every flow ran and matches `expected`, on both the client's and the gateways' evidence. */
export function expectFlows(
  title: string,
  runs: readonly FlowRun[],
  expected: (run: FlowRun) => FlowExpectation,
): void {
  if (runs.length === 0) throw new FlowAssertionError(`${title} (no flows ran)`, runs, []);
  const wrong = runs.filter((run) => {
    const want = expected(run);
    return run.ok !== want.ok || run.replyVia !== want.replyVia;
  });
  if (wrong.length > 0) throw new FlowAssertionError(title, runs, wrong);
}

/** The fix works: every flow was answered, and its reply left via the uplink it arrived on. */
export function expectRepliesViaArrivalUplink(runs: readonly FlowRun[]): void {
  expectFlows('every reply via its arrival uplink', runs, (run) => ({ ok: true, replyVia: run.uplink }));
}

/**
 * The bug reproduces (`multihome test --no-fix` semantics): per family, the uplink of the router's one
 * default route answers, and every other uplink's reply leaves via that default gateway and dies.
 */
export function expectBugReproduced(topology: Topology, runs: readonly FlowRun[]): void {
  const expected = withoutFix(topology);
  expectFlows('the wrong-gateway bug before any fix', runs, (run) => expected(run.spec.family, run.uplink));
}

/** What each flow shows before any fix: the reply follows the main default route of its family. */
export function withoutFix(topology: Topology): (family: 4 | 6, uplink: string) => FlowExpectation {
  const preferred = topology.isps.filter((isp) => isp.name === topology.defaultIsp);
  const ordered = [...preferred, ...topology.isps];
  return (family, uplink) => {
    const isp = ordered.find((candidate) =>
      candidate.gateways.some((g) => (g.includes(':') ? 6 : 4) === family),
    );
    const via = isp?.name ?? null;
    return { ok: uplink === via, replyVia: via };
  };
}
