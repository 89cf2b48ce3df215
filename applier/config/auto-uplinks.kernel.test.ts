import { afterEach, describe, expect, it } from 'vitest';
import { createNetnsHost, kernelSnapshot, type NetnsHost } from '../apply/test-support/netns-host.js';
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
