import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../model/config.js';
import { parseConfig } from './parse-config.js';
import { configErrorOf, HOST, uplinkYaml } from './test-helpers.js';

const yaml = (extraForB = '') =>
  `uplinks:\n${uplinkYaml('a', 'eth0', '198.51.100.10/24', '198.51.100.1')}` +
  `${uplinkYaml('b', 'eth1', '192.0.2.10/24', '192.0.2.1', extraForB)}` +
  `${uplinkYaml('c', 'eth0', '2001:db8::10/64', '2001:db8::1')}`;

const tables = (text: string, facts: Partial<HostFacts> = {}) =>
  parseConfig(text, 't.yaml', { ...HOST, ...facts }).uplinks.map((uplink) => [uplink.name, uplink.table]);

describe('table assignment', () => {
  it('is stable: the same input gives the same tables, from 100 in file order', () => {
    expect(tables(yaml())).toEqual([
      ['a', 100],
      ['b', 101],
      ['c', 102],
    ]);
    expect(tables(yaml())).toEqual(tables(yaml()));
  });

  it('lets an explicit table win and keeps fresh ids clear of it', () => {
    expect(tables(yaml('    table: 100\n'))).toEqual([
      ['a', 101],
      ['b', 100],
      ['c', 102],
    ]);
  });

  it('keeps last run’s ids and never hands out an old id to another uplink', () => {
    const previousTables = { c: 100, gone: 101 };
    expect(tables(yaml(), { previousTables })).toEqual([
      ['a', 102],
      ['b', 103],
      ['c', 100],
    ]);
  });

  it('ignores a previous id that is now taken by an explicit or foreign table', () => {
    expect(
      tables(yaml('    table: 120\n'), { previousTables: { a: 120, c: 130 }, foreignTables: [130, 100] }),
    ).toEqual([
      ['a', 101],
      ['b', 120],
      ['c', 102],
    ]);
  });

  it('avoids foreign tables and the reserved ids', () => {
    expect(tables(yaml(), { foreignTables: [100, 102] })).toEqual([
      ['a', 101],
      ['b', 103],
      ['c', 104],
    ]);
  });

  it('refuses an explicit table that a foreign owner uses', () => {
    const error = configErrorOf(() =>
      parseConfig(yaml('    table: 200\n'), 't.yaml', { ...HOST, foreignTables: [200] }),
    );
    expect(error.issues.map((issue) => [issue.path, issue.line])).toEqual([[['uplinks', 1, 'table'], 10]]);
  });
});
