// The flow engine: the matrix a topology implies, its expectations, the parallel evidence-decided runner
// and its renderings. `multihome/lab` re-exports all of it.
export type { FlowExpectation, FlowFamily, FlowProtocol } from '../topology/types.js';
export {
  defaultIspOf,
  expectationFor,
  expectedWithoutFix,
  judgeFlows,
  type Phase,
  passes,
} from './expectations.js';
export type {
  Expected,
  Family,
  Flow,
  FlowEvidence,
  FlowRun,
  FlowSpec,
  GatewayCount,
  JudgedFlow,
  Protocol,
} from './flow.js';
export { describeGateways, familyName, toFlow } from './flow.js';
export { type JudgedFlowJson, judgedFlowJson } from './flow-json.js';
export { flowMatrix } from './flow-matrix.js';
export { type FlowSpecOptions, familiesOf, flowSpecs } from './flow-specs.js';
export {
  describeExpected,
  type FlowTableRow,
  renderFlowTable,
  type TableStyle,
  wantsColor,
} from './flow-table.js';
export { bugShown, demoPassed, flowIsRight } from './flow-verdict.js';
export { flowCaseName, type JunitPhase, renderJunit } from './junit.js';
export { PROBE_WAIT_SECONDS } from './probe-command.js';
export { type RunFlowsOptions, runFlow, runFlows } from './run-flows.js';
