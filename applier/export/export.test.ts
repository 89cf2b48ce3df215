import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configErrorOf } from '../config/test-helpers.js';
import { exitCodeFor } from '../errors.js';
import { planChanges } from '../plan/plan.js';
import { bootHostState } from './boot-host.js';
import { compareExport, renderDifferences } from './check-export.js';
import { exportFiles, loadConfigForExport } from './export-config.js';
import { EXPORT_FORMATS } from './export-file.js';
import { exportModel } from './export-model.js';
import { configFile, EXPORT_CONFIG, FULL_MASK_CONFIG, WEIGHTED_CONFIG } from './test-support/configs.js';
import { networkdObjects } from './test-support/networkd-ini.js';
import { planLines, routeLine, ruleLine } from './test-support/object-lines.js';
import { writeExport } from './write-export.js';

const config = loadConfigForExport(configFile(EXPORT_CONFIG), 'networkd');
const fresh = planChanges(config, bootHostState(config), null);

describe('the export model', () => {
  it('is what plan adds on a freshly booted host: every route and rule, nothing else', () => {
    const model = exportModel(config);
    expect({ routes: model.routes.map(routeLine).sort(), rules: model.rules.map(ruleLine).sort() }).toEqual(
      planLines(fresh),
    );
    expect(model.rules).toHaveLength(8);
    expect(model.routes).toHaveLength(10);
  });

  it('writes the sysctls apply sets on that host, exactly', () => {
    const text = exportFiles(config, 'networkd').find(
      (file) => file.name === 'sysctl.d/60-multihome.conf',
    )?.text;
    const lines = (text ?? '').split('\n').filter((line) => line.includes(' = '));
    const applied = fresh.flatMap((change) =>
      change.kind === 'sysctl' ? [`${change.object.key} = ${change.object.value}`] : [],
    );
    expect(lines.sort()).toEqual(applied.sort());
    expect(lines).toContain('net.ipv4.conf.all.rp_filter = 2');
  });

  it('leaves rp_filter alone in every format for an IPv6-only config: it filters IPv4 only', () => {
    const path = fileURLToPath(new URL('../config/examples/ipv6.yaml', import.meta.url));
    for (const format of EXPORT_FORMATS) {
      const files = exportFiles(loadConfigForExport(path, format), format);
      expect(
        files.filter((file) => file.text.includes('rp_filter')).map((file) => file.name),
        format,
      ).toEqual([]);
    }
  });

  it('gives every format the nft table apply loads, except the script, which loads it itself', () => {
    for (const format of EXPORT_FORMATS.filter((name) => name !== 'netplan')) {
      const names = exportFiles(config, format).map((file) => file.name);
      expect(names.includes('nftables.d/multihome.nft'), format).toBe(format !== 'script');
    }
    const script = exportFiles(config, 'script')[0]?.text ?? '';
    expect(script).toContain(exportModel(config).nftTable?.text.trimEnd());
  });
});

describe('the script', () => {
  it('quotes interface names: a name the kernel allows runs nothing and stays one word', () => {
    // Linux takes any name without `/`, `:` or blanks, so `$(...)`, quotes and `;` are all names
    // (a double quote too, which the config refuses: no nftables string can hold it).
    const name = "a$(id)'`;b|&";
    const text = EXPORT_CONFIG.replaceAll('interface: eth1', `interface: '${name.replaceAll("'", "''")}'`);
    const script = exportFiles(loadConfigForExport(configFile(text), 'script'), 'script')[0]?.text ?? '';
    expect(() => execFileSync('sh', ['-n'], { input: script })).not.toThrow();
    const writes = script
      .split('\n')
      .filter((line) => line.startsWith('echo ') && line.includes('/proc/sys/'));
    const paths = writes.map((line) =>
      execFileSync('sh', ['-c', `printf '%s\\n' ${line.slice(line.indexOf('> ') + 2)}`], {
        encoding: 'utf8',
      }).trim(),
    );
    expect(paths).toContain(`/proc/sys/net/ipv4/conf/${name}/src_valid_mark`);
  });
});

describe('networkd drop-ins', () => {
  it('hold every route and rule of the plan, each on its interface', () => {
    const files = exportFiles(config, 'networkd');
    const objects = ['eth0', 'eth1'].map((dev) => {
      const file = files.find((candidate) => candidate.name === `network/${dev}.network.d/60-multihome.conf`);
      return networkdObjects(file?.text ?? '', dev);
    });
    const routes = objects.flatMap((found) => found.routes.map(routeLine)).sort();
    const rules = objects.flatMap((found) => found.rules.map(ruleLine)).sort();
    expect({ routes, rules }).toEqual(planLines(fresh));
  });

  it('stop networkd deleting rules it did not make', () => {
    const conf = exportFiles(config, 'networkd').find(
      (file) => file.name === 'networkd.conf.d/60-multihome.conf',
    );
    expect(conf?.destination).toBe('/etc/systemd/networkd.conf.d/60-multihome.conf');
    expect(conf?.text).toMatch(/^\[Network\]\nManageForeignRoutingPolicyRules=no$/m);
  });
});

describe('what a format cannot express', () => {
  it('netplan: the file says to move a VLAN, bond or bridge out of ethernets:', () => {
    const file = exportFiles(loadConfigForExport(configFile(FULL_MASK_CONFIG), 'netplan'), 'netplan')[1];
    expect(file?.name).toBe('netplan/90-multihome.yaml');
    expect(file?.text).toContain('Move a VLAN, bond or bridge under `vlans:`, `bonds:` or\n# `bridges:`');
    expect(parse(file?.text ?? '')).toHaveProperty('network.ethernets.eth0');
  });

  it('a balanced main default: refused where the format writes no multipath route, and with an on-link hop in networkd', () => {
    for (const format of ['netplan', 'nm', 'nmstate'] as const) {
      const error = configErrorOf(() => loadConfigForExport(configFile(WEIGHTED_CONFIG), format));
      expect(error.issues.map((issue) => [issue.path.join('.'), issue.line])).toEqual([
        ['uplinks.0.weight', 6],
        ['uplinks.1.weight', 11],
      ]);
      expect(error.issues[0]?.message).toContain(`--format ${format}: a balanced main default`);
    }
    expect(() => loadConfigForExport(configFile(WEIGHTED_CONFIG), 'networkd')).not.toThrow();
    // One weighted uplink is a plain main default, which every format writes.
    const single = WEIGHTED_CONFIG.replace('    weight: 1\n', '');
    for (const format of EXPORT_FORMATS)
      expect(() => loadConfigForExport(configFile(single), format)).not.toThrow();
    const onlink = WEIGHTED_CONFIG.replace('    weight: 1\n', '    weight: 1\n    onlink: true\n');
    const error = configErrorOf(() => loadConfigForExport(configFile(onlink), 'networkd'));
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(['uplinks.1.onlink']);
    const route = exportFiles(loadConfigForExport(configFile(WEIGHTED_CONFIG), 'networkd'), 'networkd')
      .find((file) => file.name === 'network/eth0.network.d/60-multihome.conf')
      ?.text.split('\n\n')
      .find((section) => section.includes('MultiPathRoute='));
    expect(route).toBe(
      '[Route]\nDestination=0.0.0.0/0\nMultiPathRoute=10.201.1.1@eth0 2\nMultiPathRoute=10.201.2.1@eth1 1',
    );
  });

  it('netplan: lan marks need a mask, named at the lan line, exit 2', () => {
    const error = configErrorOf(() => loadConfigForExport(configFile(EXPORT_CONFIG), 'netplan'));
    expect(error.issues).toEqual([
      expect.objectContaining({ path: ['lan'], line: 20, message: expect.stringContaining('no mask') }),
    ]);
    expect(exitCodeFor(error)).toBe(2);
    expect(() => loadConfigForExport(configFile(FULL_MASK_CONFIG), 'netplan')).not.toThrow();
  });

  it('nmstate: an on-link gateway, named at its uplink', () => {
    const text = EXPORT_CONFIG.replace(
      '    gateway: 10.201.2.1\n',
      '    gateway: 10.201.9.1\n    onlink: true\n',
    );
    const error = configErrorOf(() => loadConfigForExport(configFile(text), 'nmstate'));
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: ['uplinks', 2, 'onlink'],
        line: 15,
        message: expect.stringContaining('on-link'),
      }),
    ]);
    expect(() => loadConfigForExport(configFile(text), 'networkd')).not.toThrow();
  });

  it('nmstate: an on-link gateway outside the subnet, and one inside it, each with its true reason', () => {
    const messages = (gateway: string) => {
      const text = EXPORT_CONFIG.replace(
        '    gateway: 10.201.2.1\n',
        `    gateway: ${gateway}\n    onlink: true\n`,
      );
      const error = configErrorOf(() => loadConfigForExport(configFile(text), 'nmstate'));
      return error.issues.map((issue) => issue.message);
    };
    expect(messages('10.201.9.1')).toEqual([
      expect.stringContaining('a gateway outside the subnet cannot be reached'),
    ]);
    const inside = messages('10.201.2.1');
    expect(inside).toEqual([expect.stringContaining('this gateway is inside the subnet')]);
    expect(inside[0]).toContain('remove `onlink: true`');
    expect(inside[0]).not.toContain('outside');
  });
});

// The documented fields of nmstate's state (docs.rs nmstate: RouteEntry, RouteRuleEntry, the
// interface ip address list), since Debian has no nmstate validator or schema to run.
const NMSTATE_FIELDS = {
  top: ['interfaces', 'routes', 'route-rules'],
  interface: ['name', 'type', 'state', 'ipv4', 'ipv6'],
  ip: ['enabled', 'address'],
  address: ['ip', 'prefix-length'],
  route: [
    'state',
    'destination',
    'next-hop-interface',
    'next-hop-address',
    'metric',
    'table-id',
    'weight',
    'route-type',
    'cwnd',
    'source',
  ],
  rule: [
    'family',
    'state',
    'ip-from',
    'ip-to',
    'priority',
    'route-table',
    'fwmark',
    'fwmask',
    'action',
    'iif',
  ],
};

function unknownKeys(value: object, known: readonly string[]): string[] {
  return Object.keys(value).filter((key) => !known.includes(key));
}

describe('address: auto', () => {
  it('no format can hold it: each auto field is named with the reason, exit 2', () => {
    const text = EXPORT_CONFIG.replace(
      '    address: 10.201.2.10/24\n    gateway: 10.201.2.1\n',
      '    address: auto\n    gateway: auto\n',
    );
    for (const format of EXPORT_FORMATS) {
      const error = configErrorOf(() => loadConfigForExport(configFile(text), format));
      expect(exitCodeFor(error)).toBe(2);
      expect(error.issues.map((issue) => [issue.path, issue.line])).toEqual([
        [['uplinks', 2, 'address'], 13],
        [['uplinks', 2, 'gateway'], 14],
      ]);
      expect(error.issues[0]?.message).toContain(`--format ${format}: \`auto\` is read from the live host`);
    }
    const netplan = configErrorOf(() => loadConfigForExport(configFile(text), 'netplan'));
    expect(netplan.issues[0]?.message).toContain('need a static address');
  });

  it("names the file's other problems with it, all at once, in line order", () => {
    const text = EXPORT_CONFIG.replace(
      '    address: 10.201.2.10/24\n    gateway: 10.201.2.1\n',
      '    address: auto\n    gateway: auto\n',
    )
      .replace('gateway: 10.201.1.1\n', 'gateway: 10.201.9.1\n')
      .replace('gateway: fd10:2::1\n', 'gateway: fd10:2::1\n    tabel: 5\n');
    const error = configErrorOf(() => loadConfigForExport(configFile(text), 'networkd'));
    expect(error.issues.map((issue) => [issue.path.join('.'), issue.line])).toEqual([
      ['uplinks.0.gateway', 5],
      ['uplinks.2.address', 13],
      ['uplinks.2.gateway', 14],
      ['uplinks.3.tabel', 19],
    ]);
    expect(error.issues[1]?.message).toContain('--format networkd: `auto` is read from the live host');
  });
});

describe('nmstate', () => {
  it('uses only documented nmstate fields', () => {
    const file = exportFiles(config, 'nmstate').find(
      (candidate) => candidate.name === 'multihome.nmstate.yml',
    );
    const state = parse(file?.text ?? '') as {
      interfaces: Record<string, { address?: object[] } & object>[];
      routes: { config: object[] };
      'route-rules': { config: object[] };
    };
    const unknown = [
      ...unknownKeys(state, NMSTATE_FIELDS.top),
      ...state.interfaces.flatMap((entry) => [
        ...unknownKeys(entry, NMSTATE_FIELDS.interface),
        ...(['ipv4', 'ipv6'] as const).flatMap((family) => {
          const ip = entry[family];
          return ip === undefined
            ? []
            : [
                ...unknownKeys(ip, NMSTATE_FIELDS.ip),
                ...(ip.address ?? []).flatMap((a) => unknownKeys(a, NMSTATE_FIELDS.address)),
              ];
        }),
      ]),
      ...state.routes.config.flatMap((entry) => unknownKeys(entry, NMSTATE_FIELDS.route)),
      ...state['route-rules'].config.flatMap((entry) => unknownKeys(entry, NMSTATE_FIELDS.rule)),
    ];
    expect(unknown).toEqual([]);
    expect(state.interfaces.map((entry) => entry.name)).toEqual(['eth0', 'eth1']);
  });

  it("names each interface without a type, so nmstate keeps a VLAN's or bond's own", () => {
    const vlan = loadConfigForExport(configFile(EXPORT_CONFIG.replaceAll('eth1', 'eth0.100')), 'nmstate');
    const file = exportFiles(vlan, 'nmstate').find((candidate) => candidate.name === 'multihome.nmstate.yml');
    const state = parse(file?.text ?? '') as { interfaces: Record<string, unknown>[] };
    expect(state.interfaces.map((entry) => [entry.name, 'type' in entry])).toEqual([
      ['eth0', false],
      ['eth0.100', false],
    ]);
  });

  it('warns in its header that its address lists replace what the interfaces have', () => {
    const file = exportFiles(config, 'nmstate').find(
      (candidate) => candidate.name === 'multihome.nmstate.yml',
    );
    const text = file?.text ?? '';
    const header = text.split('\n').filter((line) => line.startsWith('#'));
    expect(header.join(' ')).toContain('replaces all of its addresses');
    expect(header.join(' ')).toContain('(a management address) is removed');
  });

  it('holds every route and rule of the plan in nmstate fields', () => {
    const file = exportFiles(config, 'nmstate').find(
      (candidate) => candidate.name === 'multihome.nmstate.yml',
    );
    const state = parse(file?.text ?? '') as {
      routes: { config: Record<string, string | number>[] };
      'route-rules': { config: Record<string, string | number>[] };
    };
    const routes = state.routes.config.map((entry) =>
      routeLine({
        family: String(entry.destination).includes(':') ? 6 : 4,
        table: Number(entry['table-id']),
        dst:
          entry.destination === '0.0.0.0/0' || entry.destination === '::/0'
            ? 'default'
            : String(entry.destination),
        dev: String(entry['next-hop-interface']),
        protocol: 0,
        ...(entry['next-hop-address'] === undefined ? {} : { gateway: String(entry['next-hop-address']) }),
        ...(entry.source === undefined ? {} : { src: String(entry.source) }),
        // Without a metric NetworkManager gives the route the interface's route-metric, not the
        // kernel's default that apply's routes get (0, or 1024 for IPv6).
        ...(entry.metric === (String(entry.destination).includes(':') ? 1024 : 0)
          ? {}
          : { metric: Number(entry.metric ?? Number.NaN) }),
      }),
    );
    const rules = state['route-rules'].config.map((entry) =>
      ruleLine({
        family: entry.family === 'ipv6' ? 6 : 4,
        priority: Number(entry.priority),
        table: Number(entry['route-table']),
        protocol: 0,
        ...(entry['ip-from'] === undefined
          ? {}
          : { from: String(entry['ip-from']).replace(/\/(32|128)$/, '') }),
        ...(entry.fwmark === undefined ? {} : { fwmark: Number(entry.fwmark), fwmask: Number(entry.fwmask) }),
      }),
    );
    expect({ routes: routes.sort(), rules: rules.sort() }).toEqual(planLines(fresh));
  });
});

describe('export --check', () => {
  it('is empty for a current export and names each file and line that went stale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mh-export-check-'));
    try {
      writeExport(dir, exportFiles(config, 'networkd'), 'networkd');
      writeFileSync(join(dir, 'notes.txt'), 'kept by the user\n');
      expect(compareExport(dir, exportFiles(config, 'networkd'))).toEqual([]);

      const moved = loadConfigForExport(
        configFile(EXPORT_CONFIG.replace('10.201.2.1\n', '10.201.2.254\n')),
        'networkd',
      );
      const withoutLan = loadConfigForExport(
        configFile(EXPORT_CONFIG.replace('lan: [eth2]\n', '')),
        'networkd',
      );
      const differences = compareExport(dir, exportFiles(moved, 'networkd'));
      expect(differences).toEqual([
        {
          kind: 'changed',
          name: 'network/eth1.network.d/60-multihome.conf',
          added: ['Gateway=10.201.2.254'],
          removed: ['Gateway=10.201.2.1'],
        },
      ]);
      expect(renderDifferences(differences)).toContain('  + Gateway=10.201.2.254');
      const gone = compareExport(dir, exportFiles(withoutLan, 'networkd'));
      expect(gone).toContainEqual({ kind: 'extra', name: 'nftables.d/multihome.nft' });
      rmSync(join(dir, 'sysctl.d'), { recursive: true });
      expect(compareExport(dir, exportFiles(config, 'networkd'))).toEqual([
        { kind: 'missing', name: 'sysctl.d/60-multihome.conf' },
      ]);
      expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('kept by the user\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
