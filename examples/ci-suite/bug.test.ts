import { expectBugReproduced, labTest } from 'multihome/vitest';
import { expect } from 'vitest';
import { twoIsps } from './two-isps.js';

const test = labTest.override({ topology: twoIsps() });

// `multihome test --no-fix` semantics: without a fix, the lab must show the wrong-gateway bug.
test('without a fix, replies to dsl leave via fiber and die', async ({ lab }) => {
  const flows = await lab.flows();
  expectBugReproduced(lab.topology, flows);
  expect(flows.filter((flow) => flow.uplink === 'dsl').map((flow) => flow.replyVia)).toEqual([
    'fiber',
    'fiber',
    'fiber',
  ]);
});
