import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { pruneLabs } from './docker/prune-labs.js';
import { Lab } from './lab.js';
import { labImage, labObjects, testDocker } from './test-support/lab-fixtures.js';
import { type LabChild, spawnLabChild } from './test-support/spawn-lab-child.js';
import { defaultTopology } from './topology/default-topology.js';

const unique = (what: string) => `mh-test-${what}-${randomBytes(3).toString('hex')}`;

// Ctrl-C and a service manager's stop: each removes the lab, then exits as the shell would have.
const SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const;

/**
 * Runs `test` with a child bringing up a lab of its own; however the test ends, the child is killed
 * and whatever it left of its lab is pruned, so a failed test leaves nothing behind.
 */
async function withLabChild(
  what: string,
  test: (child: LabChild, name: string, docker: Docker) => Promise<void>,
): Promise<void> {
  const docker = await testDocker();
  const name = unique(what);
  const child = spawnLabChild(name, await labImage());
  try {
    await test(child, name, docker);
  } finally {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await child.exited();
    await pruneLabs(docker, { name });
  }
}

describe('lab hygiene', () => {
  it('runs two labs of the same topology side by side, each reachable, without collisions', async () => {
    const image = await labImage();
    const topology = defaultTopology();
    const [a, b] = await Promise.all([
      Lab.up(topology, { image, capture: false }),
      Lab.up(topology, { image, capture: false }),
    ]);
    try {
      expect(a.name).not.toBe(b.name);
      const target = topology.isps[0]?.routerAddresses[0] ?? '';
      for (const lab of [a, b]) {
        const ping = await lab.exec('client:client1', ['ping', '-c', '1', '-W', '2', target]);
        expect(ping.exitCode, `${lab.name}: ${ping.stdout}`).toBe(0);
      }
    } finally {
      await Promise.all([a.down(), b.down()]);
    }
    const docker = await testDocker();
    expect([...(await labObjects(docker, a.name)), ...(await labObjects(docker, b.name))]).toEqual([]);
  });

  it('after a crash (SIGKILL), pruning by name removes the leftovers and nothing of another lab', () =>
    withLabChild('crash', async (child, name, docker) => {
      await child.waitForLine('up ');
      child.process.kill('SIGKILL');
      expect(await child.exited()).toBe(137);
      expect((await labObjects(docker, name)).length).toBeGreaterThan(0);

      await using bystander = await Lab.up(defaultTopology(), { image: await labImage(), capture: false });
      const before = await labObjects(docker, bystander.name);
      const report = await pruneLabs(docker, { name });
      expect(report.containers).toBe(8);
      expect(await labObjects(docker, name)).toEqual([]);
      expect(await labObjects(docker, bystander.name)).toEqual(before);
    }));

  it.each(SIGNALS)(
    '%s in the middle of Lab.up removes everything made so far, then exits %i',
    (signal, code) =>
      withLabChild(`${signal.toLowerCase()}-up`, async (child, name, docker) => {
        await child.waitForLine('step containers');
        child.process.kill(signal);
        expect(await child.exited()).toBe(code);
        expect(await labObjects(docker, name)).toEqual([]);
      }),
  );

  it.each(SIGNALS)('%s while a process holds a lab removes the lab, then exits %i', (signal, code) =>
    withLabChild(`${signal.toLowerCase()}-held`, async (child, name, docker) => {
      await child.waitForLine('up ');
      expect((await labObjects(docker, name)).length).toBe(8);
      child.process.kill(signal);
      expect(await child.exited()).toBe(code);
      expect(await labObjects(docker, name)).toEqual([]);
    }),
  );
});
