import { expect } from 'vitest';
import type { Flow, FlowRun } from '../../lab/index.js';
import { renderFlowTable } from '../../lab/index.js';

/** What a scenario expects of one flow: answered or not, and which gateway the reply took. */
export type Expected = Pick<Flow, 'ok' | 'replyVia'>;

/**
 * Compares every flow with its expectation on BOTH observations. On a mismatch it prints the whole
 * per-flow table with the gateway counters and the client's output, then fails with a diff.
 */
export function expectFlows(
  title: string,
  runs: readonly FlowRun[],
  expected: (run: FlowRun) => Expected,
): void {
  const actual = runs.map((r) => ({
    uplink: r.uplink,
    protocol: r.protocol,
    ok: r.ok,
    replyVia: r.replyVia,
  }));
  const wanted = runs.map((r) => ({ uplink: r.uplink, protocol: r.protocol, ...expected(r) }));
  if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
    console.error(`\n${renderFlowTable(`${title} (actual)`, runs, { color: false, detail: true })}\n`);
  }
  expect(runs.length, `${title}: no flows ran`).toBeGreaterThan(0);
  expect(actual, title).toEqual(wanted);
}

/** Every flow answered through the uplink it arrived on. */
export const viaOwnUplink = (run: FlowRun): Expected => ({ ok: true, replyVia: run.uplink });

/** The article's bug: the default uplink answers, every other uplink's reply dies at the default gateway. */
export const viaDefaultGateway =
  (defaultIsp: string) =>
  (run: FlowRun): Expected => ({ ok: run.uplink === defaultIsp, replyVia: defaultIsp });

/** Prints a table to the test output so a reader sees the evidence even when the scenario passes. */
export function showFlows(title: string, runs: readonly FlowRun[]): void {
  console.log(`\n${renderFlowTable(title, runs, { color: false, detail: true })}\n`);
}
