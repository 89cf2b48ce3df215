import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../applier/errors.js';
import { sentencesOf } from '../../applier/test-support/sentences.js';
import { tempDirs } from '../../applier/test-support/temp-dirs.js';
import { HUB_LABEL, LAB_LABEL, NODE_LABEL, TOPOLOGY_LABEL } from '../docker/labels.js';
import { Lab } from '../lab.js';
import { fakeEngine } from '../test-support/fake-engine.js';
import { describeLabNames } from '../test-support/lab-names-suite.js';
import { defaultTopology } from '../topology/default-topology.js';

describeLabNames('netns', async () => ({}));

describe('two netns `lab up`s of one name at the same moment', () => {
  it('give the name to one: the other is refused and the winner keeps its record and runs on', async () => {
    const name = `mh-test-race-${randomBytes(3).toString('hex')}`;
    const up = () => Lab.up(defaultTopology(), { runtime: 'netns', name, capture: false });
    const outcomes = await Promise.allSettled([up(), up()]);
    const made = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    try {
      expect(made).toHaveLength(1);
      const refused = outcomes.find((outcome) => outcome.status === 'rejected')?.reason as Error;
      expect(exitCodeFor(refused)).toBe(2);
      expect(refused.message).toBe(`a netns lab named ${name} exists (see \`multihome lab ls\`)`);
      const [lab] = made;
      expect((await lab?.exec('router', ['true']))?.exitCode).toBe(0);
      expect((await Lab.list()).filter((found) => found.name === name)).toHaveLength(1);
    } finally {
      await Promise.all(made.map((lab) => lab.down()));
    }
    expect((await Lab.list()).filter((found) => found.name === name)).toEqual([]);
  });
});

describe('a lab name both runtimes have (two `lab up`s raced past each other)', () => {
  const tempDir = tempDirs('mh-names-');

  it('is refused by every command that finds a lab by name, unless it names the runtime', async () => {
    const topology = defaultTopology();
    const name = `mh-test-both-${randomBytes(3).toString('hex')}`;
    await using _netns = await Lab.up(topology, { runtime: 'netns', name, capture: false });
    // The Docker lab of the same name, as its containers' labels show it.
    const labels = { [LAB_LABEL]: name, [TOPOLOGY_LABEL]: JSON.stringify(topology) };
    const engine = await fakeEngine(join(tempDir(), 'docker.sock'), {
      containers: [
        { Id: 'router', State: 'running', Created: 1, Labels: { ...labels, [NODE_LABEL]: 'router' } },
        { Id: 'hub', State: 'running', Created: 1, Labels: { [LAB_LABEL]: name, [HUB_LABEL]: 'true' } },
      ],
    });
    try {
      const error = await Lab.attach(name, { docker: engine.docker }).catch((e: unknown) => e);
      expect(exitCodeFor(error)).toBe(2);
      const message = (error as Error).message;
      expect(message).toBe(
        `Lab name ${name} is on both runtimes, netns and docker; remove one with \`multihome lab down ${name} --runtime docker\` (or netns).`,
      );
      expect(sentencesOf(message)).toEqual([message]);
      const chosen = await Lab.attach(name, { docker: engine.docker, runtime: 'netns' });
      expect(chosen.runtime).toBe('netns');
      expect((await chosen.exec('router', ['true'])).exitCode).toBe(0);
      expect((await Lab.attach(name, { docker: engine.docker, runtime: 'docker' })).runtime).toBe('docker');
    } finally {
      await engine.close();
    }
  });
});
