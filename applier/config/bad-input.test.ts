import { describe, expect, it } from 'vitest';
import { exitCodeFor, formatPath } from '../errors.js';
import { parseConfig } from './parse-config.js';
import { configErrorOf, HOST } from './test-helpers.js';

// Each case: the file, then the one issue it must produce (path, line, message).
const cases: { name: string; yaml: string; path: string; line: number; message: RegExp }[] = [
  {
    name: 'YAML syntax error',
    yaml: 'uplinks:\n  - name: isp1\n    interface: [eth0\n',
    path: '',
    line: 4,
    message: /YAML syntax/,
  },
  {
    name: 'dangling YAML alias',
    yaml: 'uplinks:\n  - *isp1\n',
    path: '',
    line: 2,
    message: /^YAML: /,
  },
  {
    name: 'misspelt key, with a suggestion',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    adress: 198.51.100.10/24\n    gateway: 198.51.100.1\n',
    path: 'uplinks[0].adress',
    line: 4,
    message: /unknown key "adress" \(did you mean "address"\?\)/,
  },
  {
    name: 'unknown top-level key',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\ndefualt: isp1\n',
    path: 'defualt',
    line: 6,
    message: /did you mean "default"/,
  },
  {
    name: 'invalid address',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.300/24\n    gateway: 198.51.100.1\n',
    path: 'uplinks[0].address',
    line: 4,
    message: /not a valid IPv4 or IPv6 address/,
  },
  {
    name: 'missing gateway, reported at its uplink',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n',
    path: 'uplinks[0].gateway',
    line: 2,
    message: /^gateway is required$/,
  },
  {
    name: 'gateway without a value',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway:\n',
    path: 'uplinks[0].gateway',
    line: 5,
    message: /^gateway has no value/,
  },
  {
    name: 'invalid uplink name',
    yaml: 'uplinks:\n  - name: ISP 1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n',
    path: 'uplinks[0].name',
    line: 2,
    message: /^name "ISP 1" must start with a-z/,
  },
  {
    name: 'multicast gateway',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 2001:db8::10/64\n    gateway: ff02::1\n',
    path: 'uplinks[0].gateway',
    line: 5,
    message: /ff02::1 is a multicast address/,
  },
  {
    name: 'address without prefix',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10\n    gateway: 198.51.100.1\n',
    path: 'uplinks[0].address',
    line: 4,
    message: /has no prefix length/,
  },
  {
    name: 'prefix too long for IPv4',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/33\n    gateway: 198.51.100.1\n',
    path: 'uplinks[0].address',
    line: 4,
    message: /not a valid IPv4 prefix length/,
  },
  {
    name: 'gateway outside the subnet',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 192.0.2.1\n',
    path: 'uplinks[0].gateway',
    line: 5,
    message: /^gateway is not inside 198\.51\.100\.0\/24/,
  },
  {
    name: 'gateway of the other family',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 2001:db8::1\n',
    path: 'uplinks[0].gateway',
    line: 5,
    message: /is IPv6 but address 198\.51\.100\.10\/24 is IPv4/,
  },
  {
    name: 'duplicate name',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n  - name: isp1\n    interface: eth1\n    address: 192.0.2.10/24\n    gateway: 192.0.2.1\n',
    path: 'uplinks[1].name',
    line: 6,
    message: /name isp1 is already used/,
  },
  {
    name: 'duplicate address (after normalisation)',
    yaml: 'uplinks:\n  - name: a\n    interface: eth0\n    address: 2001:db8::10/64\n    gateway: 2001:db8::1\n  - name: b\n    interface: eth1\n    address: 2001:DB8:0::10/64\n    gateway: 2001:db8::1\n',
    path: 'uplinks[1].address',
    line: 8,
    message: /address 2001:db8::10 is already used by uplink a/,
  },
  {
    name: 'duplicate table',
    yaml: 'uplinks:\n  - name: a\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n    table: 7\n  - name: b\n    interface: eth1\n    address: 192.0.2.10/24\n    gateway: 192.0.2.1\n    table: 7\n',
    path: 'uplinks[1].table',
    line: 11,
    message: /table 7 is already used by uplink a/,
  },
  ...[0, 253, 254, 255].map((table) => ({
    name: `reserved table ${table}`,
    yaml: `uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n    table: ${table}\n`,
    path: 'uplinks[0].table',
    line: 6,
    message: new RegExp(`table ${table} is reserved`),
  })),
  {
    name: 'default naming no uplink',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\ndefault: isp9\n',
    path: 'default',
    line: 6,
    message: /default "isp9" names no uplink/,
  },
  {
    name: 'empty uplink list',
    yaml: 'uplinks: []\n',
    path: 'uplinks',
    line: 1,
    message: /at least one uplink is required/,
  },
  {
    name: 'interface missing on the host',
    yaml: 'uplinks:\n  - name: isp1\n    interface: wwan0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n',
    path: 'uplinks[0].interface',
    line: 3,
    message: /interface wwan0 does not exist on this host/,
  },
  {
    name: 'lan interface missing on the host',
    yaml: 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\nlan:\n  - eth2\n  - br-lan\n',
    path: 'lan[1]',
    line: 8,
    message: /interface br-lan does not exist/,
  },
];

describe('parseConfig refuses bad input', () => {
  it.each(cases)('$name', ({ yaml, path, line, message }) => {
    const error = configErrorOf(() => parseConfig(yaml, 'file.yaml', HOST));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.issues).toHaveLength(1);
    const [issue] = error.issues;
    expect(issue && formatPath(issue.path)).toBe(path);
    expect(issue?.line).toBe(line);
    expect(issue?.message).toMatch(message);
    expect(error.message).toContain(`(file.yaml:${line}`);
  });

  it('renders the zod-style line the issue asks for', () => {
    const yaml =
      'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 192.0.2.10/24\n    gateway: 192.0.2.1\n' +
      '  - name: isp2\n    interface: eth1\n    address: 198.51.100.10/24\n    gateway: 203.0.113.1\n';
    const error = configErrorOf(() => parseConfig(yaml, 'file.yaml', HOST));
    expect(error.message).toContain(
      '✖ gateway is not inside 198.51.100.0/24 (set onlink: true if the provider really routes it so) → at uplinks[1].gateway (file.yaml:9:14)',
    );
  });

  it('reports every problem at once, in file order', () => {
    const yaml =
      'uplinks:\n  - name: isp1\n    interface: eth9\n    adress: 198.51.100.10/24\n    gateway: 198.51.100.1\n' +
      '  - name: isp1\n    interface: eth0\n    address: 198.51.100.20/24\n    gateway: 192.0.2.1\n    table: 254\n' +
      'default: nope\nrpFilter: strict\n';
    const error = configErrorOf(() => parseConfig(yaml, 'many.yaml', HOST));
    expect(error.issues.map((issue) => [formatPath(issue.path), issue.line])).toEqual([
      ['uplinks[0].interface', 3],
      ['uplinks[0].adress', 4],
      ['uplinks[1].name', 6],
      ['uplinks[1].gateway', 9],
      ['uplinks[1].table', 10],
      ['default', 11],
      ['rpFilter', 12],
    ]);
  });
});
