import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../applier/errors.js';
import { expectationFor } from '../flows/expectations.js';
import { flowMatrix } from '../flows/flow-matrix.js';
import { applierConfigFor } from './applier-config-for.js';
import { asciiDiagram } from './ascii-diagram.js';
import { topology } from './builder.js';
import { lanHostsOf, lansOf } from './lans.js';
import { parseTopology } from './load-topology.js';
import { mermaid } from './mermaid.js';
import { nodeNames } from './node-names.js';
import { nodePlans } from './node-plans.js';
import { addAddress } from './plan-commands.js';
import { portForwardRuleset } from './port-forward-ruleset.js';
import { routerInterfaces } from './router-plan.js';

const twoLans = `name: t
defaultIsp: a
isps:
  - { name: a, segment: wan0, prefixes: [198.51.100.0/24], gateways: [198.51.100.1], routerAddresses: [198.51.100.10], routerInterface: eth0 }
  - { name: b, segment: wan1, prefixes: [203.0.113.0/24], gateways: [203.0.113.1], routerAddresses: [203.0.113.10], routerInterface: eth1 }
clients:
  - { name: c1, addresses: [100.64.0.101] }
lans:
  - routerInterface: office
    routerAddresses: [10.10.0.1/24]
    hosts:
      - { name: web, addresses: [10.10.0.10], forwards: [{ protocol: tcp, port: 8080, to: 80 }] }
  - routerInterface: dmz
    routerAddresses: [10.11.0.1/24]
    hosts:
      - { name: mail, addresses: [10.11.0.10], forwards: [{ protocol: tcp, port: 8081, to: 80 }] }
`;

function issuesOf(text: string): { line: number | undefined; path: string; message: string }[] {
  try {
    parseTopology(text, 't.yaml');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((i) => ({ line: i.line, path: i.path.join('.'), message: i.message }));
  }
  throw new Error('the topology was accepted');
}

describe('a topology with several LANs', () => {
  const t = parseTopology(twoLans, 't.yaml');

  it('gives each LAN its own segment and router interface, and each host a plan on its LAN', () => {
    expect(lansOf(t).map((lan) => lan.routerInterface)).toEqual(['office', 'dmz']);
    expect(routerInterfaces(t)).toEqual([
      { segment: 'wan0', name: 'eth0' },
      { segment: 'wan1', name: 'eth1' },
      { segment: 'lan', name: 'office' },
      { segment: 'lan1', name: 'dmz' },
    ]);
    expect(nodeNames(t)).toEqual(['router', 'isp:a', 'isp:b', 'client:c1', 'lan:web', 'lan:mail']);
    const plans = nodePlans(t);
    expect(plans['lan:mail']?.interfaces).toEqual([{ segment: 'lan1', name: 'lan' }]);
    expect(plans['lan:mail']?.commands).toContainEqual([
      'ip',
      '-4',
      'route',
      'replace',
      'default',
      'via',
      '10.11.0.1',
      'dev',
      'lan',
    ]);
    expect(plans.router?.commands).toContainEqual(addAddress('10.11.0.1/24', 'dmz'));
  });

  it('forwards each port on every uplink address to its own host', () => {
    const rules = (portForwardRuleset(t) ?? '').split('\n').filter((line) => line.includes('dnat'));
    expect(rules.map((rule) => rule.trim())).toEqual([
      'ip daddr 198.51.100.10 tcp dport 8080 dnat to 10.10.0.10:80',
      'ip daddr 203.0.113.10 tcp dport 8080 dnat to 10.10.0.10:80',
      'ip daddr 198.51.100.10 tcp dport 8081 dnat to 10.11.0.10:80',
      'ip daddr 203.0.113.10 tcp dport 8081 dnat to 10.11.0.10:80',
    ]);
  });

  it('runs one forward flow per uplink and declared forward, each naming the host it reaches', () => {
    const forwards = flowMatrix(t).filter((spec) => spec.protocol === 'forward');
    expect(forwards.map((s) => `${s.uplink} ${s.target}:${s.port} → ${s.lanHost}`)).toEqual([
      'a 198.51.100.10:8080 → web',
      'a 198.51.100.10:8081 → mail',
      'b 203.0.113.10:8080 → web',
      'b 203.0.113.10:8081 → mail',
    ]);
  });

  it('marks forwarded traffic from every LAN in the derived fix, and draws every LAN', () => {
    expect(applierConfigFor(t)).toContain('lan:\n  - office\n  - dmz\n');
    expect(asciiDiagram(t)).toMatch(/LAN office\n└─ web .*\nLAN dmz\n└─ mail /);
    expect(mermaid(t)).toContain('segment_lan1 --- lan_mail');
  });

  it('builds the same from the builder, one .lan() per LAN', () => {
    const built = topology('t')
      .isp({
        name: 'a',
        segment: 'wan0',
        prefixes: ['198.51.100.0/24'],
        gateways: ['198.51.100.1'],
        routerAddresses: ['198.51.100.10'],
        routerInterface: 'eth0',
      })
      .client({ name: 'c1', addresses: ['100.64.0.101'] })
      .lan({
        routerInterface: 'office',
        routerAddresses: ['10.10.0.1/24'],
        hosts: [{ name: 'web', addresses: ['10.10.0.10'] }],
      })
      .lan({
        routerInterface: 'dmz',
        routerAddresses: ['10.11.0.1/24'],
        hosts: [{ name: 'mail', addresses: ['10.11.0.10'] }],
      })
      .build();
    expect(built.lan).toBeUndefined();
    expect(lanHostsOf(built).map(({ host, lanIndex }) => `${lanIndex} ${host.name}`)).toEqual([
      '0 web',
      '1 mail',
    ]);
  });

  it('refuses what two LANs cannot share, at the line of each', () => {
    const clash = twoLans
      .replace('routerInterface: dmz', 'routerInterface: office')
      .replace('[10.11.0.1/24]', '[10.10.0.1/25]')
      .replace('name: mail, addresses: [10.11.0.10]', 'name: web, addresses: [10.10.0.20]')
      .replace('port: 8081', 'port: 8080');
    expect(issuesOf(clash)).toEqual([
      { line: 16, path: 'lans.1.hosts.0.name', message: 'duplicate LAN host name "web" (first at index 0)' },
      {
        line: 14,
        path: 'lans.1.routerAddresses.0',
        message: '10.10.0.1/25 overlaps 10.10.0.1/24 (segment lan)',
      },
      { line: 13, path: 'lans.1.routerInterface', message: "interface office is already LAN lan's" },
      { line: 16, path: 'lans.1.hosts.0.forwards.0.port', message: 'tcp/8080 is already forwarded to web' },
    ]);
  });

  it('refuses `lan` and `lans` together', () => {
    const both = `${twoLans}lan:\n  routerInterface: eth1\n  routerAddresses: [10.12.0.1/24]\n`;
    const issues = issuesOf(both);
    expect(issues).toContainEqual({
      line: 9,
      path: 'lans',
      message: 'write one LAN as `lan` or several as `lans`, not both',
    });
  });
});

describe('expectations for the forwards to one LAN host', () => {
  it('selects them with to: <host> beside protocol: forward', () => {
    const t = parseTopology(
      `${twoLans}expect:\n  - { uplink: b, protocol: forward, to: mail, ok: false }\n`,
      't.yaml',
    );
    const expected = flowMatrix(t)
      .filter((spec) => spec.protocol === 'forward')
      .map((spec) => `${spec.uplink} ${spec.lanHost} ${expectationFor(t, spec, 'after').ok}`);
    expect(expected).toEqual(['a web true', 'a mail true', 'b web true', 'b mail false']);
  });

  it('refuses to: without protocol: forward, and a host nothing is forwarded to', () => {
    const issues = issuesOf(
      `${twoLans}expect:\n  - { uplink: b, to: mail }\n  - { protocol: forward, to: nas }\n`,
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'expect.0.to: "to" on an inbound entry needs protocol: forward (or add "from" for an outbound flow)',
      'expect.1.to: "nas" is no port-forwarded LAN host (known: web, mail)',
    ]);
  });
});
