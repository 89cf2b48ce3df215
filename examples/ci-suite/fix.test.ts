import { expectRepliesViaArrivalUplink, labTest } from 'multihome/vitest';
import { twoIsps } from './two-isps.js';

const test = labTest.override({ topology: twoIsps() });

test('our config makes every reply leave via the uplink it arrived on', async ({ lab }) => {
  await lab.applyConfig('multihome.yaml');
  expectRepliesViaArrivalUplink(await lab.flows());
});
