import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, exitCodeFor } from '../../applier/errors.js';
import { loadTopologyFile, parseTopology } from './load-topology.js';

const base = `name: t
defaultIsp: isp1
isps:
  - name: isp1
    segment: wan0
    prefixes: [198.51.100.0/24]
    gateways: [198.51.100.1]
    routerAddresses: [198.51.100.10]
    routerInterface: eth0
  - name: isp2
    segment: wan1
    prefixes: [203.0.113.0/24]
    gateways: [203.0.113.1]
    routerAddresses: [203.0.113.10]
    routerInterface: eth1
clients:
  - name: client1
    addresses: [100.64.0.101]
lan:
  routerInterface: eth2
  routerAddresses: [10.10.0.1/24]
  hosts:
    - name: server
      addresses: [10.10.0.10]
      forwards:
        - { protocol: tcp, port: 8080, to: 80 }
`;

// Replaces whole 1-based lines of the base file.
function edit(replacements: Record<number, string>, text = base): string {
  return text
    .split('\n')
    .map((line, index) => replacements[index + 1] ?? line)
    .join('\n');
}

function issuesOf(text: string): { line: number | undefined; path: string; message: string }[] {
  try {
    parseTopology(text, 'topo.yaml');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.code).toBe('TOPOLOGY_INVALID');
    expect(exitCodeFor(error)).toBe(2);
    return error.issues.map((issue) => ({
      line: issue.line,
      path: issue.path.join('.'),
      message: issue.message,
    }));
  }
  throw new Error('expected a ConfigError');
}

// The issues as [line, path, message] rows, the shape most tests compare.
function rowsOf(text: string): (number | string | undefined)[][] {
  return issuesOf(text).map((i) => [i.line, i.path, i.message]);
}

describe('parseTopology', () => {
  it('accepts the base file and fills defaults', () => {
    const topology = parseTopology(base, 'topo.yaml');
    expect(topology.isps.map((isp) => isp.bcp38)).toEqual([true, true]);
    expect(topology.lan?.hosts[0]?.forwards).toEqual([{ protocol: 'tcp', port: 8080, to: 80 }]);
    expect(topology.isps[0]).not.toHaveProperty('routerLabel');
  });

  it('reports a defaultIsp naming no ISP at its line', () => {
    expect(issuesOf(edit({ 2: 'defaultIsp: isp9' }))).toEqual([
      { line: 2, path: 'defaultIsp', message: expect.stringContaining('"isp9" names no ISP') },
    ]);
  });

  it('reports subnets overlapping across segments at the later one', () => {
    expect(
      issuesOf(
        edit({
          12: '    prefixes: [198.51.0.0/16]',
          13: '    gateways: [198.51.0.1]',
          14: '    routerAddresses: [198.51.0.10]',
        }),
      ),
    ).toEqual([
      {
        line: 12,
        path: 'isps.1.prefixes.0',
        message: '198.51.0.0/16 overlaps 198.51.100.0/24 (isp1 on segment wan0)',
      },
    ]);
  });

  it('reports overlapping subnets of ISPs that share a segment', () => {
    const shared = edit({
      11: '    segment: wan0',
      15: '    routerInterface: eth0',
      12: '    prefixes: [198.51.100.128/25]',
      13: '    gateways: [198.51.100.129]',
      14: '    routerAddresses: [198.51.100.130]',
    });
    expect(issuesOf(shared)).toEqual([
      { line: 12, path: 'isps.1.prefixes.0', message: expect.stringContaining('overlaps 198.51.100.0/24') },
    ]);
  });

  it('reports the LAN overlapping the internet', () => {
    expect(rowsOf(edit({ 21: '  routerAddresses: [100.64.0.1/16]' }))).toEqual([
      [21, 'lan.routerAddresses.0', '100.64.0.1/16 overlaps 100.64.0.0/24 (segment internet)'],
      [24, 'lan.hosts.0.addresses.0', 'LAN address 10.10.0.10 is not inside 100.64.0.1/16'],
    ]);
  });

  it('reports a gateway outside its subnet', () => {
    expect(issuesOf(edit({ 7: '    gateways: [198.51.101.1]' }))).toEqual([
      { line: 7, path: 'isps.0.gateways.0', message: 'gateway 198.51.101.1 is not inside 198.51.100.0/24' },
    ]);
  });

  it('reports a router address outside its prefix', () => {
    expect(issuesOf(edit({ 14: '    routerAddresses: [203.0.114.10]' }))).toEqual([
      {
        line: 14,
        path: 'isps.1.routerAddresses.0',
        message: 'router address 203.0.114.10 is not inside 203.0.113.0/24',
      },
    ]);
  });

  it("reports an IPv4 network's own or broadcast address given to a gateway, router, client or LAN host", () => {
    const text = edit({
      7: '    gateways: [198.51.100.0]',
      14: '    routerAddresses: [203.0.113.255]',
      18: '    addresses: [100.64.0.255]',
      21: '  routerAddresses: [10.10.0.0/24]',
      24: '      addresses: [10.10.0.255]',
    });
    expect(rowsOf(text)).toEqual([
      [7, 'isps.0.gateways.0', 'gateway 198.51.100.0 is the network address of 198.51.100.0/24'],
      [
        14,
        'isps.1.routerAddresses.0',
        'router address 203.0.113.255 is the broadcast address of 203.0.113.0/24',
      ],
      [21, 'lan.routerAddresses.0', 'router address 10.10.0.0 is the network address of 10.10.0.0/24'],
      [18, 'clients.0.addresses.0', 'client address 100.64.0.255 is the broadcast address of 100.64.0.0/24'],
      [24, 'lan.hosts.0.addresses.0', 'LAN address 10.10.0.255 is the broadcast address of 10.10.0.0/24'],
    ]);
  });

  it("reports a loopback, multicast, unspecified or IPv4-mapped address with the applier's message", () => {
    const text = edit({
      7: '    gateways: [127.0.0.1]',
      9: '    routerInterface: eth0\n    internetAddresses: [224.0.0.1]',
      14: '    routerAddresses: [0.0.0.0]',
      18: '    addresses: [100.64.0.101, "::ffff:1.2.3.4"]',
      21: '  routerAddresses: [10.10.0.1/24, "::/64"]',
      24: '      addresses: [10.10.0.10, ff02::1]',
    });
    const kind = (what: string, address: string, range: string) =>
      `${what} ${address} is ${range === 'unspecified' ? 'an' : 'a'} ${range} address, not one a host or gateway can use`;
    expect(rowsOf(text)).toEqual([
      [7, 'isps.0.gateways.0', kind('gateway', '127.0.0.1', 'loopback')],
      [10, 'isps.0.internetAddresses.0', kind('internet address', '224.0.0.1', 'multicast')],
      [15, 'isps.1.routerAddresses.0', kind('router address', '0.0.0.0', 'unspecified')],
      [22, 'lan.routerAddresses.1', kind('router address', '::', 'unspecified')],
      [
        19,
        'clients.0.addresses.1',
        'client address ::ffff:1.2.3.4 is an IPv4-mapped or IPv4-compatible IPv6 address, which the kernel stores and prints differently; give the IPv4 address to an IPv4 uplink instead',
      ],
      [25, 'lan.hosts.0.addresses.1', kind('LAN address', 'ff02::1', 'multicast')],
    ]);
  });

  it("reports an ISP's internet address another ISP already has, however it is spelt", () => {
    const explicit = edit({
      9: '    routerInterface: eth0\n    internetAddresses: [100.64.0.1, 2001:db8:ff::1]',
      15: '    routerInterface: eth1\n    internetAddresses: [100.64.0.1, 2001:DB8:FF:0::1]',
    });
    expect(rowsOf(explicit)).toEqual([
      [17, 'isps.1.internetAddresses.0', '100.64.0.1 is already used by ISP isp1'],
      [17, 'isps.1.internetAddresses.1', '2001:DB8:FF:0::1 is already used by ISP isp1'],
    ]);
    // isp2's default is 100.64.0.2 (its place in the list); isp1 took it, so isp2 must name its own.
    expect(rowsOf(edit({ 9: '    routerInterface: eth0\n    internetAddresses: [100.64.0.2]' }))).toEqual([
      [
        11,
        'isps.1',
        'default internet address 100.64.0.2 is already used by ISP isp1; give isp2 internetAddresses',
      ],
    ]);
  });

  it('reports duplicate ISP, client and LAN host names', () => {
    const text = edit({
      10: '  - name: isp1',
      18: '    addresses: [100.64.0.101]\n  - name: client1\n    addresses: [100.64.0.102]',
      26: '        - { protocol: tcp, port: 8080, to: 80 }\n    - name: server\n      addresses: [10.10.0.11]',
    });
    expect(rowsOf(text)).toEqual([
      [10, 'isps.1.name', 'duplicate ISP name "isp1" (first at index 0)'],
      [19, 'clients.1.name', 'duplicate client name "client1" (first at index 0)'],
      [29, 'lan.hosts.1.name', 'duplicate LAN host name "server" (first at index 0)'],
    ]);
  });

  it("reports a client or LAN host taking the router's or the other kind's name, and an ISP named none", () => {
    const text = edit({
      4: '  - name: none',
      17: '  - name: router\n    addresses: [100.64.0.101]\n  - name: server',
      18: '    addresses: [100.64.0.102]',
      26: '        - { protocol: tcp, port: 8080, to: 80 }\n    - name: router\n      addresses: [10.10.0.11]',
    }).replace('defaultIsp: isp1', 'defaultIsp: none');
    expect(rowsOf(text)).toEqual([
      [17, 'clients.0.name', 'client name "router" is already used by the router'],
      [25, 'lan.hosts.0.name', 'LAN host name "server" is already used by client server'],
      [29, 'lan.hosts.1.name', 'LAN host name "router" is already used by the router'],
      [4, 'isps.0.name', 'ISP name "none" is reserved (`via: none`)'],
    ]);
  });

  it('reports unknown keys at the key, and still runs the cross-checks', () => {
    const text = edit({ 5: '    segmnet: wan0\n    segment: wan0', 7: '    gateways: [10.0.0.1]' });
    expect(issuesOf(text)).toEqual([
      { line: 5, path: 'isps.0.segmnet', message: 'unknown key "segmnet" (did you mean "segment"?)' },
      { line: 8, path: 'isps.0.gateways.0', message: 'gateway 10.0.0.1 is not inside 198.51.100.0/24' },
    ]);
  });

  it('words wrong types, bounds and an empty file as the config errors do, quoting at most 40 characters', () => {
    expect(rowsOf('')).toEqual([
      [1, '', 'the file is empty; a topology needs at least name, defaultIsp, isps and clients'],
    ]);
    expect(rowsOf(`${'x'.repeat(100)}\n`)).toEqual([
      [1, '', `the topology must be a mapping, not string "${'x'.repeat(38)}…`],
    ]);
    expect(rowsOf(`${base}routerRpFilter: 3\n`)).toEqual([
      [27, 'routerRpFilter', 'routerRpFilter must be one of 0, 1, 2'],
    ]);
    expect(rowsOf(edit({ 26: '        - { protocol: tcp, port: "8080", to: 0 }' }))).toEqual([
      [26, 'lan.hosts.0.forwards.0.port', 'port must be a number, not string "8080"'],
      [26, 'lan.hosts.0.forwards.0.to', 'to must be at least 1 (got 0)'],
    ]);
  });

  it('reports a missing field at its parent', () => {
    expect(issuesOf(edit({ 9: '' }))).toEqual([
      { line: 4, path: 'isps.0.routerInterface', message: 'routerInterface is required' },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf(edit({ 17: '  - name: client1: oops' }));
    expect(issues[0]?.line).toBe(17);
    expect(issues[0]?.message).toMatch(/^YAML syntax/);
  });

  it('reports a port forwarded twice, a label not on its interface, and a shared-segment interface mismatch', () => {
    const text = edit({
      11: '    segment: wan0\n    routerLabel: eth9:0',
      26: '        - { protocol: tcp, port: 8080, to: 80 }\n    - name: web\n      addresses: [10.10.0.11]\n      forwards: [{ protocol: tcp, port: 8080, to: 8080 }]',
    });
    expect(issuesOf(text).map((i) => [i.line, i.path])).toEqual([
      [12, 'isps.1.routerLabel'],
      [16, 'isps.1.routerInterface'],
      [30, 'lan.hosts.1.forwards.0.port'],
    ]);
  });

  it('reports two uplink segments on one router interface', () => {
    expect(issuesOf(edit({ 15: '    routerInterface: eth0' }))).toEqual([
      {
        line: 15,
        path: 'isps.1.routerInterface',
        message: 'interface eth0 is already on segment wan0 (isp1)',
      },
    ]);
  });

  it("reports a forward of the router's own echo ports, which the flows probe", () => {
    const forwards =
      '      forwards: [{ protocol: tcp, port: 7, to: 80 }, { protocol: udp, port: 9, to: 9 }]';
    expect(rowsOf(edit({ 25: forwards, 26: '' }))).toEqual([
      [
        25,
        'lan.hosts.0.forwards.0.port',
        "tcp/7 is the router's own echo service, which the tcp flows probe; forward another port",
      ],
      [
        25,
        'lan.hosts.0.forwards.1.port',
        "udp/9 is the router's own echo service, which the udp flows probe; forward another port",
      ],
    ]);
  });

  it("reports a client with none of the uplinks' address families", () => {
    expect(rowsOf(edit({ 18: '    addresses: [2001:db8:ff::101]' }))).toEqual([
      [
        18,
        'clients.0.addresses',
        'client client1 has no address in a family of the uplinks, so no flow can reach the router from it',
      ],
    ]);
  });

  it('reports lo as a router interface: every node has its loopback already', () => {
    expect(rowsOf(edit({ 9: '    routerInterface: lo', 20: '  routerInterface: lo' }))).toEqual([
      [9, 'isps.0.routerInterface', 'lo is the loopback interface every node has; name another interface'],
      [20, 'lan.routerInterface', 'lo is the loopback interface every node has; name another interface'],
    ]);
  });

  it('reports a missing file as TOPOLOGY_INVALID', async () => {
    await expect(loadTopologyFile('/nonexistent/topo.yaml')).rejects.toMatchObject({
      code: 'TOPOLOGY_INVALID',
    });
  });

  describe('loadTopologyFile refuses what is not a small regular file, at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mh-topology-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const refusal = (path: string) =>
      loadTopologyFile(path).then(
        () => 'accepted',
        (error: unknown) => {
          if (!(error instanceof ConfigError)) throw error;
          expect([error.code, exitCodeFor(error), error.file]).toEqual(['TOPOLOGY_INVALID', 2, path]);
          return error.issues[0]?.message;
        },
      );

    it('a FIFO without a writer, which a plain read waits on forever', { timeout: 5000 }, async () => {
      const fifo = join(dir, 'fifo.yaml');
      execFileSync('mkfifo', [fifo]);
      expect(await refusal(fifo)).toBe(`topology file ${fifo} (--topology) is a FIFO, not a regular file`);
    });

    it('/dev/urandom, and a file over 1 MiB, without reading them', { timeout: 5000 }, async () => {
      expect(await refusal('/dev/urandom')).toMatch(/is a character device, not a regular file/);
      const huge = join(dir, 'huge.yaml');
      writeFileSync(huge, '');
      truncateSync(huge, 50 * 1024 * 1024);
      expect(await refusal(huge)).toMatch(/\(--topology\) is larger than 1048576 bytes/);
    });

    it('reads a regular file', async () => {
      const file = join(dir, 'topo.yaml');
      writeFileSync(file, base);
      expect((await loadTopologyFile(file)).name).toBe('t');
    });
  });
});
