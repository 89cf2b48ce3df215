import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { labImage, labObjects, testDocker } from '../test-support/lab-fixtures.js';
import { LAB_LABEL } from './labels.js';
import { pruneLabs } from './prune-labs.js';

describe('pruneLabs', () => {
  it('removes a lab an older version left: its containers and the segment networks they are on', async () => {
    const docker = await testDocker();
    const name = `mh-test-old-${randomBytes(3).toString('hex')}`;
    // Older versions made one labelled bridge network per segment (subnet left to Docker's own pools).
    const network = await docker.createNetwork({ Name: `${name}-wan0`, Labels: { [LAB_LABEL]: name } });
    const container = await docker.createContainer({
      name: `${name}-router`,
      Image: await labImage(),
      Cmd: ['sleep', 'infinity'],
      Labels: { [LAB_LABEL]: name },
      HostConfig: { NetworkMode: network.id, Init: true },
    });
    await container.start();
    expect(await labObjects(docker, name)).toHaveLength(2);
    const report = await pruneLabs(docker, { name });
    expect(report).toEqual({ containers: 1, networks: 1, stuck: [] });
    expect(await labObjects(docker, name)).toEqual([]);
  });
});
