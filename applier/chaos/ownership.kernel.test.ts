import { describe, expect, it } from 'vitest';
import { disposedAfterEach, kernelSnapshot } from '../apply/test-support/netns-host.js';
import { applyHost, exitCodeFor, loadConfigFor, removeHost, statusHost } from '../index.js';

const host = disposedAfterEach();

describe('ownership at its edges', () => {
  it('leaves a protocol-77 rule the ledger does not list, and status reports it', async () => {
    const h = host('own');
    const config = await loadConfigFor(h.runner, h.configPath);
    await applyHost(h.runner, config);
    // Other software that also uses protocol 77.
    h.sh(['ip', 'rule', 'add', 'pref', '777', 'from', '10.99.9.9', 'lookup', '500', 'protocol', '77']);
    const status = await statusHost(h.runner);
    expect(status.strangers.rules).toEqual([expect.objectContaining({ priority: 777, from: '10.99.9.9' })]);
    expect((await applyHost(h.runner, config)).changes).toEqual([]);
    await removeHost(h.runner);
    expect(h.sh(['ip', 'rule', 'show', 'pref', '777'])).toContain('from 10.99.9.9 lookup 500');
  });

  it('refuses to take over a foreign inet multihome table (exit 1), and remove leaves it', async () => {
    const h = host('ownt');
    h.sh(
      ['nft', '-f', '-'],
      'table inet multihome {\n chain c {\n type filter hook input priority 0;\n }\n}\n',
    );
    const before = kernelSnapshot(h);
    const config = await loadConfigFor(h.runner, h.configPath);
    const error = (await applyHost(h.runner, config).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(/nftables table inet multihome exists and was not created by multihome/);
    expect(exitCodeFor(error)).toBe(1);
    expect(kernelSnapshot(h)).toEqual(before);
    await removeHost(h.runner);
    expect(h.sh(['nft', 'list', 'tables'])).toContain('table inet multihome');
  });

  it('remove leaves a sysctl the admin changed since, and a default route the admin added, and says so', async () => {
    const h = host('owns');
    const config = await loadConfigFor(h.runner, h.configPath);
    await applyHost(h.runner, config);
    // multihome set eth0's rp_filter to 2 (loose) and replaced the boot default via eth1 with one via a.
    h.sh(['sysctl', '-q', '-w', 'net.ipv4.conf.eth0.rp_filter=0']);
    h.sh(['ip', 'route', 'add', 'default', 'via', '10.201.1.2', 'dev', 'eth0', 'metric', '50']);
    const removed = await removeHost(h.runner);
    // ... and says so.
    expect(removed.leftAlone).toEqual([
      'left net.ipv4.conf.eth0.rp_filter at 0: it was changed after multihome set 2, so it is not restored to 1',
      'did not re-add the displaced default via 10.201.2.1 dev eth1: the main table has another IPv4 default now (via 10.201.1.2 dev eth0)',
    ]);
    expect(h.sh(['sysctl', '-n', 'net.ipv4.conf.eth0.rp_filter']).trim()).toBe('0');
    const defaults = h.sh(['ip', '-4', 'route', 'show', 'default']);
    expect(defaults).toContain('via 10.201.1.2 dev eth0 metric 50');
    expect(defaults).not.toContain('via 10.201.2.1');
  });

  it('status reports label drift, which plan cannot see', async () => {
    const h = host('ownl');
    const config = await loadConfigFor(h.runner, h.configPath);
    await applyHost(h.runner, config);
    h.sh(['ip', 'address', 'del', '10.201.1.20/24', 'dev', 'eth0']);
    h.sh(['ip', 'address', 'add', '10.201.1.20/24', 'dev', 'eth0', 'label', 'eth0:9']);
    const status = await statusHost(h.runner);
    expect(status.labelDrift).toEqual([{ uplink: 'b', want: 'eth0:0', found: 'eth0:9' }]);
    await removeHost(h.runner);
  });
});
