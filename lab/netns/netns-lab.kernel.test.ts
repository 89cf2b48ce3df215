import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigSyntax } from '../../applier/config/parse-config.js';
import { applyHost, removeHost } from '../../applier/index.js';
import { killAllIn, processesInInodes } from '../../applier/process-alive.js';
import { LocalRunner } from '../../applier/runner/local-runner.js';
import { pollUntil } from '../../applier/watch/test-support/poll.js';
import { Lab } from '../lab.js';
import { captureFile } from '../runtime/capture.js';
import { hostNetworkState } from '../test-support/host-state.js';
import { spawnLabChild } from '../test-support/spawn-lab-child.js';
import { applierConfigFor } from '../topology/applier-config-for.js';
import { defaultTopology } from '../topology/default-topology.js';
import { processesIn, waitExited } from './namespace-processes.js';
import type { NetnsLab } from './netns-lab.js';
import { sweepAbandonedLabs } from './netns-labs.js';
import { labDir, nodeDir, readRecord } from './netns-record.js';
import { holds } from './node-holder.js';
import { netnsEtc, recordedNamespaces, removeNamespaces } from './remove-netns-lab.js';
import { NAMESPACE_PREFIX } from './start-netns-lab.js';
import { addNamespaces, nodeRunner } from './wire-nodes.js';

const unique = (what: string) => `h2-test-${what}-${randomBytes(3).toString('hex')}`;
const topology = defaultTopology();
const isp1Address = topology.isps[0]?.routerAddresses[0] ?? '';
// Each lab's pcaps go into a directory of its own under the host's /tmp, removed after the file.
const artifactDirs = new Set<string>();
const up = (name: string) => {
  const artifactsDir = join(tmpdir(), name);
  artifactDirs.add(artifactsDir);
  return Lab.up(topology, { runtime: 'netns', name, artifactsDir });
};
afterAll(() => Promise.all([...artifactDirs].map((dir) => rm(dir, { recursive: true, force: true }))));

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

/**
 * Opens each namespace, so that its inode names it alone, even once it is deleted: what is left
 * inside after a removal is found by inode without catching another namespace's. Disposing kills
 * whatever a failed check found left inside, then closes.
 */
function holdOpen(namespaces: readonly string[]): Disposable & { readonly inodes: Set<number> } {
  const fds = namespaces.map((ns) => openSync(`/run/netns/${ns}`, 'r'));
  const inodes = new Set(fds.map((fd) => fstatSync(fd).ino));
  return {
    inodes,
    [Symbol.dispose]() {
      killAllIn(inodes);
      for (const fd of fds) closeSync(fd);
    },
  };
}

describe('the netns runtime', () => {
  it('leaves the host’s addresses, routes, rules and nftables byte-identical, and removes all it made', async () => {
    const before = await hostNetworkState();
    const name = unique('host');
    const lab = (await up(name)) as NetnsLab;
    const namespaces = recordedNamespaces(lab.record);
    const holders = Object.values(lab.record.holders);
    using open = holdOpen(namespaces);
    try {
      expect(holders).toHaveLength(7);
      for (const holder of holders) expect(holds(holder)).toBe(true);
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
    expect(processesInInodes(open.inodes)).toEqual([]);
    expect(holders.filter((holder) => holds(holder))).toEqual([]);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(labDir(name));
    expect(await hostNetworkState()).toEqual(before);
    // The pcaps stay, complete: tcpdump was stopped with SIGINT before its namespace went.
    const pcap = readFileSync(join(lab.artifactsDir, 'isp-isp1.pcap'));
    expect(pcap.readUInt32LE(0)).toBe(0xa1b2c3d4);
    await rm(lab.artifactsDir, { recursive: true, force: true });
  });

  it('writes its pcaps into an artifacts directory whose path has a space and a quote', async () => {
    const name = unique('quoted');
    const artifactsDir = join(tmpdir(), `${name} it's`);
    try {
      await using lab = await Lab.up(topology, { runtime: 'netns', name, artifactsDir });
      expect(lab.artifactsDir).toBe(artifactsDir);
      const pcaps = readdirSync(artifactsDir).filter((file) => file.endsWith('.pcap'));
      expect(pcaps.sort()).toEqual(topology.isps.map((isp) => captureFile(isp.name)).sort());
    } finally {
      await rm(artifactsDir, { recursive: true, force: true });
    }
  });

  it('removing namespaces also kills what entered them meanwhile, as a node being configured at Ctrl-C', async () => {
    const ns = `${NAMESPACE_PREFIX}test-${randomBytes(3).toString('hex')}`;
    await addNamespaces([ns]);
    using open = holdOpen([ns]);
    // Something entering the namespace by name every few milliseconds, for 10 s at most.
    const enterer = spawn(
      'sh',
      [
        '-c',
        `end=$(($(date +%s) + 10)); while [ $(date +%s) -lt $end ]; do ip netns exec ${ns} sleep 30 </dev/null >/dev/null 2>&1 & sleep 0.005; done`,
      ],
      { stdio: 'ignore' },
    );
    try {
      await pollUntil('processes inside', () => processesInInodes(open.inodes).length >= 3);
      await removeNamespaces([ns]);
      expect(await namespacesOnHost()).not.toContain(ns);
      expect(processesInInodes(open.inodes)).toEqual([]);
    } finally {
      enterer.kill('SIGKILL');
      await removeNamespaces([ns]).catch(() => undefined);
    }
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
      expect(existsSync(join(netnsEtc(ns), 'iproute2', 'rt_protos.d', `multihome-${inode}.conf`))).toBe(true);
      expect(existsSync(`/etc/iproute2/rt_protos.d/multihome-${inode}.conf`)).toBe(false);
      expect(existsSync(`/etc/iproute2/rt_tables.d/multihome-${inode}.conf`)).toBe(false);
    } finally {
      await removeHost(runner, config);
    }
  });

  it('a node command sees what `ip netns exec` plus a /run bind showed it: interfaces, sysfs, /etc/iproute2, /run, cwd', async () => {
    await using lab = await up(unique('same'));
    const record = (lab as NetnsLab).record;
    for (const node of ['router', 'isp:isp1']) {
      await writeFile(join(nodeDir(lab.name, node), 'marker'), node);
      const wrapper = new LocalRunner([
        'ip',
        'netns',
        'exec',
        record.namespaces[node] ?? '',
        'sh',
        '-c',
        'mount --bind "$0" /run && exec "$@"',
        nodeDir(lab.name, node),
      ]);
      const probes = [
        ['sh', '-c', 'find /etc/iproute2 -type f | sort | xargs md5sum'],
        ['ls', '-A', '/run'],
        ['cat', '/run/marker'],
        ['ip', '-o', 'link'],
        ['ls', '/sys/class/net'],
        ['readlink', '/proc/self/ns/net'],
        ['pwd'],
      ];
      for (const argv of probes) {
        const [now, then] = await Promise.all([lab.runner(node).run(argv), wrapper.run(argv)]);
        expect(now, `${node}: ${argv.join(' ')}`).toEqual(then);
        expect(now.exitCode, `${node}: ${argv.join(' ')}: ${now.stderr}`).toBe(0);
      }
      expect((await lab.runner(node).run(['cat', '/run/marker'])).stdout).toBe(node);
      // nsenter entered and exec'd, without a fork: the command is execa's own child, so its
      // timeout kill and setpriv's pdeathsig reach the command itself.
      expect((await lab.runner(node).run(['sh', '-c', 'echo $PPID'])).stdout).toBe(`${process.pid}\n`);
      const sysfs = (await lab.runner(node).run(['ls', '/sys/class/net'])).stdout;
      expect(sysfs).toContain('lo\n');
      expect(sysfs).not.toBe(`${readdirSync('/sys/class/net').sort().join('\n')}\n`);
    }
  });

  it('a runner from a record whose holder is gone or another process fails, naming the lab and node', async () => {
    await using lab = await up(unique('holder'));
    const record = (lab as NetnsLab).record;
    const holder = record.holders.router;
    if (holder === undefined) throw new Error('no holder recorded for the router');
    const wrong = { ...record, holders: { ...record.holders, router: { ...holder, started: '1' } } };
    expect(() => nodeRunner(wrong, 'router')).toThrow(`lab ${lab.name} node router: its holder process`);
    const elsewhere = {
      ...record,
      holders: { ...record.holders, router: record.holders['isp:isp1'] ?? holder },
    };
    expect(() => nodeRunner(elsewhere, 'router')).toThrow(`lab ${lab.name} node router`);
    process.kill(holder.pid, 'SIGKILL');
    await waitExited([holder.pid]);
    await expect(lab.exec('router', ['true'])).rejects.toThrow(`lab ${lab.name} node router`);
    await expect(Lab.attach(lab.name).then((again) => again.exec('router', ['true']))).rejects.toThrow(
      /LAB_FAILED|holder process/,
    );
  });

  it('a restarted gateway gets a new holder, recorded for other processes; the old one is gone', async () => {
    await using lab = await up(unique('restart'));
    const before = (lab as NetnsLab).record.holders['isp:isp1'];
    await lab.faults.stopGateway('isp1');
    await lab.faults.startGateway('isp1');
    const after = (await readRecord(lab.name))?.holders['isp:isp1'];
    expect(after).toBeDefined();
    expect(after).not.toEqual(before);
    expect(holds(before ?? { pid: 0, started: '' })).toBe(false);
    const again = await Lab.attach(lab.name);
    expect((await again.exec('isp:isp1', ['ip', '-br', 'link', 'show', 'lo'])).exitCode).toBe(0);
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
    using open = holdOpen(recordedNamespaces(record as NonNullable<typeof record>));
    child.process.kill('SIGINT');
    expect(await child.exited()).toBe(130);
    expect(await readRecord(name)).toBeUndefined();
    const listed = await namespacesOnHost();
    for (const ns of recordedNamespaces(record as NonNullable<typeof record>))
      expect(listed).not.toContain(ns);
    // Nodes were being configured (services starting) as the signal came: none of it lives on.
    expect(processesInInodes(open.inodes)).toEqual([]);
  });

  it('a lab killed before its first record was renamed into place is still found, and swept', async () => {
    // SIGKILL between the write of lab.json.tmp and its rename: the record exists only there.
    const name = unique('tmp-record');
    const child = spawnLabChild(name, '-', 'netns');
    await child.waitForLine('up ');
    const record = await readRecord(name);
    child.process.kill('SIGKILL');
    expect(await child.exited()).toBe(137);
    const file = join(labDir(name), 'lab.json');
    await rename(file, `${file}.tmp`);
    expect((await readRecord(name))?.name).toBe(name);
    expect(await sweepAbandonedLabs()).toContain(name);
    const namespaces = recordedNamespaces(record as NonNullable<typeof record>);
    expect(await leftovers({ name } as NetnsLab, namespaces)).toEqual([]);
  });

  it('SIGINT or SIGTERM while the namespaces and their /etc/netns copies are being made leaves nothing', async () => {
    // The signal comes as soon as the record exists: the namespaces, their /etc/netns copies, the
    // holders and the hub come next. The removal must wait for the step in flight, or that step
    // makes again what the removal has just deleted, with no record left to find it by.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGINT'] as const) {
      const name = unique('sig-early');
      const child = spawnLabChild(name, '-', 'netns');
      const file = join(labDir(name), 'lab.json');
      const deadline = Date.now() + 30_000;
      while (!existsSync(file) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 2));
      const record = await readRecord(name);
      child.process.kill(signal);
      expect(await child.exited()).toBe(signal === 'SIGINT' ? 130 : 143);
      const namespaces = recordedNamespaces(record as NonNullable<typeof record>);
      expect(await leftovers({ name } as NetnsLab, namespaces)).toEqual([]);
    }
  });

  it('SIGINT while a process holds a lab removes the lab, then exits 130', async () => {
    const name = unique('sigint');
    const child = spawnLabChild(name, '-', 'netns');
    await child.waitForLine('up ');
    const record = await readRecord(name);
    using open = holdOpen(recordedNamespaces(record as NonNullable<typeof record>));
    child.process.kill('SIGINT');
    expect(await child.exited()).toBe(130);
    expect(await readRecord(name)).toBeUndefined();
    const listed = await namespacesOnHost();
    for (const ns of recordedNamespaces(record as NonNullable<typeof record>))
      expect(listed).not.toContain(ns);
    expect(processesInInodes(open.inodes)).toEqual([]);
  });
});
