import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-support/run-cli.js';
import { tableNamesPath } from '../ledger/paths.js';
import { TestNamespace } from '../test-support/test-namespace.js';
import { exportFiles, loadConfigForExport } from './export-config.js';
import { configFile, EXPORT_CONFIG } from './test-support/configs.js';

// The exported script in a fresh namespace holding the config's interfaces, with strict rp_filter
// (what a new namespace may inherit, set explicitly): it must leave `multihome plan` nothing to do,
// and a second run must change nothing at all.

const path = configFile(EXPORT_CONFIG);
const script = join(path, '..', 'multihome-routes.sh');
writeFileSync(script, exportFiles(loadConfigForExport(path, 'script'), 'script')[0]?.text ?? '');
const namesFiles: string[] = [];
afterAll(() => {
  for (const file of namesFiles) rmSync(file, { force: true });
});

async function freshHost(): Promise<TestNamespace> {
  const namespace = await TestNamespace.create('script');
  for (const [name, peer] of [
    ['eth0', 'p0'],
    ['eth1', 'p1'],
    ['eth2', 'p2'],
  ] as const) {
    await namespace.veth(name, peer);
  }
  await namespace.must([
    'sysctl',
    '-q',
    '-w',
    'net.ipv4.conf.all.rp_filter=1',
    'net.ipv4.conf.eth0.rp_filter=1',
    'net.ipv4.conf.eth1.rp_filter=1',
  ]);
  const nsid = (await namespace.must(['stat', '-L', '-c', '%i', '/proc/self/ns/net'])).trim();
  namesFiles.push(tableNamesPath(nsid));
  return namespace;
}

// The kernel's own routes for IPv6 link-local and multicast addresses come as each interface's
// addrconf finishes, on the kernel's clock and not the script's: left out of the comparison.
function withoutLinkLocalAddrconf(json: string): string {
  const routes = JSON.parse(json) as { dst?: string; protocol?: string }[];
  const addrconf = (route: { dst?: string; protocol?: string }) =>
    route.protocol === 'kernel' && /^(fe80:|ff00::\/8)/.test(route.dst ?? '');
  return JSON.stringify(routes.filter((route) => !addrconf(route)));
}

// Everything the script may touch, as the kernel prints it.
async function everything(namespace: TestNamespace): Promise<string> {
  const parts = await Promise.all([
    // Global addresses only, without `tentative`: link-local addresses appear, and IPv6 duplicate
    // address detection clears `tentative`, on the kernel's clock, not the script's.
    namespace
      .must(['ip', '-j', 'address', 'show', 'scope', 'global'])
      .then((text) => text.replace(/"tentative",?/g, '').replace(/,\]/g, ']')),
    ...[4, 6].flatMap((family) => [
      namespace.must(['ip', '-j', `-${family}`, 'rule']),
      namespace
        .must(['ip', '-j', `-${family}`, 'route', 'show', 'table', 'all'])
        .then(withoutLinkLocalAddrconf),
    ]),
    namespace.must(['nft', 'list', 'ruleset']),
    namespace.must([
      'sh',
      '-c',
      'grep -r . /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/ipv4/conf/*/src_valid_mark',
    ]),
  ]);
  return parts.join('\n');
}

describe('the exported script', () => {
  it('leaves multihome plan empty, and a second run changes nothing', async () => {
    await using namespace = await freshHost();
    await namespace.must(['sh', script]);
    const plan = runCli(['plan', '-c', path, '--json'], { netns: namespace.name });
    expect(plan.stderr).toBe('');
    expect(JSON.parse(plan.stdout)).toEqual({ changes: [] });
    const once = await everything(namespace);
    await namespace.must(['sh', script]);
    expect(await everything(namespace)).toBe(once);
  });

  it('names protocol 77 in the file apply writes, so multihome remove leaves no file of its names', async () => {
    await using namespace = await freshHost();
    await namespace.must(['sh', script]);
    const remove = runCli(['remove'], { netns: namespace.name });
    expect(remove.status, remove.stderr).toBe(0);
    const left = await namespace.must(['sh', '-c', 'ls /etc/iproute2/rt_protos.d /etc/iproute2/rt_tables.d']);
    expect(left).not.toContain('multihome');
  });

  it('deletes what an earlier config left and repairs drift, as apply would', async () => {
    await using namespace = await freshHost();
    await namespace.must(['sh', script]);
    await namespace.ipBatch([
      'rule add from 10.201.1.99 lookup 100 pref 10050 protocol 77',
      'route add 10.77.0.0/16 dev eth0 table 100 proto 77',
      'rule del pref 10001',
      'route del default table 101',
    ]);
    await namespace.must(['ip', 'rule', 'add', 'from', '10.201.1.98', 'lookup', '300', 'pref', '10051']);
    await namespace.must(['sh', script]);
    const plan = runCli(['plan', '-c', path, '--json'], { netns: namespace.name });
    expect(JSON.parse(plan.stdout)).toEqual({ changes: [] });
    expect(await namespace.must(['ip', 'rule', 'show', 'pref', '10051'])).toContain('lookup 300');
  });
});
