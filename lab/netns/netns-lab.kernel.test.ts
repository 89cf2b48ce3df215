import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigSyntax } from '../../applier/config/parse-config.js';
import { applyHost, removeHost } from '../../applier/index.js';
import { LocalRunner } from '../../applier/runner/local-runner.js';
import { Lab } from '../lab.js';
import { hostNetworkState } from '../test-support/host-state.js';
import { spawnLabChild } from '../test-support/spawn-lab-child.js';
import { applierConfigFor } from '../topology/applier-config-for.js';
import { defaultTopology } from '../topology/default-topology.js';
import { processesIn } from './namespace-processes.js';
import type { NetnsLab } from './netns-lab.js';
import { sweepAbandonedLabs } from './netns-labs.js';
import { labDir, nodeDir, readRecord } from './netns-record.js';
import { netnsEtc, recordedNamespaces } from './remove-netns-lab.js';

const unique = (what: string) => `h2-test-${what}-${randomBytes(3).toString('hex')}`;
const topology = defaultTopology();
const isp1Address = topology.isps[0]?.routerAddresses[0] ?? '';
const up = (name: string) => Lab.up(topology, { runtime: 'netns', name, artifactsDir: join(tmpdir(), name) });

async function namespacesOnHost(): Promise<string> {
  return (await new LocalRunner().run(['ip', 'netns', 'list'])).stdout;
}

/** Everything on the host that names this lab: namespaces, /etc/netns copies, the record, processes. */
async function leftovers(lab: NetnsLab, namespaces: readonly string[]): Promise<string[]> {
  const listed = await namespacesOnHost();
  return [
    ...namespaces.filter((ns) => listed.includes(ns)).map((ns) => `namespace ${ns}`),
    ...namespaces.filter((ns) => existsSync(netnsEtc(ns))).map((ns) => `dir ${netnsEtc(ns)}`),
    ...(existsSync(labDir(lab.name)) ? [`dir ${labDir(lab.name)}`] : []),
  ];
}

describe('the netns runtime', () => {
  it('leaves the host’s addresses, routes, rules and nftables byte-identical, and removes all it made', async () => {
    const before = await hostNetworkState();
    const name = unique('host');
    const lab = (await up(name)) as NetnsLab;
    const namespaces = recordedNamespaces(lab.record);
    try {
      expect(lab.runtime).toBe('netns');
      expect(await hostNetworkState()).toEqual(before);
      const ping = await lab.exec('client:client1', ['ping', '-c1', '-W2', isp1Address]);
      expect(ping.exitCode, ping.stdout).toBe(0);
      expect(processesIn(namespaces).length).toBeGreaterThan(0);
      const snapshot = await lab.snapshot('up');
      expect(snapshot.routeGets.find((g) => g.query === '100.64.0.101')?.answer).toContain(
        'via 198.51.100.1',
      );
      expect(existsSync(join(lab.artifactsDir, 'snapshot-up.json'))).toBe(true);
    } finally {
      await lab.down();
    }
    expect(await leftovers(lab, namespaces)).toEqual([]);
    expect(processesIn(namespaces)).toEqual([]);
    expect(await hostNetworkState()).toEqual(before);
    // The pcaps stay, complete: tcpdump was stopped with SIGINT before its namespace went.
    const pcap = readFileSync(join(lab.artifactsDir, 'isp-isp1.pcap'));
    expect(pcap.readUInt32LE(0)).toBe(0xa1b2c3d4);
    await rm(lab.artifactsDir, { recursive: true, force: true });
  });

  it('runs two labs with identical scenario addresses side by side, each seeing only its own traffic', async () => {
    const [a, b] = await Promise.all([up(unique('a')), up(unique('b'))]);
    try {
      for (const lab of [a, b]) {
        const { result, evidence } = await lab.observe(() =>
          lab.exec('client:client1', ['ping', '-c1', '-W2', isp1Address]),
        );
        expect(result.exitCode, `${lab.name}: ${result.stdout}`).toBe(0);
        expect(evidence.carriedBy).toEqual(['isp1']);
        expect(evidence.gateways.find((g) => g.isp === 'isp1')?.fromRouter[isp1Address]).toBe(1);
      }
      const listed = await Lab.list();
      for (const lab of [a, b]) {
        expect(listed.find((found) => found.name === lab.name)).toMatchObject({
          runtime: 'netns',
          running: 7,
        });
      }
    } finally {
      await Promise.all([a.down(), b.down()]);
    }
  });

  it('keeps the applier’s files with the router: its ledger in the node’s /run, its names in the node’s /etc/iproute2', async () => {
    await using lab = await up(unique('files'));
    const runner = lab.runner('router');
    const text = applierConfigFor(lab.topology, { families: [4], lan: false });
    const inode = (await runner.run(['readlink', '/proc/self/ns/net'])).stdout.match(/\d+/)?.[0];
    const config = parseConfigSyntax(text, 'multihome.yaml');
    await applyHost(runner, config);
    try {
      expect(existsSync(join(nodeDir(lab.name, 'router'), 'multihome', inode ?? '?'))).toBe(true);
      expect(existsSync(`/run/multihome/${inode}`)).toBe(false);
      const ns = (lab as NetnsLab).record.namespaces.router ?? '';
      expect(existsSync(join(netnsEtc(ns), 'iproute2', 'rt_protos.d', 'multihome.conf'))).toBe(true);
      expect(existsSync(`/etc/iproute2/rt_tables.d/multihome-${inode}.conf`)).toBe(false);
    } finally {
      await removeHost(runner, config);
    }
  });

  it('another process finds a lab by name from its record, and pruning by name removes it', async () => {
    const name = unique('attach');
    const lab = await Lab.up(topology, { runtime: 'netns', name, hold: false, capture: false });
    const again = await Lab.attach(name);
    expect(again.runtime).toBe('netns');
    expect((await again.exec('router', ['ip', '-br', 'addr', 'show', 'eth1'])).stdout).toContain(
      '203.0.113.10/24',
    );
    const report = await Lab.prune({ name });
    expect(report.namespaces).toBe(8);
    expect(await readRecord(name)).toBeUndefined();
    expect(await namespacesOnHost()).not.toContain((lab as NetnsLab).record.hub);
  });

  it('after a crash (SIGKILL), the next sweep removes the abandoned lab and no other', async () => {
    await using bystander = await up(unique('bystander'));
    const name = unique('crash');
    const child = spawnLabChild(name, '-', 'netns');
    await child.waitForLine('up ');
    const record = await readRecord(name);
    child.process.kill('SIGKILL');
    expect(await child.exited()).toBe(137);
    expect(record).toBeDefined();
    const swept = await sweepAbandonedLabs();
    expect(swept).toContain(name);
    expect(swept).not.toContain(bystander.name);
    expect(await readRecord(name)).toBeUndefined();
    const listed = await namespacesOnHost();
    for (const ns of recordedNamespaces(record as NonNullable<typeof record>))
      expect(listed).not.toContain(ns);
    expect((await bystander.exec('client:client1', ['ping', '-c1', '-W2', isp1Address])).exitCode).toBe(0);
  });

  it("a kept lab (`multihome test --keep`) is no longer its process's: no sweep takes it", async () => {
    const name = unique('kept');
    const lab = await Lab.up(topology, { runtime: 'netns', name, capture: false });
    try {
      expect((await readRecord(name))?.owner).toBe(process.pid);
      await lab.keep();
      expect((await readRecord(name))?.owner).toBeNull();
      expect(await sweepAbandonedLabs()).not.toContain(name);
      expect(await readRecord(name)).toBeDefined();
    } finally {
      await Lab.prune({ name });
    }
  });

  it('SIGINT in the middle of Lab.up removes everything made so far, then exits 130', async () => {
    const name = unique('sigint-up');
    const child = spawnLabChild(name, '-', 'netns');
    await child.waitForLine('step 7 namespaces');
    const record = await readRecord(name);
    child.process.kill('SIGINT');
    expect(await child.exited()).toBe(130);
    expect(await readRecord(name)).toBeUndefined();
    const listed = await namespacesOnHost();
    for (const ns of recordedNamespaces(record as NonNullable<typeof record>))
      expect(listed).not.toContain(ns);
  });

  it('SIGINT while a process holds a lab removes the lab, then exits 130', async () => {
    const name = unique('sigint');
    const child = spawnLabChild(name, '-', 'netns');
    await child.waitForLine('up ');
    const record = await readRecord(name);
    child.process.kill('SIGINT');
    expect(await child.exited()).toBe(130);
    expect(await readRecord(name)).toBeUndefined();
    const listed = await namespacesOnHost();
    for (const ns of recordedNamespaces(record as NonNullable<typeof record>))
      expect(listed).not.toContain(ns);
  });
});
