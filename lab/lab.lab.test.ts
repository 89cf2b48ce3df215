import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerRunner } from '../applier/runner/container-runner.js';
import { Lab } from './lab.js';
import type { StartedLab } from './lab-types.js';
import { hostRoutes, labImage, labObjects, testDocker } from './test-support/lab-fixtures.js';
import { defaultTopology } from './topology/default-topology.js';
import { nodeNames } from './topology/node-names.js';
import { nodePlans } from './topology/node-plans.js';

const topology = defaultTopology();
const plans = nodePlans(topology);

describe('Lab.up of the default topology', () => {
  let lab: StartedLab;
  let routesBefore: unknown[];

  beforeAll(async () => {
    routesBefore = await hostRoutes();
    lab = await Lab.up(topology, { image: await labImage() });
  });

  afterAll(async () => {
    await lab?.down();
  });

  it('has every node of the topology', () => {
    expect([...lab.nodes].sort()).toEqual(nodeNames(topology).sort());
  });

  it('gives every node exactly its planned interfaces and loopback, and no Docker address or route', async () => {
    for (const node of lab.nodes) {
      const links = JSON.parse((await lab.exec(node, ['ip', '-j', 'link'])).stdout) as { ifname: string }[];
      const planned = (plans[node]?.interfaces ?? []).map((iface) => iface.name);
      expect(links.map((link) => link.ifname).sort(), node).toEqual(['lo', ...planned].sort());
      const routes = (await lab.exec(node, ['ip', '-j', '-4', 'route', 'show', 'table', 'all'])).stdout;
      expect(routes, `${node} routes`).not.toMatch(/"172\.1[7-9]\.|"10\.201\./);
    }
  });

  it('has no Docker network: its segments are bridges inside the hub container', async () => {
    const docker = await testDocker();
    const objects = await labObjects(docker, lab.name);
    expect(objects.filter((object) => object.startsWith('network '))).toEqual([]);
    expect(objects).toContain(`container /${lab.name}-hub`);
    const hub = docker.getContainer(`${lab.name}-hub`);
    const { stdout } = await new ContainerRunner(hub).run(['ip', '-o', 'link', 'show', 'type', 'bridge']);
    const segments = new Set(Object.values(plans).flatMap((plan) => plan.interfaces.map((i) => i.segment)));
    expect(stdout.match(/: br\d+:/g)).toHaveLength(segments.size);
  });

  it('has every planned sysctl in force on every node', async () => {
    for (const node of lab.nodes) {
      const sysctls = plans[node]?.sysctls ?? {};
      const keys = Object.keys(sysctls);
      const read = await lab.exec(node, ['sysctl', '-n', ...keys]);
      expect(read.stdout.trim().split('\n'), node).toEqual(keys.map((key) => sysctls[key]));
    }
  });

  it('carries a client ping to the default ISP address through that ISP, with evidence', async () => {
    const isp1 = topology.isps[0];
    const target = isp1?.routerAddresses[0] ?? '';
    const { result, evidence } = await lab.observe(() =>
      lab.exec('client:client1', ['ping', '-c', '3', '-W', '2', target]),
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(evidence.carriedBy).toEqual([isp1?.name]);
  });

  it('writes a router snapshot as JSON into the artifacts directory', async () => {
    const snapshot = await lab.snapshot('after-ping');
    expect(snapshot.routeGets.length).toBeGreaterThan(0);
    const saved = JSON.parse(await readFile(join(lab.artifactsDir, 'snapshot-after-ping.json'), 'utf8'));
    expect(saved.label).toBe('after-ping');
  });

  it('leaves valid pcaps and no labelled object behind, and the host routes as they were', async () => {
    await lab.down();
    const pcap = await readFile(join(lab.artifactsDir, `isp-${topology.isps[0]?.name}.pcap`));
    expect(pcap.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect(pcap.length).toBeGreaterThan(24);
    expect(await labObjects(await testDocker(), lab.name)).toEqual([]);
    expect(await hostRoutes()).toEqual(routesBefore);
  });
});
