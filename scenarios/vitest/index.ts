/**
 * multihome in your own vitest suite: `import { labTest, expectRepliesViaArrivalUplink } from 'multihome/vitest'`.
 *
 * @example
 * ```ts
 * import { labTest, expectRepliesViaArrivalUplink } from 'multihome/vitest';
 * const test = labTest.override({ config: 'prod.yaml' });
 * test('my config fixes every uplink', async ({ lab }) => {
 *   await lab.applyConfig('prod.yaml');
 *   expectRepliesViaArrivalUplink(await lab.flows());
 * });
 * ```
 *
 * @packageDocumentation
 */

export type { Expected, Flow, FlowRun, FlowSpec, FlowSpecOptions, Phase, Protocol } from '../../lab/index.js';
export { renderFlowTable } from '../../lab/index.js';
export {
  expectBugReproduced,
  expectFlows,
  expectPhase,
  expectRepliesViaArrivalUplink,
  FlowAssertionError,
  type JudgedRuns,
} from './flow-assertions.js';
export { type LabFixtures, labTest } from './lab-test.js';
export type { TestLab } from './test-lab.js';
