import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../model/config.js';
import { planChanges } from '../plan/plan.js';
import { TestNamespace } from '../test-support/test-namespace.js';
import { bootHostState } from './boot-host.js';
import { exportFiles, loadConfigForExport } from './export-config.js';
import { configFile, EXPORT_CONFIG, FULL_MASK_CONFIG, WEIGHTED_CONFIG } from './test-support/configs.js';
import { kernelLines } from './test-support/kernel-lines.js';
import { networkdObjects, parseIni } from './test-support/networkd-ini.js';
import { runNetworkd } from './test-support/networkd-run.js';
import { planLines, routeLine, ruleLine } from './test-support/object-lines.js';
import { writeExport } from './write-export.js';

// The managers' own tools read each export: netplan generates networkd files from it, the real
// systemd-networkd configures a throwaway namespace from those (and from the networkd export),
// nft checks the nft file, and nmcli --offline edits connection profiles with the nm commands.

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function tempDir(purpose: string): string {
  const dir = mkdtempSync(join(tmpdir(), `mh-${purpose}-`));
  scratch.push(dir);
  return dir;
}

function expected(config: Config) {
  return planLines(planChanges(config, bootHostState(config), null));
}

function tables(config: Config): number[] {
  return config.uplinks.map((uplink) => uplink.table);
}

/** A namespace with the config's interfaces as veths (carrier up), nothing configured. */
async function hostWithInterfaces(purpose: string): Promise<TestNamespace> {
  const namespace = await TestNamespace.create(purpose);
  for (const [name, peer] of [
    ['eth0', 'p0'],
    ['eth1', 'p1'],
    ['eth2', 'p2'],
  ] as const) {
    await namespace.ipBatch([`link add ${name} type veth peer name ${peer}`, `link set ${peer} up`]);
  }
  return namespace;
}

/** Lets the real networkd configure the namespace and returns what the kernel then holds. */
async function networkdResult(namespace: TestNamespace, etcSystemd: string, config: Config) {
  const want = expected(config);
  const run = await runNetworkd(namespace.name, etcSystemd, async () => {
    const have = await kernelLines(namespace.runner, tables(config));
    return JSON.stringify(have) === JSON.stringify(want);
  });
  return { ...run, have: await kernelLines(namespace.runner, tables(config)), want };
}

describe('netplan', () => {
  const config = loadConfigForExport(configFile(FULL_MASK_CONFIG), 'netplan');

  it('netplan generate accepts the export, its networkd files hold every rule and route, and networkd makes them', async () => {
    const root = tempDir('netplan');
    const files = exportFiles(config, 'netplan');
    const netplan = files.find((file) => file.name === 'netplan/90-multihome.yaml');
    mkdirSync(join(root, 'etc/netplan'), { recursive: true });
    writeFileSync(join(root, 'etc/netplan/90-multihome.yaml'), netplan?.text ?? '');
    chmodSync(join(root, 'etc/netplan/90-multihome.yaml'), 0o600);
    const generated = spawnSync('netplan', ['generate', '--root-dir', root], { encoding: 'utf8' });
    expect(generated.stderr).toBe('');
    expect(generated.status).toBe(0);

    const networkDir = join(root, 'run/systemd/network');
    const objects = ['eth0', 'eth1'].map((dev) =>
      networkdObjects(readFileSync(join(networkDir, `10-netplan-${dev}.network`), 'utf8'), dev),
    );
    expect({
      routes: objects.flatMap((found) => found.routes.map(routeLine)).sort(),
      rules: objects.flatMap((found) => found.rules.map(ruleLine)).sort(),
    }).toEqual(expected(config));

    const etcSystemd = join(root, 'etc/systemd');
    mkdirSync(etcSystemd, { recursive: true });
    execFileSync('cp', ['-r', networkDir, join(etcSystemd, 'network')]);
    await using namespace = await hostWithInterfaces('np');
    const result = await networkdResult(namespace, etcSystemd, config);
    expect(result.have, result.log).toEqual(result.want);
  });
});

describe('networkd', () => {
  const config = loadConfigForExport(configFile(EXPORT_CONFIG), 'networkd');

  it('systemd-analyze cat-config reads each drop-in with its .network file, and networkd makes every rule and route', async () => {
    const root = tempDir('networkd');
    const exported = tempDir('networkd-export');
    writeExport(exported, exportFiles(config, 'networkd'), 'networkd');
    const etcSystemd = join(root, 'etc/systemd');
    mkdirSync(join(etcSystemd, 'network'), { recursive: true });
    for (const dev of ['eth0', 'eth1']) {
      writeFileSync(join(etcSystemd, 'network', `${dev}.network`), `[Match]\nName=${dev}\n`);
      execFileSync('cp', ['-r', join(exported, 'network', `${dev}.network.d`), join(etcSystemd, 'network')]);
    }
    execFileSync('cp', ['-r', join(exported, 'networkd.conf.d'), etcSystemd]);
    for (const dev of ['eth0', 'eth1']) {
      const shown = execFileSync(
        'systemd-analyze',
        ['cat-config', `--root=${root}`, `systemd/network/${dev}.network`],
        { encoding: 'utf8' },
      );
      expect(shown).toContain(`${dev}.network.d/60-multihome.conf`);
      expect(shown).toContain('[RoutingPolicyRule]');
    }
    const conf = execFileSync('systemd-analyze', ['cat-config', `--root=${root}`, 'systemd/networkd.conf'], {
      encoding: 'utf8',
    });
    expect(conf).toContain('ManageForeignRoutingPolicyRules=no');

    await using namespace = await hostWithInterfaces('nd');
    // A rule networkd did not make: with ManageForeignRoutingPolicyRules=no it must survive.
    await namespace.must(['ip', 'rule', 'add', 'from', '10.9.9.9', 'lookup', '300', 'pref', '20000']);
    const result = await networkdResult(namespace, etcSystemd, config);
    expect(result.have, result.log).toEqual(result.want);
    expect(result.log).not.toMatch(/Failed to parse|Unknown key|ignoring/i);
    expect(await namespace.must(['ip', 'rule', 'show', 'pref', '20000'])).toContain('lookup 300');
  });
});

describe('networkd, balanced', () => {
  const config = loadConfigForExport(configFile(WEIGHTED_CONFIG), 'networkd');

  it('networkd makes the multipath main default from MultiPathRoute=', async () => {
    const exported = tempDir('networkd-weighted');
    writeExport(exported, exportFiles(config, 'networkd'), 'networkd');
    const etcSystemd = join(tempDir('networkd-weighted-root'), 'etc/systemd');
    mkdirSync(join(etcSystemd, 'network'), { recursive: true });
    for (const dev of ['eth0', 'eth1']) {
      writeFileSync(join(etcSystemd, 'network', `${dev}.network`), `[Match]\nName=${dev}\n`);
      execFileSync('cp', ['-r', join(exported, 'network', `${dev}.network.d`), join(etcSystemd, 'network')]);
    }
    await using namespace = await hostWithInterfaces('ndw');
    const result = await networkdResult(namespace, etcSystemd, config);
    expect(result.want.routes.join('\n')).toContain('nexthop via 10.201.1.1 dev eth0 weight 2');
    expect(result.have, result.log).toEqual(result.want);
  });
});

describe('the nft and sysctl files', () => {
  const config = loadConfigForExport(configFile(EXPORT_CONFIG), 'networkd');

  it('nft -c accepts the nft file, and loading it twice leaves one table', async () => {
    const file = exportFiles(config, 'networkd').find(
      (candidate) => candidate.name === 'nftables.d/multihome.nft',
    );
    const dir = tempDir('nft');
    writeFileSync(join(dir, 'multihome.nft'), file?.text ?? '');
    const checked = spawnSync('nft', ['-c', '-f', join(dir, 'multihome.nft')], { encoding: 'utf8' });
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    await using namespace = await hostWithInterfaces('nft');
    await namespace.must(['nft', '-f', '-'], file?.text ?? '');
    await namespace.must(['nft', '-f', '-'], file?.text ?? '');
    const listed = await namespace.must(['nft', 'list', 'table', 'inet', 'multihome']);
    expect(listed.match(/ mark set /g)).toHaveLength(config.uplinks.length * 2);
  });
});

describe('nm (nmcli)', () => {
  const config = loadConfigForExport(configFile(EXPORT_CONFIG), 'nm');

  // An nmcli on PATH that hands `connection modify` to the real nmcli --offline on a keyfile per
  // connection (named after its device), and answers the device lookups the commands make.
  const FAKE_NMCLI = `#!/bin/sh
set -eu
case "$*" in
"-g GENERAL.CONNECTION device show "*) echo "$5" ;;
"-g ipv"*".method connection show "*)
	section=\${2%.method}
	sed -n "/^\\[$section\\]/,/^\\[/s/^method=//p" "$PROFILES/$5.nmconnection" ;;
"connection modify "*)
	conn=$3; shift 3
	"$REAL_NMCLI" --offline connection modify "$@" < "$PROFILES/$conn.nmconnection" > "$PROFILES/$conn.new"
	mv "$PROFILES/$conn.new" "$PROFILES/$conn.nmconnection" ;;
"device reapply "*) echo "$3" >> "$PROFILES/reapplied" ;;
*) echo "unexpected nmcli $*" >&2; exit 2 ;;
esac
`;

  // The exported script, the fake nmcli and one keyfile per device, with the methods given.
  function nmWorld(methods: Readonly<Record<string, { ipv4: string; ipv6: string }>>) {
    const dir = tempDir('nm');
    const bin = join(dir, 'bin');
    const profiles = join(dir, 'profiles');
    mkdirSync(bin);
    mkdirSync(profiles);
    writeFileSync(join(bin, 'nmcli'), FAKE_NMCLI);
    chmodSync(join(bin, 'nmcli'), 0o755);
    for (const [dev, method] of Object.entries(methods)) {
      writeFileSync(
        join(profiles, `${dev}.nmconnection`),
        `[connection]\nid=${dev}\ntype=ethernet\ninterface-name=${dev}\n\n[ipv4]\nmethod=${method.ipv4}\n\n[ipv6]\nmethod=${method.ipv6}\n`,
      );
    }
    const script = exportFiles(config, 'nm').find((file) => file.name === 'multihome-nm.sh');
    writeFileSync(join(dir, 'multihome-nm.sh'), script?.text ?? '');
    const found = spawnSync('sh', ['-c', 'command -v nmcli'], { encoding: 'utf8' });
    if (found.status !== 0)
      throw new Error('nmcli is missing: apt-get install network-manager (for nmcli --offline)');
    const real = found.stdout.trim();
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, REAL_NMCLI: real, PROFILES: profiles };
    const keyfiles = () =>
      Object.keys(methods).map((dev) => readFileSync(join(profiles, `${dev}.nmconnection`), 'utf8'));
    return {
      profiles,
      keyfiles,
      run: () => spawnSync('sh', [join(dir, 'multihome-nm.sh')], { encoding: 'utf8', env }),
    };
  }

  it('a profile whose method holds no addresses stops the script before any profile changes', () => {
    const world = nmWorld({ eth0: { ipv4: 'auto', ipv6: 'auto' }, eth1: { ipv4: 'auto', ipv6: 'ignore' } });
    const before = world.keyfiles();
    const run = world.run();
    expect(run.stderr).toBe(
      `multihome: eth1's connection "eth1" has ipv6.method ignore, which holds no addresses or routes; set ipv6.method to manual or auto (nmcli connection modify "eth1" ipv6.method manual) and run this again; nothing was changed\n`,
    );
    expect(run.status).toBe(1);
    expect(world.keyfiles()).toEqual(before);
    expect(existsSync(join(world.profiles, 'reapplied'))).toBe(false);
  });

  it('nmcli accepts every command, and the profiles then hold every rule and route (twice: no change)', () => {
    const world = nmWorld({ eth0: { ipv4: 'auto', ipv6: 'auto' }, eth1: { ipv4: 'manual', ipv6: 'auto' } });
    const { profiles, run } = world;
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const once = ['eth0', 'eth1'].map((dev) => readFileSync(join(profiles, `${dev}.nmconnection`), 'utf8'));
    expect(run().status).toBe(0);
    const twice = ['eth0', 'eth1'].map((dev) => readFileSync(join(profiles, `${dev}.nmconnection`), 'utf8'));
    expect(twice).toEqual(once);
    expect(readFileSync(join(profiles, 'reapplied'), 'utf8')).toBe('eth0\neth1\neth0\neth1\n');
    expect(nmLines(once)).toEqual(expected(config));
  });
});

// Routes and rules back out of NetworkManager keyfiles (`routeN=dst,gw` with `routeN_options`,
// `routing-ruleN=...`, per [ipv4]/[ipv6] section), in the comparable line form.
function nmLines(keyfiles: readonly string[]): { routes: string[]; rules: string[] } {
  const routes: string[] = [];
  const rules: string[] = [];
  keyfiles.forEach((text, index) => {
    for (const section of parseIni(text).filter((candidate) => candidate.name.startsWith('ipv'))) {
      const values = new Map(section.entries);
      for (const [key, value] of section.entries) {
        const route = /^route\d+$/.test(key) ? value.split(',') : undefined;
        if (route?.[0]) {
          const options = new Map(
            (values.get(`${key}_options`) ?? '')
              .split(',')
              .map((pair) => pair.split('=') as [string, string]),
          );
          const dst = route[0] === '0.0.0.0/0' || route[0] === '::/0' ? 'default' : route[0];
          // A keyfile writes "no next hop" as 0.0.0.0 or :: once a metric follows it.
          const via = route[1] === '0.0.0.0' || route[1] === '::' ? undefined : route[1];
          const parts = [dst, ...(via ? ['via', via] : []), 'dev', `eth${index}`];
          if (options.has('src')) parts.push('src', options.get('src') ?? '');
          if (options.get('onlink') === 'true') parts.push('onlink');
          // Without a metric NetworkManager gives a route the profile's route-metric, not the
          // kernel's default that apply's routes get (0, or 1024 for IPv6).
          const kernelMetric = section.name === 'ipv6' ? '1024' : '0';
          if (route[2] !== kernelMetric) parts.push('metric', route[2] ?? "the profile's route-metric");
          routes.push([...parts, 'table', options.get('table') ?? '254'].join(' '));
        }
        const rule = /^routing-rule\d+$/.test(key)
          ? /^priority (\d+) from (\S+) (?:fwmark (\S+) )?table (\d+)$/.exec(value)
          : null;
        if (rule?.[1] && rule[2] && rule[4]) {
          const from = rule[2].replace(/\/(32|128)$/, '');
          const selector = [
            ...(from === '0.0.0.0/0' || from === '::/0' ? [] : ['from', from]),
            ...(rule[3] ? ['fwmark', rule[3]] : []),
          ];
          rules.push([...selector, 'lookup', rule[4], 'pref', rule[1]].join(' '));
        }
      }
    }
  });
  return { routes: routes.sort(), rules: rules.sort() };
}
