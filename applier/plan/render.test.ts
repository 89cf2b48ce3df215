import { describe, expect, it } from 'vitest';
import type { Change } from '../model/types.js';
import { addressArgs, planJson, renderPlan, routeArgs, ruleArgs } from './render.js';

const ADD_ROUTE: Change = {
  action: 'add',
  kind: 'route',
  family: 4,
  object: { family: 4, table: 101, dst: 'default', dev: 'eth0', gateway: '198.51.100.1', protocol: 77 },
  reason: 'isp1 has no default route in table 101',
};
const DELETE_RULE: Change = {
  action: 'delete',
  kind: 'rule',
  family: 6,
  object: { family: 6, priority: 10002, table: 103, from: '2001:db8:1::10', protocol: 77 },
  reason: 'gone',
};
const SYSCTL: Change = {
  action: 'replace',
  kind: 'sysctl',
  family: 4,
  object: { key: 'net.ipv4.conf.all.rp_filter', value: '2', previous: '1' },
  reason: 'strict',
};

describe('iproute2 argument builders', () => {
  it('always names the device of a route, even with a gateway', () => {
    expect(routeArgs(ADD_ROUTE.kind === 'route' ? ADD_ROUTE.object : never())).toEqual([
      'default',
      'via',
      '198.51.100.1',
      'dev',
      'eth0',
      'table',
      '101',
      'proto',
      '77',
    ]);
    expect(
      routeArgs({
        family: 4,
        table: 102,
        dst: 'default',
        dev: 'eth0',
        gateway: '203.0.113.1',
        onlink: true,
        protocol: 77,
        metric: 100,
      }),
    ).toEqual([
      'default',
      'via',
      '203.0.113.1',
      'dev',
      'eth0',
      'onlink',
      'table',
      '102',
      'proto',
      '77',
      'metric',
      '100',
    ]);
  });

  it('writes rules with an explicit pref and protocol, and marks in hex with their mask', () => {
    expect(ruleArgs({ family: 4, priority: 10000, table: 101, from: '198.51.100.10', protocol: 77 })).toEqual(
      ['from', '198.51.100.10', 'lookup', '101', 'pref', '10000', 'protocol', '77'],
    );
    expect(
      ruleArgs({ family: 4, priority: 11000, table: 101, fwmark: 1, fwmask: 0xff00, protocol: 77 }),
    ).toEqual(['fwmark', '0x1/0xff00', 'lookup', '101', 'pref', '11000', 'protocol', '77']);
  });

  it('keeps alias labels, and adds IPv6 addresses without DAD', () => {
    expect(
      addressArgs({
        family: 4,
        interface: 'eth0',
        address: '203.0.113.10',
        prefixLength: 24,
        label: 'eth0:0',
      }),
    ).toEqual(['203.0.113.10/24', 'dev', 'eth0', 'label', 'eth0:0']);
    expect(
      addressArgs({ family: 6, interface: 'eth1', address: '2001:db8:1::10', prefixLength: 64 }),
    ).toEqual(['2001:db8:1::10/64', 'dev', 'eth1', 'nodad']);
  });
});

describe('renderPlan', () => {
  it('prints one +/-/~ line per change with its reason', () => {
    expect(renderPlan([ADD_ROUTE, SYSCTL, DELETE_RULE], { color: false })).toBe(
      [
        '+ route default via 198.51.100.1 dev eth0 table 101 proto 77  # isp1 has no default route in table 101',
        '~ sysctl net.ipv4.conf.all.rp_filter = 2 (was 1)  # strict',
        '- rule -6 from 2001:db8:1::10 lookup 103 pref 10002 protocol 77  # gone',
      ].join('\n'),
    );
  });

  it('colours lines only when asked', () => {
    expect(renderPlan([ADD_ROUTE], { color: true })).toContain('\u001b[32m+ route');
    expect(renderPlan([ADD_ROUTE], { color: false })).not.toContain('\u001b');
  });

  it('says the host already matches the file when there is nothing to do', () => {
    expect(renderPlan([], { color: false, file: '/etc/multihome.yaml' })).toBe(
      'No changes: the host already matches /etc/multihome.yaml.',
    );
  });
});

describe('planJson', () => {
  it('prints keys sorted so equal plans are byte-equal', () => {
    const text = JSON.stringify(planJson([ADD_ROUTE]));
    expect(text).toBe(
      '{"changes":[{"action":"add","family":4,"kind":"route","object":{"dev":"eth0","dst":"default","family":4,"gateway":"198.51.100.1","protocol":77,"table":101},"reason":"isp1 has no default route in table 101"}]}',
    );
  });
});

function never(): never {
  throw new Error('unreachable');
}
