import type { FlowEvidence, FlowRun, JudgedFlow } from './flow.js';
import { toFlow } from './flow.js';

/** One flow of `multihome test --json` / `lab flows --json`: the demo's fields, `family`, `expected`, `pass`, evidence. */
export type JudgedFlowJson = JudgedFlow & { readonly evidence: FlowEvidence };

/** The public JSON of a judged run. */
export function judgedFlowJson(run: FlowRun & JudgedFlow): JudgedFlowJson {
  return { ...toFlow(run), expected: run.expected, pass: run.pass, evidence: run.evidence };
}
