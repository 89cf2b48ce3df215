import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../applier/errors.js';
import { sentencesOf } from '../../applier/test-support/sentences.js';
import { Lab, type LabUpOptions } from '../lab.js';
import { LAB_RUNTIMES, type LabRuntime, type StartedLab } from '../lab-types.js';
import { defaultTopology } from '../topology/default-topology.js';

const topology = defaultTopology();

/**
 * The tests of lab names, the same on every runtime: a name is one lab's on this host, so with a
 * lab up on `runtime`, neither runtime makes another of its name. `options` adds what a runtime
 * needs to come up.
 */
export function describeLabNames(runtime: LabRuntime, options: () => Promise<LabUpOptions>): void {
  describe(`the name of a lab up on ${runtime}`, () => {
    const name = `mh-test-names-${randomBytes(3).toString('hex')}`;
    let lab: StartedLab;

    beforeAll(async () => {
      lab = await Lab.up(topology, { ...(await options()), runtime, name, capture: false });
    });

    afterAll(async () => {
      await lab?.down();
    });

    it.each(LAB_RUNTIMES)(
      'is refused to a second lab on %s, exit 2 in one sentence, before anything is made; the first runs on',
      async (again) => {
        const outcome = await Lab.up(topology, { ...(await options()), runtime: again, name, capture: false })
          .then((made) => made.down().then(() => made))
          .catch((error: unknown) => error);
        expect(exitCodeFor(outcome)).toBe(2);
        const message = (outcome as Error).message;
        expect(message).toBe(`a ${runtime} lab named ${name} exists (see \`multihome lab ls\`)`);
        expect(sentencesOf(message)).toEqual([message]);
        const listed = (await Lab.list()).filter((found) => found.name === name);
        expect(listed).toMatchObject([{ runtime, running: lab.nodes.length }]);
        expect((await lab.exec('router', ['true'])).exitCode).toBe(0);
      },
    );
  });
}
