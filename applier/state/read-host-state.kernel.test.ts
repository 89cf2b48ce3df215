import { describe, expect, it } from 'vitest';
import { TestNamespace } from '../test-support/test-namespace.js';
import { readHost } from './host-readings.js';
import { readHostState } from './read-host-state.js';

// Addresses, routes and rules of both families, multihome's (proto 77) and foreign ones.
async function populate(scratch: TestNamespace): Promise<void> {
  await scratch.veth('up0', 'up0p');
  await scratch.ipBatch([
    'address add 198.51.100.10/24 dev up0',
    'address add 203.0.113.10/24 dev up0 label up0:0',
    'route add 198.51.100.0/24 dev up0 src 198.51.100.10 proto 77 table 101',
    'route add default via 198.51.100.1 dev up0 proto 77 table 101',
    'route add default via 203.0.113.1 dev up0 onlink proto 77 table 102',
    'rule add from 198.51.100.10 lookup 101 pref 10000 protocol 77',
    'rule add fwmark 0x4/0xf lookup 102 pref 11000 protocol 77',
    'rule add from 10.9.0.0/16 lookup 500 pref 20000',
    'route add 10.9.0.0/16 dev up0 table 600',
    'route add default via 198.51.100.1 dev up0',
  ]);
  await scratch.must(
    ['ip', '-6', '-batch', '-'],
    [
      'address add 2001:db8:1::10/64 dev up0 nodad',
      'route add default via 2001:db8:1::1 dev up0 proto 77 table 103',
      'rule add from 2001:db8:1::10 lookup 103 pref 10002 protocol 77',
      'rule add from 2001:db8:9::/48 lookup 700 pref 20001',
      '',
    ].join('\n'),
  );
}

describe('readHostState in a real network namespace', () => {
  it('finds multihome-tagged routes and rules of both families and none of the foreign ones', async () => {
    await using scratch = await TestNamespace.create('read');
    await populate(scratch);

    const state = await readHostState(scratch.runner);

    expect(state.ownedRoutes.map((route) => `${route.family} ${route.table} ${route.dst}`).sort()).toEqual([
      '4 101 198.51.100.0/24',
      '4 101 default',
      '4 102 default',
      '6 103 default',
    ]);
    expect(state.ownedRoutes.find((route) => route.table === 102)?.onlink).toBe(true);
    expect(state.ownedRules.map((rule) => `${rule.family} ${rule.priority}`).sort()).toEqual([
      '4 10000',
      '4 11000',
      '6 10002',
    ]);
    expect(state.ownedRules.find((rule) => rule.priority === 11000)).toMatchObject({
      fwmark: 4,
      fwmask: 0xf,
    });
    expect(state.foreignTables).toEqual([500, 600, 700]);
    expect(state.mainDefaults).toEqual([
      expect.objectContaining({ family: 4, gateway: '198.51.100.1', dev: 'up0' }),
    ]);
    expect(state.addresses).toContainEqual({
      family: 4,
      interface: 'up0',
      address: '203.0.113.10',
      prefixLength: 24,
      label: 'up0:0',
    });
    expect(state.interfaces).toEqual(expect.arrayContaining(['lo', 'up0', 'up0p']));
    expect(state.nftTable).toBeNull();
    expect(state.sysctls['net.ipv4.conf.up0.rp_filter']).toMatch(/^[012]$/);
  });

  it('reads the same state through readHost, which batches the reads into one sh', async () => {
    await using scratch = await TestNamespace.create('batch');
    await populate(scratch);
    const batched = await readHost(scratch.runner);
    // readHost also reads the namespace's rt_tables.d names file (none here); the rest is the same.
    const { tableNames, ...state } = batched.state;
    expect(state).toEqual(await readHostState(scratch.runner));
    expect(tableNames).toEqual([]);
    expect(batched.state.ownedRules.map((rule) => rule.family).sort()).toEqual([4, 4, 6]);
  });
});
