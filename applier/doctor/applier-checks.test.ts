import { afterEach, describe, expect, it } from 'vitest';
import { applierChecks } from './applier-checks.js';
import { missingFor } from './check-item.js';
import { type FakeHost, fakeHost } from './test-support/fake-host.js';

let host: FakeHost;
afterEach(() => host.remove());

const byId = async (host: FakeHost, uid = 0, node = '24.22.3') =>
  Object.fromEntries((await applierChecks(host.context(uid, node))).map((found) => [found.id, found]));

describe('the applier checks', () => {
  it('pass on a healthy host and say what they found', async () => {
    host = await fakeHost();
    const items = await applierChecks(host.context());
    expect(missingFor(items, 'applier')).toEqual([]);
    const found = Object.fromEntries(items.map((i) => [i.id, i.detail]));
    expect(found).toMatchObject({
      node: 'v24.22.3',
      privileges: 'root',
      iproute2: '6.1.0, ip -json works',
      nft: 'v1.0.6',
      'kernel.ipv6': 'present',
      'kernel.conntrack': 'present',
    });
  });

  it('name each missing tool with the apt-get command that fixes it', async () => {
    host = await fakeHost(false);
    await host.file('proc/self/status', 'CapEff:\t0000000000000000\n');
    const items = await byId(host, 1000, '20.20.2');
    expect(items.node).toMatchObject({ ok: false, detail: 'v20.20.2' });
    expect(items.privileges).toMatchObject({ ok: false, detail: 'uid 1000 without CAP_NET_ADMIN' });
    expect(items.iproute2).toMatchObject({
      ok: false,
      detail: 'no `ip` on PATH',
      fix: 'apt-get install -y iproute2',
    });
    expect(items.nft).toMatchObject({
      ok: false,
      packages: ['nftables'],
      fix: 'apt-get install -y nftables',
    });
    expect(items['kernel.ipv6']).toMatchObject({ ok: false, detail: 'not in this kernel' });
  });

  it('accept CAP_NET_ADMIN without root, and a conntrack that is only a module', async () => {
    host = await fakeHost();
    await host.file('proc/self/status', 'CapEff:\t0000000000001000\n');
    await host.file('proc/sys/net/netfilter/nf_conntrack_max', '');
    const { rm } = await import('node:fs/promises');
    await rm(`${host.root}/proc/sys/net/netfilter`, { recursive: true });
    await host.file(
      'lib/modules/6.1.0-test/modules.dep',
      'kernel/net/netfilter/nf_conntrack.ko.xz: kernel/lib/libcrc32c.ko.xz\n',
    );
    const items = await byId(host, 1000);
    expect(items.privileges).toMatchObject({ ok: true, detail: 'uid 1000 with CAP_NET_ADMIN' });
    expect(items['kernel.conntrack']).toMatchObject({ ok: true, detail: 'available as a module' });
  });

  it('refuse an iproute2 without JSON and an nft built without it', async () => {
    host = await fakeHost();
    await host.tool(
      'ip',
      `case "$1" in -V) echo 'ip utility, iproute2-ss130716' ;; *) echo 'Option "-json" is unknown' >&2; exit 255 ;; esac`,
    );
    await host.tool('nft', `printf 'nftables v0.9.0 (Fearless Fosdick)\\n  json:\\t\\tno\\n'`);
    const items = await byId(host);
    expect(items.iproute2).toMatchObject({ ok: false, detail: 'ss130716, ip -json does not work (too old)' });
    expect(items.nft).toMatchObject({ ok: false, detail: 'v0.9.0, built without JSON' });
  });
});
