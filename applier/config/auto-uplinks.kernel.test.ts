import { afterEach, describe, expect, it } from 'vitest';
import { createNetnsHost, kernelSnapshot, type NetnsHost } from '../apply/test-support/netns-host.js';
import { ConfigError, exitCodeFor, formatPath } from '../errors.js';
import { applyHost, loadConfigFor, removeHost, verifyHost } from '../index.js';

const hosts: NetnsHost[] = [];
afterEach(() => {
  for (const host of hosts.splice(0)) host.dispose();
});

// An IPv6 uplink whose address came by SLAAC and whose default came by a router advertisement: the
// gateway is link-local, which only means something with its dev.
const CONFIG = `uplinks:
  - name: isp1
    interface: eth0
    address: 10.201.1.10/24
    gateway: 10.201.1.1
  - name: ra
    interface: eth1
    family: 6
    address: auto
    gateway: auto
`;

describe('gateway: auto with a link-local IPv6 gateway (SLAAC and RA)', () => {
  it('resolves fe80::1 on its dev, applies, verifies, re-applies nothing, and removes back to before', async () => {
    const h = createNetnsHost('auto6', CONFIG);
    hosts.push(h);
    h.sh(['ip', '-6', 'route', 'add', 'default', 'via', 'fe80::1', 'dev', 'eth1', 'proto', 'ra']);
    const before = kernelSnapshot(h);
    const config = await loadConfigFor(h.runner, h.configPath);
    expect(config.auto?.resolved).toEqual([
      { uplink: 'ra', field: 'address', value: 'fd10:2::10/64' },
      { uplink: 'ra', field: 'gateway', value: 'fe80::1' },
    ]);
    expect((await applyHost(h.runner, config)).changes.length).toBeGreaterThan(0);
    const table = config.uplinks.find((uplink) => uplink.name === 'ra')?.table;
    expect(h.sh(['ip', '-6', 'route', 'show', 'table', String(table), 'default'])).toContain(
      'default via fe80::1 dev eth1',
    );
    const report = await verifyHost(h.runner, config);
    expect(report.uplinks.filter((uplink) => !uplink.ok)).toEqual([]);
    expect((await applyHost(h.runner, await loadConfigFor(h.runner, h.configPath))).changes).toEqual([]);
    await removeHost(h.runner);
    expect(kernelSnapshot(h)).toEqual(before);
  });
});

// eth2 without an address: a DHCP client that has not had its lease yet.
const WAITING = `uplinks:
  - name: late
    interface: eth2
    address: auto
    gateway: auto
`;

describe('an auto uplink waiting for its lease, on a real host', () => {
  it('has a bad field refused (exit 2, field and line) before the lease as after it', async () => {
    const h = createNetnsHost('auto-bad', `${WAITING}    weight: 0\n`);
    hosts.push(h);
    h.sh(['ip', 'address', 'flush', 'dev', 'eth2']);
    const refusal = async () => {
      const error = await loadConfigFor(h.runner, h.configPath).catch((caught: unknown) => caught);
      if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
      return [exitCodeFor(error), error.issues.map((issue) => [formatPath(issue.path), issue.line])];
    };
    const refused = [2, [['uplinks[0].weight', 6]]];
    expect(await refusal()).toEqual(refused);
    h.sh(['ip', 'address', 'add', '10.201.3.50/24', 'dev', 'eth2']);
    h.sh(['ip', 'route', 'add', 'default', 'via', '10.201.3.2', 'dev', 'eth2', 'metric', '200']);
    expect(await refusal()).toEqual(refused);
  });

  it('may be the only uplink: apply then changes nothing until the lease comes', async () => {
    const h = createNetnsHost('auto-only', WAITING);
    hosts.push(h);
    h.sh(['ip', 'address', 'flush', 'dev', 'eth2']);
    const before = kernelSnapshot(h);
    const config = await loadConfigFor(h.runner, h.configPath);
    expect(config.uplinks).toEqual([]);
    expect(config.auto?.waiting).toEqual([
      { uplink: 'late', reason: 'waits for an IPv4 address on eth2 (address: auto)' },
    ]);
    expect((await applyHost(h.runner, config)).changes).toEqual([]);
    expect(kernelSnapshot(h)).toEqual(before);
    h.sh(['ip', 'address', 'add', '10.201.3.50/24', 'dev', 'eth2']);
    h.sh(['ip', 'route', 'add', 'default', 'via', '10.201.3.2', 'dev', 'eth2', 'metric', '200']);
    expect(
      (await applyHost(h.runner, await loadConfigFor(h.runner, h.configPath))).changes.length,
    ).toBeGreaterThan(0);
    expect(h.sh(['ip', '-4', 'rule', 'show'])).toContain('from 10.201.3.50 lookup');
    await removeHost(h.runner);
  });
});
