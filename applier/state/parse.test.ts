import { describe, expect, it } from 'vitest';
import { MultihomeError } from '../errors.js';
import { parseNftTable } from './parse-nft.js';
import { parseRoutes } from './parse-routes.js';
import { parseRules } from './parse-rules.js';
import { parseSysctls } from './read-sysctls.js';

describe('parseRoutes, defensively', () => {
  it('reads flags as arrays: linkdown and dead are ignored, onlink is kept', () => {
    const json = JSON.stringify([
      {
        dst: 'default',
        gateway: '203.0.113.1',
        dev: 'eth0',
        table: '102',
        protocol: '77',
        flags: ['dead', 'onlink', 'linkdown'],
      },
    ]);
    expect(parseRoutes(json, 4)).toEqual([
      {
        family: 4,
        table: 102,
        dst: 'default',
        dev: 'eth0',
        gateway: '203.0.113.1',
        onlink: true,
        protocol: 77,
      },
    ]);
  });

  it('fills in what iproute2 leaves out: main table, boot protocol, host prefix length', () => {
    expect(parseRoutes(JSON.stringify([{ dst: '192.0.2.9', dev: 'eth0' }]), 4)).toEqual([
      { family: 4, table: 254, dst: '192.0.2.9/32', dev: 'eth0', protocol: 3 },
    ]);
  });

  it('accepts names where -N was not honoured, and gateways of the other family', () => {
    const json = JSON.stringify([
      {
        dst: 'default',
        via: { family: 'inet6', host: 'fe80::1' },
        dev: 'eth0',
        table: 'main',
        protocol: 'multihome',
      },
    ]);
    expect(parseRoutes(json, 4)).toEqual([
      { family: 4, table: 254, dst: 'default', dev: 'eth0', gateway: 'fe80::1', protocol: 77 },
    ]);
  });

  it('drops the IPv6 default metric, keeps others, and skips entries without a destination', () => {
    const json = JSON.stringify([
      { dst: 'default', gateway: '2001:db8::1', dev: 'eth1', metric: 1024, protocol: '9' },
      { dst: 'default', gateway: '2001:db8::2', dev: 'eth1', metric: 100 },
      { nexthops: [] },
    ]);
    expect(parseRoutes(json, 6).map((route) => route.metric)).toEqual([undefined, 100]);
  });

  it('reads empty output as no routes and refuses text that is not JSON', () => {
    expect(parseRoutes('', 4)).toEqual([]);
    expect(() => parseRoutes('default via 192.0.2.1 dev eth0', 4)).toThrow(MultihomeError);
  });
});

describe('parseRules, defensively', () => {
  it('reads source networks with their length, all as no selector, and a full mark mask', () => {
    const json = JSON.stringify([
      { priority: 20000, src: '10.9.0.0', srclen: 16, table: '500' },
      { priority: 11000, src: 'all', fwmark: '0x10', table: '101', protocol: '77' },
      { priority: 30000, src: 'all', action: 'goto', target: 32766 },
    ]);
    expect(parseRules(json, 4)).toEqual([
      { family: 4, priority: 20000, table: 500, protocol: 0, from: '10.9.0.0/16' },
      { family: 4, priority: 11000, table: 101, protocol: 77, fwmark: 16, fwmask: 0xffffffff },
      { family: 4, priority: 30000, table: 0, protocol: 0 },
    ]);
  });
});

describe('parseNftTable', () => {
  it('prefers the table comment that newer nft prints in JSON', () => {
    const json = JSON.stringify({
      nftables: [
        { table: { family: 'inet', name: 'multihome', comment: 'abc' } },
        { rule: { comment: 'xyz' } },
      ],
    });
    expect(parseNftTable(json)).toEqual({ comment: 'abc', rules: 1 });
  });

  it('reads a table with no rules and no comment as a table without digest', () => {
    expect(parseNftTable(JSON.stringify({ nftables: [{ table: { name: 'multihome' } }] }))).toEqual({
      comment: null,
      rules: 0,
    });
  });
});

describe('parseSysctls', () => {
  it('turns /proc/sys paths into keys, with dots in interface names as slashes', () => {
    expect(
      parseSysctls(
        '/proc/sys/net/ipv4/conf/eth0.100/rp_filter=2\n/proc/sys/net/ipv4/conf/all/rp_filter=1\njunk\n',
      ),
    ).toEqual({
      'net.ipv4.conf.eth0/100.rp_filter': '2',
      'net.ipv4.conf.all.rp_filter': '1',
    });
  });
});
