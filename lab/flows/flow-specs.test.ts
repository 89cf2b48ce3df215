import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultTopology } from '../topology/default-topology.js';
import { parseTopology } from '../topology/load-topology.js';
import { flowMatrix } from './flow-matrix.js';
import { flowSpecs } from './flow-specs.js';
import { probeFor } from './probe-command.js';

describe('flowSpecs on the article topology', () => {
  it('makes one flow per uplink × protocol, forwards going to 8080 and the LAN server', () => {
    const specs = flowSpecs(defaultTopology());
    expect(specs.map((s) => `${s.uplink}/${s.protocol}`)).toEqual(
      ['isp1', 'isp2', 'isp3'].flatMap((u) => ['icmp', 'tcp', 'udp', 'forward'].map((p) => `${u}/${p}`)),
    );
    expect(specs.find((s) => s.uplink === 'isp2' && s.protocol === 'forward')).toMatchObject({
      target: '192.0.2.10',
      peer: '100.64.0.101',
      port: 8080,
      lanHost: 'server',
      client: 'client:client1',
    });
  });

  it('builds IPv6 flows against the IPv6 router addresses with bracketed socat addresses and the client port', () => {
    const specs = flowSpecs(defaultTopology(), { families: [6], protocols: ['tcp'] });
    expect(specs.map((s) => s.target)).toEqual(['2001:db8:1::10', '2001:db8:2::10', '2001:db8:3::10']);
    const argv = probeFor(specs[0] ?? ({} as never), 40_001).argv.join(' ');
    expect(argv).toContain('TCP6:[2001:db8:1::10]:7');
    expect(argv).toContain('sourceport=40001');
  });

  it('gives a ping its echo id, so the gateways count it apart from every other ping', () => {
    const spec = flowSpecs(defaultTopology(), { protocols: ['icmp'] })[0];
    expect(probeFor(spec ?? ({} as never), 31_337).argv).toEqual([
      'ping',
      '-4',
      '-c1',
      '-W1',
      '-n',
      '-e',
      '31337',
      '198.51.100.10',
    ]);
  });

  it('probes a UDP forward over UDP from the flow port, done once the greeting is in', () => {
    const topology = parseTopology(
      readFileSync(new URL('../topology/examples/article.yaml', import.meta.url), 'utf8').replace(
        '- { protocol: tcp, port: 8080, to: 80 }',
        '- { protocol: tcp, port: 8080, to: 80 }\n        - { protocol: udp, port: 5353, to: 53 }',
      ),
      'article.yaml',
    );
    const specs = flowSpecs(topology, { protocols: ['forward'], uplinks: ['isp2'] });
    expect(specs.map((s) => `${s.transport}/${s.port}`)).toEqual(['tcp/8080', 'udp/5353']);
    const probe = probeFor(specs[1] ?? ({} as never), 40_003);
    expect(probe.argv.join(' ')).toContain(
      `UDP4:192.0.2.10:5353,sourceport=40003,readbytes=${'hello from server'.length + 1}`,
    );
    expect(probe.succeeded({ stdout: 'hello from server\n', exitCode: 0 })).toBe(true);
    expect(probe.succeeded({ stdout: 'mh-isp2-forward-40003\n', exitCode: 0 })).toBe(false);
  });

  it('judges a forward by the LAN greeting, not by any output', () => {
    const spec = flowSpecs(defaultTopology(), { protocols: ['forward'] })[0];
    const probe = probeFor(spec ?? ({} as never), 40_002);
    expect(probe.succeeded({ stdout: 'hello from server\n', exitCode: 0 })).toBe(true);
    expect(probe.succeeded({ stdout: 'HTTP/1.0 200 OK\n', exitCode: 0 })).toBe(false);
  });
});

describe('flowMatrix', () => {
  it('is every uplink address × icmp/tcp/udp/forward × both families of the article lab', () => {
    const rows = flowMatrix(defaultTopology()).map((s) => `${s.family}/${s.uplink}/${s.protocol}`);
    expect(rows).toHaveLength(24);
    expect(rows.slice(12, 16)).toEqual(['6/isp1/icmp', '6/isp1/tcp', '6/isp1/udp', '6/isp1/forward']);
  });

  it('has no forward rows without a port forward, and only the families the uplinks have', () => {
    const topology = parseTopology(
      `name: two
defaultIsp: a
isps:
  - { name: a, segment: wa, prefixes: [198.51.100.0/24], gateways: [198.51.100.1], routerAddresses: [198.51.100.10], routerInterface: eth0 }
  - { name: b, segment: wb, prefixes: [192.0.2.0/24], gateways: [192.0.2.1], routerAddresses: [192.0.2.10], routerInterface: eth1 }
clients:
  - { name: c1, addresses: [100.64.0.101, 2001:db8:ff::101] }
`,
      'two.yaml',
    );
    expect(flowMatrix(topology).map((s) => `${s.family}/${s.uplink}/${s.protocol}`)).toEqual([
      '4/a/icmp',
      '4/a/tcp',
      '4/a/udp',
      '4/b/icmp',
      '4/b/tcp',
      '4/b/udp',
    ]);
  });

  it('adds the outbound pings the expect section declares, from the router or a LAN host', () => {
    const topology = {
      ...defaultTopology(),
      expect: [
        { from: 'router', source: 'isp3', family: 'ipv4', via: 'isp3', phase: 'after', ok: true },
        { from: 'server', to: 'client2', via: 'isp1', phase: 'after', ok: false },
      ] as const,
    };
    const outbound = flowMatrix(topology).filter((s) => s.outbound !== undefined);
    expect(outbound).toEqual([
      {
        uplink: 'isp3',
        protocol: 'icmp',
        family: 4,
        client: 'router',
        target: '100.64.0.101',
        peer: '100.64.0.101',
        outbound: { to: 'client:client1', source: '203.0.113.10', entry: 0 },
      },
      expect.objectContaining({ client: 'lan:server', target: '100.64.0.102', family: 4 }),
      expect.objectContaining({ client: 'lan:server', target: '2001:db8:ff::102', family: 6 }),
    ]);
    expect(probeFor(outbound[0] ?? ({} as never), 7).argv).toContain('203.0.113.10');
  });
});
