import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labImage, labObjects, testDocker } from '../test-support/lab-fixtures.js';
import { defaultTopology } from '../topology/default-topology.js';
import { nodePlans } from '../topology/node-plans.js';
import type { NodePlan } from '../topology/types.js';
import { startLab } from './start-lab.js';

describe('startLab on Docker', () => {
  it('fails up with the node, exit code and stderr of a node configuration that fails, and leaves nothing', async () => {
    const docker = await testDocker();
    const topology = defaultTopology();
    const plans = nodePlans(topology);
    const client = plans['client:client1'] as NodePlan;
    const broken = {
      ...plans,
      'client:client1': { ...client, commands: [...client.commands, ['sh', '-c', 'echo boom >&2; exit 3']] },
    };
    const name = `mh-test-boot-${randomBytes(3).toString('hex')}`;
    const artifactsDir = join(tmpdir(), name);
    try {
      await expect(
        startLab({
          docker,
          image: await labImage(),
          name,
          topology,
          plans: broken,
          artifactsDir,
          capture: false,
          hold: false,
        }),
      ).rejects.toThrow(/client:client1: configuring from its plan failed \(exit 3\): boom/);
      expect(await labObjects(docker, name)).toEqual([]);
    } finally {
      await rm(artifactsDir, { recursive: true, force: true });
    }
  });
});
