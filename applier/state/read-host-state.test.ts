import { describe, expect, it } from 'vitest';
import { CommandError } from '../errors.js';
import { FakeRunner, fixture } from '../test-support/fake-runner.js';
import { readHostState, STATE_COMMANDS } from './read-host-state.js';

function capturedHost(): FakeRunner {
  return new FakeRunner()
    .on(STATE_COMMANDS.routes4, fixture('routes4.json'))
    .on(STATE_COMMANDS.routes6, fixture('routes6.json'))
    .on(STATE_COMMANDS.rules4, fixture('rules4.json'))
    .on(STATE_COMMANDS.rules6, fixture('rules6.json'))
    .on(STATE_COMMANDS.addresses, fixture('addresses.json'))
    .on(STATE_COMMANDS.nft, fixture('nft.json'))
    .on(STATE_COMMANDS.sysctls, fixture('sysctls.txt'));
}

describe('readHostState on output captured from a real kernel', () => {
  it('finds multihome routes of both families, linkdown or onlink, and nothing foreign', async () => {
    const state = await readHostState(capturedHost());
    expect(state.ownedRoutes).toEqual([
      { family: 4, table: 101, dst: 'default', dev: 'veth0', gateway: '198.51.100.1', protocol: 77 },
      { family: 4, table: 101, dst: '198.51.100.0/24', dev: 'veth0', src: '198.51.100.10', protocol: 77 },
      {
        family: 4,
        table: 102,
        dst: 'default',
        dev: 'veth0',
        gateway: '203.0.113.1',
        onlink: true,
        protocol: 77,
      },
      { family: 4, table: 102, dst: '203.0.113.0/24', dev: 'veth0', src: '203.0.113.10', protocol: 77 },
      { family: 6, table: 103, dst: '2001:db8:1::/64', dev: 'veth0', src: '2001:db8:1::10', protocol: 77 },
      { family: 6, table: 103, dst: 'default', dev: 'veth0', gateway: '2001:db8:1::1', protocol: 77 },
    ]);
  });

  it('reads owned rules with host sources, fwmark and mask, and leaves foreign ones out', async () => {
    const state = await readHostState(capturedHost());
    expect(state.ownedRules).toEqual([
      { family: 4, priority: 10000, table: 101, protocol: 77, from: '198.51.100.10' },
      { family: 4, priority: 10001, table: 102, protocol: 77, from: '203.0.113.10' },
      { family: 4, priority: 11000, table: 101, protocol: 77, fwmark: 1, fwmask: 0xff },
      { family: 6, priority: 10002, table: 103, protocol: 77, from: '2001:db8:1::10' },
    ]);
    expect(state.foreignTables).toEqual([500]);
  });

  it('reports the main default route whatever its protocol (a boot route has none printed)', async () => {
    const state = await readHostState(capturedHost());
    expect(state.mainDefaults).toEqual([
      { family: 4, table: 254, dst: 'default', dev: 'veth0', gateway: '198.51.100.1', protocol: 3 },
    ]);
  });

  it('reads addresses with alias labels and IPv6, and every interface', async () => {
    const state = await readHostState(capturedHost());
    expect(state.interfaces).toEqual(expect.arrayContaining(['lo', 'veth0', 'veth1', 'lan0', 'lan1']));
    // veth1 is set down; veth0 only lost its carrier (NO-CARRIER, still UP), which keeps its routes.
    expect(state.downInterfaces).toEqual(['veth1']);
    expect(state.addresses).toEqual(
      expect.arrayContaining([
        { family: 4, interface: 'veth0', address: '198.51.100.10', prefixLength: 24 },
        { family: 4, interface: 'veth0', address: '203.0.113.10', prefixLength: 24, label: 'veth0:0' },
        { family: 6, interface: 'veth0', address: '2001:db8:1::10', prefixLength: 64 },
      ]),
    );
  });

  it('reads the nft digest from the rule comment, since nft 1.0.6 prints no table comment in JSON', async () => {
    const state = await readHostState(capturedHost());
    expect(state.nftTable).toEqual({ comment: '0123456789abcdef', rules: 2 });
  });

  it('reads rp_filter and src_valid_mark per interface as sysctl keys', async () => {
    const state = await readHostState(capturedHost());
    expect(state.sysctls['net.ipv4.conf.all.rp_filter']).toBe('1');
    expect(state.sysctls['net.ipv4.conf.veth0.rp_filter']).toBe('1');
    expect(state.sysctls['net.ipv4.conf.lan0.rp_filter']).toBe('0');
    expect(state.sysctls['net.ipv4.conf.veth0.src_valid_mark']).toBe('0');
  });

  it('treats an absent nft table, or no nft at all, as no table', async () => {
    const absent = capturedHost().on(STATE_COMMANDS.nft, {
      exitCode: 1,
      stderr: 'Error: No such file or directory\nlist table inet multihome\n',
    });
    expect((await readHostState(absent)).nftTable).toBeNull();
    const noNft = capturedHost().on(STATE_COMMANDS.nft, { exitCode: 127, stderr: 'nft: not found' });
    expect((await readHostState(noNft)).nftTable).toBeNull();
    const notSpawned = capturedHost().on(STATE_COMMANDS.nft, { exitCode: 1, stderr: '' });
    expect((await readHostState(notSpawned)).nftTable).toBeNull();
  });

  it('fails on any other nft error, such as missing permissions', async () => {
    const denied = capturedHost().on(STATE_COMMANDS.nft, {
      exitCode: 1,
      stderr: 'Error: Operation not permitted',
    });
    await expect(readHostState(denied)).rejects.toThrow(/Operation not permitted/);
  });

  it('fails with the command and its stderr when ip fails', async () => {
    const broken = capturedHost().on(STATE_COMMANDS.rules4, {
      exitCode: 2,
      stderr: 'RTNETLINK answers: EPERM',
    });
    await expect(readHostState(broken)).rejects.toThrow(CommandError);
    await expect(readHostState(broken)).rejects.toThrow(/EPERM/);
  });

  it('reads a kernel without IPv6 as no IPv6 objects', async () => {
    const noV6 = { stderr: 'RTNETLINK answers: Address family not supported by protocol\n', exitCode: 1 };
    const runner = capturedHost().on(STATE_COMMANDS.routes6, noV6).on(STATE_COMMANDS.rules6, noV6);
    const state = await readHostState(runner);
    expect(state.ownedRoutes.length).toBeGreaterThan(0);
    expect([...state.ownedRoutes, ...state.ownedRules].filter((object) => object.family === 6)).toEqual([]);
  });

  it('spawns one process per read, however many interfaces', async () => {
    const runner = capturedHost();
    await readHostState(runner);
    expect(runner.calls).toHaveLength(7);
  });
});
