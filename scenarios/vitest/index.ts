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

export type { Flow, FlowRun, FlowSpec, FlowSpecOptions, Protocol } from '../../lab/index.js';
export { renderFlowTable } from '../../lab/index.js';
export {
  expectBugReproduced,
  expectFlows,
  expectRepliesViaArrivalUplink,
  FlowAssertionError,
  type FlowExpectation,
  withoutFix,
} from './flow-assertions.js';
export { type LabFixtures, labTest } from './lab-test.js';
export type { TestLab } from './test-lab.js';
