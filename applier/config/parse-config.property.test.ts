import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../errors.js';
import type { HostFacts } from '../model/config.js';
import { RESERVED_TABLES } from './field-schemas.js';
import { parseConfig } from './parse-config.js';
import { HOST } from './test-helpers.js';

const addressLike = fc.constantFrom(
  '198.51.100.10/24',
  '198.51.100.1',
  '192.0.2.10/24',
  '192.0.2.1',
  '203.0.113.0/24',
  '10.0.0.1/32',
  '2001:db8:1::10/64',
  '2001:DB8:1::1',
  'fe80::1',
  '::/0',
  '1.2.3',
  '300.1.1.1/24',
  '2001:db8::1/129',
  'fe80::1%eth0',
);
const scalar = fc.oneof(
  addressLike,
  fc.constantFrom('isp1', 'isp2', 'eth0', 'eth1', 'eth2', 'eth0:0', 'loose', 'keep', '0xff00', 'x/y'),
  fc.string({ maxLength: 20 }),
  fc.integer({ min: -5, max: 70000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof(
  { depthSize: 'small' },
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.string(), scalar),
);
const uplink = fc.oneof(
  fc.record(
    {
      name: fc.oneof(fc.constantFrom('isp1', 'isp2', 'isp3'), value),
      interface: fc.oneof(fc.constantFrom('eth0', 'eth1', 'eth2'), value),
      label: value,
      address: fc.oneof(addressLike, value),
      gateway: fc.oneof(addressLike, value),
      onlink: value,
      table: fc.oneof(fc.constantFrom(0, 100, 101, 253, 254), value),
      priority: value,
      markPriority: value,
      adress: value,
    },
    { requiredKeys: [] },
  ),
  value,
);
const document = fc.oneof(
  fc.record(
    {
      uplinks: fc.oneof(fc.array(uplink, { maxLength: 5 }), value),
      default: value,
      lan: value,
      markMask: fc.oneof(fc.constantFrom(1, 3, 0xff00, '0x0'), value),
      probe: fc.oneof(fc.record({ ipv4: value, ipv6: value }, { requiredKeys: [] }), value),
      rpFilter: value,
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
// Mostly valid documents, so the success-side property really runs: unique-ish names, matching pairs.
const plausibleUplink = fc
  .record(
    {
      name: fc.constantFrom('isp1', 'isp2', 'isp3', 'isp4'),
      interface: fc.constantFrom('eth0', 'eth1'),
      pair: fc.constantFrom(
        ['198.51.100.10/24', '198.51.100.1'],
        ['192.0.2.10/24', '192.0.2.1'],
        ['203.0.113.10/24', '203.0.113.1'],
        ['2001:db8:1::10/64', 'fe80::1'],
        ['2001:db8:2::10/64', '2001:db8:2::1'],
      ),
      table: fc.option(fc.constantFrom(100, 101, 102, 150, 254), { nil: undefined }),
      priority: fc.option(fc.integer({ min: 9000, max: 10003 }), { nil: undefined }),
    },
    { requiredKeys: ['name', 'interface', 'pair'] },
  )
  .map(({ pair: [address, gateway], ...rest }) => JSON.parse(JSON.stringify({ ...rest, address, gateway })));
const plausible = fc.record(
  {
    uplinks: fc.array(plausibleUplink, { minLength: 1, maxLength: 4 }),
    lan: fc.constantFrom(['eth2'], []),
    markMask: fc.constantFrom(0x3, 0xff, '0xff00', 0x80000000),
  },
  { requiredKeys: ['uplinks'] },
);
const facts = fc.record({
  interfaces: fc.constant(HOST.interfaces),
  foreignTables: fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 5 }),
  previousTables: fc.dictionary(
    fc.constantFrom('isp1', 'isp2', 'isp3', 'old'),
    fc.integer({ min: -1, max: 300 }),
  ),
});

// Runs one document; returns the config, or undefined after checking the failure is a located ConfigError.
function attempt(text: string, hostFacts: HostFacts) {
  try {
    return parseConfig(text, 'random.yaml', hostFacts);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    for (const issue of (error as ConfigError).issues) expect(issue.line).toBeGreaterThanOrEqual(1);
    return undefined;
  }
}

describe('parseConfig on random input', () => {
  it('throws nothing but a ConfigError whose every issue has a line', () => {
    fc.assert(
      fc.property(document, facts, (doc, hostFacts) => {
        attempt(stringify(doc) ?? '', hostFacts);
      }),
      { numRuns: 500 },
    );
  });

  it('survives arbitrary text too', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        (text) => void attempt(text, { interfaces: HOST.interfaces, foreignTables: [], previousTables: {} }),
      ),
    );
  });

  it('returns only configs whose tables, names, marks and rule prefs are unique and allowed', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(plausible, document), facts, (doc, hostFacts) => {
        const config = attempt(stringify(doc) ?? '', hostFacts);
        if (config === undefined) return;
        accepted++;
        const tables = config.uplinks.map((u) => u.table);
        expect(new Set(tables).size).toBe(tables.length);
        expect(new Set(config.uplinks.map((u) => u.name)).size).toBe(tables.length);
        for (const table of tables) {
          expect(RESERVED_TABLES[table]).toBeUndefined();
          expect(hostFacts.foreignTables).not.toContain(table);
        }
        const prefs = config.uplinks.flatMap((u) => [u.priority, u.markPriority]);
        expect(new Set(prefs).size).toBe(prefs.length);
        for (const u of config.uplinks) expect((u.mark & ~config.markMask) >>> 0).toBe(0);
      }),
      { numRuns: 500 },
    );
    // Guards against a generator that never produces a valid config, which would make this test vacuous.
    expect(accepted).toBeGreaterThan(10);
  });
});
