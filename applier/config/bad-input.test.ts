import { describe, expect, it } from 'vitest';
import { exitCodeFor, formatPath } from '../errors.js';
import { parseConfig } from './parse-config.js';
import { configErrorOf, HOST } from './test-helpers.js';
import { BAD_INPUT_CASES } from './test-support/bad-input-cases.js';

describe('parseConfig refuses bad input', () => {
  it.each(BAD_INPUT_CASES)('$name', ({ yaml, path, line, message }) => {
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

  it('prints control characters of the file escaped, so no key can recolour or forge a line', () => {
    const yaml =
      'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 192.0.2.10/24\n    gateway: 192.0.2.1\n' +
      '"\\e[31mRED\\nat line 1": 1\n';
    const error = configErrorOf(() => parseConfig(yaml, 'file.yaml', HOST));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message.split('\n')).toHaveLength(2);
    expect(error.message).toContain('unknown key "\\x1b[31mRED\\x0aat line 1"');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: none may be left.
    expect(error.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
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

describe('limits', () => {
  it('refuses more uplinks than the default rule priorities have room for, saying the maximum', () => {
    const uplinks = Array.from(
      { length: 1001 },
      (_, i) =>
        `  - name: u${i}\n    interface: eth0\n    address: 10.${i >> 8}.${i & 255}.2/32\n    gateway: 10.255.0.1\n    onlink: true\n`,
    ).join('');
    const error = configErrorOf(() => parseConfig(`uplinks:\n${uplinks}`, 'many.yaml', HOST));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.message).toMatch(/1001 uplinks are more than the 1000 multihome supports/);
  });
});
