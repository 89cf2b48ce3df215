import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../applier/cli/test-support/run-cli.js';
import { Lab, type LabUpOptions } from '../lab.js';
import type { LabRuntime } from '../lab-types.js';
import { defaultTopology } from '../topology/default-topology.js';
import { spawnLabChild } from './spawn-lab-child.js';

const topology = defaultTopology();
const unique = (what: string) => `mh-test-prune-${what}-${randomBytes(3).toString('hex')}`;
// Every test prunes by name: a prune of every lab would take other engineers' labs on this host.
const listed = async (name: string) => (await Lab.list()).filter((found) => found.name === name);

/**
 * The tests of `prune`, the same on every runtime: it leaves a lab a live process holds (another
 * process's or this one's) unless told `all`, and removes one whose holder is gone or that `lab up`
 * left running. `options` adds what a runtime needs to come up; `image` is the child's argument.
 */
export function describeLabPrune(
  runtime: LabRuntime,
  options: () => Promise<LabUpOptions & { image?: string }>,
): void {
  describe(`lab prune on ${runtime}`, () => {
    it('leaves a lab another live process holds, naming its pid; once it is killed, the lab goes', async () => {
      const name = unique('child');
      const child = spawnLabChild(name, (await options()).image ?? '-', runtime);
      try {
        await child.waitForLine('up ');
        const report = await Lab.prune({ name });
        expect(report.held).toEqual([{ name, runtime, pid: child.process.pid }]);
        expect(report.namespaces + report.containers).toBe(0);
        expect(await listed(name)).toHaveLength(1);
        child.process.kill('SIGKILL');
        await child.exited();
        expect((await Lab.prune({ name })).held).toEqual([]);
        expect(await listed(name)).toEqual([]);
      } finally {
        child.process.kill('SIGKILL');
        await child.exited();
        await Lab.prune({ name, all: true });
      }
    });

    it('with all, removes a lab this process holds', async () => {
      const name = unique('all');
      const lab = await Lab.up(topology, { ...(await options()), runtime, name, capture: false });
      try {
        expect((await Lab.prune({ name })).held).toEqual([{ name, runtime, pid: process.pid }]);
        expect((await lab.exec('router', ['true'])).exitCode).toBe(0);
        const report = await Lab.prune({ name, all: true });
        expect(report.held).toEqual([]);
        expect(report.namespaces + report.containers).toBe(lab.nodes.length + 1);
        expect(await listed(name)).toEqual([]);
      } finally {
        await lab.down();
      }
    });

    it('removes a lab `lab up` left running: its process is gone, so nothing holds it', async () => {
      const name = unique('kept');
      try {
        const up = runCli(['lab', 'up', '--runtime', runtime, '--name', name]);
        expect(up.status, up.stderr).toBe(0);
        expect(await listed(name)).toHaveLength(1);
        expect((await Lab.prune({ name })).held).toEqual([]);
        expect(await listed(name)).toEqual([]);
      } finally {
        await Lab.prune({ name, all: true });
      }
    });
  });
}
