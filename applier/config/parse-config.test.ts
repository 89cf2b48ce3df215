import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Config } from '../model/config.js';
import { parseConfig, parseConfigSyntax } from './parse-config.js';
import { configErrorOf, HOST, uplinkYaml } from './test-helpers.js';

const example = (name: string) => readFileSync(new URL(`examples/${name}.yaml`, import.meta.url), 'utf8');

describe('parseConfig on good input', () => {
  it('resolves the article example completely', () => {
    const config = parseConfig(example('article'), 'article.yaml', HOST);
    const expected: Config = {
      file: resolve('article.yaml'),
      uplinks: [
        {
          name: 'isp1',
          interface: 'eth0',
          family: 4,
          address: '198.51.100.10',
          prefixLength: 24,
          network: '198.51.100.0/24',
          gateway: '198.51.100.1',
          onlink: false,
          table: 100,
          priority: 10000,
          markPriority: 9000,
          mark: 1,
        },
        {
          name: 'isp2',
          interface: 'eth0',
          label: 'eth0:0',
          family: 4,
          address: '192.0.2.10',
          prefixLength: 24,
          network: '192.0.2.0/24',
          gateway: '192.0.2.1',
          onlink: false,
          table: 101,
          priority: 10001,
          markPriority: 9001,
          mark: 2,
        },
        {
          name: 'isp3',
          interface: 'eth1',
          family: 4,
          address: '203.0.113.10',
          prefixLength: 24,
          network: '203.0.113.0/24',
          gateway: '203.0.113.1',
          onlink: false,
          table: 103,
          priority: 10002,
          markPriority: 9002,
          mark: 3,
        },
      ],
      defaults: { 4: 'isp1' },
      lan: ['eth2'],
      markMask: 0xff,
      probe: { 4: '1.1.1.1', 6: '2606:4700:4700::1111' },
      rpFilter: 'loose',
    };
    expect(config).toEqual(expected);
  });

  it('normalises IPv6 and accepts a link-local gateway without onlink', () => {
    const config = parseConfig(example('ipv6'), 'ipv6.yaml', HOST);
    expect(config.uplinks.map((u) => [u.family, u.address, u.network, u.gateway])).toEqual([
      [6, '2001:db8:1::10', '2001:db8:1::/64', '2001:db8:1::1'],
      [6, '2001:db8:2::10', '2001:db8:2::/64', 'fe80::1'],
    ]);
    expect(config.defaults).toEqual({ 6: 'v6a' });
  });

  it('picks one default per family and honours an explicit list', () => {
    const yaml = `uplinks:\n${uplinkYaml('a', 'eth0', '198.51.100.10/24', '198.51.100.1')}${uplinkYaml('b', 'eth1', '192.0.2.10/24', '192.0.2.1')}${uplinkYaml('c', 'eth0', '2001:db8::10/64', '2001:db8::1')}`;
    expect(parseConfig(yaml, 'd.yaml', HOST).defaults).toEqual({ 4: 'a', 6: 'c' });
    expect(parseConfig(`${yaml}default: b\n`, 'd.yaml', HOST).defaults).toEqual({ 4: 'b', 6: 'c' });
    expect(parseConfig(`${yaml}default: [c, b]\n`, 'd.yaml', HOST).defaults).toEqual({ 4: 'b', 6: 'c' });
    const twice = configErrorOf(() => parseConfig(`${yaml}default: [a, b]\n`, 'd.yaml', HOST));
    expect(twice.issues.map((issue) => [issue.path, issue.line])).toEqual([[['default', 1], 14]]);
    const repeated = configErrorOf(() => parseConfig(`${yaml}default: [a, a]\n`, 'd.yaml', HOST));
    expect(repeated.issues.map((issue) => issue.message)).toEqual(['default lists a twice']);
  });

  it('allows an off-subnet gateway only with onlink: true', () => {
    const yaml = `uplinks:\n${uplinkYaml('a', 'eth0', '198.51.100.10/32', '198.51.100.1', '    onlink: true\n')}`;
    const [uplink] = parseConfig(yaml, 'o.yaml', HOST).uplinks;
    expect(uplink?.onlink).toBe(true);
  });

  it('resolves the optional top-level settings', () => {
    const yaml =
      `uplinks:\n${uplinkYaml('a', 'eth0', '198.51.100.10/24', '198.51.100.1', '    priority: 500\n    markPriority: 400\n')}` +
      `${uplinkYaml('b', 'eth1', '192.0.2.10/24', '192.0.2.1')}` +
      'markMask: "0xff00"\nprobe: {ipv6: "2001:DB8::99"}\nrpFilter: keep\nlan: [eth2]\n';
    const config = parseConfig(yaml, 'o.yaml', HOST);
    expect(config.markMask).toBe(0xff00);
    expect(config.uplinks.map((u) => [u.mark, u.priority, u.markPriority])).toEqual([
      [0x100, 500, 400],
      [0x200, 10001, 9001],
    ]);
    expect(config.probe).toEqual({ 4: '1.1.1.1', 6: '2001:db8::99' });
    expect(config.rpFilter).toBe('keep');
  });

  it('refuses more uplinks than the mark mask holds, but only when lan needs marks', () => {
    const uplinks = ['a', 'b', 'c', 'd'].map((name, index) =>
      uplinkYaml(name, 'eth0', `198.51.100.${10 + index}/24`, '198.51.100.1'),
    );
    const yaml = `uplinks:\n${uplinks.join('')}markMask: 0x3\n`;
    expect(parseConfig(yaml, 'm.yaml', HOST).uplinks.map((u) => u.mark)).toEqual([1, 2, 3, 0]);
    const error = configErrorOf(() => parseConfig(`${yaml}lan: [eth2]\n`, 'm.yaml', HOST));
    expect(error.issues.map((issue) => [issue.path, issue.line, issue.message])).toEqual([
      [['markMask'], 18, 'mark mask 0x3 has room for 3 uplinks, but there are 4'],
    ]);
  });

  it('checks labels: interface prefix and IPv4 only', () => {
    const wrong = `uplinks:\n${uplinkYaml('a', 'eth0', '198.51.100.10/24', '198.51.100.1', '    label: eth1:0\n')}`;
    expect(configErrorOf(() => parseConfig(wrong, 'l.yaml', HOST)).issues[0]).toMatchObject({
      path: ['uplinks', 0, 'label'],
      line: 6,
    });
    const v6 = `uplinks:\n${uplinkYaml('a', 'eth0', '2001:db8::10/64', '2001:db8::1', '    label: eth0:0\n')}`;
    expect(configErrorOf(() => parseConfig(v6, 'l.yaml', HOST)).issues[0]?.message).toMatch(/IPv4-only/);
  });

  it('parseConfigSyntax skips only the host check', () => {
    const yaml = `uplinks:\n${uplinkYaml('a', 'wwan0', '198.51.100.10/24', '198.51.100.1')}`;
    expect(parseConfigSyntax(yaml, 's.yaml').uplinks[0]?.interface).toBe('wwan0');
    expect(configErrorOf(() => parseConfigSyntax(`${yaml}defualt: a\n`, 's.yaml')).issues).toHaveLength(1);
  });
});
