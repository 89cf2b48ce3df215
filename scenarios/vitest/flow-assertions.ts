import type { Expected, FlowRun, JudgedFlow, Phase, Topology } from '../../lab/index.js';
import { judgeFlows, passes, renderFlowTable } from '../../lab/index.js';

/** Flows judged against what a test expects of each. */
export type JudgedRuns = readonly (FlowRun & JudgedFlow)[];

/** Thrown by the flow assertions; its message is the whole judged flow table with both observations. */
export class FlowAssertionError extends Error {
  readonly failed: JudgedRuns;

  constructor(title: string, judged: JudgedRuns) {
    const failed = judged.filter((flow) => !flow.pass);
    const table = renderFlowTable(title, judged, { color: false, detail: true });
    super(
      `${title}: ${judged.length === 0 ? 'no flows ran' : `${failed.length} of ${judged.length} flows wrong`}\n${table}`,
    );
    this.name = 'FlowAssertionError';
    this.failed = failed;
  }
}

/** Fails unless flows ran and every one shows `expected` (answered or not, and via which gateway). */
export function expectFlows(
  title: string,
  runs: readonly FlowRun[],
  expected: (run: FlowRun) => Expected,
): void {
  assertJudged(
    title,
    runs.map((run) => {
      const want = expected(run);
      return { ...run, expected: want, pass: passes(run, want) };
    }),
  );
}

/**
 * Fails unless every flow holds the phase's expectations, as `multihome test` judges them: the topology's
 * `expect:` entries, else the bug before a fix and "via the arrival uplink" after it.
 */
export function expectPhase(topology: Topology, runs: readonly FlowRun[], phase: Phase): void {
  assertJudged(`every expectation of the ${phase} phase`, judgeFlows(topology, runs, phase));
}

/** The fix works: every flow was answered, and its reply left via the uplink it arrived on. */
export function expectRepliesViaArrivalUplink(runs: readonly FlowRun[]): void {
  expectFlows('every reply via its arrival uplink', runs, (run) => ({ ok: true, replyVia: run.uplink }));
}

/**
 * The bug reproduces (`multihome test --no-fix` semantics): each family's default uplink answers, every
 * other uplink's reply leaves via that default gateway and dies there (or what the topology's `expect:` says).
 */
export function expectBugReproduced(topology: Topology, runs: readonly FlowRun[]): void {
  expectPhase(topology, runs, 'before');
}

function assertJudged(title: string, judged: JudgedRuns): void {
  if (judged.length === 0 || judged.some((flow) => !flow.pass)) throw new FlowAssertionError(title, judged);
}
