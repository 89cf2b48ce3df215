import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Lab } from '../../lab/index.js';
import { expectBugReproduced, expectRepliesViaArrivalUplink, FlowAssertionError, labTest } from './index.js';

// The fixture as a user's suite meets it: a started lab per test, gone when the test ends.
describe('multihome/vitest: labTest', () => {
  let name: string | undefined;
  let artifacts = '';

  labTest('gives the test a started lab, whose flows show the bug without a fix', async ({ lab }) => {
    name = lab.name;
    artifacts = lab.artifactsDir;
    expect((await Lab.list()).map((found) => found.name)).toContain(lab.name);
    const runs = await lab.flows({ families: [4], protocols: ['icmp'] });
    expectBugReproduced(lab.topology, runs);
    expect(() => expectRepliesViaArrivalUplink(runs)).toThrow(FlowAssertionError);
    expect(() => expectRepliesViaArrivalUplink(runs)).toThrow(/isp2\s+icmp\s+ipv4\s+no answer\s+isp1/);
  });

  test('disposes that lab when the test ends, and a passed test leaves no pcaps', async () => {
    expect(name).toBeDefined();
    expect((await Lab.list()).map((found) => found.name)).not.toContain(name);
    expect(existsSync(artifacts), artifacts).toBe(false);
  });

  describe('with a config', () => {
    const configTest = labTest.override({ config: 'examples/prod.yaml' });

    configTest('shapes the lab like the config, and the config is the fix', async ({ lab }) => {
      expect(lab.topology.isps.map((isp) => isp.routerInterface)).toEqual([
        'enp1s0',
        'enp1s0',
        'enp1s0',
        'enp2s0',
      ]);
      const icmp = { families: [4], protocols: ['icmp'] } as const;
      expectBugReproduced(lab.topology, await lab.flows(icmp));
      await lab.applyConfig('examples/prod.yaml');
      expectRepliesViaArrivalUplink(await lab.flows(icmp));
    });
  });
});
