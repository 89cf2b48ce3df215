import { describe, expect, it } from 'vitest';
import { writeSysctlsArgv } from '../state/sysctl-keys.js';
import { buildSteps, PROTOS_TEXT, type StepContext } from './steps.js';
import { address, change, route, rule } from './test-support/changes.js';

const context: StepContext = {
  nsid: '1',
  tableNamesPath: '/etc/iproute2/rt_tables.d/multihome-1.conf',
  tableNamesText: null,
  protosPath: '/etc/iproute2/rt_protos.d/multihome-4026531840.conf',
  protosText: PROTOS_TEXT,
};

const nft = { family: 'inet', name: 'multihome', text: 'table inet multihome {\n}\n', digest: 'd' } as const;

describe('buildSteps', () => {
  it('runs nothing for no changes', () => {
    expect(buildSteps([], { ...context, protosText: null })).toEqual([]);
  });

  it('uses one ip process per family and phase, adds before the nft swap before deletes', () => {
    const steps = buildSteps(
      [
        change('add', 'address', address('10.0.0.20', 'eth0:0')),
        change('replace', 'sysctl', { key: 'net.ipv4.conf.all.rp_filter', value: '2', previous: '1' }, 4),
        change('replace', 'sysctl', { key: 'net.ipv4.conf.eth0.rp_filter', value: '2', previous: '1' }, 4),
        change('add', 'route', route(100, 'default', '10.0.0.1')),
        change('add', 'route', route(103, 'default', 'fd00::1')),
        change('add', 'rule', rule(10000, '10.0.0.10', 100)),
        change('replace', 'rule', rule(10001, '10.0.0.20', 101)),
        change('add', 'nftables', nft),
        change('delete', 'rule', rule(10002, '10.0.0.30', 102)),
        change('delete', 'route', route(102, 'default', '10.0.0.3')),
        change('delete', 'address', address('10.0.0.30')),
      ],
      context,
    );
    expect(steps.map((step) => [step.name, step.argv.join(' ')])).toEqual([
      [
        'set sysctls',
        writeSysctlsArgv({ 'net.ipv4.conf.all.rp_filter': '2', 'net.ipv4.conf.eth0.rp_filter': '2' }).join(
          ' ',
        ),
      ],
      ['add addresses (IPv4)', 'ip -4 -batch -'],
      ['add routes and rules (IPv4)', 'ip -4 -batch -'],
      ['add routes and rules (IPv6)', 'ip -6 -batch -'],
      ['load nftables table', 'nft -f -'],
      ['delete rules and routes (IPv4)', 'ip -4 -batch -'],
      [
        'delete addresses (IPv4, eth0)',
        `sh -c ${steps[6]?.argv[2]} sh /proc/sys/net/ipv4/conf/eth0/promote_secondaries`,
      ],
    ]);
    // Deleting a primary address must not take the secondaries of its subnet along.
    expect(steps[6]?.argv[2]).toContain('echo 1 > "$f"');
    expect(steps[1]?.input).toBe('address add 10.0.0.20/24 dev eth0 label eth0:0\n');
    expect(steps[2]?.lines).toEqual([
      'route replace default via 10.0.0.1 dev eth0 table 100 proto 77',
      'rule add from 10.0.0.10 lookup 100 pref 10000 protocol 77',
      'rule del priority 10001 protocol 77',
      'rule add from 10.0.0.20 lookup 101 pref 10001 protocol 77',
    ]);
    expect(steps[3]?.lines).toEqual(['route replace default via fd00::1 dev eth0 table 103 proto 77']);
    expect(steps[4]?.input).toBe(
      'table inet multihome {}\ndelete table inet multihome\ntable inet multihome {\n}\n',
    );
    expect(steps[5]?.lines).toEqual([
      'rule del from 10.0.0.30 lookup 102 pref 10002 protocol 77',
      'route del default via 10.0.0.3 dev eth0 table 102 proto 77',
    ]);
    expect(steps[6]?.input).toBe('address del 10.0.0.30/24 dev eth0\n');
  });

  it('restores sysctls after the deletes when the planner ordered them so (removal)', () => {
    const steps = buildSteps(
      [
        change('delete', 'nftables', nft),
        change('delete', 'rule', rule(10000, '10.0.0.10', 100)),
        change('replace', 'sysctl', { key: 'net.ipv4.conf.all.rp_filter', value: '1', previous: '2' }, 4),
      ],
      context,
    );
    expect(steps.map((step) => step.name)).toEqual([
      'delete nftables table',
      'delete rules and routes (IPv4)',
      'set sysctls',
    ]);
    expect(steps[0]?.input).toBe('table inet multihome {}\ndelete table inet multihome\n');
  });

  it('writes the protocol name once and the whole table-names file, sorted', () => {
    const steps = buildSteps(
      [
        change('add', 'table-name', { table: 102, name: 'mh-b' }),
        change('add', 'table-name', { table: 101, name: 'mh-a' }),
      ],
      { ...context, protosText: null, tableNamesText: '# old\n150 mh-x\n' },
    );
    expect(steps.map((step) => step.name)).toEqual(['name protocol 77', 'write table names']);
    expect(steps[0]?.input).toBe('77 multihome\n');
    expect(steps[1]?.argv).toContain(context.tableNamesPath);
    expect(steps[1]?.input?.split('\n').slice(1)).toEqual(['101 mh-a', '102 mh-b', '150 mh-x', '']);
  });

  it('removes the table-names file when no name is left', () => {
    const steps = buildSteps([change('delete', 'table-name', { table: 101, name: 'mh-a' })], {
      ...context,
      tableNamesText: '101 mh-a\n',
    });
    expect(steps.map((step) => step.argv.join(' '))).toEqual([`rm -f -- ${context.tableNamesPath}`]);
  });
});
