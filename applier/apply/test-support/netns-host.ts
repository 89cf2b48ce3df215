import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { NamespaceRunner } from '../../runner/namespace-runner.js';
import { TestNamespace } from '../../test-support/test-namespace.js';

/** A throwaway multi-homed router namespace wired by veth to a peer namespace (never the root one). */
export type NetnsHost = AsyncDisposable & {
  readonly name: string;
  readonly peer: string;
  readonly runner: NamespaceRunner;
  /** Path of a config file for this host. */
  readonly configPath: string;
  readonly dir: string;
  /** Runs a command in the router namespace and returns stdout. */
  sh(argv: readonly string[], input?: string): string;
  dispose(): void;
};

/** The config the kernel tests apply: two uplinks sharing eth0 (one an alias it must add), one on eth1, one IPv6, a LAN. */
export const TEST_CONFIG = `uplinks:
  - name: a
    interface: eth0
    address: 10.201.1.10/24
    gateway: 10.201.1.1
  - name: b
    interface: eth0
    label: eth0:0
    address: 10.201.1.20/24
    gateway: 10.201.1.2
  - name: c
    interface: eth1
    address: 10.201.2.10/24
    gateway: 10.201.2.1
  - name: v6
    interface: eth1
    address: fd10:2::10/64
    gateway: fd10:2::1
default: a
lan: [eth2]
`;

/**
 * Builds the namespaces with foreign state multihome must leave alone: a main default via eth1
 * (proto boot), rule pref 500 lookup 500 with a route in table 500, rule pref 20000, nft table
 * `inet foreign`, and strict rp_filter set explicitly (a new namespace inherits the host's). Both are
 * {@link TestNamespace}s: registered, with their own /etc/iproute2, removed by `dispose` or `await using`.
 */
export function createNetnsHost(prefix: string, config = TEST_CONFIG): NetnsHost {
  const router = TestNamespace.createSync(prefix);
  let world: TestNamespace | undefined;
  const dir = mkdtempSync(join(tmpdir(), `${router.name}-`));
  const dispose = () => {
    router.dispose();
    world?.dispose();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    world = TestNamespace.createSync(`${prefix}-w`);
    for (const ns of [router, world]) {
      ns.sh(['sysctl', '-q', '-w', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
      ns.sh(['sysctl', '-q', '-w', 'net.ipv4.conf.all.rp_filter=1', 'net.ipv4.conf.default.rp_filter=1']);
    }
    const links = [
      ['eth0', 'p0'],
      ['eth1', 'p1'],
      ['eth2', 'p2'],
    ].map(([dev, peerDev]) => `link add ${dev} type veth peer name ${peerDev} netns ${world?.name}`);
    router.sh(
      ['ip', '-batch', '-'],
      [
        ...links,
        'link set eth0 up',
        'link set eth1 up',
        'link set eth2 up',
        'address add 10.201.1.10/24 dev eth0',
        'address add 10.201.2.10/24 dev eth1',
        'address add fd10:2::10/64 dev eth1 nodad',
        'address add 10.201.3.1/24 dev eth2',
        'route add default via 10.201.2.1 dev eth1 proto boot',
        'route add 10.99.0.0/16 via 10.201.2.1 dev eth1 table 500',
        'rule add pref 500 lookup 500',
        'rule add pref 20000 from 10.201.3.0/24 lookup main',
      ].join('\n'),
    );
    router.sh(['sysctl', '-q', '-w', 'net.ipv4.conf.eth0.rp_filter=1', 'net.ipv4.conf.eth1.rp_filter=1']);
    router.sh(
      ['nft', '-f', '-'],
      'table inet foreign {\n chain input {\n type filter hook input priority 0; policy accept;\n iifname "eth2" accept\n }\n}\n',
    );
    world.sh(
      ['ip', '-batch', '-'],
      [
        'link set p0 up',
        'link set p1 up',
        'link set p2 up',
        'address add 10.201.1.1/24 dev p0',
        'address add 10.201.1.2/24 dev p0',
        'address add 10.201.2.1/24 dev p1',
        'address add fd10:2::1/64 dev p1 nodad',
      ].join('\n'),
    );
  } catch (error) {
    dispose();
    throw error;
  }
  const configPath = join(dir, 'multihome.yaml');
  writeFileSync(configPath, config);
  return {
    name: router.name,
    peer: world.name,
    runner: router.runner,
    configPath,
    dir,
    sh: (argv, input) => router.sh(argv, input),
    dispose,
    [Symbol.asyncDispose]: async () => dispose(),
  };
}

/** Everything the kernel tests compare byte for byte before and after. */
export function kernelSnapshot(host: NetnsHost): Record<string, string> {
  return {
    routes4: host.sh(['ip', '-j', '-4', 'route', 'show', 'table', 'all']),
    routes6: host.sh(['ip', '-j', '-6', 'route', 'show', 'table', 'all']),
    rules4: host.sh(['ip', '-j', '-4', 'rule', 'show']),
    rules6: host.sh(['ip', '-j', '-6', 'rule', 'show']),
    nft: host.sh(['nft', '-j', 'list', 'ruleset']),
    addresses: host.sh(['ip', '-j', 'address', 'show']),
    sysctls: host.sh([
      'sh',
      '-c',
      'grep -H . /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/ipv4/conf/*/src_valid_mark',
    ]),
  };
}

/**
 * A `host(prefix)` factory for a test file: every namespace host it creates is disposed of after
 * each test, even when the test fails.
 */
export function disposedAfterEach(): (prefix: string) => NetnsHost {
  const hosts: NetnsHost[] = [];
  afterEach(() => {
    for (const host of hosts.splice(0)) host.dispose();
  });
  return (prefix) => {
    const created = createNetnsHost(prefix);
    hosts.push(created);
    return created;
  };
}
