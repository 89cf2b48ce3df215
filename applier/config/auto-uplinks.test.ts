import { describe, expect, it } from 'vitest';
import { exitCodeFor, formatPath } from '../errors.js';
import type { LiveFacts } from '../model/config.js';
import { nextLedger } from '../plan/next-ledger.js';
import { planChanges } from '../plan/plan.js';
import { bareHost } from '../test-support/fixtures/configs.js';
import { hostFacts } from './load-config.js';
import { parseConfig } from './parse-config.js';
import { configErrorOf, HOST } from './test-helpers.js';

const LEASE: LiveFacts = {
  addresses: [
    { family: 4, interface: 'eth1', address: '192.0.2.57', prefixLength: 24 },
    { family: 6, interface: 'eth1', address: 'fe80::1', prefixLength: 64 },
  ],
  mainDefaults: [{ family: 4, table: 254, dst: 'default', dev: 'eth1', gateway: '192.0.2.1', protocol: 16 }],
  ownedRoutes: [],
  displacedDefaults: [],
};
const YAML = (extra = '') =>
  'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n' +
  `  - name: dhcp\n    interface: eth1\n    address: auto\n    gateway: auto\n${extra}`;

describe('address: auto and gateway: auto', () => {
  it("take the interface's global address and the DHCP client's default route, and say so", () => {
    const config = parseConfig(YAML(), 'f.yaml', { ...HOST, live: LEASE });
    expect(config.uplinks[1]).toMatchObject({
      address: '192.0.2.57',
      prefixLength: 24,
      gateway: '192.0.2.1',
    });
    expect(config.auto?.resolved).toEqual([
      { uplink: 'dhcp', field: 'address', value: '192.0.2.57/24' },
      { uplink: 'dhcp', field: 'gateway', value: '192.0.2.1' },
    ]);
  });

  it('never add a lease back: a config resolved before the client released it does not re-add it', () => {
    const config = parseConfig(YAML(), 'f.yaml', { ...HOST, live: LEASE });
    // The host as a later read finds it: the DHCP client released 192.0.2.57.
    const released = bareHost({
      addresses: [{ family: 4, interface: 'eth0', address: '198.51.100.10', prefixLength: 24 }],
    });
    const adds = planChanges(config, released, null).filter((change) => change.kind === 'address');
    expect(adds).toEqual([]);
  });

  it('wait, leaving the uplink out, while the interface has no lease yet', () => {
    const config = parseConfig(YAML(), 'f.yaml', {
      ...HOST,
      live: { ...LEASE, addresses: [], mainDefaults: [] },
    });
    expect(config.uplinks.map((uplink) => uplink.name)).toEqual(['isp1']);
    expect(config.auto?.waiting).toEqual([
      { uplink: 'dhcp', reason: 'waits for an IPv4 address on eth1 (address: auto)' },
    ]);
  });

  it('let a waiting uplink stay named in failover and default', () => {
    const live = { ...LEASE, addresses: [], mainDefaults: [] };
    const config = parseConfig(YAML('failover: [dhcp, isp1]\ndefault: dhcp\n'), 'f.yaml', { ...HOST, live });
    expect(config.failover).toEqual(['isp1']);
    expect(config.defaults[4]).toBe('isp1');
  });

  it.each([
    ['failover: [dhcp, dhcp]', 'failover[1]', 'failover lists dhcp twice'],
    [
      'default: [dhcp, isp1]\n',
      'default[1]',
      'default names two IPv4 uplinks (dhcp and isp1); at most one per family',
    ],
  ])('check a waiting uplink named in %s as one with its lease', (extra, at, message) => {
    const waiting = { ...LEASE, addresses: [], mainDefaults: [] };
    for (const live of [waiting, LEASE]) {
      const error = configErrorOf(() => parseConfig(YAML(`${extra}\n`), 'f.yaml', { ...HOST, live }));
      expect(error.issues.map((issue) => [formatPath(issue.path), issue.line, issue.message])).toEqual([
        [at, 10, message],
      ]);
    }
  });

  it('refuse two candidates without prefix, and pick with it', () => {
    const two: LiveFacts = {
      ...LEASE,
      addresses: [
        ...LEASE.addresses,
        { family: 4, interface: 'eth1', address: '203.0.113.9', prefixLength: 24 },
      ],
    };
    const error = configErrorOf(() => parseConfig(YAML(), 'f.yaml', { ...HOST, live: two }));
    expect(error.issues.map((issue) => [formatPath(issue.path), issue.line])).toEqual([
      ['uplinks[1].address', 8],
    ]);
    expect(error.issues[0]?.message).toMatch(/matches 2 IPv4 addresses on eth1 .* set prefix:/);
    const picked = parseConfig(YAML('    prefix: 192.0.2.0/24\n'), 'f.yaml', { ...HOST, live: two });
    expect(picked.uplinks[1]?.address).toBe('192.0.2.57');
  });

  it('is refused without a live host, naming the field and line', () => {
    const error = configErrorOf(() => parseConfig(YAML(), 'f.yaml', HOST));
    expect(error.issues.map((issue) => [formatPath(issue.path), issue.line])).toEqual([
      ['uplinks[1].address', 8],
    ]);
  });
});

// eth0 before and after its lease: the same file must be judged the same either way.
const NO_LEASE: LiveFacts = { addresses: [], mainDefaults: [], ownedRoutes: [], displacedDefaults: [] };
const ETH0_LEASE: LiveFacts = {
  ...NO_LEASE,
  addresses: [{ family: 4, interface: 'eth0', address: '192.0.2.57', prefixLength: 24 }],
  mainDefaults: [{ family: 4, table: 254, dst: 'default', dev: 'eth0', gateway: '192.0.2.1', protocol: 16 }],
};
const FIRST_WAITS = (extra: string) =>
  `uplinks:\n  - name: isp1\n    interface: eth0\n    address: auto\n    gateway: auto\n${extra}` +
  '  - name: isp2\n    interface: eth1\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n';
const issuesOf = (yaml: string, live: LiveFacts) =>
  configErrorOf(() => parseConfig(yaml, 'f.yaml', { ...HOST, live })).issues.map((issue) => ({
    at: formatPath(issue.path),
    line: issue.line,
    message: issue.message,
  }));
// The file's issues while eth0 waits, after checking that its lease changes none of them.
const issuesEitherWay = (yaml: string) => {
  const issues = issuesOf(yaml, NO_LEASE);
  expect(issuesOf(yaml, ETH0_LEASE)).toEqual(issues);
  return issues;
};

describe('an auto uplink waiting for its lease', () => {
  it.each([
    ['family: 5', 'uplinks[0].family'],
    ['table: -1', 'uplinks[0].table'],
    ['weight: 0', 'uplinks[0].weight'],
    ['priority: 0', 'uplinks[0].priority'],
    ['mark: -4', 'uplinks[0].mark'],
    ['label: bogus', 'uplinks[0].label'],
    ['adress: x', 'uplinks[0].adress'],
    ['check: {targets: [2001:db8::1], interval: 0}', 'uplinks[0].check.interval'],
  ])('has its %s refused as once it has one (exit 2, field and line)', (field, path) => {
    const yaml = FIRST_WAITS(`    ${field}\n`);
    const error = configErrorOf(() => parseConfig(yaml, 'f.yaml', { ...HOST, live: NO_LEASE }));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.issues.map((issue) => [formatPath(issue.path), issue.line])).toContainEqual([path, 6]);
    expect(issuesOf(yaml, NO_LEASE)).toEqual(issuesOf(yaml, ETH0_LEASE));
  });

  it('is refused when its gateway is of another family than its prefix', () => {
    const yaml = FIRST_WAITS('    prefix: 2001:db8::/64\n').replace('gateway: auto', 'gateway: 10.1.0.1');
    expect(issuesOf(yaml, NO_LEASE)).toEqual([
      {
        at: 'uplinks[0].gateway',
        line: 5,
        message: 'gateway 10.1.0.1 is IPv4 but address auto (prefix 2001:db8::/64) is IPv6',
      },
    ]);
  });

  it.each([
    [
      'gateway',
      '    family: 6\n',
      'gateway: 192.0.2.1',
      6,
      'family 6 contradicts the IPv4 gateway 192.0.2.1',
    ],
    [
      'prefix',
      '    prefix: 192.0.2.0/24\n    family: 6\n',
      'gateway: auto',
      7,
      'family 6 contradicts the IPv4 prefix 192.0.2.0/24',
    ],
  ])(
    'has a family: its literal %s contradicts refused, naming what was written',
    (_, extra, gateway, line, message) => {
      const yaml = FIRST_WAITS(extra).replace('gateway: auto', gateway);
      expect(issuesEitherWay(yaml)).toEqual([{ at: 'uplinks[0].family', line, message }]);
    },
  );

  it('has a prefix beside its literal address refused, as once its gateway is resolved', () => {
    const yaml = FIRST_WAITS('    prefix: 192.0.2.0/24\n').replace('address: auto', 'address: 192.0.2.57/24');
    const message =
      'prefix only picks the address of address: auto; address 192.0.2.57/24 is given, so remove prefix';
    expect(issuesEitherWay(yaml)).toEqual([{ at: 'uplinks[0].prefix', line: 6, message }]);
  });

  it.each([
    ['192.0.2.57/24', '192.0.2.0/24'],
    ['2001:db8::1/64', '2001:db8::/64'],
  ])('has a prefix with host bits set (%s) refused, naming the network', (prefix, network) => {
    const message = `prefix ${prefix} has host bits set; it should be the network, ${network}`;
    expect(issuesEitherWay(FIRST_WAITS(`    prefix: ${prefix}\n`))).toEqual([
      { at: 'uplinks[0].prefix', line: 6, message },
    ]);
  });

  it('may be the only uplink: the config then has none until the lease comes', () => {
    const yaml = 'uplinks:\n  - name: isp1\n    interface: eth0\n    address: auto\n    gateway: auto\n';
    const config = parseConfig(yaml, 'f.yaml', { ...HOST, live: NO_LEASE });
    expect(config.uplinks).toEqual([]);
    expect(config.auto?.waiting).toEqual([
      { uplink: 'isp1', reason: 'waits for an IPv4 address on eth0 (address: auto)' },
    ]);
    expect(parseConfig(yaml, 'f.yaml', { ...HOST, live: ETH0_LEASE }).uplinks[0]?.address).toBe('192.0.2.57');
  });

  it('keep their mark while they wait for the lease again, so lease losses never use up markMask', () => {
    // With lan and a mask of 7 marks, each lease loss used to retire the uplink's mark: the
    // eighth return found the mask full, and the uplink never came back.
    const yaml = `${YAML()}lan: [lan0]\nmarkMask: 0x7\n`;
    const leased = bareHost({
      addresses: [...bareHost().addresses, ...LEASE.addresses],
      mainDefaults: LEASE.mainDefaults,
    });
    const lost = bareHost();
    let ledger = nextLedger(null, parseConfig(yaml, 'f.yaml', hostFacts(leased, null)), []);
    const mark = ledger.config.uplinks.find((uplink) => uplink.name === 'dhcp')?.mark;
    expect(mark).toBeGreaterThan(0);
    for (let loss = 0; loss < 10; loss++) {
      const waiting = parseConfig(yaml, 'f.yaml', hostFacts(lost, ledger));
      expect(waiting.auto?.waiting.map((entry) => entry.uplink)).toEqual(['dhcp']);
      ledger = nextLedger(ledger, waiting, []);
      expect(ledger.retiredMarks).toEqual([]);
      const back = parseConfig(yaml, 'f.yaml', hostFacts(leased, ledger));
      expect(back.uplinks.find((uplink) => uplink.name === 'dhcp')?.mark).toBe(mark);
      ledger = nextLedger(ledger, back, []);
    }
    // Deleted from the file while it waits, its mark is retired as any other uplink's.
    const waiting = nextLedger(ledger, parseConfig(yaml, 'f.yaml', hostFacts(lost, ledger)), []);
    const gone = parseConfig(YAML().split('  - name: dhcp')[0] ?? '', 'f.yaml', hostFacts(lost, waiting));
    expect(nextLedger(waiting, gone, []).retiredMarks).toEqual([mark]);
  });
});
