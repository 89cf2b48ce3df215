import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lab } from '../lab.js';
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

  // Two starts of one name, the second past any check (as in a race): the engine refuses its
  // containers' names, and its removal takes what it made, never the other lab's by name or label.
  it('fails up on a container name another lab took meanwhile, and removes only its own containers', async () => {
    const docker = await testDocker();
    const image = await labImage();
    const topology = defaultTopology();
    const name = `mh-test-race-${randomBytes(3).toString('hex')}`;
    await using first = await Lab.up(topology, { name, image, capture: false });
    const before = await labObjects(docker, name);
    const artifactsDir = join(tmpdir(), `${name}-second`);
    try {
      const error = await startLab({
        docker,
        image,
        name,
        topology,
        plans: nodePlans(topology),
        artifactsDir,
        capture: false,
        hold: false,
      }).catch((e: unknown) => e);
      expect(await labObjects(docker, name)).toEqual(before);
      expect(error).toMatchObject({
        source: 'user',
        message: expect.stringMatching(new RegExp(`^a container named ${name}-\\S+ exists on the engine`)),
      });
      expect((await first.exec('router', ['true'])).exitCode).toBe(0);
    } finally {
      await rm(artifactsDir, { recursive: true, force: true });
    }
  });
});
