import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigSyntax } from '../../applier/config/parse-config.js';
import { ConfigError, exitCodeFor } from '../../applier/errors.js';
import { flowMatrix } from '../flows/flow-matrix.js';
import { applierConfigFor } from './applier-config-for.js';
import { defaultTopology } from './default-topology.js';
import { serverNamesFor, topologyFromConfig } from './from-config.js';
import { lansOf } from './lans.js';
import { configLabFromText, labNameFor, loadConfigLab } from './load-config-topology.js';
import type { Topology } from './types.js';

const ARTICLE = 'applier/config/examples/article.yaml';

function derive(text: string, file = 'prod.yaml'): Topology {
  return configLabFromText(text, file).topology;
}

function refusal(text: string): { line: number | undefined; path: string; message: string }[] {
  try {
    configLabFromText(text, 'prod.yaml');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toContain('prod.yaml:');
    return error.issues.map((i) => ({ line: i.line, path: i.path.join('.'), message: i.message }));
  }
  throw new Error('the config was accepted');
}

const dualStack = `uplinks:
  - name: fiber
    interface: enp1s0
    address: 198.51.100.10/24
    gateway: 198.51.100.1
  - name: fiber6
    interface: enp1s0
    address: 2001:db8:1::10/64
    gateway: 2001:db8:1::1
  - name: dsl
    interface: wan_b
    address: 203.0.113.10/24
    gateway: 203.0.113.1
default: [dsl, fiber6]
`;

describe('topologyFromConfig', () => {
  it("derives the article's own lab from the article config (IPv4 part of the default topology)", () => {
    const { topology, config } = loadConfigLab(ARTICLE);
    const reference = defaultTopology();
    const v4 = (items: readonly string[]) => items.filter((item) => !item.includes(':'));
    expect(topology.name).toBe('article');
    expect(topology.defaultIsp).toBe('isp1');
    expect(topology.isps).toEqual(
      reference.isps.map(({ internetAddresses: _, ...isp }) => ({
        ...isp,
        prefixes: v4(isp.prefixes),
        gateways: v4(isp.gateways),
        routerAddresses: v4(isp.routerAddresses),
      })),
    );
    expect(topology.lan).toEqual({
      ...reference.lan,
      routerAddresses: ['10.10.0.1/24'],
      hosts: reference.lan?.hosts.map((host) => ({ ...host, addresses: v4(host.addresses) })),
    });
    expect(topology.clients).toEqual(
      reference.clients.map((client) => ({ ...client, addresses: v4(client.addresses) })),
    );
    expect(config.uplinks.map((uplink) => uplink.name)).toEqual(['isp1', 'isp2', 'isp3']);
  });

  it('gives a dual-stack config an IPv6 ISP per IPv6 uplink, on the segment of its interface', () => {
    const topology = derive(dualStack);
    expect(topology.isps.map((isp) => [isp.name, isp.segment, isp.routerInterface, isp.prefixes])).toEqual([
      ['fiber', 'wan0', 'enp1s0', ['198.51.100.0/24']],
      ['fiber6', 'wan0', 'enp1s0', ['2001:db8:1::/64']],
      ['dsl', 'wan1', 'wan_b', ['203.0.113.0/24']],
    ]);
    expect(topology.isps[1]).toMatchObject({
      gateways: ['2001:db8:1::1'],
      routerAddresses: ['2001:db8:1::10'],
    });
    expect(topology.defaultIsp).toBe('dsl');
    expect(topology.internet?.prefixes).toEqual(['100.64.0.0/24', '2001:db8:ff::/64']);
    expect(topology.clients).toEqual([
      { name: 'client1', addresses: ['100.64.0.101', '2001:db8:ff::101'] },
      { name: 'client2', addresses: ['100.64.0.102', '2001:db8:ff::102'] },
    ]);
    expect(topology.lan).toBeUndefined();
  });

  it('keeps alias labels and puts a port-forwarded server behind the lan interface', () => {
    const topology = derive(`uplinks:
  - { name: a, interface: eth0, address: 198.51.100.10/24, gateway: 198.51.100.1 }
  - { name: b, interface: eth0, label: "eth0:b", address: 192.0.2.10/24, gateway: 192.0.2.1 }
  - { name: c6, interface: eth1, address: 2001:db8:3::10/64, gateway: 2001:db8:3::1 }
lan: [br-lan]
`);
    expect(topology.isps.map((isp) => isp.routerLabel)).toEqual([undefined, 'eth0:b', undefined]);
    expect(topology.lan).toEqual({
      routerInterface: 'br-lan',
      routerAddresses: ['10.10.0.1/24', 'fd10:10::1/64'],
      hosts: [
        {
          name: 'server',
          addresses: ['10.10.0.10', 'fd10:10::10'],
          forwards: [{ protocol: 'tcp', port: 8080, to: 80 }],
        },
      ],
    });
  });

  it("moves the lab's internet and LAN out of the way of the user's addresses", () => {
    const topology = derive(`uplinks:
  - { name: cgnat, interface: eth0, address: 100.64.0.20/22, gateway: 100.64.0.1 }
  - { name: office, interface: eth1, address: 10.10.0.2/24, gateway: 10.10.0.1 }
lan: [eth2]
`);
    expect(topology.internet?.prefixes).toEqual(['100.127.0.0/24']);
    expect(topology.lan?.routerAddresses).toEqual(['10.11.0.1/24']);
  });

  it('derives a lab whose own applier config is the same uplinks back', () => {
    const topology = derive(dualStack);
    const back = parseConfigSyntax(applierConfigFor(topology, { families: [4, 6] }), 'back.yaml');
    const original = parseConfigSyntax(dualStack, 'prod.yaml');
    const shape = (config: typeof back) =>
      config.uplinks
        .map((u) => [u.interface, u.label, u.address, u.prefixLength, u.gateway].join(' '))
        .sort();
    expect(shape(back)).toEqual(shape(original));
  });

  it('names ISPs after uplinks, cut to the length an ISP name may have, without collisions or `none`', () => {
    const text = `uplinks:
  - { name: wan-primary-a, interface: eth0, address: 198.51.100.10/24, gateway: 198.51.100.1 }
  - { name: dsl, interface: eth1, address: 203.0.113.10/24, gateway: 203.0.113.1 }
  - { name: wan-primary-ab, interface: eth2, address: 192.0.2.10/24, gateway: 192.0.2.1 }
  - { name: none, interface: eth3, address: 198.18.0.10/24, gateway: 198.18.0.1 }
`;
    expect(derive(text).isps.map((isp) => isp.name)).toEqual([
      'wan-primary-',
      'dsl',
      'wan-prima-3',
      'none-4',
    ]);
  });

  it('derives the shipped production-shaped example, alias label and both LANs included', () => {
    const { topology } = loadConfigLab('examples/prod.yaml');
    expect(
      topology.isps.map((isp) => `${isp.name} ${isp.routerInterface} ${isp.routerLabel ?? '-'}`),
    ).toEqual(['fiber enp1s0 -', 'fiber-extra enp1s0 enp1s0:1', 'fiber6 enp1s0 -', 'dsl enp2s0 -']);
    expect(lansOf(topology).map((lan) => lan.routerInterface)).toEqual(['br-lan', 'dmz']);
  });

  it('puts a LAN and a server behind each lan interface, forwarded from its own port on every uplink', () => {
    const topology = derive(`${dualStack}lan: [br-lan, dmz_0, Guest]
`);
    expect(topology.lan).toBeUndefined();
    // LAN n: 10.(10+n).0.0/24 and fd10:(10+n)::/64, its server at .10 forwarded from port 8080+n.
    const lan = (routerInterface: string, n: number, name: string) => ({
      routerInterface,
      routerAddresses: [`10.${10 + n}.0.1/24`, `fd10:${10 + n}::1/64`],
      hosts: [
        {
          name,
          addresses: [`10.${10 + n}.0.10`, `fd10:${10 + n}::10`],
          forwards: [{ protocol: 'tcp', port: 8080 + n, to: 80 }],
        },
      ],
    });
    expect(topology.lans).toEqual([
      lan('br-lan', 0, 'br-lan-server'),
      lan('dmz_0', 1, 'dmz-0-server'),
      lan('Guest', 2, 'guest-server'),
    ]);
    const forwards = flowMatrix(topology).filter((spec) => spec.protocol === 'forward');
    // Every uplink address × every LAN server × its families: 2 IPv4 uplinks × 3 + 1 IPv6 uplink × 3.
    expect(forwards.map((s) => `${s.uplink}:${s.port}→${s.lanHost}`)).toEqual([
      'fiber:8080→br-lan-server',
      'fiber:8081→dmz-0-server',
      'fiber:8082→guest-server',
      'dsl:8080→br-lan-server',
      'dsl:8081→dmz-0-server',
      'dsl:8082→guest-server',
      'fiber6:8080→br-lan-server',
      'fiber6:8081→dmz-0-server',
      'fiber6:8082→guest-server',
    ]);
    const back = parseConfigSyntax(applierConfigFor(topology), 'back.yaml');
    expect(back.lan).toEqual(['br-lan', 'dmz_0', 'Guest']);
  });

  it("moves every LAN out of the way of the user's addresses and of each other", () => {
    const topology = derive(`uplinks:
  - { name: office, interface: eth0, address: 10.11.0.2/24, gateway: 10.11.0.1 }
lan: [eth1, eth2]
`);
    expect(lansOf(topology).map((lan) => lan.routerAddresses)).toEqual([['10.10.0.1/24'], ['10.12.0.1/24']]);
  });

  it('names servers apart when two lan interfaces sanitize to the same name', () => {
    expect(serverNamesFor(['eth_0', 'eth-0'])).toEqual(['eth-0-server', 'eth-0-2-server']);
    expect(serverNamesFor(['br-lan'])).toEqual(['server']);
  });

  it('names the lab after the config file', () => {
    expect(labNameFor('/etc/multihome/Prod_Site.yaml')).toBe('prod-site');
    expect(labNameFor('2026.yml')).toBe('config');
  });

  it('is pure: the same config gives the same topology', () => {
    const config = parseConfigSyntax(readFileSync(ARTICLE, 'utf8'), ARTICLE);
    expect(topologyFromConfig(config, 'a')).toEqual(topologyFromConfig(config, 'a'));
  });
});

describe('configs a lab cannot build (exit 2, file, line, field)', () => {
  it('refuses a gateway outside the subnet (onlink) at its line', () => {
    const issues = refusal(`uplinks:
  - name: a
    interface: eth0
    address: 198.51.100.10/24
    gateway: 198.51.100.1
  - name: b
    interface: eth1
    address: 203.0.113.10/32
    gateway: 203.0.113.1
    onlink: true
`);
    expect(issues).toEqual([
      {
        line: 9,
        path: 'uplinks.1.gateway',
        message:
          "gateway 203.0.113.1 is outside 203.0.113.10/32 (onlink): a lab ISP's gateway sits inside the uplink's prefix",
      },
    ]);
  });

  it('refuses a link-local IPv6 gateway, saying what to write instead', () => {
    const issues = refusal(readFileSync('applier/config/examples/ipv6.yaml', 'utf8'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 11, path: 'uplinks.1.gateway' });
    expect(issues[0]?.message).toContain('link-local gateway fe80::1');
  });

  it('takes addresses in 10.201.0.0/16, where Docker labs once had their transit networks', () => {
    const topology = derive(`uplinks:
  - { name: a, interface: eth0, address: 10.201.4.10/24, gateway: 10.201.4.1 }
`);
    expect(topology.isps.map((isp) => isp.routerAddresses)).toEqual([['10.201.4.10']]);
  });

  it('refuses two uplinks on one network', () => {
    const issues = refusal(`uplinks:
  - { name: a, interface: eth0, address: 198.51.100.10/24, gateway: 198.51.100.1 }
  - { name: b, interface: eth1, address: 198.51.100.20/25, gateway: 198.51.100.1 }
lan: [eth2, eth3]
`);
    expect(issues.map((i) => [i.line, i.path])).toEqual([[3, 'uplinks.1.address']]);
    expect(issues[0]?.message).toContain("overlaps uplink a's 198.51.100.0/24");
  });

  it('refuses a lan interface name a lab cannot give, at its index', () => {
    const issues = refusal(`uplinks:
  - { name: a, interface: eth0, address: 198.51.100.10/24, gateway: 198.51.100.1 }
lan: [eth2, eth3.7]
`);
    expect(issues).toEqual([expect.objectContaining({ line: 3, path: 'lan.1' })]);
  });

  it('refuses when the uplinks leave no room for the lab internet', () => {
    const issues = refusal(`uplinks:
  - { name: a, interface: eth0, address: 100.64.0.10/10, gateway: 100.64.0.1 }
  - { name: b, interface: eth1, address: 10.0.0.10/8, gateway: 10.0.0.1 }
`);
    expect(issues.map((i) => i.message)).toContain('the uplinks leave no room for the lab internet or LAN');
  });

  it('refuses interface names a lab cannot give a container interface', () => {
    const issues = refusal(`uplinks:
  - { name: a, interface: eth0.100, address: 198.51.100.10/24, gateway: 198.51.100.1 }
`);
    expect(issues).toEqual([expect.objectContaining({ line: 2, path: 'uplinks.0.interface' })]);
  });

  it("passes the applier's own refusals through with their lines", () => {
    const issues = refusal(`uplinks:
  - name: a
    interface: eth0
    address: 198.51.100.10/24
    gatewy: 198.51.100.1
`);
    expect(issues.map((i) => i.line)).toContain(5);
  });

  it('refuses a missing file as CONFIG_NOT_FOUND', () => {
    const error = (() => {
      try {
        loadConfigLab('/nonexistent/prod.yaml');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_NOT_FOUND');
  });
});
