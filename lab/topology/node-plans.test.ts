import { describe, expect, it } from 'vitest';
import { topology } from './builder.js';
import { defaultTopology } from './default-topology.js';
import { minimalIsp } from './fixtures/minimal-isp.js';
import { netemArgv, nodePlans } from './node-plans.js';
import type { NodePlan } from './types.js';

const plans = nodePlans(defaultTopology());

function plan(name: string): NodePlan {
  const found = plans[name];
  if (!found) throw new Error(`no plan for ${name}`);
  return found;
}

const commands = (name: string) => plan(name).commands.map((argv) => argv.join(' '));

describe('nodePlans', () => {
  it('has one plan per node', () => {
    expect(Object.keys(plans)).toEqual([
      'router',
      'isp:isp1',
      'isp:isp2',
      'isp:isp3',
      'client:client1',
      'client:client2',
      'lan:server',
    ]);
  });

  it('names the router interfaces per segment as the topology does', () => {
    expect(plan('router').interfaces).toEqual([
      { segment: 'wan0', name: 'eth0' },
      { segment: 'wan1', name: 'eth1' },
      { segment: 'lan', name: 'eth2' },
    ]);
    expect(plan('isp:isp2').interfaces).toEqual([
      { segment: 'wan0', name: 'wan' },
      { segment: 'internet', name: 'inet' },
    ]);
  });

  it('brings every planned interface up in its commands and flushes nothing (interfaces arrive bare)', () => {
    for (const [name, { commands: argvs, interfaces }] of Object.entries(plans)) {
      const lines = argvs.map((argv) => argv.join(' '));
      expect(
        lines.some((line) => line.includes('flush')),
        name,
      ).toBe(false);
      for (const { name: dev } of interfaces) expect(lines, name).toContain(`ip link set dev ${dev} up`);
    }
  });

  it("gives the router the article's addresses, the eth0:0 label, nodad and one default route per family", () => {
    const lines = commands('router');
    expect(lines).toContain('ip -4 addr replace 198.51.100.10/24 dev eth0');
    expect(lines).toContain('ip -4 addr replace 192.0.2.10/24 dev eth0 label eth0:0');
    expect(lines).toContain('ip -6 addr replace 2001:db8:2::10/64 dev eth0 nodad');
    expect(lines).toContain('ip -4 addr replace 203.0.113.10/24 dev eth1');
    expect(lines).toContain('ip -4 addr replace 10.10.0.1/24 dev eth2');
    expect(lines.filter((line) => line.includes('route replace default'))).toEqual([
      'ip -4 route replace default via 198.51.100.1 dev eth0',
      'ip -6 route replace default via 2001:db8:1::1 dev eth0',
    ]);
  });

  it('sets every relevant sysctl explicitly, per interface too', () => {
    const router = plan('router').sysctls;
    expect(router['net.ipv4.ip_forward']).toBe('1');
    expect(router['net.ipv6.conf.all.forwarding']).toBe('1');
    for (const scope of ['all', 'default', 'eth0', 'eth1', 'eth2']) {
      expect(router[`net.ipv4.conf.${scope}.rp_filter`]).toBe('0');
      expect(router[`net.ipv6.conf.${scope}.disable_ipv6`]).toBe('0');
      expect(router[`net.ipv6.conf.${scope}.accept_dad`]).toBe('0');
      expect(router[`net.ipv4.conf.${scope}.accept_redirects`]).toBe('0');
      expect(router[`net.ipv4.conf.${scope}.send_redirects`]).toBe('0');
      expect(router[`net.ipv6.conf.${scope}.accept_redirects`]).toBe('0');
    }
    expect(plan('client:client1').sysctls['net.ipv4.ip_forward']).toBe('0');
    expect(plan('client:client1').sysctls['net.ipv6.conf.inet.disable_ipv6']).toBe('0');
    expect(plan('isp:isp1').sysctls['net.ipv6.conf.all.forwarding']).toBe('1');
  });

  it('takes the router rp_filter from the topology', () => {
    const strict = nodePlans({ ...defaultTopology(), routerRpFilter: 1 });
    expect(strict.router?.sysctls['net.ipv4.conf.eth1.rp_filter']).toBe('1');
    expect(strict.router?.sysctls['net.ipv4.conf.all.rp_filter']).toBe('1');
  });

  it("routes each ISP's customer prefixes from the clients via that ISP's internet address, with no default", () => {
    const lines = commands('client:client2');
    expect(lines).toContain('ip -4 addr replace 100.64.0.102/24 dev inet');
    expect(lines).toContain('ip -4 route replace 192.0.2.0/24 via 100.64.0.2 dev inet');
    expect(lines).toContain('ip -6 route replace 2001:db8:3::/64 via 2001:db8:ff::3 dev inet');
    expect(lines.some((line) => line.includes('default'))).toBe(false);
  });

  it('routes only the families a client has an address of: a gateway it cannot reach is refused', () => {
    const article = defaultTopology();
    const v4only = { ...article, clients: [{ name: 'client1', addresses: ['100.64.0.101'] }] };
    const lines = (nodePlans(v4only)['client:client1']?.commands ?? []).map((argv) => argv.join(' '));
    expect(lines).toContain('ip -4 route replace 192.0.2.0/24 via 100.64.0.2 dev inet');
    expect(lines.filter((line) => line.startsWith('ip -6'))).toEqual([]);
  });

  it('addresses the gateways on both sides', () => {
    const lines = commands('isp:isp3');
    expect(lines).toContain('ip -4 addr replace 203.0.113.1/24 dev wan');
    expect(lines).toContain('ip -6 addr replace 2001:db8:3::1/64 dev wan nodad');
    expect(lines).toContain('ip -4 addr replace 100.64.0.3/24 dev inet');
  });

  it('gives LAN hosts a default route via the router', () => {
    expect(commands('lan:server')).toEqual(
      expect.arrayContaining([
        'ip -4 route replace default via 10.10.0.1 dev lan',
        'ip -6 route replace default via fd10:10::1 dev lan',
      ]),
    );
  });

  it('counts router packets per address on every gateway and drops foreign sources (BCP38)', () => {
    const ruleset = plan('isp:isp2').nftRuleset ?? '';
    expect(ruleset).toContain('table inet lab {');
    expect(ruleset).toContain('counter from_2001_db8_3__10 {');
    expect(ruleset).toContain(
      'iifname "wan" meta nfproto ipv4 ip saddr != 192.0.2.0/24 counter name "spoofed" drop',
    );
    expect(ruleset).toContain('iifname "wan" ip saddr 192.0.2.10 counter name "from_192_0_2_10"');
    // Drops come before the counters, so the counters count only forwarded packets.
    expect(ruleset.indexOf('drop')).toBeLessThan(ruleset.indexOf('counter name "from_'));
  });

  it('leaves out the drops when bcp38 is false', () => {
    const base = defaultTopology();
    const open = nodePlans({
      ...base,
      isps: base.isps.map((isp) => ({ ...isp, bcp38: isp.name !== 'isp1' })),
    });
    expect(open['isp:isp1']?.nftRuleset).not.toContain('drop');
    expect(open['isp:isp2']?.nftRuleset).toContain('drop');
  });

  it("adds the user's port forwards on the router, per uplink address and family", () => {
    const ruleset = plan('router').nftRuleset ?? '';
    expect(ruleset).toContain('table ip portfwd {');
    expect(ruleset).toContain('type nat hook prerouting priority dstnat; policy accept;');
    expect(ruleset).toContain('ip daddr 192.0.2.10 tcp dport 8080 dnat to 10.10.0.10:80');
    expect(ruleset).toContain('ip6 daddr 2001:db8:3::10 tcp dport 8080 dnat to [fd10:10::10]:80');
    expect(ruleset).not.toMatch(/flush/);
  });

  it('starts echo services on the router: TCP 7, UDP 7 bound per uplink address, UDP 9 on the wildcard', () => {
    const argvs = plan('router').services.map((service) => service.argv.join(' '));
    expect(argvs).toContain('socat TCP6-LISTEN:7,ipv6only=0,fork,reuseaddr EXEC:cat');
    const udp = plan('router').services.find((service) => service.argv[0] === 'perl');
    // One responder for every UDP socket: reply '' (echo), then host, port, v6only per socket.
    const sockets = (udp?.argv.slice(4) ?? []).join(' ');
    expect(sockets).toContain('192.0.2.10 7 0');
    expect(sockets).toContain('2001:db8:1::10 7 0');
    expect(sockets).toContain('0.0.0.0 9 0');
    expect(sockets).toContain(':: 9 1');
    expect(udp?.argv[3]).toBe('');
    expect(sockets.match(/ 7 0/g)).toHaveLength(6);
    expect(udp?.listeners).toBe(8);
    expect(plan('client:client1').services).toEqual([]);
  });

  it('answers on the LAN server with a line naming it', () => {
    expect(plan('lan:server').services.map((service) => service.argv)).toEqual([
      ['socat', 'TCP6-LISTEN:80,ipv6only=0,fork,reuseaddr', 'SYSTEM:echo hello from server'],
    ]);
  });

  it('applies netem from the ISP on its customer side', () => {
    const built = topology('slow')
      .isp({ ...minimalIsp, netem: { delayMs: 50, lossPercent: 1 } })
      .client({ name: 'c', addresses: ['100.64.0.101'] })
      .build();
    const netem = nodePlans(built)['isp:isp1']?.netem;
    expect(netem).toEqual({ interface: 'wan', delayMs: 50, lossPercent: 1 });
    expect(netem && netemArgv(netem).join(' ')).toBe(
      'tc qdisc replace dev wan root netem delay 50ms loss 1%',
    );
    expect(nodePlans(built).router?.nftRuleset).toBeNull();
  });
});
